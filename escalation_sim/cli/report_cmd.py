"""``escalation-sim report``: one self-contained HTML (and Markdown) report."""

from __future__ import annotations

import argparse
import os
import tempfile
from pathlib import Path

from ..results.manifest import build_manifest
from ..results.outdir import atomic_dir, default_out
from ..results.store import load_result, write_tables
from .common import (
    add_ensemble_options,
    add_output_options,
    add_source_options,
    check_source,
    err,
    run_ensemble,
    scenario_from_args,
)

EXAMPLES = """\
examples:
  escalation-sim report baseline
  escalation-sim report worst_case -n 5000 --out results/worst_case_report
  escalation-sim report --from results/baseline/20261125T190000Z
"""


def add_parsers(sub) -> None:
    p = sub.add_parser(
        "report",
        help="a self-contained HTML and Markdown report of a scenario",
        description="Run a scenario (or read a saved run) and write report.html (images "
        "embedded) and report.md: question, key assumptions, summary, plots, rule "
        "table and manifest.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_source_options(p, "report on a saved result directory (writes the report into it)")
    add_ensemble_options(p)
    add_output_options(p, "output directory (default results/<scenario>/<UTC time>)")
    p.set_defaults(func=cmd_report)


def cmd_report(args: argparse.Namespace) -> int:
    from ..plots import save_all
    from ..report.content import write_report

    check_source(args, "report")
    if args.source is not None:
        result = load_result(args.source)
        # build everything aside, then move it in: an interrupted report leaves the saved
        # result as it was
        with tempfile.TemporaryDirectory(prefix=".report-", dir=args.source) as tmp:
            plots = save_all(result, Path(tmp))
            written = [*plots.values(), *write_report(result, Path(tmp), plots, result.manifest)]
            paths = [args.source / p.name for p in written]
            for src, dst in zip(written, paths, strict=True):
                os.replace(src, dst)
        err(f"report: {', '.join(str(p) for p in paths if p.suffix in ('.html', '.md'))}")
        return 0
    scenario = scenario_from_args(args.scenario, args)
    out = args.out if args.out is not None else default_out(scenario.name)
    with atomic_dir(out, args.force) as tmp:
        result = run_ensemble(scenario, args)
        manifest = build_manifest(result, ["escalation-sim", *args.argv])
        write_tables(result, tmp, manifest)
        plots = save_all(result, tmp)
        write_report(result, tmp, plots, manifest)
    err(f"report: {out / 'report.html'} and {out / 'report.md'}")
    return 0
