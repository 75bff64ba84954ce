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
    from ..scenarios.loader import Scenario
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


def run_manifest(
    scenario: Scenario,
    seed: int,
    replicates: int,
    first_replicate: int = 0,
    *,
    events: bool = True,
    trajectories: bool = True,
) -> dict:
    """What is known of a run before it starts: the fields of :func:`build_manifest` but
    ``complete`` and ``command``. The tables streamed to disk while it runs carry it as their
    metadata (:class:`~escalation_sim.results.stored.ParquetSink`); its ``created_utc`` is the
    time the run started.

    Parameters
    ----------
    scenario, seed, replicates, first_replicate
        As given to :func:`~escalation_sim.engine.ensemble.simulate`.
    events, trajectories
        Whether the run keeps its event log and its trajectories.
    """
    kept = {"outcomes": True, "events": events, "trajectories": trajectories}
    return {
        "output": "result",
        "scenario": scenario.name,
        "scenario_source": scenario.source,
        "scenario_chain": list(scenario.chain),
        "overrides": list(scenario.overrides),
        "scenario_hash": scenario.hash,
        "resolved_scenario": scenario.resolved(),
        "seed": seed,
        "replicates": replicates,
        "first_replicate": first_replicate,
        "horizon_weeks": scenario.params.horizon_weeks,
        "tables": [t for t, keep in kept.items() if keep],
        "versions": versions(),
        "created_utc": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "platform": platform.platform(),
    }


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
        ``"complete": true`` marks a result directory that was written whole. Every table file
        of the result carries it too, as metadata (:mod:`escalation_sim.results.layout`).
    """
    run = run_manifest(
        result.scenario,
        result.seed,
        result.replicates,
        result.first_replicate,
        events="events" in result.tables,
        trajectories="trajectories" in result.tables,
    )
    created, where = run.pop("created_utc"), run.pop("platform")
    return {
        "complete": True,
        **run,
        "command": command if command is not None else sys.argv,
        "created_utc": created,
        "platform": where,
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
