"""``escalation-sim check``: has the model's answer moved? A drift check for CI."""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path

from .common import complete_experiments, say, seed_int

EXAMPLES = """\
examples:
  escalation-sim check ci_smoke --baseline experiments/baselines/ci_smoke.json
  escalation-sim check ci_smoke --baseline experiments/baselines/ci_smoke.json --update-baseline
  escalation-sim check ci_smoke --baseline b.json --junit check.xml --summary check.md

Exit codes: 0 no drift, 1 drift (a table of what moved), 2 bad input. In GitHub Actions the
Markdown summary is also appended to $GITHUB_STEP_SUMMARY.
"""


def add_parsers(sub) -> None:
    p = sub.add_parser(
        "check",
        help="rerun an experiment and test its outcomes against a recorded baseline (CI)",
        description="Rerun an experiment with another seed than its baseline and test every "
        "outcome it measures against the baseline (permutation tests over replicates, each "
        "replicate's mean over the design points), adjusted for multiple comparisons; exit 1 "
        "on drift.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument(
        "experiment", help="shipped experiment name or path to an experiment .toml"
    ).completer = complete_experiments
    p.add_argument("--baseline", required=True, metavar="FILE", help="baseline JSON file")
    p.add_argument(
        "--update-baseline",
        action="store_true",
        help="record a new baseline in FILE (with the experiment's seed) instead of checking",
    )
    p.add_argument(
        "--seed", type=seed_int, metavar="S", help="seed of the rerun (default: baseline's + 1)"
    )
    p.add_argument("--alpha", type=float, default=0.05, help="significance level (default 0.05)")
    p.add_argument(
        "--correction",
        choices=("holm", "bh"),
        default="holm",
        help="multiple-comparison correction: Holm (family-wise, default) or "
        "Benjamini-Hochberg (false discovery rate)",
    )
    p.add_argument("--summary", metavar="FILE", help="write a Markdown summary here")
    p.add_argument("--junit", metavar="FILE", help="write a JUnit XML report here")
    p.set_defaults(func=cmd_check)


def cmd_check(args: argparse.Namespace) -> int:
    from ..analysis.drift import check_drift, read_baseline, record_baseline
    from ..experiments.spec import load_experiment
    from ..results.outdir import write_json_atomically

    exp = load_experiment(args.experiment)
    path = Path(args.baseline)
    if args.update_baseline:
        baseline = record_baseline(exp, args.seed)
        path.parent.mkdir(parents=True, exist_ok=True)
        write_json_atomically(path, baseline)
        say(
            f"baseline of {exp.name} recorded in {path}: {baseline['runs']:,} runs, seed "
            f"{baseline['seed']}"
        )
        return 0
    report = check_drift(
        exp,
        read_baseline(path),
        seed=args.seed,
        alpha=args.alpha,
        correction=args.correction,
        source=f"--baseline {path}",
    )
    text = report.markdown()
    say(text)
    for where in (args.summary, os.environ.get("GITHUB_STEP_SUMMARY")):
        if where:
            Path(where).parent.mkdir(parents=True, exist_ok=True)
            with open(where, "a", encoding="utf-8") as fh:
                fh.write(text)
    if args.junit:
        Path(args.junit).parent.mkdir(parents=True, exist_ok=True)
        Path(args.junit).write_text(report.junit(), encoding="utf-8")
    if report.drifted:
        moved = report.table.loc[report.table["drift"], "outcome"]
        say(
            f"drift: {', '.join(moved)} moved (exit 1); if the change is intended, record a "
            f"new baseline with --update-baseline"
        )
        return 1
    say(json.dumps({"drift": False, "outcomes": len(report.table)}))
    return 0
