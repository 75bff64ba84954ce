"""Reports: one self-contained HTML page and its Markdown twin for an ensemble.

A report is what an analyst hands to someone who did not run the model: the question, the
assumptions that set this scenario apart from the package defaults, the answer with 95%
intervals, the figures with a sentence on how to read each, the rules behind the events and the
manifest that reproduces every number. Both files render one list of blocks (text, tables,
figures), so they always say the same thing in the same order.

The HTML loads nothing: images are ``data:`` URIs, CSS is inline, and every piece of text is
escaped, because scenario questions and descriptions come from user files.
"""

from __future__ import annotations

import base64
import mimetypes
import os
import shlex
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pandas as pd
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from ..core.theatres import label as theatre_label
from ..errors import OutputError
from ..results.manifest import build_manifest
from ..results.result import EnsembleResult
from ..rules import REGISTRY
from ..scenarios.loader import Scenario
from ..scenarios.schema import ScenarioParams
from .render import _Figure, _Table, _Text, render

NOTE = (
    "Every number in this report is the share of simulated replicates in which something "
    "happened under this scenario's assumptions, with its 95% Wilson interval over replicates in "
    "brackets. The intervals cover sampling noise only, not uncertainty in the model or its "
    "parameters."
)

#: Plot name -> (title, one sentence on how to read it).
CAPTIONS: dict[str, tuple[str, str]] = {
    "fan_chart": (
        "Escalation over time",
        "Each panel follows one theatre's escalation ladder week by week: the thick line is the "
        "median replicate, the shaded bands hold the central 50% and 90% of replicates, the "
        "black dashed line is the mean and the red dashed line the level where that theatre's "
        "outcome class begins.",
    ),
    "outcomes": (
        "Outcomes at the horizon",
        "Each bar is the share of replicates that end the horizon in that outcome class, with "
        "its 95% interval as a whisker; the classes exclude each other, so the main bars add up "
        "to 100% and the 'of which' bars split regional war by region.",
    ),
    "cumulative_incidence": (
        "Timing of key events",
        "Each curve is the share of replicates in which a key event has happened by a given "
        "week, with its 95% band, so its height at the six-month line is the probability of "
        "that event within six months.",
    ),
    "occupancy": (
        "Ladder occupancy",
        "Colour shows the share of replicates at each ladder level (rows) in each week "
        "(columns), one panel per theatre, blank where no replicate ever was, so dark cells "
        "mark where the ensemble spends its time.",
    ),
    "network": (
        "Who armed whom and who struck whom",
        "Arrows run from the actor who acts to the one acted on, their width and label giving "
        "the mean number of firings per replicate, so the thickest arrows are the main channels "
        "of escalation and greyed actors never took part.",
    ),
}
_OTHER_CAPTION = "Read it by its axes and legend; every share is over this scenario's replicates."

_METADATA = ("name", "question", "description", "events")
#: Manifest entries shown, in order (the full resolved scenario stays in manifest.json).
_MANIFEST_KEYS = (
    "scenario scenario_source scenario_chain overrides scenario_hash seed replicates "
    "first_replicate horizon_weeks command created_utc platform versions"
).split()


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


def _value(v: Any, unit: str = "") -> str:
    if isinstance(v, bool):
        text = "true" if v else "false"
    else:
        text = "-" if v is None else f"{v:g}" if isinstance(v, float) else str(v)
    return f"{text} {unit}" if unit and v is not None else text


def _pct(p: float | None) -> str:
    return "-" if p is None or p != p else f"{100 * p:.1f}%"


def _pci(p: float | None, lo: float | None, hi: float | None) -> str:
    """``12.3% [10.1%, 14.8%]``."""
    return f"{_pct(p)} [{_pct(lo)}, {_pct(hi)}]"


def _week(w: float | None) -> str:
    return "-" if w is None or w != w else f"{w:.0f}"


def _assumption_blocks(scenario: Scenario) -> list:
    rows = tuple(
        (r.path, _value(r.value, r.unit), _value(r.default, r.unit), r.meaning, r.source)
        for r in key_assumptions(scenario).itertuples(index=False)
    )
    events = []
    for ev in sorted(scenario.params.events, key=lambda e: e.week):
        detail = theatre_label(ev.region) if ev.region is not None else "-"
        detail = f"effort = {_value(ev.value)}" if ev.value is not None else detail
        events.append((str(ev.week), ev.actor, ev.action, detail))
    blocks: list = [_Text("h2", "Key assumptions")]
    if rows:
        intro = "Parameters that differ from the package defaults; all others keep their default."
        header = ("Parameter", "Value", "Default", "Meaning", "Source")
        blocks += [_Text("p", intro), _Table(header, rows, code=(0,))]
    else:
        blocks.append(_Text("p", "Every parameter keeps its package default."))
    blocks.append(_Text("h3", "Scheduled events"))
    if not events:
        return [*blocks, _Text("p", "None: every move comes from the actors' rules.")]
    header = ("Week", "Actor", "Action", "Region / value")
    return [*blocks, _Table(header, tuple(events), numeric=(0,), code=(2,))]


def _key_event_row(e: dict) -> tuple[str, ...]:
    weeks = f"{_week(e['week_median'])} ({_week(e['week_q25'])}-{_week(e['week_q75'])})"
    p6 = _pci(e["p_6m"], e["ci6_low"], e["ci6_high"])
    return (e["event"], _pci(e["p"], e["ci_low"], e["ci_high"]), p6, weeks)


def _summary_blocks(s: dict) -> list:
    outcomes, subs = [], set()
    for i, o in enumerate(s["outcomes"]):
        cls, _, region = o["outcome"].partition(": ")
        if region:
            subs.add(i)
        label = f"of which {theatre_label(region)}" if region else cls.replace("_", " ")
        outcomes.append((label, str(o["count"]), _pci(o["p"], o["ci_low"], o["ci_high"])))
    events = tuple(_key_event_row(e) for e in s["events"])
    regions = tuple(
        (theatre_label(r["region"]), str(r["count"]), _pci(r["share"], r["ci_low"], r["ci_high"]))
        for r in s.get("first_transfer_regions", [])
        if r["count"]
    )
    six = s.get("six_months_weeks", 26)
    run = f"{s['replicates']} replicates, seed {s['seed']}, horizon {s['horizon_weeks']} weeks."
    header = ("Key event", "P by horizon [95% CI]", f"P within {six} weeks [95% CI]")
    blocks = [
        _Text("h2", "Summary"),
        _Text("p", run),
        _Text("h3", "Outcome at the horizon"),
        _Table(("Outcome", "Runs", "P [95% CI]"), tuple(outcomes), (1, 2), (), frozenset(subs)),
        _Text("h3", "Key events"),
        _Table((*header, "Median week (IQR)"), events, numeric=(1, 2, 3)),
    ]
    if regions:
        blocks.append(_Text("h3", "Where the first long-range transfer went"))
        header = ("Region", "Runs", "Share of runs with a transfer [95% CI]")
        blocks.append(_Table(header, regions, numeric=(1, 2)))
    return blocks


def _rule_row(r) -> tuple[str, ...]:
    category = str(r.category or "-")  # dynamic rules (the world's weekly updates) have none
    return (r.id, r.actor, ", ".join(r.paragraphs), r.trigger, r.response, category, str(r.score))


def _rule_blocks() -> list:
    rows = tuple(_rule_row(r) for r in REGISTRY)
    intro = (
        "Every rule the actors follow, the article paragraphs it comes from and its escalation "
        "score by category (after Rivera et al. 2024)."
    )
    header = ("Rule", "Actor", "Paragraphs", "Trigger", "Response", "Category", "Score")
    return [_Text("h2", "Rules"), _Text("p", intro), _Table(header, rows, numeric=(6,), code=(0,))]


def _manifest_blocks(man: dict) -> list:
    shown = dict(man)
    if isinstance(man.get("command"), list):
        shown["command"] = shlex.join(str(c) for c in man["command"])
    shown["scenario_chain"] = " -> ".join(Path(c).stem for c in man.get("scenario_chain", ()))
    shown["overrides"] = ", ".join(man.get("overrides", ())) or "none"
    shown["versions"] = ", ".join(f"{k} {v}" for k, v in man.get("versions", {}).items())
    rows = tuple((key, str(shown.get(key, "")) or "-") for key in _MANIFEST_KEYS)
    intro = (
        "Running the same resolved scenario (same hash) with the same seed and replicates "
        "reproduces every number above; a replicate's run does not depend on how many ran "
        "beside it."
    )
    return [_Text("h2", "Manifest"), _Text("p", intro), _Table(("Key", "Value"), rows, code=(0,))]


def _blocks(result: EnsembleResult, plots: dict[str, Path], man: dict) -> list:
    sc = result.scenario
    blocks: list = [_Text("h1", sc.name)]
    if sc.question:
        blocks.append(_Text("question", sc.question))
    if sc.params.description:
        blocks.append(_Text("p", sc.params.description))
    blocks += [
        _Text("note", NOTE),
        *_assumption_blocks(sc),
        *_summary_blocks(result.summary().to_dict()),
    ]
    blocks += [_Text("h2", "Figures")] if plots else []
    for name in plots:
        title = name.replace("_", " ").capitalize()
        blocks.append(_Figure(name, *CAPTIONS.get(name, (title, _OTHER_CAPTION))))
    return [*blocks, *_rule_blocks(), *_manifest_blocks(man)]


def write_report(
    result: EnsembleResult,
    directory: Path,
    plots: dict[str, Path],
    manifest: dict | None = None,
) -> list[Path]:
    """Write ``report.html`` (self-contained) and ``report.md`` for ``result``.

    Parameters
    ----------
    result
        The ensemble to report on.
    directory
        Where both files go (created if missing); usually the result directory.
    plots
        Plot name (``"fan_chart"``, ``"outcomes"``, ...) -> image file, in display order. The
        HTML embeds each image; the Markdown links it relative to ``directory``.
    manifest
        The manifest the report shows: the one written beside it. Default: a loaded result's
        own (``result.manifest``), else a fresh one for ``result``.

    Returns
    -------
    list of Path
        ``[report.html, report.md]``.

    Raises
    ------
    OutputError
        If a plot file cannot be read or the reports cannot be written.
    """
    if manifest is None:
        manifest = result.manifest if result.manifest is not None else build_manifest(result)
    d = Path(directory)
    images, links = {}, {}
    for name, path in plots.items():
        path = Path(path)
        try:
            data = base64.b64encode(path.read_bytes()).decode("ascii")
        except OSError as exc:
            raise OutputError(f"report: plot {name!r} at {path}: {exc.strerror}") from None
        images[name] = f"data:{mimetypes.guess_type(path.name)[0] or 'image/png'};base64,{data}"
        try:
            rel = os.path.relpath(path.resolve(), d.resolve())
        except ValueError:  # on another drive (Windows): no relative path exists
            rel = str(path.resolve())
        links[name] = quote(Path(rel).as_posix())
    blocks = _blocks(result, plots, manifest)
    page, text = render(blocks, images, links, result.scenario.name)
    out = [d / "report.html", d / "report.md"]
    try:
        d.mkdir(parents=True, exist_ok=True)
        out[0].write_text(page, encoding="utf-8")
        out[1].write_text(text, encoding="utf-8")
    except OSError as exc:
        raise OutputError(f"report: cannot write into {d} ({exc.strerror})") from None
    return out


__all__ = ["CAPTIONS", "key_assumptions", "write_report"]
