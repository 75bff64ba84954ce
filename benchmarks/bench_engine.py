"""Engine benchmark: ensemble throughput against an idiomatic Mesa model of the same rules,
and memory of a 100k ensemble.

Prints one ``name: value`` line per figure (see the issue's targets, measured on one core):

    ensemble_runs_per_s        10,000 baseline replicates, 52 weeks, one ensemble
                               (target >= 10,000)
    mesa_reference_runs_per_s  the same 52 weeks of the baseline in the plain Mesa reference
                               model (benchmarks/mesa_reference.py: one Mesa model per replicate,
                               one agent per actor, scalar state, ``model.random``), 300 replicates
    ratio                      the first over the second (target >= 20)
    peak_rss_mb_100k           100,000 replicates streamed in chunks, trajectories reduced to
                               per-week distributions (target <= 1,500 MB), measured in a fresh
                               process
    reference_agreement        whether the reference reaches the engine's results (below)

The ratio means something only if both compute the same model, so the benchmark also runs the
engine (10,000 replicates) and the reference (3,000) at another seed and compares, statistic by
statistic, the share of each outcome class, the share of runs with each key event (deep-strike
permission, deep strike, co-belligerence, trainers, strike on trainers, transfer, Western answer,
ceasefire) and the mean escalation score, threats issued, transfers and peak Russia-NATO level
(the baseline is quiet - most runs end in one class - so the key events and the escalation score
give the check its power). Each comparison is a two-sample z statistic: pooled two-proportion for
a share, Welch's for a mean. The two samples are independent (the reference draws from Mesa's
generator, not the engine's addressed streams), so they agree only within sampling error: the
check fails when any |z| exceeds 4 (two-sided p < 6.3e-5 each, a Bonferroni family-wise alpha of
about 0.001 over the 16 statistics); the benchmark then exits with status 1.

Outcomes and weekly trajectories are recorded in every engine measurement; the full event log is
ON for the ensemble timing and OFF for the 100k memory run (as the CLI's --no-events); the
reference keeps one row of outcomes per replicate. Each timing is the median CPU time
(``time.process_time``) of ``--repeat`` runs, so that other work on a shared machine does not
count; the memory figure is the peak resident set (``VmHWM``) read by the measured process itself
(a child's ``ru_maxrss`` would start from its parent's peak).
Usage: ``taskset -c 0 python benchmarks/bench_engine.py``.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

#: |z| above which the reference and the engine disagree
Z_LIMIT = 4.0

#: key events: the engine's first-week column -> the reference's indicator
KEY_EVENTS = {
    "first_permission_week": "any_deep_permission",
    "first_deep_strike_week": "any_deep_strike",
    "cobelligerence_week": "any_cobelligerence",
    "first_trainers_week": "any_trainers",
    "trainers_struck_week": "any_trainers_struck",
    "first_transfer_week": "any_transfer",
    "first_answer_week": "any_answer",
    "ceasefire_week": "any_ceasefire",
}
MEANS = ("escalation_score", "threats_issued", "transfers_total", "peak_nato")


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


def _z_shares(a, b) -> tuple[float, float, float]:
    """Shares of two boolean samples and the pooled two-proportion z statistic."""
    n1, n2 = len(a), len(b)
    x1, x2 = int(a.sum()), int(b.sum())
    p1, p2, pooled = x1 / n1, x2 / n2, (x1 + x2) / (n1 + n2)
    se = math.sqrt(pooled * (1.0 - pooled) * (1.0 / n1 + 1.0 / n2))
    return p1, p2, (p1 - p2) / se if se > 0 else 0.0


def _z_means(a, b) -> tuple[float, float, float]:
    """Means of two samples and Welch's z statistic."""
    m1, m2 = float(a.mean()), float(b.mean())
    se = math.sqrt(float(a.var(ddof=1)) / len(a) + float(b.var(ddof=1)) / len(b))
    return m1, m2, (m1 - m2) / se if se > 0 else 0.0


def compare(engine, reference) -> list[tuple[str, float, float, float]]:
    """(statistic, engine value, reference value, z) for every compared statistic."""
    from escalation_sim.engine.outcomes import OUTCOMES

    rows = []
    for cls in OUTCOMES:
        e, r = engine["outcome"] == cls, reference["outcome"] == cls
        rows.append((f"P({cls})", *_z_shares(e.to_numpy(), r.to_numpy())))
    for column, indicator in KEY_EVENTS.items():
        e = engine[column].notna().to_numpy()
        r = reference[indicator].to_numpy(dtype=bool)
        rows.append((f"P({indicator[4:]})", *_z_shares(e, r)))
    for column in MEANS:
        e = engine[column].to_numpy(dtype=float)
        r = reference[column].to_numpy(dtype=float)
        rows.append((f"mean {column}", *_z_means(e, r)))
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--ensemble", type=int, default=10_000)
    ap.add_argument("--reference", type=int, default=300, help="reference replicates timed")
    ap.add_argument("--check-engine", type=int, default=10_000)
    ap.add_argument("--check-reference", type=int, default=3_000)
    ap.add_argument("--big", type=int, default=100_000)
    ap.add_argument("--chunk", type=int, default=10_000)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        _peak_100k(args.big, args.chunk)
        return

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from mesa_reference import run_reference

    from escalation_sim import load_scenario, simulate

    sc = load_scenario("baseline")
    simulate(sc, replicates=100, seed=0)  # warm-up: imports, caches
    run_reference(20, seed=0, params=sc.params)

    t_ens = _median_cpu(lambda: simulate(sc, replicates=args.ensemble, seed=1), args.repeat)
    ens = args.ensemble / t_ens

    t_ref = _median_cpu(
        lambda: run_reference(args.reference, seed=1, params=sc.params), args.repeat
    )
    ref = args.reference / t_ref

    # do both compute the same model? independent samples at another seed
    engine = simulate(
        sc, replicates=args.check_engine, seed=2, events=False, trajectories=False
    ).outcomes
    reference = run_reference(args.check_reference, seed=2, params=sc.params)
    rows = compare(engine, reference)
    worst = max(abs(z) for *_, z in rows)

    out = subprocess.run(
        [sys.executable, __file__, "--child", "--big", str(args.big), "--chunk", str(args.chunk)],
        check=True,
        capture_output=True,
        text=True,
    )
    peak = json.loads(out.stdout.strip().splitlines()[-1])["peak_rss_mb"]

    print(f"ensemble_runs_per_s: {ens:,.0f}")
    print(f"mesa_reference_runs_per_s: {ref:,.1f}")
    print(f"ratio: {ens / ref:,.1f}")
    print(f"peak_rss_mb_100k: {peak:,.0f}")
    print(
        f"# engine ({args.check_engine:,} replicates) vs Mesa reference "
        f"({args.check_reference:,}), seed 2; disagreement: |z| > {Z_LIMIT:g}"
    )
    for name, e, r, z in rows:
        flag = "  <-- disagrees" if abs(z) > Z_LIMIT else ""
        print(f"#   {name:<34} engine {e:>9.4f}  reference {r:>9.4f}  z {z:+6.2f}{flag}")
    verdict = "ok" if worst <= Z_LIMIT else "FAILED"
    print(f"reference_agreement: {verdict} (max |z| = {worst:.1f} over {len(rows)} statistics)")
    if worst > Z_LIMIT:
        sys.exit(1)


if __name__ == "__main__":
    main()
