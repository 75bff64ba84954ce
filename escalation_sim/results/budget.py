"""What a run will need - disk for its tables, memory while it runs - checked before it starts.

The figures per replicate were measured on the shipped ``worst_case`` scenario (the most
eventful: about 49 rule firings per replicate over 52 weeks) with 10,000 replicates, and carry a
margin of 50%: on disk (Parquet) about 17 bytes of outcomes, 250 of events and 1,600 of
trajectories per replicate; in memory about 52, 1,000 and 3,200 bytes. Events and trajectories
grow with the horizon. A run that streams its tables to disk holds one chunk of them at a time
and, at the end, the outcomes; a run kept in memory holds everything. Either way two per-week
histograms of every series are held (the ensemble's and the current chunk's): about 90 kB a
week each, which matters only for horizons of years.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from ..core.ladder import MAX_LEVEL
from ..core.theatres import THEATRES
from ..engine.recording import SERIES
from ..errors import ResourceError

MARGIN = 1.5
#: bytes per replicate over a 52-week horizon (outcomes do not grow with the horizon)
DISK = {"outcomes": 17, "events": 254, "trajectories": 1606}
MEMORY = {"outcomes": 52, "events": 1023, "trajectories": 3233}
#: what the process itself needs before any table (interpreter, numpy, pandas, Mesa, plots)
BASE_MEMORY = 400 * 2**20
#: one week of the streaming histograms of every recorded series and of the highest levels
#: reached (int64 counts)
HISTOGRAM_BYTES_PER_WEEK = 8 * (sum(s.bins for s in SERIES) + len(THEATRES) * (MAX_LEVEL + 1))
GB = 2**30


@dataclass(frozen=True)
class Needs:
    """Disk and memory a run is expected to need, in bytes."""

    disk: int
    memory: int


def estimate(
    replicates: int,
    weeks: int,
    *,
    events: bool = True,
    trajectories: bool = True,
    streamed: bool = True,
    chunk_size: int = 10_000,
    ensembles: int = 1,
) -> Needs:
    """The needs of ``ensembles`` runs of ``replicates`` each over ``weeks`` weeks.

    >>> n = estimate(1_000_000, 52)
    >>> round(n.disk / 2**30, 1), round(n.memory / 2**30, 2)
    (2.6, 0.53)
    """
    scale = weeks / 52
    kept = {"outcomes": 1.0, "events": scale if events else 0.0}
    kept["trajectories"] = scale if trajectories else 0.0
    per_replicate_disk = sum(DISK[t] * f for t, f in kept.items())
    disk = per_replicate_disk * replicates * ensembles if streamed else 0.0
    if streamed:  # one chunk of every table, then all outcomes for the summary
        chunk = min(chunk_size, replicates)
        memory = sum(MEMORY[t] * f for t, f in kept.items()) * chunk
        memory += MEMORY["outcomes"] * replicates * ensembles
    else:
        memory = sum(MEMORY[t] * f for t, f in kept.items()) * replicates * ensembles
    histograms = 2 * (weeks + 1) * HISTOGRAM_BYTES_PER_WEEK
    return Needs(int(disk * MARGIN), int(BASE_MEMORY + histograms + memory * MARGIN))


def available_memory() -> int | None:
    """Memory the system can still give (``MemAvailable``, Linux), or ``None`` if unknown."""
    try:
        with open("/proc/meminfo") as fh:
            for line in fh:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        return None
    return None


def check(needs: Needs, directory: Path | None, override: str) -> None:
    """Raise :class:`ResourceError` if ``needs`` exceed the free disk under ``directory`` or
    the available memory; ``override`` names what lets a user try anyway."""
    problems = []
    if directory is not None and needs.disk:
        probe = Path(directory)
        try:
            while not probe.exists() and probe != probe.parent:
                probe = probe.parent
            free = shutil.disk_usage(probe).free
        except OSError:  # e.g. a name too long: the output check reports it
            free = None
        if free is not None and needs.disk > free:
            problems.append(
                f"about {needs.disk / GB:,.1f} GB of disk under {probe} ({free / GB:,.1f} GB free)"
            )
    memory = available_memory()
    if memory is not None and needs.memory > memory:
        problems.append(
            f"about {needs.memory / GB:,.1f} GB of memory ({memory / GB:,.1f} GB available)"
        )
    if problems:
        raise ResourceError(
            f"this run would need {' and '.join(problems)}; use fewer replicates, "
            f"--no-events or --no-trajectories, or {override} to try anyway"
        )
