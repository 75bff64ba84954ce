# PYTHON_ARGCOMPLETE_OK  (argcomplete's shell hook looks for this mark in the entry point)
"""The ``escalation-sim`` command line.

This module stays light on purpose: the commands and everything they import (numpy, pandas,
Mesa, ...) load inside :func:`main`, so that Ctrl-C at any moment - also while they load -
prints one line and exits 130 instead of a traceback. The parser and the commands are in
:mod:`escalation_sim.cli.app`; library errors become one clear line and exit code 2, anything
else is an internal error (exit 1, traceback with ``--debug``).
"""

from __future__ import annotations

import os
import sys

INTERRUPTED = "interrupted: nothing was written"
EXIT_INTERRUPTED = 130


def main(argv: list[str] | None = None) -> int:
    """Run the command line in this process; returns the exit code (130 after Ctrl-C)."""
    try:
        from .app import main as run

        return run(argv)
    except KeyboardInterrupt:
        print(INTERRUPTED, file=sys.stderr, flush=True)
        return EXIT_INTERRUPTED


def entry() -> None:
    """The console script and ``python -m escalation_sim``: :func:`main`, then exit.

    After Ctrl-C the process ends with ``os._exit(130)``: CPython marks a KeyboardInterrupt
    that arrives while an extension module runs code during its import as unhandled, even
    when it is caught, and would then end the process by SIGINT instead of with our code.
    Every ``finally`` of the interrupted command has run by then (outputs are cleaned up).
    """
    try:
        code = main()
    except KeyboardInterrupt:  # between main's return and here
        print(INTERRUPTED, file=sys.stderr, flush=True)
        code = EXIT_INTERRUPTED
    if code == EXIT_INTERRUPTED:
        sys.stdout.flush()
        os._exit(code)
    sys.exit(code)
