"""Start-up benchmark: how long the quick commands take from the shell's point of view.

Prints one ``name: value`` line per command, in seconds:

    <command>_cpu_s     median CPU time (user + system) of the whole process - interpreter
                        start, imports and the command's work - over ``--repeat`` runs, read
                        from ``resource.getrusage(RUSAGE_CHILDREN)`` around each run
    <command>_wall_s    median wall time of the same runs (what a user waits; noisier)

The target (issue 12) is 0.5 s for ``--help``, ``list``, ``show``, ``validate`` and ``rules``.
The baseline a user would otherwise have is the interpreter alone, printed as ``python_*``:
everything above it is ours. Usage: ``python benchmarks/bench_cli_start.py [--repeat N]``.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import time

COMMANDS = {
    "python": ["-c", "pass"],
    "help": ["-m", "escalation_sim", "--help"],
    "list": ["-m", "escalation_sim", "list"],
    "show": ["-m", "escalation_sim", "show", "baseline"],
    "validate": ["-m", "escalation_sim", "validate", "baseline"],
    "rules": ["-m", "escalation_sim", "rules"],
}


def measure(args: list[str]) -> tuple[float, float]:
    """CPU and wall seconds of one run of ``python args``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run([sys.executable, *args], check=True, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return cpu, wall


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=9, help="runs per command (default 9)")
    opts = parser.parse_args()
    for args in COMMANDS.values():  # warm the file cache first
        measure(args)
    for name, args in COMMANDS.items():
        runs = [measure(args) for _ in range(opts.repeat)]
        print(f"{name}_cpu_s: {statistics.median(c for c, _ in runs):.3f}")
        print(f"{name}_wall_s: {statistics.median(w for _, w in runs):.3f}")


if __name__ == "__main__":
    main()
