"""Scenarios side by side: how soon and how often each key event happens, one curve per scenario.

Meant for ensembles run with the same seed and replicate indices (common random numbers), so
that what separates the curves is the scenarios' assumptions rather than sampling noise. The
curves are cumulative incidences - the share of runs in which an event has happened by week
*t* - so their heights at the horizon are the "by horizon" probabilities of the comparison
table, and a scenario that escalates earlier shows it even when the ladders' medians coincide.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from ..engine.outcomes import KEY_EVENTS
from . import style as st
from .probabilities import draw_incidence, incidence

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure

    from ..results.result import EnsembleResult

#: The events a comparison shows by default: the outcomes, then the moves that lead to them.
COMPARED_EVENTS = (
    "direct_confrontation_week",
    "regional_war_week",
    "ceasefire_week",
    "trainers_struck_week",
    "first_transfer_week",
    "arms_race_spiral_week",
)


def _panel_top(values: list[float]) -> float:
    """Upper y limit of a panel scaled to its data, with room for the labels at the horizon."""
    high = max(values, default=0.0)
    return min(1.0, max(0.01, high * 1.25 + 0.01))


@st.styled
def compare_incidence(
    results: Sequence[EnsembleResult],
    events: Sequence[str] = COMPARED_EVENTS,
    *,
    fig: Figure | None = None,
) -> Figure:
    """Cumulative incidence of key events, one panel per event and one curve per scenario.

    Parameters
    ----------
    results
        Ensembles to compare, ideally with the same seed and replicates.
    events
        Columns of the outcomes table (keys of
        :data:`~escalation_sim.engine.outcomes.KEY_EVENTS`), one panel each.
    fig
        An empty figure to draw into (default: a new one).

    Returns
    -------
    matplotlib.figure.Figure
        Each panel scaled to its own data (rare events are read at their scale), with 95%
        Wilson bands and each scenario's share at the horizon written at the curve's end.

    Raises
    ------
    ValueError
        If ``results`` is empty or an event is unknown.
    """
    results = list(results)
    if not results:
        raise ValueError("compare_incidence needs at least one result")
    unknown = [e for e in events if e not in KEY_EVENTS]
    if unknown or not events:
        raise ValueError(f"events(={list(events)!r}) must be a non-empty selection of KEY_EVENTS")
    colours = st.colour_cycle(len(results))
    n = len(events)
    ncols = st.grid_columns(n)
    nrows = -(-n // ncols)
    fig, own = st.figure_for(fig, 13 if ncols > 1 else 8, 1.6 + 3.0 * nrows)
    panels, spare = st.panel_grid(fig, n, ncols, sharex=True)
    for extra in spare:
        extra.remove()  # the legend goes below the panels
    horizon = max(r.weeks for r in results)
    for i, (ax, event) in enumerate(zip(panels, events, strict=True)):
        finals, tops = [], []
        for r, colour in zip(results, colours, strict=True):
            curve = incidence(r.outcomes[event], r.weeks)
            draw_incidence(ax, curve, colour, band=0.15, lw=1.9)
            finals.append((float(curve["p"].iloc[-1]), colour))
            tops.append(float(curve["ci_high"].max()))
        top = _panel_top(tops)
        ax.set_ylim(0, top)
        ax.set_xlim(0, horizon)
        _label_finals(ax, finals, horizon, top)
        ax.set_title(KEY_EVENTS[event], loc="left", fontsize=9.5)
        st.percent_axis(ax, "y")
        if i % ncols == 0:
            ax.set_ylabel("share of runs, by week")
        if i >= n - ncols:
            ax.set_xlabel("week")
            ax.xaxis.set_tick_params(labelbottom=True)
    same = len({(r.replicates, r.seed) for r in results}) == 1
    handles = []
    for r, colour in zip(results, colours, strict=True):
        label = r.scenario.name if same else f"{r.scenario.name} ({r.replicates:,}, seed {r.seed})"
        handles.append(Line2D([], [], color=colour, lw=1.9, label=label))
    handles.append(Patch(color="0.3", alpha=0.15, label="95% Wilson band"))
    names = ", ".join(r.scenario.name for r in results)
    if same:
        run = f"{results[0].replicates:,} replicates each, seed {results[0].seed}"
    else:
        run = "replicates and seeds differ: no common random numbers"
    fig.suptitle(f"Key events compared: share of runs by week | {names} | {run}")
    if own:
        st.footer(
            fig,
            "Each panel has its own scale; the share at the horizon is written at each curve's "
            "end. " + st.CONDITIONAL_NOTE,
            handles=handles,
            ncols=min(len(handles), 6),
        )
    else:
        fig.legend(handles=handles, loc="outside lower center", ncols=min(len(handles), 6))
    return fig


def _label_finals(ax, finals: list[tuple[float, str]], horizon: int, top: float) -> None:
    """Each scenario's share at the horizon, beside the panel's right edge, spread apart so
    that equal shares do not print over each other."""
    order = sorted(range(len(finals)), key=lambda k: finals[k][0])
    gap = 0.085 * top
    placed: list[float] = []
    for k in order:
        value, colour = finals[k]
        y = value if not placed else max(value, placed[-1] + gap)
        placed.append(y)
    # push the stack down if it runs off the top
    excess = placed[-1] - 0.97 * top if placed else 0.0
    if excess > 0:
        placed = [max(0.0, y - excess) for y in placed]
    for k, y in zip(order, placed, strict=True):
        value, colour = finals[k]
        ax.annotate(
            st.share_text(value),
            (horizon, value),
            xytext=(horizon, y),
            textcoords="data",
            ha="right",
            va="bottom",
            fontsize=8,
            fontweight="bold",
            color=colour,
            bbox={"boxstyle": "round,pad=0.12", "fc": "white", "ec": "none", "alpha": 0.85},
            zorder=5,
        )


__all__ = ["COMPARED_EVENTS", "compare_incidence"]
