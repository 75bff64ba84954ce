"""Probabilities with their intervals: outcome classes at the horizon and key events over time.

Every interval drawn here is a 95% Wilson interval over replicates, so it covers Monte Carlo
noise only - never the uncertainty of the model or of its parameters, which the notes under the
figures say. Differences between scenarios are drawn by :mod:`.differences`.
"""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
from matplotlib.colors import to_rgb

from ..analysis.stats import wilson
from ..core.theatres import label as theatre_label
from ..engine.outcomes import KEY_EVENTS, path_labels
from . import style as st

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from ..results.result import EnsembleResult

#: Key events that mark where a run ended up (right panel of the cumulative-incidence figure);
#: every other key event is a move by an actor (left panel).
OUTCOME_EVENTS = (
    "direct_confrontation_week",
    "regional_war_week",
    "background_war_week",
    "arms_race_spiral_week",
    "ceasefire_week",
)


@st.styled
def outcome_bars(result: EnsembleResult, *, ax: Axes | None = None) -> Figure:
    """Probability of each outcome class at the horizon, with 95% Wilson intervals.

    Parameters
    ----------
    result
        An ensemble from :func:`~escalation_sim.engine.ensemble.simulate`.
    ax
        Axes to draw into (default: those of a new figure).

    Returns
    -------
    matplotlib.figure.Figure
        Horizontal bars in the order of precedence of the classes; the direct-confrontation
        class is broken down by the path that led to it, the regional-war class by the region
        where it broke out first (indented, lighter rows). The figure of ``ax`` if given.
    """
    table = result.outcome_probabilities().reset_index(drop=True)
    paths = path_labels()
    fig, ax, own = st.axes_for(ax, 11, 1.6 + 0.45 * len(table))
    y = np.arange(len(table))[::-1]  # first class on top
    labels, colours = [], []
    parts = table["region"].fillna(table["path"])
    is_part = parts.notna().to_numpy()
    for head, part in zip(table["outcome"], parts, strict=True):
        colour = st.OUTCOME_COLOURS.get(head, "0.5")
        if not pd.isna(part):
            if head == "regional_war":
                what = f"in {theatre_label(part)}"  # the run summary's words
            else:
                what = f"by {paths.get(part, part)}"
            labels.append(f"      of which {what}")  # indent
            colours.append((*to_rgb(colour), 0.45))
        else:
            labels.append(st.pretty(head))
            colours.append(colour)
    p = table["p"].to_numpy(dtype=float)
    lo = table["ci_low"].to_numpy(dtype=float)
    hi = table["ci_high"].to_numpy(dtype=float)
    ax.barh(y, p, color=colours, height=0.66)
    ax.errorbar(p, y, xerr=[p - lo, hi - p], fmt="none", ecolor="0.15", elinewidth=1, capsize=3)
    for yi, pi, loi, hii, sub in zip(y, p, lo, hi, is_part, strict=True):
        ax.text(
            hii + 0.01,
            yi,
            f"{st.share_text(pi)}  [{st.share_text(loi)}-{st.share_text(hii)}]",
            va="center",
            fontsize=8 if sub else 9,
            color="0.35" if sub else "black",
            fontweight="normal" if sub else "bold",
        )
    ax.set_yticks(y, labels)
    for tick, sub in zip(ax.get_yticklabels(), is_part, strict=True):
        if sub:
            tick.set_color("0.4")
            tick.set_fontsize(8.5)
    _left_align_ticklabels(ax, fig)
    ax.set_xlim(0, min(1.0, float(np.nanmax(hi)) + 0.16))
    ax.set_ylim(-0.6, len(table) - 0.4)
    st.percent_axis(ax, "x")
    ax.set_xlabel("share of replicates ending the horizon in the class (95% Wilson interval)")
    ax.grid(axis="y", visible=False)
    if own:
        st.title(fig, f"Outcome at week {result.weeks}", result)
        st.footer(fig)
    else:
        ax.set_title(f"Outcome at week {result.weeks} | {st.run_label(result)}", loc="left")
    return fig


def _left_align_ticklabels(ax: Axes, fig: Figure) -> None:
    """Left-align the y tick labels so that leading spaces indent sub-rows.

    Right-aligned labels (matplotlib's default) would end flush at the axis whatever their
    leading spaces; left-aligned ones need the tick pad to be the widest label's width.
    """
    ticks = ax.get_yticklabels()
    widest = max((t.get_window_extent().width for t in ticks), default=0.0)
    for t in ticks:
        t.set_horizontalalignment("left")
    ax.tick_params(axis="y", pad=widest * 72.0 / fig.dpi + 8.0)


def incidence(weeks: pd.Series, horizon: int) -> pd.DataFrame:
    """Cumulative share of replicates in which an event has happened by each week.

    Parameters
    ----------
    weeks
        Week of the first occurrence per replicate; missing (NA) means it never happened.
    horizon
        Last week.

    Returns
    -------
    pandas.DataFrame
        Columns ``week`` (0..horizon), ``p`` and the 95% Wilson interval ``ci_low``, ``ci_high``.

    Examples
    --------
    >>> t = incidence(pd.Series([1, 3, None], dtype="Int16"), 3)
    >>> [round(v, 3) for v in t["p"]]
    [0.0, 0.333, 0.333, 0.667]
    """
    n = len(weeks)
    values = weeks.to_numpy(dtype=float, na_value=np.nan)
    grid = np.arange(horizon + 1)
    happened = np.nan_to_num(values, nan=np.inf)
    counts = (happened[None, :] <= grid[:, None]).sum(axis=1)
    bounds = np.array([wilson(int(k), n) for k in counts]).reshape(-1, 2)
    return pd.DataFrame(
        {
            "week": grid,
            "p": counts / n if n else np.nan,
            "ci_low": bounds[:, 0],
            "ci_high": bounds[:, 1],
        }
    )


def _incidence_panel(
    ax: Axes, result: EnsembleResult, columns: list[str], constant: list[str]
) -> None:
    """Curves of ``columns``, each in its event's colour; ``constant`` events (held from week 0
    in every replicate, e.g. the Middle East's background war) get a note instead of a flat line
    at 100%. The panel is scaled to its own data, so rare events are read at their scale."""
    horizon = result.weeks
    highest = 0.0
    for col in columns:
        curve = incidence(result.outcomes[col], horizon)
        final = curve["p"].iloc[-1]
        highest = max(highest, float(curve["ci_high"].max()))
        label = f"{KEY_EVENTS[col]} ({st.share_text(final)} by week {horizon})"
        draw_incidence(ax, curve, st.EVENT_COLOURS[col], band=0.13, lw=1.8, label=label)
    six = result.six_months
    if six <= horizon:
        ax.axvline(six, color="0.3", lw=0.9, ls=":")
        ax.text(
            six,
            1.0,
            f" six months (week {six})",
            transform=ax.get_xaxis_transform(),
            ha="left",
            va="top",
            fontsize=8,
            color="0.3",
        )
    ax.set_xlim(0, horizon)
    ax.set_ylim(0, min(1.04, max(0.01, 1.1 * highest)))
    ax.set_xlabel("week")
    st.percent_axis(ax, "y")
    held = "; ".join(KEY_EVENTS[c] for c in constant)
    if columns or constant:
        legend = ax.legend(
            loc="upper left",
            bbox_to_anchor=(0.0, -0.14),
            ncols=1,
            fontsize=8.5,
            # wrapped: a legend wider than its panel would push the panels apart
            title=textwrap.fill(f"held from week 0 in every run, not drawn: {held}", 75)
            if held
            else None,
            title_fontsize=8,
            alignment="left",
        )
        if held:
            legend.get_title().set_color("0.35")


@st.styled
def draw_incidence(
    ax: Axes, curve, colour, *, band: float = 0.13, lw: float = 1.8, label: str | None = None
) -> None:
    """One :func:`incidence` curve as a step line over its shaded 95% band."""
    week = curve["week"]
    ax.fill_between(
        week, curve["ci_low"], curve["ci_high"], step="post", color=colour, alpha=band, lw=0
    )
    ax.step(week, curve["p"], where="post", color=colour, lw=lw, label=label)


def cumulative_incidence(result: EnsembleResult, *, fig: Figure | None = None) -> Figure:
    """Share of replicates in which each key event has happened by week *t*.

    Parameters
    ----------
    result
        An ensemble from :func:`~escalation_sim.engine.ensemble.simulate`.
    fig
        An empty figure to draw into (default: a new one).

    Returns
    -------
    matplotlib.figure.Figure
        Two panels - the actors' moves (permissions, deep strikes, transfers, trainers,
        co-belligerence) and the thresholds and outcomes (arms-race spiral, regional war, direct
        confrontation, ceasefire) - with 95% Wilson bands and a line at six months. Each
        panel is scaled to its own data and each event keeps its colour
        (:data:`~escalation_sim.plots.style.EVENT_COLOURS`) wherever it is drawn.

    Notes
    -----
    A ceasefire may later collapse; its curve counts the first ceasefire, not one that holds.
    """
    out = result.outcomes
    have = [c for c in KEY_EVENTS if c in out.columns]
    # held from week 0 in every replicate (an event that never happened is missing, not 0)
    constant = {c for c in have if len(out) and (out[c].to_numpy(float, na_value=-1) == 0).all()}
    moves = [c for c in have if c not in OUTCOME_EVENTS]
    ends = [c for c in OUTCOME_EVENTS if c in have]
    groups = [
        (g, t) for g, t in ((moves, "Moves by the actors"), (ends, "Thresholds and outcomes")) if g
    ]
    if not groups:
        raise ValueError("result.outcomes has none of the key-event columns to plot")
    fig, own = st.figure_for(fig, 13, 7.2)
    axes = fig.subplots(1, len(groups), squeeze=False)[0]
    for ax, (columns, name) in zip(axes, groups, strict=True):
        drawn = [c for c in columns if c not in constant]
        _incidence_panel(ax, result, drawn, [c for c in columns if c in constant])
        ax.set_title(name, loc="left")
    axes[0].set_ylabel("share of replicates in which it has happened")
    st.title(fig, "Key events: cumulative incidence (95% Wilson bands)", result)
    if own:
        st.footer(fig, "Each panel has its own scale. " + st.CONDITIONAL_NOTE)
    return fig
