"""Plot benchmark: drawing the standard figures of a run (``plots.save_all``) as replicates grow.

Prints one ``name: value`` line per figure:

    save_all_s_<N>          CPU seconds to draw and write the five standard plots of a
                            baseline run of N replicates held in memory (median over
                            ``--repeat`` draws; target < 3 s whatever N)
    save_all_stored_s_<N>   the same for the run streamed to disk, as ``escalation-sim run``
                            keeps it (the figures read its tables from the files)
    <plot>_s_<N>            the in-memory figure per plot (what to look at when the total grows)

The simulation itself is not timed; every draw writes into a fresh temporary directory. Timings
are CPU time (``time.process_time``), so other work on a shared machine does not count.
Usage: ``python benchmarks/bench_plots.py [--replicates 2000 50000] [--repeat 3]``.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from escalation_sim import simulate
from escalation_sim.plots.catalogue import CATALOGUE, save_all


def _cpu(call) -> float:
    start = time.process_time()
    call()
    return time.process_time() - start


def _draw_one(spec, result, out: Path) -> None:
    fig = spec.build(result)
    fig.savefig(out / f"{spec.name}.png")
    fig.clear()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replicates", type=int, nargs="+", default=[2000, 50000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    for n in args.replicates:
        result = simulate("baseline", replicates=n, seed=args.seed)
        with tempfile.TemporaryDirectory() as tmp:
            save_all(result, Path(tmp) / "warm")  # fonts and caches, once
            totals = [
                _cpu(lambda r=result, d=Path(tmp) / f"all{k}": save_all(r, d))
                for k in range(args.repeat)
            ]
            print(f"save_all_s_{n}: {statistics.median(totals):.3f}")
            stored = simulate("baseline", replicates=n, seed=args.seed, directory=Path(tmp) / "r")
            totals = [
                _cpu(lambda r=stored, d=Path(tmp) / f"stored{k}": save_all(r, d))
                for k in range(args.repeat)
            ]
            print(f"save_all_stored_s_{n}: {statistics.median(totals):.3f}")
            for spec in CATALOGUE:
                if not spec.available(result):
                    continue
                out = Path(tmp) / spec.name
                out.mkdir()
                times = [
                    _cpu(lambda s=spec, r=result, d=out: _draw_one(s, r, d))
                    for _ in range(args.repeat)
                ]
                print(f"{spec.name}_s_{n}: {statistics.median(times):.3f}")


if __name__ == "__main__":
    main()
