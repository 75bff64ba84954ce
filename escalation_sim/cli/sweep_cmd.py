"""``escalation-sim sweep``: run an experiment's design points as batched ensembles."""

from __future__ import annotations

import argparse
import sys
import time

from ..formatting import percent
from . import EXIT_INTERRUPTED
from .common import complete_experiments, positive_int, progress_bar, say, seed_int

EXAMPLES = """\
examples:
  escalation-sim sweep ci_smoke --out results/ci_smoke
  escalation-sim sweep sobol_main --out results/sobol_main --workers 2
  escalation-sim sweep sobol_main --dry-run
  escalation-sim sweep sobol_main --out results/sobol_main --resume      (after a crash)
  escalation-sim sweep levers_grid --out results/grid --executor dask --scheduler tcp://10.0.0.5:8786

Shipped experiments: {names}. Results: DIR/runs/ (one Parquet file per batch, one row per
design point x replicate), DIR/points.parquet (one row per point), DIR/design.parquet and
DIR/manifest.json. A killed sweep continues with --resume and ends with the same table.
"""


def add_parsers(sub) -> None:
    from ..experiments.files import available_experiments

    p = sub.add_parser(
        "sweep",
        help="run an experiment: a design over uncertainties and levers, stored as Parquet",
        description="Run an experiment's design points (uncertainties x levers) as batched "
        "ensembles with common random numbers, on this process, worker processes or a Dask "
        "cluster; every finished batch is stored at once, so a sweep can be resumed.",
        epilog=EXAMPLES.format(names=", ".join(available_experiments())),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument(
        "experiment", help="shipped experiment name or path to an experiment .toml"
    ).completer = complete_experiments
    p.add_argument("--out", metavar="DIR", help="results directory (required unless --dry-run)")
    p.add_argument(
        "--workers", type=positive_int, default=1, metavar="N", help="worker processes (default 1)"
    )
    p.add_argument(
        "--executor",
        choices=("processes", "dask"),
        default="processes",
        help="where batches run: local processes (default) or a Dask cluster",
    )
    p.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="a running Dask scheduler (tcp://host:8786); without it --executor dask starts a "
        "local cluster on 127.0.0.1",
    )
    p.add_argument("--resume", action="store_true", help="continue the sweep stored in --out")
    p.add_argument(
        "--dry-run", action="store_true", help="print the design and an estimated time; run nothing"
    )
    p.add_argument(
        "--replicates", type=positive_int, metavar="N", help="replicates per point (overrides file)"
    )
    p.add_argument("--seed", type=seed_int, metavar="S", help="root seed (overrides the file)")
    p.add_argument(
        "--samples", type=positive_int, metavar="N", help="the design's N (overrides the file)"
    )
    p.add_argument(
        "--batch-points",
        type=positive_int,
        metavar="N",
        help="design points per batch (default: about a quarter of each worker's share, "
        "1,000-10,000 runs); results do not depend on it",
    )
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=cmd_sweep)


def _experiment(args: argparse.Namespace):
    from ..experiments.spec import load_experiment

    changes = {}
    if args.replicates is not None:
        changes["replicates"] = args.replicates
    if args.seed is not None:
        changes["seed"] = args.seed
    if args.samples is not None:  # merged into the file's [design] table
        changes["design"] = {"samples": args.samples}
    return load_experiment(args.experiment, **changes)


def cmd_sweep(args: argparse.Namespace) -> int:
    from ..experiments.sweeps import dry_run, sweep

    exp = _experiment(args)
    if args.dry_run:
        say(f"experiment {exp.name} on {exp.base.name} (seed {exp.seed})")
        for what, value in dry_run(exp, args.workers):
            say(f"  {what:<30} {value}")
        from ..experiments.design import make_design

        frame = make_design(exp).frame
        say("")
        say(f"first design points (of {len(frame):,}):")
        say(frame.head(8).to_string(index=False))
        return 0
    if args.out is None:
        print("error: sweep needs --out DIR (or --dry-run)", file=sys.stderr)
        return 2
    start = time.perf_counter()
    try:
        with progress_bar(not args.quiet, exp.name) as cb:
            result = sweep(
                exp,
                args.out,
                workers=args.workers,
                executor=args.executor,
                scheduler=args.scheduler,
                resume=args.resume,
                batch_points=args.batch_points,
                progress=cb,
                command=["escalation-sim", *args.argv],
            )
    except KeyboardInterrupt:
        from pathlib import Path

        from ..experiments import store

        kept = len(store.finished_batches(Path(args.out)))
        print(
            f"interrupted: {kept} finished batches are kept in {args.out}; continue with "
            f"the same command and --resume",
            file=sys.stderr,
            flush=True,
        )
        return EXIT_INTERRUPTED
    m = result.manifest
    say(
        f"{exp.name}: {m['points']:,} design points x {m['replicates']:,} replicates = "
        f"{m['runs']:,} runs in {time.perf_counter() - start:.1f} s"
    )
    points = result.points()
    cols = [c for c in points.columns if c.startswith("p_")][:4]
    if cols:
        say("outcome probability over the design points (min / median / max):")
        for c in cols:
            s = points[c]
            low, mid, high = (percent(v) for v in (s.min(), s.median(), s.max()))
            say(f"  {c[2:]:<28} {low:>8} {mid:>8} {high:>8}")
    say(f"results in {result.directory}/ (points.parquet, runs/, design.parquet, manifest.json)")
    return 0
