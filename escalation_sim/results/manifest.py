"""The manifest of a result: everything needed to reproduce its numbers, and where they ran.

It is built once per run, by :func:`build_manifest`, and handed to whoever needs it - the table
writer saves it as ``manifest.json``, the report shows it - so both always say the same thing
and nothing reads back a file it has just written. Its fields are part of the result format.
"""

from __future__ import annotations

import datetime as dt
import platform
import sys
from importlib import metadata
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from .result import EnsembleResult

#: Distributions whose versions a result records (beside Python's).
PACKAGES = ("escalation-sim", "mesa", "numpy", "pandas", "matplotlib", "pyarrow", "pydantic")


def versions() -> dict[str, str]:
    """Versions of Python and the packages a result depends on."""
    out = {"python": platform.python_version()}
    for pkg in PACKAGES:
        try:
            out[pkg] = metadata.version(pkg)
        except metadata.PackageNotFoundError:
            out[pkg] = "unknown"
    return out


def build_manifest(result: EnsembleResult, command: list[str] | None = None) -> dict:
    """What is needed to reproduce every number of ``result``.

    Parameters
    ----------
    result
        The ensemble to describe.
    command
        The command line that ran it (default: this process's ``sys.argv``).

    Returns
    -------
    dict
        ``manifest.json``'s content (before :class:`~escalation_sim.results.outdir.Staging`
        adds the writer, the format version and the list of files): the kind of output
        (``"result"``), the resolved scenario and its hash, seed, replicates,
        first replicate, horizon, the tables kept, versions, command, time and platform;
        ``"complete": true`` marks a result directory that was written whole.
    """
    sc = result.scenario
    return {
        "complete": True,
        "output": "result",
        "scenario": sc.name,
        "scenario_source": sc.source,
        "scenario_chain": list(sc.chain),
        "overrides": list(sc.overrides),
        "scenario_hash": sc.hash,
        "resolved_scenario": sc.resolved(),
        "seed": result.seed,
        "replicates": result.replicates,
        "first_replicate": result.first_replicate,
        "horizon_weeks": result.weeks,
        "tables": list(result.tables),
        "versions": versions(),
        "command": command if command is not None else sys.argv,
        "created_utc": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "platform": platform.platform(),
    }


def build_comparison_manifest(
    results: list[EnsembleResult], command: list[str] | None = None
) -> dict:
    """What ``compare --out`` records: the scenarios compared (names, hashes, resolved), the
    shared seed and replicates, versions, command, time and platform."""
    first = results[0]
    return {
        "complete": True,
        "output": "comparison",
        "scenarios": [r.scenario.name for r in results],
        "scenario_hashes": [r.scenario.hash for r in results],
        "resolved_scenarios": [r.scenario.resolved() for r in results],
        "seed": first.seed,
        "replicates": first.replicates,
        "versions": versions(),
        "command": command if command is not None else sys.argv,
        "created_utc": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "platform": platform.platform(),
    }
