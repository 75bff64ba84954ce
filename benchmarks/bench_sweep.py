"""Sweep benchmark: a Sobol study run as batched ensembles, against the alternatives.

Prints one ``name: value`` line per figure:

    sweep_runs_per_s        the shipped sobol_main experiment - 6 uncertainties, Saltelli N=256
                            (2,048 points), 20 replicates per point, 40,960 runs - in one
                            process, store writes included
    ensemble_runs_per_s     one scenario (sobol_main's base), the same 40,960 runs as one
                            ensemble in the same process, recording the same outcomes
    sweep_vs_ensemble       the first over the second (target >= 0.8)
    per_point_overhead_ms   (sweep CPU - ensemble CPU) / points (target <= 5); the points'
                            runs do more or less work than the base scenario's (their
                            parameters differ), so this difference can even be negative
    per_point_setup_ms      the per-point work itself, measured alone: building each point's
                            scenario and the batch models from them, beyond one model of the
                            base for the same runs
    user_loop_runs_per_s    what a user would otherwise write: SALib's points in a Python
                            loop over simulate(), one call per point (on the first 64 points)
    sweep_vs_user_loop      sweep_runs_per_s over user_loop_runs_per_s
    sobol_main_wall_s       wall time of the one-process sweep (median)
    efficiency_2_workers    (wall time with 1 worker / wall time with 2) / 2 (target >= 0.7)
    worker_startup_s        wall time for a pool of 2 fresh worker processes to import the
                            engine (numpy, pandas, Mesa) - paid once per sweep, in parallel
    efficiency_2_workers_long
                            the same on sobol_main at 100 replicates per point (204,800 runs,
                            about 20 s on one worker), where the start-up is amortised

Timings in one process are the median CPU time (``time.process_time``) of ``--repeat`` runs, so
other work on a shared machine does not count. The two-worker figure needs wall time (the work
is in the workers); it is the median over repeats and is only meaningful on an otherwise idle
machine with at least two cores: do not pin this benchmark to one core.
Usage: ``python benchmarks/bench_sweep.py``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import tempfile
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")


def _median(values):
    return statistics.median(values)


def _setup_cpu(exp, design) -> float:
    """CPU time of what a sweep does per design point before stepping: each point's scenario
    (validated) and the batch models built from them (inputs per run, worlds, schedules),
    beyond building one model of the base scenario for the same runs."""
    from escalation_sim.engine.model import EscalationModel
    from escalation_sim.experiments.points import point_params

    rows = design.frame.to_dict("records")
    batch = 500
    t = time.process_time()
    for i in range(0, len(rows), batch):
        pts = [point_params(exp, r) for r in rows[i : i + batch]]
        EscalationModel(points=pts, replicates=exp.replicates, seed=exp.seed)
    spent = time.process_time() - t
    t = time.process_time()
    for i in range(0, len(rows), batch):
        n = len(rows[i : i + batch])
        EscalationModel(exp.base, replicates=n * exp.replicates, seed=exp.seed)
    return spent - (time.process_time() - t)


def _import_engine(_: int) -> int:
    import escalation_sim.experiments.points  # noqa: F401 - what a worker imports

    return os.getpid()


def _pool_startup() -> float:
    """Wall time until two fresh forkserver workers have imported the engine."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    t = time.perf_counter()
    ctx = multiprocessing.get_context("forkserver")
    with ProcessPoolExecutor(max_workers=2, mp_context=ctx) as pool:
        list(pool.map(_import_engine, range(2)))
        return time.perf_counter() - t


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--experiment", default="sobol_main")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--loop-points", type=int, default=64)
    ap.add_argument("--long-repeat", type=int, default=2)
    args = ap.parse_args()

    from escalation_sim import simulate
    from escalation_sim.experiments import load_experiment, make_design, sweep
    from escalation_sim.experiments.points import point_params
    from escalation_sim.scenarios.loader import Scenario

    exp = load_experiment(args.experiment)
    design = make_design(exp)
    points, runs = design.points, design.points * exp.replicates
    scratch = Path(tempfile.mkdtemp(prefix="bench_sweep-"))

    def one_sweep(workers: int, experiment=exp) -> tuple[float, float]:
        out = scratch / f"s{time.perf_counter_ns()}"
        wall, cpu = time.perf_counter(), time.process_time()
        sweep(experiment, out, workers=workers)
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
        shutil.rmtree(out)
        return cpu, wall

    try:
        sweep(load_experiment("ci_smoke"), scratch / "warm")  # imports, caches
        # sweep and ensemble alternate, so that a slow spell of the shared machine hits both
        one, ens_cpu = [], []
        for _ in range(args.repeat):
            one.append(one_sweep(1))
            t = time.process_time()
            r = simulate(exp.base, runs, exp.seed, events=False, trajectories=False)
            ens_cpu.append(time.process_time() - t)
            assert len(r.outcomes) == runs
        sweep_cpu, sweep_wall = _median([c for c, _ in one]), _median([w for _, w in one])
        ens_cpu = _median(ens_cpu)
        setup = _median([_setup_cpu(exp, design) for _ in range(args.repeat)])

        rows = design.frame.iloc[: args.loop_points].to_dict("records")
        t = time.process_time()
        for row in rows:
            scenario = Scenario(point_params(exp, row))
            simulate(scenario, exp.replicates, exp.seed, events=False, trajectories=False)
        loop_rate = len(rows) * exp.replicates / (time.process_time() - t)

        two = _median([one_sweep(2)[1] for _ in range(args.repeat)])
        startup = _pool_startup()
        long_exp = load_experiment(args.experiment, replicates=100)
        long_one = _median([one_sweep(1, long_exp)[1] for _ in range(args.long_repeat)])
        long_two = _median([one_sweep(2, long_exp)[1] for _ in range(args.long_repeat)])
    finally:
        shutil.rmtree(scratch, ignore_errors=True)

    sweep_rate = runs / sweep_cpu
    print(f"design: {exp.name}, {points:,} points x {exp.replicates} replicates = {runs:,} runs")
    print(f"sweep_runs_per_s: {sweep_rate:,.0f}")
    print(f"ensemble_runs_per_s: {runs / ens_cpu:,.0f}")
    print(f"sweep_vs_ensemble: {ens_cpu / sweep_cpu:.2f}")
    print(f"per_point_overhead_ms: {(sweep_cpu - ens_cpu) / points * 1e3:.2f}")
    print(f"per_point_setup_ms: {setup / points * 1e3:.2f}")
    print(f"user_loop_runs_per_s: {loop_rate:,.0f}")
    print(f"sweep_vs_user_loop: {sweep_rate / loop_rate:,.1f}")
    print(f"sobol_main_wall_s: {sweep_wall:.2f}")
    print(f"efficiency_2_workers: {sweep_wall / two / 2:.2f}")
    print(f"worker_startup_s: {startup:.2f}")
    print(f"efficiency_2_workers_long: {long_one / long_two / 2:.2f}")


if __name__ == "__main__":
    main()
