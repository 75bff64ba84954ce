"""Peak memory of a large run with default recording, measured in the process that runs it.

Runs ``escalation-sim run baseline -n N`` in this process (events, trajectories and plots on,
as by default) into a temporary folder and prints the peak resident set (``VmHWM`` from
``/proc/self/status``, Linux), the CPU and wall time, and the size of what was written.
Usage: ``python benchmarks/bench_memory.py [-n 1000000]``.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from pathlib import Path


def vm_hwm_mb() -> float:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    raise RuntimeError("no VmHWM in /proc/self/status (Linux only)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-n", "--replicates", type=int, default=1_000_000)
    args = ap.parse_args()
    from escalation_sim.cli import main as cli

    work = Path(tempfile.mkdtemp(prefix="bench-memory-"))
    try:
        out = work / "run"
        wall, cpu = time.perf_counter(), time.process_time()
        code = cli(["run", "baseline", "-n", str(args.replicates), "-q", "--out", str(out)])
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file()) / 2**20
        print(f"exit_code: {code}")
        print(f"replicates: {args.replicates:,}")
        print(f"peak_rss_mb: {vm_hwm_mb():,.0f}")
        print(f"cpu_s: {cpu:,.1f}")
        print(f"wall_s: {wall:,.1f}")
        print(f"written_mb: {size:,.0f}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
