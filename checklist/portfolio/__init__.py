"""Computation over several assessments: progress between two, and a statewide roll-up.

Both work from evaluation results (:class:`checklist.result.Result`), never from the
files directly, so every number they show is one the single-agency report shows too.
Their presentation lives in :mod:`checklist.render.portfolio`.
"""
