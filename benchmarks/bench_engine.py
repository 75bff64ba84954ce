"""Engine benchmark: ensemble vs one-at-a-time throughput, and memory of a 100k ensemble.

Prints one ``name: value`` line per figure (see the issue's targets, measured on one core):

    ensemble_runs_per_s  10,000 baseline replicates, 52 weeks, one ensemble (target >= 10,000)
    per_run_runs_per_s   the same engine, 300 replicates run one at a time
    ratio                the first over the second (target >= 20)
    peak_rss_mb_100k     100,000 replicates streamed in chunks, trajectories reduced to per-week
                         distributions (target <= 1,500 MB), measured in a fresh process

Outcomes and weekly trajectories are recorded in every measurement; the full event log is ON
for the ensemble and per-run timings and OFF for the 100k memory run (as the CLI's --no-events).
Each timing is the median CPU time (``time.process_time``) of ``--repeat`` runs, so that other
work on a shared machine does not count; the memory figure is the peak resident set (``VmHWM``)
read by the measured process itself (a child's ``ru_maxrss`` would start from its parent's peak).
Usage: ``taskset -c 0 python benchmarks/bench_engine.py``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")


def _median_cpu(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.process_time()
        fn()
        times.append(time.process_time() - t)
    return statistics.median(times)


def _vm_hwm_mb() -> float:
    """Peak resident set of this process (Linux ``/proc/self/status``), in MB."""
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    raise RuntimeError("no VmHWM in /proc/self/status (Linux only)")


def _peak_100k(replicates: int, chunk: int) -> None:
    from escalation_sim import simulate

    r = simulate(
        "baseline",
        replicates=replicates,
        seed=1,
        events=False,
        trajectories=False,
        chunk_size=chunk,
    )
    q = r.quantiles()
    assert len(r.outcomes) == replicates and not q.empty
    print(json.dumps({"peak_rss_mb": _vm_hwm_mb()}))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--ensemble", type=int, default=10_000)
    ap.add_argument("--single", type=int, default=300)
    ap.add_argument("--big", type=int, default=100_000)
    ap.add_argument("--chunk", type=int, default=10_000)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        _peak_100k(args.big, args.chunk)
        return

    from escalation_sim import load_scenario, simulate

    sc = load_scenario("baseline")
    simulate(sc, replicates=100, seed=0)  # warm-up: imports, caches

    t_ens = _median_cpu(lambda: simulate(sc, replicates=args.ensemble, seed=1), args.repeat)
    ens = args.ensemble / t_ens

    def one_at_a_time():
        for k in range(args.single):
            simulate(sc, replicates=1, seed=1, first_replicate=k)

    t_one = _median_cpu(one_at_a_time, 3)
    per = args.single / t_one

    out = subprocess.run(
        [sys.executable, __file__, "--child", "--big", str(args.big), "--chunk", str(args.chunk)],
        check=True,
        capture_output=True,
        text=True,
    )
    peak = json.loads(out.stdout.strip().splitlines()[-1])["peak_rss_mb"]

    print(f"ensemble_runs_per_s: {ens:,.0f}")
    print(f"per_run_runs_per_s: {per:,.1f}")
    print(f"ratio: {ens / per:,.1f}")
    print(f"peak_rss_mb_100k: {peak:,.0f}")


if __name__ == "__main__":
    main()
