"""The ``escalation-sim`` command line: the parser of every command and the error policy.

Only the ``cli`` package prints or exits. Library errors (:class:`EscalationSimError`) become
one clear line on stderr and exit code 2; anything else is an internal error: exit code 1 and a
hint to re-run with ``--debug`` for the traceback. Ctrl-C is handled by
:func:`escalation_sim.cli.main` around all of this.
"""

from __future__ import annotations

import argparse
import os
import sys
import traceback

from .. import __version__
from ..errors import EscalationSimError
from . import (
    analyze_cmd,
    app_cmd,
    check_cmd,
    compare_cmd,
    explain_cmd,
    info,
    report_cmd,
    run,
    sweep_cmd,
)

EPILOG = """\
examples:
  escalation-sim list
  escalation-sim run baseline --replicates 2000 --seed 1
  escalation-sim compare baseline deep_strikes_permitted
  escalation-sim explain french_trainers --outcome direct_confrontation
  escalation-sim report worst_case --out results/worst_case_report
  escalation-sim sweep ci_smoke --out results/ci_smoke
  escalation-sim analyze results/ci_smoke

Every number is a scenario-conditional estimate with a 95% interval, reproducible from the
scenario, the seed and the replicate count (see manifest.json in each result directory).
"""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # argparse's own usage errors: exit 2, one clear line
        self.exit(2, f"error: {message} (see '{self.prog} --help')\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="escalation-sim",
        description="Agent-based escalation-risk scenarios for the Russia-Ukraine war's stated "
        "threats: run, compare, explain and report.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"escalation-sim {__version__}")
    parser.add_argument(
        "--debug", action="store_true", help="show the full traceback of internal errors"
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for module in (
        run,
        compare_cmd,
        explain_cmd,
        report_cmd,
        sweep_cmd,
        analyze_cmd,
        check_cmd,
        app_cmd,
        info,
    ):
        module.add_parsers(sub)
    for command in sub.choices.values():  # --debug also works after the command name
        command.add_argument(
            "--debug",
            action="store_true",
            default=argparse.SUPPRESS,
            help="show the full traceback of internal errors",
        )
    return parser


def complete(parser: argparse.ArgumentParser) -> None:
    """Answer the shell's completion request (argcomplete) and exit; scenario and experiment
    arguments complete to the shipped names and to files."""
    try:
        import argcomplete
    except ImportError:  # completion is an optional extra: complete nothing rather than fail
        sys.exit(0)
    argcomplete.autocomplete(parser)


def main(argv: list[str] | None = None) -> int:
    """Run one command; returns the exit code (see the module docstring)."""
    argv = sys.argv[1:] if argv is None else list(argv)
    parser = build_parser()
    if "_ARGCOMPLETE" in os.environ:  # the shell asks for completions (README: completion)
        complete(parser)
    args = parser.parse_args(argv)
    args.argv = argv  # recorded in manifests so a run can be repeated exactly
    if args.command is None:
        parser.print_help()
        return 2
    try:
        return int(args.func(args) or 0)
    except EscalationSimError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0
    except Exception as exc:  # internal error: short message, traceback on request
        if args.debug:
            traceback.print_exc()
        else:
            print(
                f"internal error: {type(exc).__name__}: {exc}\n"
                "re-run with --debug for the traceback",
                file=sys.stderr,
            )
        return 1
