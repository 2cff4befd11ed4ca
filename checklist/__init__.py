"""checklist: scored self-assessments and gap reports from rule packs."""

__version__ = "0.1.0"
