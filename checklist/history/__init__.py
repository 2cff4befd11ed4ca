"""A statewide history of evaluated assessments in one SQLite file.

``schema`` creates and migrates the database, ``store`` records a roll-up run and
answers "was this exact file already scored?", ``queries`` reads the history views.
"""
