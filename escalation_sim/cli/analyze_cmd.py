"""``escalation-sim analyze``: sensitivity, scenario discovery and a report for a sweep."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..formatting import percent
from .common import say

EXAMPLES = """\
examples:
  escalation-sim sweep sobol_main --out results/sobol_main
  escalation-sim analyze results/sobol_main
  escalation-sim analyze results/levers_grid --outcome direct_confrontation --threshold 0.2

Writes DIR/analysis/: report.html and report.md, the figures (PNG) and the tables (Parquet):
sobol or morris indices (as the design allows), tornado, lever grid, PRIM boxes and CART rules.
"""


def add_parsers(sub) -> None:
    p = sub.add_parser(
        "analyze",
        help="analyse a sweep: Sobol/Morris indices, scenario discovery (PRIM), report",
        description="Analyse a finished sweep: which assumptions drive each outcome (Sobol "
        "indices with bootstrap intervals or Morris screening, by SALib), where in the space "
        "it is high (PRIM boxes, CART), a tornado and lever heatmaps; writes a report.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("directory", help="a sweep's results directory (escalation-sim sweep --out)")
    p.add_argument(
        "--outcome",
        action="append",
        metavar="NAME",
        help="outcome to analyse (repeatable; default direct_confrontation and regional_war)",
    )
    p.add_argument(
        "--threshold",
        type=float,
        metavar="P",
        help="scenario discovery: a point is a case of interest at P or above (default: the "
        "80th percentile of the outcome over the points)",
    )
    p.add_argument("--seed", type=int, default=0, help="seed of the bootstrap intervals")
    p.add_argument("--out", metavar="DIR", help="where to write (default DIRECTORY/analysis)")
    p.set_defaults(func=cmd_analyze)


def cmd_analyze(args: argparse.Namespace) -> int:
    from ..analysis.sensitivity import DEFAULT_OUTCOMES, analyze
    from ..errors import EscalationSimError
    from ..report.sweep import save_analysis

    if args.threshold is not None and not 0.0 <= args.threshold <= 1.0:
        raise EscalationSimError(f"--threshold: must lie in 0-1 (got {args.threshold})")
    outcomes = tuple(args.outcome) if args.outcome else DEFAULT_OUTCOMES
    a = analyze(args.directory, outcomes, threshold=args.threshold, seed=args.seed)
    out = Path(args.out) if args.out else Path(args.directory) / "analysis"
    files = save_analysis(a, out)
    for o in a.outcomes:
        say(f"{o.replace('_', ' ')}:")
        if a.sobol is not None:
            for policy, g in a.sobol[a.sobol.outcome == o].groupby("policy_label", sort=False):
                top = g.nlargest(3, "ST")
                lead = f"  Sobol ({policy}): " if a.sobol.policy.nunique() > 1 else "  Sobol: "
                say(
                    lead
                    + "; ".join(
                        f"{r.factor} ST {r.ST:.2f}+/-{r.ST_conf:.2f} "
                        f"(S1 {r.S1:.2f}+/-{r.S1_conf:.2f})"
                        for r in top.itertuples()
                    )
                )
        if a.morris is not None:
            top = a.morris[a.morris.outcome == o].nlargest(3, "mu_star")
            say(
                "  Morris mu*: "
                + "; ".join(
                    f"{r.factor} {r.mu_star:.3f}+/-{r.mu_star_conf:.3f}" for r in top.itertuples()
                )
            )
        d = a.discovery[o]
        if isinstance(d, str):
            say(f"  PRIM: {d}")
        else:
            box = "; ".join(f"{r.factor} in {r.box}" for r in d.limits.itertuples())
            say(
                f"  PRIM box (P >= {percent(d.threshold)}; coverage {d.coverage:.0%}, density "
                f"{d.density:.0%}): {box}"
            )
    say(f"report: {files['report.html']} (and report.md, figures, tables in {out}/)")
    return 0
