"""``escalation-sim compare``: scenarios side by side under common random numbers."""

from __future__ import annotations

import argparse
from pathlib import Path

from .common import (
    FORMATS,
    add_ensemble_options,
    add_output_options,
    add_uncertainty_option,
    check_resources,
    complete_scenarios,
    err,
    run_ensemble,
    say,
    scenario_from_args,
    step,
)
from .format import compare_text

EXAMPLES = """\
examples:
  escalation-sim compare baseline deep_strikes_permitted
  escalation-sim compare baseline french_trainers mediation_push -n 5000 --out results/cmp
"""


def add_parsers(sub) -> None:
    p = sub.add_parser(
        "compare",
        help="compare scenarios (same seed and replicates; paired differences)",
        description="Run each scenario with the same seed and replicates (common random "
        "numbers) and compare outcome and event probabilities against the first.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument(
        "scenarios",
        nargs="+",
        metavar="SCENARIO",
        help="two or more scenarios; the first is the reference",
    ).completer = complete_scenarios
    add_ensemble_options(p)
    add_output_options(p, "write comparison.csv/.json and overlaid plots here")
    p.add_argument("--format", choices=FORMATS, default="table", help="table format")
    add_uncertainty_option(p)
    p.set_defaults(func=cmd_compare)


def cmd_compare(args: argparse.Namespace) -> int:
    if len(args.scenarios) < 2:
        err("error: compare needs at least two scenarios")
        return 2
    from ..results.manifest import build_comparison_manifest
    from ..results.outdir import atomic_dir

    scenarios = [scenario_from_args(s, args) for s in args.scenarios]  # validate all first
    check_resources(args, scenarios, None, events=False, trajectories=False)
    if args.out is not None:
        with atomic_dir(args.out, args.force) as staging:
            table, results = _run(scenarios, args, staging.path)
            staging.manifest = build_comparison_manifest(results, ["escalation-sim", *args.argv])
    else:
        table, _ = _run(scenarios, args, None)
    say(compare_text(table, args.format))
    if args.uncertainty is not None:
        import pandas as pd

        from ..analysis.uncertainty import compare_uncertain
        from .format import robustness_text

        ref = scenarios[0]
        robust = pd.concat(
            [
                compare_uncertain(s, ref, args.uncertainty, args.replicates, args.seed)
                for s in scenarios[1:]
            ],
            ignore_index=True,
        )
        say()
        say(robustness_text(robust, args.uncertainty, args.format))
    if args.out is not None:
        err(f"results: {args.out}")
    return 0


def _run(scenarios, args, directory: Path | None):
    from ..analysis.compare import compare

    results = [run_ensemble(s, args, events=False, trajectories=False) for s in scenarios]
    table = compare(results)
    if directory is not None:
        with step(not args.quiet, "writing the comparison and its plots"):
            from ..plots import save_comparison

            table.to_csv(directory / "comparison.csv", index=False)
            table.to_json(directory / "comparison.json", orient="records", indent=2)
            save_comparison(results, table, directory)
    return table, results
