"""Reading what users and pack authors write: YAML with positions, rule packs and their
cross-checks, assessment files, the pack cache, and the wording of every problem found.

Everything here turns files into checked models or into located problems
(:class:`checklist.load.problems.Problem`); nothing here scores or renders.
"""
