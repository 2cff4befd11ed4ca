"""Allow ``python -m checklist``."""

from checklist.cli import main

main(prog_name="checklist")
