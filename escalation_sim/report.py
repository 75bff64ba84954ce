"""Reports: one self-contained HTML page and its Markdown twin for an ensemble.

A report is what an analyst hands on to someone who did not run the model: the question, the
assumptions that make this scenario differ from the package defaults, the answer with 95%
intervals, the figures with a sentence on how to read each, the rules that produced the events
and the manifest that reproduces every number. Both files are built from one list of blocks
(headings, paragraphs, tables, figures), so they always say the same thing in the same order.

The HTML embeds its images as ``data:`` URIs and its CSS inline, loads nothing from anywhere,
and escapes every piece of text, because scenario questions and descriptions come from user
files.
"""

from __future__ import annotations

import base64
import html
import json
import mimetypes
import os
import shlex
from dataclasses import astuple, dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from .errors import OutputError
from .ladder import REGIONS, THEATRE_LABELS, Theatre, region_theatre
from .params import ScenarioParams
from .rules import REGISTRY
from .scenario import Scenario
from .simulate import EnsembleResult
from .store import manifest

NOTE = (
    "Every number in this report is a scenario-conditional estimate: the share of simulated "
    "replicates in which something happened under this scenario's assumptions, with a 95% "
    "Wilson interval over replicates in brackets. It is not a prediction. The intervals cover "
    "sampling noise only, not uncertainty in the model or its parameters."
)

#: Plot name -> (title, one sentence on how to read it).
CAPTIONS: dict[str, tuple[str, str]] = {
    "fan_chart": (
        "Escalation over time",
        "Each panel follows one theatre's escalation ladder week by week: the line is the "
        "median replicate and the shaded bands hold the central 50% and 90% of replicates, so a "
        "wide band means the path is uncertain under these assumptions.",
    ),
    "outcomes": (
        "Outcomes at the horizon",
        "Each bar is the share of replicates that end the horizon in that outcome class, with "
        "its 95% interval; the classes exclude each other, so the shares add up to 100%.",
    ),
    "cumulative_incidence": (
        "Timing of key events",
        "Each curve is the share of replicates in which a key event has happened by a given "
        "week, so reading it at week 26 gives the probability of that event within six months.",
    ),
    "occupancy": (
        "Ladder occupancy",
        "Colour shows the share of replicates at each ladder level (rows) in each week "
        "(columns), one panel per theatre, so dark cells mark where the ensemble spends its time.",
    ),
    "network": (
        "Who escalates against whom",
        "Nodes are actors and arrows the rules linking them, drawn thicker the more often a rule "
        "fired across replicates, so the thickest arrows are the main channels of escalation.",
    ),
}

_METADATA = ("name", "question", "description", "events")

_FALLBACK_CAPTION = (
    "Read it by its axes and legend; every share is over this scenario's replicates."
)
_ASSUMPTIONS_INTRO = (
    "Parameters of this scenario that differ from the package defaults; every other parameter "
    "keeps its default."
)
_RULES_INTRO = (
    "Every rule the actors follow, the article paragraphs it comes from and its escalation "
    "score by category (after Rivera et al. 2024)."
)
_MANIFEST_INTRO = (
    "The same resolved scenario (same hash) run with the same seed and replicates reproduces "
    "every number above: a replicate's run does not depend on how many ran beside it."
)
#: Manifest entries shown, in order (the full resolved scenario stays in manifest.json).
_MANIFEST_KEYS = (
    "scenario scenario_source scenario_chain overrides scenario_hash seed replicates "
    "first_replicate horizon_weeks command created_utc platform versions"
).split()


@dataclass(frozen=True)
class Assumption:
    """One parameter of a scenario that differs from the package default."""

    path: str
    value: str
    default: str
    meaning: str
    source: str


@dataclass(frozen=True)
class _Text:
    kind: str  # "h1", "h2", "h3", "p", "question" or "note"
    text: str


@dataclass(frozen=True)
class _Table:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    numeric: tuple[int, ...] = ()  # right-aligned columns
    code: tuple[int, ...] = ()  # identifiers shown as code
    sub_rows: frozenset[int] = frozenset()  # indented breakdown rows


@dataclass(frozen=True)
class _Figure:
    name: str
    title: str
    caption: str


def _flatten(data: Any, prefix: str = "") -> dict[str, Any]:
    if not isinstance(data, dict):
        return {prefix: data}
    out: dict[str, Any] = {}
    for key, value in data.items():
        out.update(_flatten(value, f"{prefix}.{key}" if prefix else str(key)))
    return out


def _field(params: BaseModel, path: str) -> FieldInfo | None:
    """The pydantic field a dotted path ends in (``west.US.aid_level``), or None."""
    node: Any = params
    parts = path.split(".")
    for i, part in enumerate(parts):
        if isinstance(node, BaseModel):
            if i == len(parts) - 1:
                return type(node).model_fields.get(part)
            node = getattr(node, part, None)
        elif isinstance(node, dict):
            node = node.get(part)
        else:
            return None
    return None


def _value(v: Any, unit: str = "") -> str:
    if v is None:
        return "-"
    if isinstance(v, bool):
        text = "true" if v else "false"
    elif isinstance(v, float):
        text = f"{v:g}"
    else:
        text = str(v)
    return f"{text} {unit}" if unit else text


def key_assumptions(scenario: Scenario) -> list[Assumption]:
    """Parameters of ``scenario`` that differ from the package defaults, in schema order.

    Parameters
    ----------
    scenario
        A resolved scenario (inheritance and overrides applied).

    Returns
    -------
    list of Assumption
        Dotted path, value, default, meaning and source of each differing parameter. Actors
        absent from the defaults (a new Western state) are compared with the class defaults.
    """
    params = scenario.params
    resolved = {k: v for k, v in scenario.resolved().items() if k not in _METADATA}
    defaults = ScenarioParams(name=params.name).model_dump(mode="json")
    flat_default = _flatten({k: v for k, v in defaults.items() if k not in _METADATA})
    out = []
    for path, value in _flatten(resolved).items():
        info = _field(params, path)
        if path in flat_default:
            default = flat_default[path]
        elif info is not None:
            default = info.get_default(call_default_factory=True)
        else:
            default = None
        if value == default:
            continue
        extra = info.json_schema_extra if info is not None else None
        extra = extra if isinstance(extra, dict) else {}
        unit = str(extra.get("unit", "") or "")
        out.append(
            Assumption(
                path=path,
                value=_value(value, unit),
                default=_value(default, unit),
                meaning=(info.description or "") if info is not None else "",
                source=str(extra.get("source", "-")),
            )
        )
    return out


def _region_label(region: str) -> str:
    if region in REGIONS:
        return THEATRE_LABELS[Theatre(region_theatre(REGIONS.index(region)))]
    return region.replace("_", " ")


def _pct(p: float | None) -> str:
    return "-" if p is None or p != p else f"{100 * p:.1f}%"


def _pci(p: float | None, lo: float | None, hi: float | None) -> str:
    """``12.3% [10.1%, 14.8%]``."""
    return f"{_pct(p)} [{_pct(lo)}, {_pct(hi)}]"


def _week(w: float | None) -> str:
    return "-" if w is None or w != w else f"{w:.0f}"


def _event_row(ev) -> tuple[str, ...]:
    detail = "-"
    if ev.region is not None:
        detail = _region_label(ev.region)
    elif ev.value is not None:
        detail = f"effort = {_value(ev.value)}"
    return (str(ev.week), ev.actor, ev.action, detail)


def _assumption_blocks(scenario: Scenario) -> list:
    rows = tuple(astuple(a) for a in key_assumptions(scenario))
    events = tuple(_event_row(e) for e in sorted(scenario.params.events, key=lambda e: e.week))
    header = ("Parameter", "Value", "Default", "Meaning", "Source")
    return [
        _Text("h2", "Key assumptions"),
        _Text("p", _ASSUMPTIONS_INTRO if rows else "Every parameter keeps its package default."),
        *([_Table(header, rows, code=(0,))] if rows else []),
        _Text("h3", "Scheduled events"),
        _Table(("Week", "Actor", "Action", "Region / value"), events, (0,), (2,))
        if events
        else _Text("p", "None: every move comes from the actors' rules."),
    ]


def _key_event_row(e: dict) -> tuple[str, ...]:
    iqr = f"{_week(e['week_median'])} ({_week(e['week_q25'])}-{_week(e['week_q75'])})"
    p6 = _pci(e["p_6m"], e["ci6_low"], e["ci6_high"])
    return (e["event"], _pci(e["p"], e["ci_low"], e["ci_high"]), p6, iqr)


def _summary_blocks(summary: dict) -> list:
    outcomes, subs = [], set()
    for i, o in enumerate(summary["outcomes"]):
        cls, _, region = o["outcome"].partition(": ")
        label = cls.replace("_", " ") + (f": {_region_label(region)}" if region else "")
        if region:
            subs.add(i)
        outcomes.append((label, str(o["count"]), _pci(o["p"], o["ci_low"], o["ci_high"])))
    regions = tuple(
        (_region_label(r["region"]), str(r["count"]), _pci(r["share"], r["ci_low"], r["ci_high"]))
        for r in summary.get("first_transfer_regions", [])
        if r["count"]
    )
    six = summary.get("six_months_weeks", 26)
    events = ("Key event", "P by horizon", f"P within {six} weeks", "Median week (IQR)")
    intro = (
        f"{summary['replicates']} replicates, seed {summary['seed']}, horizon "
        f"{summary['horizon_weeks']} weeks. P is the share of replicates, with its 95% interval "
        "in brackets."
    )
    blocks = [
        _Text("h2", "Summary"),
        _Text("p", intro),
        _Text("h3", "Outcome at the horizon"),
        _Table(("Outcome", "Runs", "P [95% CI]"), tuple(outcomes), (1, 2), (), frozenset(subs)),
        _Text("h3", "Key events"),
        _Table(events, tuple(_key_event_row(e) for e in summary["events"]), (1, 2, 3)),
    ]
    if regions:
        header = ("Region", "Runs", "Share of runs with a transfer")
        blocks += [_Text("h3", "First long-range transfer"), _Table(header, regions, (1, 2))]
    return blocks


def _rule_row(r) -> tuple[str, ...]:
    category = str(r.category or "-")  # dynamic rules have none
    return (r.id, r.actor, ", ".join(r.paragraphs), r.trigger, r.response, category, str(r.score))


def _rule_blocks() -> list:
    header = ("Rule", "Actor", "Paragraphs", "Trigger", "Response", "Category", "Score")
    return [
        _Text("h2", "Rules"),
        _Text("p", _RULES_INTRO),
        _Table(header, tuple(_rule_row(r) for r in REGISTRY), numeric=(6,), code=(0,)),
    ]


def report_manifest(result: EnsembleResult, directory: Path | None = None) -> dict:
    """The manifest a report shows, so that it matches the ``manifest.json`` beside it.

    Returns
    -------
    dict
        ``result.meta["manifest"]`` (a loaded result), else ``directory/manifest.json`` when it
        describes the same scenario hash, seed and replicates (the CLI writes it just before
        the report), else a fresh :func:`escalation_sim.store.manifest`.
    """
    if "manifest" in result.meta:
        return result.meta["manifest"]
    if directory is not None:
        try:
            man = json.loads((Path(directory) / "manifest.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            man = None
        same = (result.scenario.hash, result.seed, result.replicates)
        if isinstance(man, dict) and same == tuple(man.get(k) for k in _MANIFEST_KEYS[4:7]):
            return man
    return manifest(result)


def _manifest_blocks(man: dict) -> list:
    shown = dict(man)
    if isinstance(man.get("command"), list):
        shown["command"] = shlex.join(str(c) for c in man["command"])
    shown["scenario_chain"] = " -> ".join(Path(c).stem for c in man.get("scenario_chain", ()))
    shown["overrides"] = ", ".join(man.get("overrides", ())) or "none"
    shown["versions"] = ", ".join(f"{k} {v}" for k, v in man.get("versions", {}).items())
    rows = tuple((key, str(shown.get(key, "")) or "-") for key in _MANIFEST_KEYS)
    return [
        _Text("h2", "Manifest"),
        _Text("p", _MANIFEST_INTRO),
        _Table(("manifest.json key", "Value"), rows, code=(0,)),
    ]


def _blocks(result: EnsembleResult, plots: dict[str, Path], man: dict) -> list:
    sc = result.scenario
    blocks: list = [_Text("h1", sc.name)]
    if sc.question:
        blocks.append(_Text("question", sc.question))
    if sc.params.description:
        blocks.append(_Text("p", sc.params.description))
    blocks += [_Text("note", NOTE), *_assumption_blocks(sc), *_summary_blocks(result.summary())]
    if plots:
        blocks.append(_Text("h2", "Figures"))
    for name in plots:
        title = name.replace("_", " ").capitalize()
        blocks.append(_Figure(name, *CAPTIONS.get(name, (title, _FALLBACK_CAPTION))))
    return [*blocks, *_rule_blocks(), *_manifest_blocks(man)]


CSS = """
:root{--ink:#1d2430;--muted:#5b6676;--line:#d8dde5;--head:#f3f5f8;--warn:#b26b00;--warnbg:#fff6e0}
*{box-sizing:border-box}
body{margin:0;background:#fff;color:var(--ink);
 font:15px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
main{max-width:1080px;margin:0 auto;padding:2rem 1.5rem 3rem}
h1{font-size:2rem;margin:0 0 .5rem}
h2{font-size:1.35rem;margin:2.4rem 0 .6rem;padding-bottom:.25rem;
 border-bottom:2px solid var(--line)}
h3{font-size:1.05rem;margin:1.5rem 0 .4rem}
p.question{font-size:1.2rem;margin:.2rem 0 .8rem}
p.note{border-left:6px solid var(--warn);background:var(--warnbg);padding:.8rem 1rem;
 margin:1.4rem 0}
table{border-collapse:collapse;width:100%;margin:.5rem 0 1rem;font-size:.86rem}
th,td{padding:.35rem .55rem;border-bottom:1px solid var(--line);text-align:left;vertical-align:top}
th{background:var(--head);font-weight:600}
td.num{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}
tr.sub td:first-child{padding-left:1.8rem;color:var(--muted)}
code{font:.9em ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;overflow-wrap:anywhere}
figure{margin:1.4rem 0}
figure img{display:block;max-width:100%;height:auto;border:1px solid var(--line)}
figcaption{color:var(--muted);font-size:.9rem;margin-top:.4rem}
@media print{body{font-size:10.5pt}main{max-width:none;padding:0}h2,h3{break-after:avoid}
 tr,figure{break-inside:avoid}thead{display:table-header-group}
 p.note{border:1px solid var(--warn);border-left-width:6px}}
"""

# Defence in depth for text from user files: nothing may load or run, images are data: only.
CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'"
NOTE_LEAD = "Scenario-conditional estimates, not predictions."


def _html_block(block, images: dict[str, str]) -> str:
    esc = html.escape
    if isinstance(block, _Table):

        def row(cells, tag: str, cls: str = "") -> str:
            out = []
            for i, c in enumerate(cells):
                body = f"<code>{esc(c)}</code>" if tag == "td" and i in block.code else esc(c)
                num = ' class="num"' if tag == "td" and i in block.numeric else ""
                out.append(f"<{tag}{num}>{body}</{tag}>")
            return f"<tr{cls}>{''.join(out)}</tr>"

        body = "".join(
            row(r, "td", ' class="sub"' if i in block.sub_rows else "")
            for i, r in enumerate(block.rows)
        )
        return f"<table><thead>{row(block.header, 'th')}</thead><tbody>{body}</tbody></table>"
    if isinstance(block, _Figure):
        return (
            f'<figure><img src="{images[block.name]}" alt="{esc(block.title)}">'
            f"<figcaption><strong>{esc(block.title)}.</strong> {esc(block.caption)}</figcaption>"
            "</figure>"
        )
    if block.kind in ("h1", "h2", "h3"):
        return f"<{block.kind}>{esc(block.text)}</{block.kind}>"
    if block.kind == "note":
        return f'<p class="note" role="note"><strong>{NOTE_LEAD}</strong> {esc(block.text)}</p>'
    cls = ' class="question"' if block.kind == "question" else ""
    return f"<p{cls}>{esc(block.text)}</p>"


def _render_html(blocks: list, images: dict[str, str], title: str) -> str:
    """The report as one self-contained HTML page; ``images`` maps plot name -> data URI."""
    body = "\n".join(_html_block(b, images) for b in blocks)
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html.escape(title)} - escalation-sim report</title>\n"
        f"<style>{CSS}</style>\n</head>\n<body>\n<main>\n{body}\n</main>\n</body>\n</html>\n"
    )


def _md(text: str, cell: bool = False) -> str:
    """Markdown-safe text: no raw HTML tags from user files, no table breaks inside a cell."""
    text = text.replace("<", "&lt;")
    return " ".join(text.split()).replace("|", "\\|") if cell else text


def _md_block(block, links: dict[str, str]) -> str:
    if isinstance(block, _Table):

        def row(cells) -> str:
            return (
                "| "
                + " | ".join(
                    f"`{c}`" if i in block.code and "`" not in c else _md(c, cell=True)
                    for i, c in enumerate(cells)
                )
                + " |"
            )

        rule = "|".join("---:" if i in block.numeric else "---" for i in range(len(block.header)))
        head = "| " + " | ".join(_md(h, True) for h in block.header) + " |"
        return "\n".join([head, f"|{rule}|", *(row(r) for r in block.rows)])
    if isinstance(block, _Figure):
        return f"![{_md(block.title, True)}]({links[block.name]})\n\n*{_md(block.caption)}*"
    if block.kind in ("h1", "h2", "h3"):
        return f"{'#' * int(block.kind[1])} {_md(block.text)}"
    if block.kind == "question":
        return f"**Question:** {_md(block.text)}"
    if block.kind == "note":
        return f"> **{NOTE_LEAD}** {_md(block.text)}"
    return _md(block.text)


def _render_markdown(blocks: list, links: dict[str, str]) -> str:
    """The report as Markdown; ``links`` maps plot name -> image path relative to the report."""
    return "\n\n".join(_md_block(b, links) for b in blocks) + "\n"


def _relative_link(path: Path, directory: Path) -> str:
    try:
        rel = os.path.relpath(Path(path).resolve(), directory.resolve())
    except ValueError:  # another drive on Windows
        rel = str(Path(path).resolve())
    return quote(Path(rel).as_posix())


def write_report(result: EnsembleResult, directory: Path, plots: dict[str, Path]) -> list[Path]:
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

    Returns
    -------
    list of Path
        ``[report.html, report.md]``.

    Raises
    ------
    OutputError
        If a plot file cannot be read or the reports cannot be written.
    """
    d = Path(directory)
    images, links = {}, {}
    for name, path in plots.items():
        path = Path(path)
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise OutputError(f"report: plot {name!r} at {path}: {exc.strerror}") from None
        mime = mimetypes.guess_type(path.name)[0] or "image/png"
        images[name] = f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"
        links[name] = _relative_link(path, d)
    blocks = _blocks(result, plots, report_manifest(result, d))
    out = [d / "report.html", d / "report.md"]
    try:
        d.mkdir(parents=True, exist_ok=True)
        out[0].write_text(_render_html(blocks, images, result.scenario.name), encoding="utf-8")
        out[1].write_text(_render_markdown(blocks, links), encoding="utf-8")
    except OSError as exc:
        raise OutputError(f"report: cannot write into {d} ({exc.strerror})") from None
    return out


__all__ = ["CAPTIONS", "Assumption", "key_assumptions", "report_manifest", "write_report"]
