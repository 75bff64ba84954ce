"""Probabilities with their intervals: outcome classes, key events over time and differences
between scenarios.

Every interval drawn here is a 95% interval over replicates (Wilson for a probability,
Newcombe's paired interval for a difference), so it covers Monte Carlo noise only - never the
uncertainty of the model or of its parameters, which the notes under the figures say.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
from matplotlib.colors import to_rgb
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator

from ..analysis.stats import wilson
from ..core.theatres import label as theatre_label
from ..engine.outcomes import KEY_EVENTS
from . import style as st

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from ..engine.ensemble import EnsembleResult

#: Key events that mark where a run ended up (right panel of the cumulative-incidence figure);
#: every other key event is a move by an actor (left panel).
OUTCOME_EVENTS = (
    "direct_confrontation_week",
    "regional_war_week",
    "arms_race_spiral_week",
    "ceasefire_week",
)

EVENT_COLOURS = (*st.OKABE_ITO, "#7f0000")


@st.styled
def outcome_bars(result: EnsembleResult) -> Figure:
    """Probability of each outcome class at the horizon, with 95% Wilson intervals.

    Parameters
    ----------
    result
        An ensemble from :func:`~escalation_sim.simulate.simulate`.

    Returns
    -------
    matplotlib.figure.Figure
        Horizontal bars in the order of precedence of the classes; the regional-war class is
        broken down by the region that reached war first (indented, lighter rows).
    """
    table = result.outcome_probabilities().reset_index(drop=True)
    fig = st.new_figure(11, 1.6 + 0.45 * len(table))
    ax = fig.subplots()
    y = np.arange(len(table))[::-1]  # first class on top
    labels, colours = [], []
    for name in table["outcome"]:
        head, _, region = name.partition(": ")
        colour = st.OUTCOME_COLOURS.get(head, "0.5")
        if region:
            labels.append(f"      of which {theatre_label(region)}")  # indent
            colours.append((*to_rgb(colour), 0.45))
        else:
            labels.append(st.pretty(head))
            colours.append(colour)
    p = table["p"].to_numpy(dtype=float)
    lo = table["ci_low"].to_numpy(dtype=float)
    hi = table["ci_high"].to_numpy(dtype=float)
    ax.barh(y, p, color=colours, height=0.66)
    ax.errorbar(p, y, xerr=[p - lo, hi - p], fmt="none", ecolor="0.15", elinewidth=1, capsize=3)
    for yi, pi, loi, hii, name in zip(y, p, lo, hi, table["outcome"], strict=True):
        sub = ": " in name
        ax.text(
            hii + 0.01,
            yi,
            f"{100 * pi:.1f}%  [{100 * loi:.1f}-{100 * hii:.1f}]",
            va="center",
            fontsize=8 if sub else 9,
            color="0.35" if sub else "black",
            fontweight="normal" if sub else "bold",
        )
    ax.set_yticks(y, labels)
    for tick, name in zip(ax.get_yticklabels(), table["outcome"], strict=True):
        if ": " in name:
            tick.set_color("0.4")
            tick.set_fontsize(8.5)
    _left_align_ticklabels(ax, fig)
    ax.set_xlim(0, min(1.0, float(np.nanmax(hi)) + 0.16))
    ax.set_ylim(-0.6, len(table) - 0.4)
    st.percent_axis(ax, "x")
    ax.set_xlabel("share of replicates ending the horizon in the class (95% Wilson interval)")
    ax.grid(axis="y", visible=False)
    st.title(fig, f"Outcome at week {result.weeks}", result)
    st.footer(fig)
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


def _incidence_panel(ax: Axes, result: EnsembleResult, columns: list[str]) -> None:
    horizon = result.weeks
    for colour, col in zip(EVENT_COLOURS, columns, strict=False):
        curve = incidence(result.outcomes[col], horizon)
        final = curve["p"].iloc[-1]
        ax.fill_between(
            curve["week"],
            curve["ci_low"],
            curve["ci_high"],
            step="post",
            color=colour,
            alpha=0.18,
            lw=0,
        )
        ax.step(
            curve["week"],
            curve["p"],
            where="post",
            color=colour,
            lw=1.8,
            label=f"{KEY_EVENTS[col]} ({100 * final:.0f}% by week {horizon})",
        )
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
    ax.set_ylim(0, 1.04)
    ax.set_xlabel("week")
    st.percent_axis(ax, "y")
    ax.legend(loc="upper left", bbox_to_anchor=(0.0, -0.14), ncols=1, fontsize=8.5)


@st.styled
def cumulative_incidence(result: EnsembleResult) -> Figure:
    """Share of replicates in which each key event has happened by week *t*.

    Parameters
    ----------
    result
        An ensemble from :func:`~escalation_sim.simulate.simulate`.

    Returns
    -------
    matplotlib.figure.Figure
        Two panels - the actors' moves (permissions, deep strikes, transfers, trainers,
        co-belligerence) and the thresholds and outcomes (arms-race spiral, regional war, direct
        confrontation, ceasefire) - with 95% Wilson bands and a line at six months.

    Notes
    -----
    A ceasefire may later collapse; its curve counts the first ceasefire, not one that holds.
    """
    have = [c for c in KEY_EVENTS if c in result.outcomes.columns]
    moves = [c for c in have if c not in OUTCOME_EVENTS]
    ends = [c for c in OUTCOME_EVENTS if c in have]
    groups = [
        (g, t) for g, t in ((moves, "Moves by the actors"), (ends, "Thresholds and outcomes")) if g
    ]
    if not groups:
        raise ValueError("result.outcomes has none of the key-event columns to plot")
    fig = st.new_figure(13, 7.2)
    axes = fig.subplots(1, len(groups), sharey=True, squeeze=False)[0]
    for ax, (columns, name) in zip(axes, groups, strict=True):
        _incidence_panel(ax, result, columns)
        ax.set_title(name, loc="left")
    axes[0].set_ylabel("share of replicates in which it has happened")
    st.title(fig, "Key events: cumulative incidence (95% Wilson bands)", result)
    st.footer(fig)
    return fig


_DIFF_LABEL_COLUMNS = ("outcome", "measure")


def _difference_columns(table: pd.DataFrame) -> tuple[str, str, str]:
    """Label column and interval columns of a difference table.

    :func:`escalation_sim.compare.compare` names the label ``measure`` and the difference's
    interval ``diff_ci_low``/``diff_ci_high`` (its ``ci_low``/``ci_high`` bound the scenario's
    own probability); hand-made tables may use ``outcome`` and ``ci_low``/``ci_high``.
    """
    label = next((c for c in _DIFF_LABEL_COLUMNS if c in table.columns), None)
    if "diff_ci_low" in table.columns and "diff_ci_high" in table.columns:
        lo, hi = "diff_ci_low", "diff_ci_high"
    else:
        lo, hi = "ci_low", "ci_high"
    required = {"scenario", "reference", "difference", "significant", lo, hi}
    missing = sorted(required - set(table.columns))
    if label is None:
        missing.insert(0, "outcome")
    if missing:
        raise ValueError(
            f"difference table lacks column(s) {', '.join(missing)}; "
            f"has {', '.join(map(str, table.columns))}"
        )
    return label, lo, hi


def _difference_limits(values: np.ndarray, panel_inches: float) -> tuple[float, float]:
    """x limits that hold every interval and zero, with room for the value labels beyond them.

    A "+12.3 pp" label needs about 0.8 in whatever the scale, so the room is worked out from the
    panel's width; only a side that has bars gets it, so a table of increases does not waste
    half of the panel on an empty negative side.
    """
    finite = values[np.isfinite(values)]
    lo = min(float(finite.min()), 0.0) if finite.size else 0.0
    hi = max(float(finite.max()), 0.0) if finite.size else 0.0
    width = max(hi - lo, 0.02)
    share = min(0.8 / max(panel_inches, 1.0), 0.3)  # of the axis, per side that has labels
    sides = (lo < 0) + (hi > 0)
    total = width / (1.0 - share * sides)
    room = share * total
    return (lo - (room if lo < 0 else 0.02 * width), hi + (room if hi > 0 else 0.02 * width))


@st.styled
def difference_chart(table: pd.DataFrame) -> Figure:
    """Differences in probability against a reference scenario, with 95% intervals.

    Parameters
    ----------
    table
        One row per (outcome, scenario): columns ``outcome`` (or ``measure``), ``scenario``,
        ``reference``, ``difference``, its interval ``ci_low``/``ci_high`` (or
        ``diff_ci_low``/``diff_ci_high``, as :func:`escalation_sim.compare.compare` names
        them) and ``significant`` (the interval excludes zero).

    Returns
    -------
    matplotlib.figure.Figure
        One panel per non-reference scenario: bars of the difference in percentage points with
        interval whiskers; significant increases and decreases in colour, the rest grey.
    """
    label, lo_col, hi_col = _difference_columns(table)
    if table.empty:
        raise ValueError("difference table is empty")
    scenarios = list(dict.fromkeys(table["scenario"].astype(str)))
    references = list(dict.fromkeys(table["reference"].astype(str)))
    measures = list(dict.fromkeys(table[label].astype(str)))
    n = len(measures)
    width = min(14.0, 5.0 + 4.0 * len(scenarios)) if len(scenarios) > 1 else 11.0
    fig = st.new_figure(width, max(3.6, 2.3 + 0.36 * n))  # room for title, legend and note
    axes = fig.subplots(1, len(scenarios), sharey=True, sharex=True, squeeze=False)[0]
    panel_inches = (width - 3.5) / len(scenarios)  # less the measure labels on the left
    xlim = _difference_limits(
        table[[lo_col, hi_col, "difference"]].to_numpy(dtype=float), panel_inches
    )
    span = xlim[1] - xlim[0]
    y = np.arange(n)[::-1]
    up, down, flat = "#b2182b", "#2166ac", "0.72"
    for ax, scenario in zip(axes, scenarios, strict=True):
        rows = table[table["scenario"].astype(str) == scenario].set_index(
            table.loc[table["scenario"].astype(str) == scenario, label].astype(str)
        )
        rows = rows.reindex(measures)
        d = rows["difference"].to_numpy(dtype=float)
        lo = rows[lo_col].to_numpy(dtype=float)
        hi = rows[hi_col].to_numpy(dtype=float)
        sig = rows["significant"].fillna(False).to_numpy(dtype=bool)
        colours = [(up if di > 0 else down) if s else flat for di, s in zip(d, sig, strict=True)]
        ax.barh(y, d, color=colours, height=0.62)
        ax.errorbar(
            d, y, xerr=[d - lo, hi - d], fmt="none", ecolor="0.2", elinewidth=0.9, capsize=2.5
        )
        ax.axvline(0, color="black", lw=0.9)
        for yi, di, loi, hii, s in zip(y, d, lo, hi, sig, strict=True):
            if np.isnan(di):
                continue
            rising = di >= 0
            ax.text(
                (hii if rising else loi) + (0.02 if rising else -0.02) * span,
                yi,
                f"{100 * di:+.1f} pp",
                va="center",
                ha="left" if rising else "right",
                fontsize=8,
                fontweight="bold" if s else "normal",
                color="black" if s else "0.4",
            )
        ax.set_xlim(*xlim)
        # a difference of proportions lies in [-1, 1]: no ticks beyond, and few enough to read
        ticks = MaxNLocator(nbins=7, steps=[1, 2, 2.5, 5, 10]).tick_values(*xlim)
        ax.set_xticks([t for t in ticks if -1.0 <= t <= 1.0 and xlim[0] <= t <= xlim[1]])
        st.percent_axis(ax, "x", points=True)
        ax.grid(axis="y", visible=False)
        ax.set_xlabel(f"{scenario} minus {', '.join(references)}")
        if len(scenarios) > 1:
            ax.set_title(scenario, loc="left")
    axes[0].set_yticks(y)
    axes[0].set_yticklabels([st.pretty(m) for m in measures])
    handles = [
        Patch(color=up, label="significant increase"),
        Patch(color=down, label="significant decrease"),
        Patch(color=flat, label="not significant (95% interval includes 0)"),
    ]
    what = "Change in probability"
    if len(scenarios) == 1:
        head = f"{what}: {scenarios[0]} vs {', '.join(references)}"
    else:
        head = f"{what} vs {', '.join(references)}: {', '.join(scenarios)}"
    fig.suptitle(head)
    st.footer(
        fig,
        "Differences in percentage points with 95% paired intervals (common random numbers); "
        "scenario-conditional, not forecasts.",
        handles=handles,
        ncols=3,
    )
    return fig
