"""What sets a scenario apart: its parameters that differ from the package defaults, and its
scheduled events, as a table and as report blocks."""

from __future__ import annotations

from typing import Any

import pandas as pd
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from .. import formatting as fmt
from ..core.theatres import label as theatre_label
from ..scenarios.loader import Scenario
from ..scenarios.schema import ScenarioParams
from .blocks import Block, TableBlock, TextBlock

#: Scenario fields that describe the scenario rather than parametrise it.
_METADATA = ("name", "question", "description", "events")


def _leaves(node: Any, prefix: str = "", info: FieldInfo | None = None):
    """(dotted path, value, pydantic field) of every parameter below ``node``."""
    if isinstance(node, BaseModel):
        for name, field in type(node).model_fields.items():
            if name not in _METADATA:
                yield from _leaves(getattr(node, name), f"{prefix}{name}.", field)
    elif isinstance(node, dict):
        for key, value in node.items():
            yield from _leaves(value, f"{prefix}{key}.", info)
    else:
        yield prefix[:-1], node, info


def key_assumptions(scenario: Scenario) -> pd.DataFrame:
    """Parameters of ``scenario`` that differ from the package defaults, in schema order.

    Parameters
    ----------
    scenario
        A resolved scenario (inheritance and overrides applied).

    Returns
    -------
    pandas.DataFrame
        One row per differing parameter: ``path`` (dotted, e.g.
        ``russia.transfer_follow_through``), ``value``, ``default``, ``unit``, ``meaning`` and
        ``source`` (the article paragraph or "assumption"). An actor the defaults lack (a new
        Western state) is compared with its class defaults.
    """
    defaults = {path: v for path, v, _ in _leaves(ScenarioParams(name=scenario.name))}
    rows = []
    for path, value, info in _leaves(scenario.params):
        default = defaults.get(path, info.get_default(call_default_factory=True) if info else None)
        if value != default:
            extra = info.json_schema_extra if info else None
            extra = extra if isinstance(extra, dict) else {}
            meaning = (info.description if info else None) or ""
            unit, source = extra.get("unit") or "", extra.get("source", "-")
            rows.append((path, value, default, unit, meaning, source))
    columns = ["path", "value", "default", "unit", "meaning", "source"]
    return pd.DataFrame(rows, columns=columns, dtype=object)


def assumption_blocks(scenario: Scenario) -> list[Block]:
    """The report's "Key assumptions": differing parameters, then the scheduled events."""
    rows = tuple(
        (r.path, fmt.value(r.value, r.unit), fmt.value(r.default, r.unit), r.meaning, r.source)
        for r in key_assumptions(scenario).itertuples(index=False)
    )
    events = []
    for ev in sorted(scenario.params.events, key=lambda e: e.week):
        detail = theatre_label(ev.region) if ev.region is not None else "-"
        detail = f"effort = {fmt.value(ev.value)}" if ev.value is not None else detail
        events.append((str(ev.week), ev.actor, ev.action, detail))
    blocks: list[Block] = [TextBlock("h2", "Key assumptions")]
    if rows:
        intro = "Parameters that differ from the package defaults; all others keep their default."
        header = ("Parameter", "Value", "Default", "Meaning", "Source")
        blocks += [TextBlock("p", intro), TableBlock(header, rows, code=(0,))]
    else:
        blocks.append(TextBlock("p", "Every parameter keeps its package default."))
    blocks.append(TextBlock("h3", "Scheduled events"))
    if not events:
        return [*blocks, TextBlock("p", "None: every move comes from the actors' rules.")]
    header = ("Week", "Actor", "Action", "Region / value")
    return [*blocks, TableBlock(header, tuple(events), numeric=(0,), code=(2,))]
