"""Reports: one self-contained HTML page and its Markdown twin for an ensemble.

A report is what an analyst hands to someone who did not run the model: the question, the
assumptions that set this scenario apart from the package defaults, the answer with 95%
intervals, the figures with a sentence on how to read each, the rules behind the events and the
manifest that reproduces every number. This module says what a report contains, as one list of
blocks (:mod:`.blocks`); :mod:`.render` writes that list as HTML and as Markdown, so both files
always say the same thing in the same order.

The HTML loads nothing: images are ``data:`` URIs, CSS is inline, and every piece of text is
escaped, because scenario questions and descriptions come from user files.
"""

from __future__ import annotations

import base64
import mimetypes
import os
import shlex
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

from .. import formatting as fmt
from ..core.theatres import label as theatre_label
from ..errors import OutputError
from ..plots.catalogue import plot_spec
from ..results.manifest import build_manifest
from .assumptions import assumption_blocks
from .blocks import Block, FigureBlock, TableBlock, TextBlock
from .render import render

if TYPE_CHECKING:  # pragma: no cover
    from ..analysis.summary import Summary
    from ..results.result import EnsembleResult

NOTE = (
    "Every number in this report is the share of simulated replicates in which something "
    "happened under this scenario's assumptions, with its 95% Wilson interval over replicates in "
    "brackets. The intervals cover sampling noise only, not uncertainty in the model or its "
    "parameters."
)

#: Caption of a figure outside the plot catalogue.
OTHER_CAPTION = "Read it by its axes and legend; every share is over this scenario's replicates."

#: Manifest entries shown, in order (the full resolved scenario stays in manifest.json).
MANIFEST_KEYS = (
    "scenario scenario_source scenario_chain overrides scenario_hash seed replicates "
    "first_replicate horizon_weeks command created_utc platform versions"
).split()


def summary_blocks(s: Summary) -> list[Block]:
    """The answer: outcomes at the horizon, key events, where the first transfer went."""
    outcomes, subs = [], set()
    for i, o in enumerate(s.outcomes):
        if o.region is not None:
            subs.add(i)
            name = f"of which {theatre_label(o.region)}"
        elif o.path is not None:
            subs.add(i)
            name = f"of which by {o.path_label}"
        else:
            name = theatre_label(o.outcome)
        outcomes.append((name, str(o.count), fmt.estimate(o.share)))
    events = tuple(
        (
            e.event,
            fmt.estimate(e.by_horizon),
            fmt.estimate(e.within_six_months),
            fmt.timing(e.timing),
        )
        for e in s.events
    )
    regions = tuple(
        (theatre_label(r.region), str(r.count), fmt.estimate(r.share))
        for r in s.first_transfer_regions
        if r.count
    )
    run = f"{s.replicates} replicates, seed {s.seed}, horizon {s.horizon_weeks} weeks."
    six = f"P within {s.six_months_weeks} weeks [95% CI]"
    header = ("Key event", "P by horizon [95% CI]", six, "Median week (IQR)")
    blocks = [
        TextBlock("h2", "Summary"),
        TextBlock("p", run),
        TextBlock("h3", "Outcome at the horizon"),
        TableBlock(("Outcome", "Runs", "P [95% CI]"), tuple(outcomes), (1, 2), (), frozenset(subs)),
        TextBlock("h3", "Key events"),
        TableBlock(header, events, numeric=(1, 2, 3)),
    ]
    if regions:
        blocks.append(TextBlock("h3", "Where the first long-range transfer went"))
        header = ("Region", "Runs", "Share of runs with a transfer [95% CI]")
        blocks.append(TableBlock(header, regions, numeric=(1, 2)))
    return blocks


def figure_blocks(plots: dict[str, Path]) -> list[Block]:
    """Each figure with its catalogue title and caption (a generic one outside the catalogue)."""
    blocks: list[Block] = [TextBlock("h2", "Figures")] if plots else []
    for name in plots:
        spec = plot_spec(name)
        if spec is not None:
            blocks.append(FigureBlock(name, spec.title, spec.caption))
        else:
            blocks.append(FigureBlock(name, name.replace("_", " ").capitalize(), OTHER_CAPTION))
    return blocks


def rule_blocks() -> list[Block]:
    """Every rule, the paragraphs it comes from and its escalation score."""
    rows = tuple(
        (
            r.id,
            r.actor,
            ", ".join(r.paragraphs),
            r.trigger,
            r.response,
            r.category or "-",
            str(r.score),
        )
        for r in fmt.rule_rows()
    )
    intro = (
        "Every rule the actors follow, the article paragraphs it comes from and its escalation "
        "score by category (after Rivera et al. 2024)."
    )
    header = ("Rule", "Actor", "Paragraphs", "Trigger", "Response", "Category", "Score")
    return [
        TextBlock("h2", "Rules"),
        TextBlock("p", intro),
        TableBlock(header, rows, numeric=(6,), code=(0,)),
    ]


def manifest_blocks(manifest: dict) -> list[Block]:
    """The manifest's entries that reproduce every number (see :data:`MANIFEST_KEYS`)."""
    shown = dict(manifest)
    if isinstance(manifest.get("command"), list):
        shown["command"] = shlex.join(str(c) for c in manifest["command"])
    shown["scenario_chain"] = " -> ".join(Path(c).stem for c in manifest.get("scenario_chain", ()))
    shown["overrides"] = ", ".join(manifest.get("overrides", ())) or "none"
    shown["versions"] = ", ".join(f"{k} {v}" for k, v in manifest.get("versions", {}).items())
    rows = tuple((key, str(shown.get(key, "")) or "-") for key in MANIFEST_KEYS)
    intro = (
        "Running the same resolved scenario (same hash) with the same seed and replicates "
        "reproduces every number above; a replicate's run does not depend on how many ran "
        "beside it."
    )
    return [
        TextBlock("h2", "Manifest"),
        TextBlock("p", intro),
        TableBlock(("Key", "Value"), rows, code=(0,)),
    ]


def report_blocks(result: EnsembleResult, plots: dict[str, Path], manifest: dict) -> list[Block]:
    """Everything a report says, in order."""
    sc = result.scenario
    blocks: list[Block] = [TextBlock("h1", sc.name)]
    if sc.question:
        blocks.append(TextBlock("question", sc.question))
    if sc.params.description:
        blocks.append(TextBlock("p", sc.params.description))
    return [
        *blocks,
        TextBlock("note", NOTE),
        *assumption_blocks(sc),
        *summary_blocks(result.summary()),
        *figure_blocks(plots),
        *rule_blocks(),
        *manifest_blocks(manifest),
    ]


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
    page, text = render(report_blocks(result, plots, manifest), images, links, result.scenario.name)
    out = [d / "report.html", d / "report.md"]
    try:
        d.mkdir(parents=True, exist_ok=True)
        out[0].write_text(page, encoding="utf-8")
        out[1].write_text(text, encoding="utf-8")
    except OSError as exc:
        raise OutputError(f"report: cannot write into {d} ({exc.strerror})") from None
    return out


__all__ = ["report_blocks", "write_report"]
