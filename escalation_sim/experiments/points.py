"""Design points as scenarios, and one batch of them run as one ensemble.

:func:`run_batch` is what a sweep's workers execute: it receives plain data (the experiment,
the rows of the design matrix it is to run, the seed), builds each point's scenario from the
experiment's base, steps all points x replicates as one batched ensemble
(:class:`~escalation_sim.engine.model.EscalationModel` with ``points=``) and returns one tidy
row per point x replicate. Replicate ``r`` of every point draws the same addressed random
numbers (common random numbers), so a run's result depends only on its point's parameters,
its replicate number and the seed - never on the batch it ran in, the worker or the order.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from ..scenarios.loader import _to_plain, _validate
from ..scenarios.schema import ScenarioParams
from .spec import Experiment, LeverOption

POINT_SOURCE = "<design point>"


_DUMPS: dict[int, tuple[ScenarioParams, dict]] = {}


def _dump(base: ScenarioParams) -> dict:
    """``base`` as plain data, dumped once per base (a sweep applies thousands of points)."""
    hit = _DUMPS.get(id(base))
    if hit is None or hit[0] is not base:
        if len(_DUMPS) > 8:
            _DUMPS.clear()
        hit = _DUMPS[id(base)] = (base, _to_plain(base.model_dump(mode="python")))
    return hit[1]


def apply_point(
    base: ScenarioParams, values: dict[str, Any], options: Sequence[LeverOption] = ()
) -> ScenarioParams:
    """``base`` with parameter ``values`` (dotted path -> value) and lever ``options`` (their
    parameter values and scheduled events) applied, validated like a scenario file.

    Raises
    ------
    ScenarioError
        If the result is not a valid scenario (the field and value named).
    """
    data = dict(_dump(base))
    changes = dict(values)
    events = list(data.get("events", ()))
    for option in options:
        changes.update(option.set)
        events += [dict(ev) for ev in option.events]
    for path, value in changes.items():
        parts = path.split(".")
        node = data
        for key in parts[:-1]:
            node[key] = dict(node[key])  # copy on write: the cached dump stays the base's
            node = node[key]
        node[parts[-1]] = value
    data["events"] = events
    return _validate(data, {}, POINT_SOURCE)


def point_params(exp: Experiment, row: dict) -> ScenarioParams:
    """The scenario parameters of one design point (a row of the design matrix)."""
    values = {}
    for u in exp.uncertainties:
        for path in u.paths:
            values[path] = u.cast(row[u.name])
    options = []
    for lever in exp.levers:
        options.append(lever.option(row[lever.name]))
    return apply_point(exp.base.params, values, options)


def _shared_key(p: ScenarioParams) -> tuple:
    """What points stepped together must share (the World's shared fields, the actors)."""
    return (
        p.ladders.ukraine_initial,
        p.ladders.nato_initial,
        tuple((k, r.initial_level) for k, r in p.recipients.items()),
        tuple(p.west),
    )


def run_batch(exp: Experiment, rows: list[dict], seed: int) -> pd.DataFrame:
    """Run design points (rows of the design matrix) x ``exp.replicates`` replicates as one
    ensemble; returns one row per point x replicate, sorted by point then replicate: the
    point's number, then the outcomes frame's columns (the sweep adds the design values)."""
    from ..engine.model import EscalationModel

    params = [point_params(exp, row) for row in rows]
    groups: dict[tuple, list[int]] = {}
    for i, p in enumerate(params):
        groups.setdefault(_shared_key(p), []).append(i)
    frames = []
    for members in groups.values():
        model = EscalationModel(
            points=[params[i] for i in members],
            replicates=exp.replicates,
            seed=seed,
            record_events=False,
        )
        model.run()
        frame = model.tracker.frame(model.world, model.replicate_ids)
        model.release()
        frame.insert(0, "point", np.asarray([rows[i]["point"] for i in members])[model.point])
        frames.append(frame)
    runs = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
    return runs.sort_values(["point", "replicate"], kind="stable", ignore_index=True)
