"""Files written for people to fill in: the commented assessment that ``checklist init``
writes, next year's carry-over (``init --from``) and the JSON Schema editors use.
"""
