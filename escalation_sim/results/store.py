"""The files of a result: Parquet tables, ``summary.json`` and ``manifest.json``, written and
read back.

Writing goes into a directory claimed by :func:`escalation_sim.results.outdir.atomic_dir`, so an
interrupted run never leaves a directory that looks whole, and :func:`load_result` refuses one
without a complete manifest.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd

from ..engine.recording import SERIES, DistributionRecorder
from ..errors import ResultError
from ..scenarios.loader import Scenario
from ..scenarios.schema import ScenarioParams
from .manifest import build_manifest
from .outdir import atomic_dir
from .result import TABLES, EnsembleResult

#: ``bin`` code and attribute of :class:`DistributionRecorder` of the per-week statistics that
#: ``distributions.parquet`` stores beside the histogram counts (which have bins >= 0).
WEEKLY_STATISTICS = ((-1, "sums"), (-2, "outside"), (-3, "mins"), (-4, "maxs"))


def _distribution_frame(dist: DistributionRecorder) -> pd.DataFrame:
    """Histogram counts (bin >= 0) and, per week, the statistics of :data:`WEEKLY_STATISTICS`:
    exact sums (bin -1), out-of-range counts (-2), minima (-3) and maxima (-4)."""
    rows = []
    for s in SERIES:
        week, b = np.nonzero(dist.counts[s.name])
        rows.append(
            pd.DataFrame(
                {
                    "series": s.name,
                    "week": week.astype(np.int16),
                    "bin": b.astype(np.int16),
                    "value": dist.counts[s.name][week, b].astype(np.float64),
                }
            )
        )
        weeks = np.arange(dist.weeks + 1, dtype=np.int16)
        for code, name in WEEKLY_STATISTICS:
            rows.append(
                pd.DataFrame(
                    {
                        "series": s.name,
                        "week": weeks,
                        "bin": np.int16(code),
                        "value": getattr(dist, name)[s.name].astype(np.float64),
                    }
                )
            )
    return pd.concat(rows, ignore_index=True)


def _read_distributions(frame: pd.DataFrame, weeks: int, replicates: int) -> DistributionRecorder:
    """The recorder :func:`_distribution_frame` wrote out."""
    dist = DistributionRecorder(weeks)
    for s in SERIES:
        part = frame[frame["series"] == s.name]
        hist = part[part["bin"] >= 0]
        dist.counts[s.name][hist["week"].to_numpy(), hist["bin"].to_numpy()] = hist["value"]
        for code, name in WEEKLY_STATISTICS:
            extra = part[part["bin"] == code]
            getattr(dist, name)[s.name][extra["week"].to_numpy()] = extra["value"].to_numpy()
    dist.n = replicates
    return dist


def write_tables(result: EnsembleResult, directory: Path) -> None:
    """Write every table and the summary into an existing directory.

    Parameters
    ----------
    result
        The ensemble to write.
    directory
        An existing, empty directory (usually the staging folder of
        :func:`~escalation_sim.results.outdir.atomic_dir`, which writes the manifest last).
    """
    d = Path(directory)
    for name in result.tables:
        getattr(result, name).to_parquet(d / f"{name}.parquet", index=False)
    _distribution_frame(result.distributions).to_parquet(d / "distributions.parquet", index=False)
    result.quantiles().to_parquet(d / "quantiles.parquet", index=False)
    (d / "summary.json").write_text(result.summary().to_json() + "\n")


def save_result(
    result: EnsembleResult, path: Path, *, force: bool = False, command: list[str] | None = None
) -> Path:
    """Save ``result`` atomically into ``path`` (see the module docstring).

    ``force`` replaces an earlier result there; ``command`` is recorded in the manifest
    (default: this process's command line).
    """
    with atomic_dir(Path(path), force) as out:
        write_tables(result, out.path)
        out.manifest = build_manifest(result, command)
    return Path(path)


def load_result(path: Path | str) -> EnsembleResult:
    """Load a result saved by :func:`save_result` or ``escalation-sim run``.

    Raises
    ------
    ResultError
        If ``path`` holds no complete result (no or an incomplete manifest, a listed table
        missing).
    """
    d = Path(path)
    mpath = d / "manifest.json"
    if not mpath.is_file():
        raise ResultError(f"{d}: no manifest.json - not a result directory, or incomplete")
    try:
        man = json.loads(mpath.read_text())
    except json.JSONDecodeError as exc:
        raise ResultError(f"{mpath}: not valid JSON ({exc})") from None
    if not man.get("complete"):
        raise ResultError(f"{mpath}: result is incomplete")
    params = ScenarioParams.model_validate(man["resolved_scenario"])
    scenario = Scenario(
        params,
        man.get("scenario_source", str(d)),
        tuple(man.get("scenario_chain", ())),
        tuple(man.get("overrides", ())),
    )
    tables = {}
    for name in TABLES:
        f = d / f"{name}.parquet"
        if name in man.get("tables", []):
            if not f.is_file():
                raise ResultError(f"{f}: missing (the manifest lists it)")
            tables[name] = pd.read_parquet(f)
    dist = _read_distributions(
        pd.read_parquet(d / "distributions.parquet"), man["horizon_weeks"], man["replicates"]
    )
    return EnsembleResult(
        scenario=scenario,
        seed=man["seed"],
        replicates=man["replicates"],
        outcomes=tables["outcomes"],
        distributions=dist,
        trajectories=tables.get("trajectories"),
        events=tables.get("events"),
        first_replicate=man.get("first_replicate", 0),
        manifest=man,
        directory=d,
    )
