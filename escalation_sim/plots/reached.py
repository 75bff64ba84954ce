"""How high each ladder has climbed: the share of runs that have ever reached each level, by week.

Ladders step back down - a strike on trainers takes the Russia-NATO ladder to direct
confrontation for a week, mediation brings it back - so a figure of where runs *are* (a median,
a quantile band) can sit at "harassment" while nearly every run has been through direct
confrontation. The outcome classes count a level once reached, at any moment, so this figure
counts the same way: per theatre, the running maximum of each run's ladder, stacked by level,
with the outcome threshold's share at the horizon written beside it. For the Russia-NATO ladder
that share is, by construction, the probability of direct confrontation in the outcome table.

The running maxima are read from the per-replicate trajectories (levels at the end of each
week). A level held for part of a week only is missed there, so the direct-confrontation week of
the outcomes table - which reads each week's peak - is folded in: a run that reached direct
confrontation has reached every level up to it from that week on. Without trajectories the
figure draws only that exact curve and says what it cannot show.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from ..core.ladder import LEVELS, MAX_LEVEL
from ..core.theatres import THEATRES
from ..core.theatres import label as theatre_label
from . import style as st
from .probabilities import incidence

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from ..results.result import EnsembleResult

#: Fill of the band "highest level reached so far is L", one colour per level in every panel:
#: pale for the crisis levels, deep red for war, purple for the nuclear levels.
LEVEL_COLOURS = (
    "#f0f0f0",
    "#fee8c8",
    "#fdbb84",
    "#fc8d59",
    "#e34a33",
    "#b30000",
    "#7f0000",
    "#54278f",
    "#2d004b",
)

#: Colour of the threshold line and its label.
THRESHOLD_COLOUR = "#111111"


def threshold(theatre: str, result: EnsembleResult) -> tuple[int, str] | None:
    """The level from which a theatre's ladder marks an outcome, and what to call it.

    The Russia-NATO ladder defines direct confrontation. A region's ladder at the regional-war
    level is a war there; it is the regional-war outcome only where Russian-supplied weapons
    are used, which a ladder does not show, so it is named a war, not the outcome. The
    Russia-Ukraine war ladder defines no outcome.
    """
    o = result.scenario.params.outcomes
    if theatre == "nato":
        return o.direct_confrontation_level, "direct confrontation"
    if theatre == "ukraine":
        return None
    return o.regional_war_level, "war"


def _ladder_chunks(result: EnsembleResult):
    """Each run's ladder levels as (theatre, replicate, week) int8 arrays with their replicate
    ids, a chunk of whole replicates at a time: a stored table row group by row group (memory
    bounded by one chunk, whatever the replicate count), a table in memory at once."""
    columns = ["replicate", "week", *(f"ladder_{t}" for t in THEATRES)]
    stored = result.stored("trajectories")
    frames = stored.row_groups(columns) if stored is not None else [result.trajectories_table]
    weeks = result.weeks + 1
    for frame in frames:
        if not len(frame):
            continue
        rep = frame["replicate"].to_numpy()
        week = frame["week"].to_numpy()
        ids = np.unique(rep)
        if len(rep) != len(ids) * weeks:
            raise ValueError(
                f"trajectories hold {len(rep):,} rows, not {len(ids):,} replicates x {weeks} weeks"
            )
        # written replicate-major, week by week; sort only a table that was not
        ordered = np.array_equal(week, np.tile(np.arange(weeks), len(ids))) and np.array_equal(
            rep, np.repeat(ids, weeks)
        )
        order = slice(None) if ordered else np.lexsort((week, rep))
        levels = np.stack(
            [frame[f"ladder_{t}"].to_numpy(dtype=np.int8)[order] for t in THEATRES]
        ).reshape(len(THEATRES), len(ids), weeks)
        yield levels, ids


def ever_reached(result: EnsembleResult) -> pd.DataFrame | None:
    """Share of runs whose ladder has reached each level by each week, per theatre.

    Parameters
    ----------
    result
        An ensemble run with its trajectories.

    Returns
    -------
    pandas.DataFrame or None
        Columns ``theatre``, ``week``, ``level`` (0..8) and ``share``: the share of replicates
        whose ladder has been at ``level`` or above at some moment up to ``week``. ``None``
        for a result saved before these counts were recorded and without trajectories.

    Notes
    -----
    The engine counts, every week, the runs by the highest level each ladder has reached so far
    - within-week peaks included, as the outcome classes count them - so this is exact, costs
    nothing that grows with the replicate count, and on the Russia-NATO ladder its share at the
    direct-confrontation level is the probability of direct confrontation. A result saved
    before those counts were recorded is read from its trajectories, a chunk of replicates at a
    time: levels at the end of each week, with the direct-confrontation week of the outcomes
    table folded into the Russia-NATO ladder.
    """
    recorded = result.distributions.ever_reached()
    if recorded is not None:
        return recorded
    if result.trajectories_table is None:
        return None
    weeks = result.weeks + 1
    nlev = MAX_LEVEL + 1
    nato = THEATRES.index("nato")
    d = result.scenario.params.outcomes.direct_confrontation_level
    dc_week = result.outcomes.set_index("replicate")["direct_confrontation_week"]
    at_least = np.zeros((len(THEATRES), weeks, nlev), dtype=np.int64)
    runs = 0
    for levels, ids in _ladder_chunks(result):
        running = np.maximum.accumulate(levels, axis=2)
        dc = dc_week.reindex(ids).to_numpy(dtype=float, na_value=np.inf)
        since = np.arange(weeks)[None, :] >= dc[:, None]
        running[nato] = np.where(since, np.maximum(running[nato], d), running[nato])
        # runs at or above each level, per (theatre, week): one comparison per level on int8
        for level in range(nlev):
            at_least[:, :, level] += (running >= level).sum(axis=1)
        runs += len(ids)
    share = at_least / max(runs, 1)
    t, w, lv = np.meshgrid(
        np.arange(len(THEATRES)), np.arange(weeks), np.arange(nlev), indexing="ij"
    )
    return pd.DataFrame(
        {
            "theatre": np.asarray(THEATRES)[t.ravel()],
            "week": w.ravel(),
            "level": lv.ravel(),
            "share": share.ravel(),
        }
    )


def _threshold_line(ax: Axes, weeks: np.ndarray, curve: np.ndarray, level: int, name: str):
    """The share that has reached the threshold, with its value at the horizon at the end."""
    ax.step(weeks, curve, where="post", color=THRESHOLD_COLOUR, lw=1.8, zorder=4)
    final = float(curve[-1])
    high = final > 0.8
    ax.annotate(
        f"{name} (level {level}+): {st.share_text(final)}",
        (weeks[-1], final),
        xytext=(-4, -5 if high else 5),
        textcoords="offset points",
        ha="right",
        va="top" if high else "bottom",
        fontsize=8,
        fontweight="bold",
        color=THRESHOLD_COLOUR,
        zorder=6,
        bbox={"boxstyle": "round,pad=0.2", "fc": "white", "ec": "0.6", "lw": 0.5, "alpha": 0.9},
    )


def _draw_panel(
    ax: Axes, result: EnsembleResult, theatre: str, reached: pd.DataFrame | None, top: int
) -> None:
    weeks = np.arange(result.weeks + 1)
    found = threshold(theatre, result)
    if reached is not None:
        part = reached[reached["theatre"] == theatre]
        grid = part.pivot(index="week", columns="level", values="share").to_numpy()
        grid = np.column_stack([grid, np.zeros(len(grid))])  # "level top+1": nobody
        for level in range(top + 1):  # the band of runs whose highest level so far is this one
            ax.fill_between(
                weeks,
                grid[:, level + 1],
                grid[:, level],
                step="post",
                color=LEVEL_COLOURS[level],
                lw=0,
                zorder=1,
            )
        if found is not None:
            _threshold_line(ax, weeks, grid[:, found[0]], *found)
    else:
        if theatre == "nato" and found is not None:
            # exact without trajectories: the outcomes table keeps the week it was reached
            curve = incidence(result.outcomes["direct_confrontation_week"], result.weeks)["p"]
            _threshold_line(ax, weeks, curve.to_numpy(), *found)
        ax.text(
            0.5,
            0.5,
            "levels reached not shown: a result\nsaved by an older version, without\ntrajectories",
            transform=ax.transAxes,
            ha="center",
            va="center",
            fontsize=8.5,
            color="0.4",
        )
    ax.set_xlim(0, result.weeks)
    ax.set_ylim(0, 1.0)
    ax.set_axisbelow(False)
    ax.grid(True, color="white", alpha=0.5, lw=0.5)
    st.percent_axis(ax, "y")


def _legend_handles(top: int, with_levels: bool) -> list:
    handles = []
    if with_levels:
        handles = [
            Patch(color=LEVEL_COLOURS[lv], label=f"{lv} {LEVELS[lv].name}") for lv in range(top + 1)
        ][::-1]
    handles.append(
        Line2D([], [], color=THRESHOLD_COLOUR, lw=1.8, label="share that reached the threshold")
    )
    return handles


@st.styled
def reached_panel(
    result: EnsembleResult, theatre: str = "nato", *, ax: Axes | None = None
) -> Figure:
    """One theatre's ever-reached view (see :func:`fan_chart`), drawn into ``ax`` if given.

    Returns
    -------
    matplotlib.figure.Figure
        The figure of ``ax`` (or a new one) with the panel drawn.
    """
    st.check_theatres([theatre])
    fig, ax, own = st.axes_for(ax, 8, 4.6)
    reached = ever_reached(result)
    top = st.top_level(result)
    _draw_panel(ax, result, theatre, reached, top)
    ax.set_title(theatre_label(theatre), loc="left")
    ax.set_xlabel("week")
    ax.set_ylabel("share of runs, by highest level so far")
    if own:
        ax.legend(
            handles=_legend_handles(top, reached is not None),
            loc="upper left",
            bbox_to_anchor=(1.01, 1.0),
            title="Highest level reached so far",
        )
        st.title(fig, "Levels ever reached", result)
        st.footer(fig)
    return fig


@st.styled
def fan_chart(
    result: EnsembleResult, theatres: Sequence[str] | None = None, *, fig: Figure | None = None
) -> Figure:
    """Share of runs that have ever reached each ladder level, week by week, one panel per
    theatre.

    Parameters
    ----------
    result
        An ensemble from :func:`~escalation_sim.engine.ensemble.simulate`.
    theatres
        Ladders to show (default: all of :data:`~escalation_sim.core.theatres.THEATRES`).
    fig
        An empty figure to draw into (default: a new one).

    Returns
    -------
    matplotlib.figure.Figure
        One panel per theatre: stacked bands, one colour per level, whose heights at week *t*
        are the shares of runs whose highest level up to *t* is that level; a line for the
        share that has reached the theatre's outcome threshold, labelled with its value at the
        horizon (for the Russia-NATO ladder, the probability of direct confrontation).

    Notes
    -----
    A fan of running maxima: unlike a median, it never hides that runs went up and came back.
    It needs no trajectories (see :func:`ever_reached`); for a result saved by an older
    version without them, only the Russia-NATO threshold, from the outcomes table, is drawn.
    """
    chosen = st.check_theatres(theatres)
    reached = ever_reached(result)
    top = st.top_level(result)
    n = len(chosen)
    ncols = st.grid_columns(n)
    nrows = -(-n // ncols)
    fig, own = st.figure_for(fig, 13 if ncols > 1 else 8, 1.0 + 3.1 * nrows)
    panels, spare = st.panel_grid(fig, n, ncols, sharex=True, sharey=True)
    for i, (ax, theatre) in enumerate(zip(panels, chosen, strict=True)):
        _draw_panel(ax, result, theatre, reached, top)
        ax.set_title(theatre_label(theatre), loc="left")
        if i % ncols == 0:
            ax.set_ylabel("share of runs")
        if i >= n - ncols:
            ax.set_xlabel("week")
            ax.xaxis.set_tick_params(labelbottom=True)
    handles = _legend_handles(top, reached is not None)
    legend_title = "Highest level reached so far"
    with_weapons = result.outcomes["regional_war_week"].notna().mean()
    outcome = (result.outcomes["outcome"] == "regional_war").mean()
    regional_note = (
        "A war on a region's ladder is a regional war\nwith Russian-supplied weapons only "
        f"where\nthey are used: in {st.share_text(with_weapons)} of runs (any region).\n"
        f"As an outcome class, which yields to direct\nconfrontation: "
        f"{st.share_text(outcome)} of runs."
    )
    has_region = any(t not in ("nato", "ukraine") for t in chosen)
    if spare:
        host = spare[0]
        host.axis("off")
        host.legend(handles=handles, loc="upper left", title=legend_title, alignment="left")
        if has_region:
            host.text(0.0, 0.0, regional_note, transform=host.transAxes, fontsize=8, color="0.3")
        for extra in spare[1:]:
            extra.remove()
    detail = "" if reached is not None else "levels not recorded (older result)"
    st.title(fig, "Levels ever reached, by theatre", result, detail)
    if own:
        note = st.CONDITIONAL_NOTE
        if has_region and not spare:
            note = " ".join(regional_note.split()) + " " + note
        st.footer(fig, note, handles=None if spare else handles, ncols=4)
    return fig


__all__ = ["LEVEL_COLOURS", "ever_reached", "fan_chart", "reached_panel", "threshold"]
