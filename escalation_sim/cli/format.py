"""Terminal layouts: text and Markdown tables, the run summary and the comparison.

Numbers are formatted by :mod:`escalation_sim.formatting` (shared with the report); this module
only lays them out for a terminal, as a plain table, Markdown or JSON.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .. import formatting as fmt
from ..core.theatres import label
from .common import OUTCOME_NAMES

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from ..analysis.summary import Summary


#: The indentation of an "of which" row, which Markdown would otherwise strip from a cell.
MARKDOWN_INDENT = "&emsp;"


def table(
    rows: list[list[str]], header: list[str], markdown: bool = False, width: int | None = None
) -> str:
    """A text table wrapped to the terminal (or ``width``), or a Markdown table: see
    :func:`escalation_sim.formatting.text_table`."""
    if markdown:
        return fmt.markdown_table(header, rows)
    return fmt.text_table(rows, header, width)


def prose(text: str, markdown: bool = False) -> str:
    """A sentence for the terminal, wrapped at words to its width (as tables are); Markdown
    and output to a file or pipe are left to their reader."""
    width = None if markdown else fmt.terminal_width()
    if width is None:
        return text
    import textwrap

    return textwrap.fill(text, width=width, break_long_words=False, break_on_hyphens=False)


def summary_text(summary: Summary, form: str = "table") -> str:
    """The run summary: outcome probabilities and key events, as text, Markdown or JSON."""
    if form == "json":
        return summary.to_json()
    md = form == "markdown"
    s = summary
    head = f"{s.scenario}: {s.replicates} replicates, seed {s.seed}, {s.horizon_weeks} weeks"
    out = [f"## {head}" if md else head]
    if s.question:
        out.append(prose(f"Question: {s.question}", md))
    out.append("")
    rows = []
    for o in s.outcomes:
        name = label(o.outcome)
        indent = MARKDOWN_INDENT if md else "  "
        if o.region is not None:
            name = f"{indent}of which in {label(o.region)}"
        elif o.path is not None:
            name = f"{indent}of which by {o.path_label}"
        rows.append([name, f"{o.count}", fmt.percent(o.share.p), fmt.interval(o.share)])
    out.append(table(rows, ["Outcome at horizon", "runs", "P", "95% CI"], md))
    out.append("")
    rows = [
        [
            e.event,
            fmt.percent(e.by_horizon.p),
            fmt.interval(e.by_horizon),
            fmt.percent(e.within_six_months.p),
            fmt.interval(e.within_six_months),
            fmt.timing(e.timing),
        ]
        for e in s.events
    ]
    header = ["Key event", "P by horizon", "95% CI", f"P within {s.six_months_weeks} wk", "95% CI"]
    out.append(table(rows, [*header, "median week (IQR)"], md))
    out.append(
        prose("(median week and its quartiles among the runs in which the event happened)", md)
    )
    regions = [r for r in s.first_transfer_regions if r.count]
    if regions:
        out.append("")
        out.append(
            prose(
                "First long-range transfer went to: "
                + ", ".join(f"{label(r.region)} {fmt.percent(r.share.p)}" for r in regions),
                md,
            )
        )
    score = s.escalation_score
    out.append("")
    out.append(
        prose(
            f"Escalation score per run (sum of Rivera et al. scores of all acts): median "
            f"{score.median:.0f}, 90% of runs in [{score.q05:.0f}, {score.q95:.0f}], "
            f"mean {score.mean:.0f}",
            md,
        )
    )
    out.append("")
    out.append(prose(f"Note: {s.note}.", md))
    return "\n".join(out)


def measure_label(measure: str) -> str:
    """An outcome class or a key event (``first_limited``, the column without ``_week``) in
    the words of the run summary."""
    if measure in OUTCOME_NAMES:
        return label(measure)
    from ..engine.outcomes import KEY_EVENTS

    return KEY_EVENTS.get(f"{measure}_week", measure.replace("_", " "))


def _measure(measure: str) -> str:
    """A comparison's measure in the run summary's words: ``outcome: direct_confrontation``
    reads ``outcome: direct confrontation``."""
    kind, sep, name = measure.partition(": ")
    return f"{kind}: {label(name)}" if sep and kind == "outcome" else measure


def compare_text(table_df: pd.DataFrame, form: str = "table") -> str:
    """Side-by-side probabilities with paired differences against the reference."""
    if form == "json":
        return table_df.to_json(orient="records", indent=2)
    md = form == "markdown"
    ref = table_df["reference"].iloc[0]
    blocks = []
    for name, part in table_df.groupby("scenario", sort=False):
        rows = [
            [
                _measure(r.measure),
                fmt.percent(r.p_reference),
                fmt.percent(r.p),
                fmt.points(r.difference),
                fmt.points_interval(r.diff_ci_low, r.diff_ci_high),
                "yes" if r.significant else "no",
            ]
            for r in part.itertuples(index=False)
        ]
        title = f"{name} vs {ref}"
        header = ["Measure", ref, name, "difference", "95% CI (paired)", "significant"]
        blocks.append((f"### {title}" if md else title) + "\n" + table(rows, header, md))
    note = (
        "Common random numbers: every scenario ran the same seed and replicates; differences "
        "use Newcombe's paired 95% interval; 'significant' = interval excludes 0."
    )
    return "\n\n".join(blocks) + "\n\n" + prose(note, md)


def uncertainty_text(summary_df: pd.DataFrame, name: str, result, form: str = "table") -> str:
    """``run --uncertainty``: each probability with its Monte Carlo interval, its band over
    the parameter sets and the parameters that move it most."""
    if form == "json":
        return summary_df.to_json(orient="records", indent=2)
    md = form == "markdown"
    per = result.replicates // result.sets
    head = (
        f"{name}: {result.replicates} replicates over {result.sets} parameter sets ({per} "
        f"each), seed {result.seed}; {result.values.shape[1]} parameters left at their "
        "defaults drawn from their plausible ranges"
    )
    out = [f"## {head}" if md else prose(head), ""]
    rows = []
    for r in summary_df.itertuples():
        rows.append(
            [
                measure_label(r.measure),
                fmt.percent(r.p),
                f"[{fmt.percent(r.ci_low)}, {fmt.percent(r.ci_high)}]",
                f"{fmt.percent(r.band_low)} - {fmt.percent(r.band_high)}",
                r.moved_by or "-",
            ]
        )
    header = [
        "Outcome / key event",
        "P",
        "95% CI (Monte Carlo)",
        "5-95% over sets",
        "moved most by (rank correlation)",
    ]
    out.append(table(rows, header, md))
    out.append("")
    out.append(
        prose(
            "Note: P pools every run; its interval covers sampling noise. The band is the "
            "spread of the probability over the parameter sets (each from its own replicates, "
            "so it includes their noise too): how much the answer depends on the assumptions.",
            md,
        )
    )
    return "\n".join(out)


def robustness_text(table_df: pd.DataFrame, sets: int, form: str = "table") -> str:
    """``compare --uncertainty``: how often each scenario raises each risk over the first."""
    if form == "json":
        return table_df.to_json(orient="records", indent=2)
    md = form == "markdown"
    rows = [
        [
            r.scenario,
            measure_label(r.measure),
            fmt.points(r.difference),
            f"{fmt.points(r.band_low)} to {fmt.points(r.band_high)}",
            f"{r.share_higher:.0%}",
            f"{r.share_lower:.0%}",
        ]
        for r in table_df.itertuples()
        if r.share_equal < 1.0
    ]
    head = (
        f"Robustness over {sets} parameter sets (common random numbers): the difference to "
        f"{table_df['reference'].iloc[0]} per set"
    )
    header = [
        "scenario",
        "measure",
        "mean difference",
        "5-95% over sets",
        "sets higher",
        "sets lower",
    ]
    return "\n".join([f"## {head}" if md else prose(head), "", table(rows, header, md)])
