"""Presentations of the comparison and the roll-up (computed in :mod:`checklist.portfolio`)."""
