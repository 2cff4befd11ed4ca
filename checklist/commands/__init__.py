"""One module per command, each defining a module-level click command (see ``checklist.cli.COMMANDS``)."""
