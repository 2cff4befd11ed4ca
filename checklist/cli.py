"""The command line. This is the one place where exceptions become exit codes.

Exit codes: 0 success; 1 a gate asked for on the command line failed; 2 invalid
input or usage; 3 an internal or rendering failure.
"""

from __future__ import annotations

import functools
import importlib
import os
import signal
import sys
from collections.abc import Callable
from typing import ParamSpec, TypeVar

import click

from checklist import __version__
from checklist.load.problems import ChecklistError, InputError, PackError, RenderError, UsageError

EXIT_OK = 0
EXIT_GATE_FAILED = 1
EXIT_INVALID = 2
EXIT_INTERNAL = 3
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report it; SIGTERM gives 143

P = ParamSpec("P")
R = TypeVar("R")


def err(message: str) -> None:
    """Write a message for the user; control characters in it are shown, not obeyed."""
    from checklist.terminal import for_terminal

    click.echo(for_terminal(message), err=True)


class Stopped(BaseException):
    """SIGTERM (or SIGHUP) arrived. A BaseException, like KeyboardInterrupt, so that no
    ``except Exception`` takes it for an error, and every ``finally`` and clean-up on the
    way out runs: partial files are removed and roll-up workers are stopped."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def _stop(signum: int, frame: object) -> None:
    raise Stopped(signum)


def handle_signals() -> None:
    """Turn termination signals into :class:`Stopped` in the main process."""
    for name in ("SIGTERM", "SIGHUP"):
        number = getattr(signal, name, None)
        if number is not None:
            signal.signal(number, _stop)


def exits_cleanly(func: Callable[P, R]) -> Callable[P, R]:
    """Report known errors in plain words with the right exit code; never a traceback.

    :class:`LazyGroup` runs every command through this, so commands raise and never exit
    on an error themselves.
    """

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return func(*args, **kwargs)
        except InputError as exc:
            for problem in exc.problems:
                err(str(problem))
            errors = sum(1 for p in exc.problems if p.level == "error")
            warnings = len(exc.problems) - errors
            err(f"{_count(errors, 'error')}, {_count(warnings, 'warning')}; nothing was written")
            sys.exit(EXIT_INVALID)
        except (UsageError, PackError) as exc:
            err(f"Error: {exc}")
            sys.exit(EXIT_INVALID)
        except RenderError as exc:
            err(f"Error: the report could not be produced: {exc}")
            sys.exit(EXIT_INTERNAL)
        except ChecklistError as exc:
            err(f"Error: {exc}")
            sys.exit(EXIT_INTERNAL)
        except BrokenPipeError:
            # The reader went away (e.g. piped into `head`): stop quietly.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            sys.exit(EXIT_OK)
        except KeyboardInterrupt:
            # Files being written are removed on the way out (outputs.write_atomically).
            err("Interrupted; nothing was written")
            sys.exit(EXIT_INTERRUPTED)
        except Stopped as exc:
            err(f"Stopped by signal {exc.signum}; nothing was written")
            sys.exit(128 + exc.signum)
        except (click.exceptions.Exit, click.ClickException, SystemExit):
            raise
        except Exception as exc:
            if os.environ.get("CHECKLIST_DEBUG"):
                raise
            err(f"Internal error ({type(exc).__name__}: {exc}). This is a fault in checklist, "
                "not in your file; set CHECKLIST_DEBUG=1 to see the details when reporting it.")
            sys.exit(EXIT_INTERNAL)

    return wrapper


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


# Command name → "module:attribute" of its click command. Modules are imported only when
# their command runs (or for --help), so `checklist evaluate` does not pay for compare,
# rollup or init.
COMMANDS: dict[str, str] = {
    "compare": "checklist.commands.compare:compare",
    "convert": "checklist.commands.convert:convert",
    "evaluate": "checklist.commands.evaluate:evaluate",
    "history": "checklist.commands.history:history",
    "init": "checklist.commands.init:init",
    "rollup": "checklist.commands.rollup:rollup",
    "rules": "checklist.commands.rules:rules",
    "schema": "checklist.commands.schema:schema",
    "validate": "checklist.commands.validate:validate",
}


class LazyGroup(click.Group):
    """A group whose subcommands are imported on first use and run through
    :func:`exits_cleanly`."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in COMMANDS:
            module_name, attribute = COMMANDS[cmd_name].split(":")
            command = getattr(importlib.import_module(module_name), attribute)
            self.add_command(command, cmd_name)
        return self.commands.get(cmd_name)

    def invoke(self, ctx: click.Context) -> object:
        from checklist.load import inputs

        inputs.forget_all()  # each command is one run, also when tests call several in a row
        handle_signals()
        return exits_cleanly(super().invoke)(ctx)


@click.group(cls=LazyGroup,
             context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, "--version", prog_name="checklist",
                      message="%(prog)s %(version)s")
def main() -> None:
    """Score a self-assessment against a rule pack and write a gap report.

    \b
    Typical use:
      checklist init --pack task-force-coordination -o assessment.yaml
      checklist validate assessment.yaml
      checklist evaluate assessment.yaml -o report.pdf
    or, with a spreadsheet, init -o assessment.xlsx and the same commands.

    Exit codes: 0 success; 1 a --fail-under or --max-critical-gaps gate failed;
    2 invalid input or usage (every problem is listed as file:line:col, or
    sheet and cell); 3 an internal or rendering failure.
    """
