"""``escalation-sim app``: the interactive app in the browser (Solara)."""

from __future__ import annotations

import argparse
import os
import sys

from .common import positive_int, say

EXAMPLES = """\
examples:
  escalation-sim app                     # http://127.0.0.1:8765
  escalation-sim app --port 9000
  escalation-sim app --host 0.0.0.0      # reachable from other machines: mind who can reach it

In Jupyter instead: `from escalation_sim.interactive import Page` and end a cell with `Page()`.
"""


def add_parsers(sub) -> None:
    p = sub.add_parser(
        "app",
        help="open the interactive app: scenario, sliders, run, live probabilities",
        description="Serve the interactive app (Solara): pick a scenario, move the main levers "
        "and assumptions, run an ensemble and watch the outcome probabilities with their "
        "intervals, the ladders and one replicate's events.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    p.add_argument("--port", type=positive_int, default=8765, help="port (default 8765)")
    p.set_defaults(func=cmd_app)


def cmd_app(args: argparse.Namespace) -> int:
    try:
        import solara  # noqa: F401
    except ImportError:
        print("error: the app needs solara; pip install 'escalation-sim[app]'", file=sys.stderr)
        return 2
    say(f"escalation-sim app: http://{args.host}:{args.port} (Ctrl-C to stop)")
    command = [
        sys.executable,
        "-m",
        "solara",
        "run",
        "escalation_sim.interactive:Page",
        "--host",
        args.host,
        "--port",
        str(args.port),
        "--no-open",
        "--production",
    ]
    sys.stdout.flush()
    # the server takes this process's place, so that a signal to it (Ctrl-C, a supervisor's
    # SIGTERM) reaches the server itself and no orphan is left serving
    os.execv(sys.executable, command)
    return 0  # pragma: no cover - execv does not return
