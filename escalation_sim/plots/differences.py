"""Differences in probability between scenarios and a reference, with paired intervals.

Reads the table :func:`escalation_sim.analysis.compare.compare` returns (or a hand-made one with
the same columns): one panel per compared scenario, one bar per measure. The whiskers are
Newcombe's 95% paired intervals, which common random numbers make narrow; they cover sampling
noise only, not the uncertainty of the model or its parameters.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator

from .. import formatting as fmt
from ..engine.outcomes import KEY_EVENTS
from . import style as st

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

_DIFF_LABEL_COLUMNS = ("outcome", "measure")

#: Bar colours: a significant change towards escalation, towards de-escalation, one that is
#: neither (prolonged confrontation rises when runs escalate less *or* settle less), and a change
#: whose interval includes zero.
TOWARDS_ESCALATION, TOWARDS_DEESCALATION, NEITHER, NOT_SIGNIFICANT = (
    "#b2182b",
    "#1b7837",
    "#5e6f82",
    "0.75",
)

#: Measures that move away from escalation when they rise, and measures with no direction.
DEESCALATING = frozenset({"negotiated_deescalation", KEY_EVENTS["ceasefire_week"]})
UNDIRECTED = frozenset({"prolonged_confrontation"})

#: Rows that repeat another by definition: direct confrontation is the first outcome class by
#: precedence, so the event and the class are the same runs; the event's row is dropped.
DUPLICATES = {f"event: {KEY_EVENTS['direct_confrontation_week']}": "outcome: direct_confrontation"}


def escalation_sense(measure: str) -> int:
    """+1 if a rise in ``measure`` is a move towards escalation, -1 if towards de-escalation,
    0 if it has no direction.

    ``measure`` is a row of :func:`escalation_sim.analysis.compare.compare`
    (``"outcome: negotiated_deescalation"``, ``"event: ceasefire"``) or a bare outcome name.
    Every other outcome class and key event (permissions, strikes, transfers, wars, spirals)
    escalates.

    >>> escalation_sense("event: ceasefire"), escalation_sense("outcome: regional_war")
    (-1, 1)
    """
    name = measure.split(": ", 1)[1] if measure.startswith(("outcome: ", "event: ")) else measure
    if name in DEESCALATING:
        return -1
    if name in UNDIRECTED:
        return 0
    return 1


def _difference_columns(table: pd.DataFrame) -> tuple[str, str, str]:
    """Label column and interval columns of a difference table.

    :func:`escalation_sim.analysis.compare.compare` names the label ``measure`` and the difference's
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


def _bar_colour(measure: str, difference: float, significant: bool) -> str:
    if not significant or not np.isfinite(difference) or difference == 0:
        return NOT_SIGNIFICANT
    sense = escalation_sense(measure) * np.sign(difference)
    return {1: TOWARDS_ESCALATION, -1: TOWARDS_DEESCALATION}.get(int(sense), NEITHER)


@st.styled
def difference_chart(
    table: pd.DataFrame, *, ax: Axes | None = None, fig: Figure | None = None
) -> Figure:
    """Differences in probability against a reference scenario, with 95% intervals.

    Parameters
    ----------
    table
        One row per (outcome, scenario): columns ``outcome`` (or ``measure``), ``scenario``,
        ``reference``, ``difference``, its interval ``ci_low``/``ci_high`` (or
        ``diff_ci_low``/``diff_ci_high``, as :func:`escalation_sim.analysis.compare.compare` names
        them) and ``significant`` (the interval excludes zero).
    ax
        For a table of one scenario: the axes to draw into.
    fig
        An empty figure to draw into (one panel per scenario).

    Returns
    -------
    matplotlib.figure.Figure
        One panel per non-reference scenario: bars of the difference in percentage points with
        interval whiskers, coloured by the direction of a significant change - towards
        escalation or towards de-escalation (:func:`escalation_sense`), not by its sign - and
        grey where the interval includes zero. A row that repeats another by definition
        (:data:`DUPLICATES`) is left out.
    """
    label, lo_col, hi_col = _difference_columns(table)
    if table.empty:
        raise ValueError("difference table is empty")
    names = table[label].astype(str)
    repeated = [row for row, same in DUPLICATES.items() if same in set(names)]
    table = table[~names.isin(repeated)]
    scenarios = list(dict.fromkeys(table["scenario"].astype(str)))
    references = list(dict.fromkeys(table["reference"].astype(str)))
    measures = list(dict.fromkeys(table[label].astype(str)))
    n = len(measures)
    width = min(14.0, 5.0 + 4.0 * len(scenarios)) if len(scenarios) > 1 else 11.0
    height = max(3.6, 2.3 + 0.36 * n)  # room for title, legend and note
    if ax is not None:
        if len(scenarios) > 1:
            raise ValueError(
                f"ax= draws one scenario; the table has {len(scenarios)} ({', '.join(scenarios)})"
                "; pass fig= instead"
            )
        fig, ax, own = st.axes_for(ax, width, height)
        axes = [ax]
    else:
        fig, own = st.figure_for(fig, width, height)
        axes = fig.subplots(1, len(scenarios), sharey=True, sharex=True, squeeze=False)[0]
    panel_inches = (width - 3.5) / len(scenarios)  # less the measure labels on the left
    xlim = _difference_limits(
        table[[lo_col, hi_col, "difference"]].to_numpy(dtype=float), panel_inches
    )
    span = xlim[1] - xlim[0]
    y = np.arange(n)[::-1]
    for ax, scenario in zip(axes, scenarios, strict=True):
        rows = table[table["scenario"].astype(str) == scenario].set_index(
            table.loc[table["scenario"].astype(str) == scenario, label].astype(str)
        )
        rows = rows.reindex(measures)
        d = rows["difference"].to_numpy(dtype=float)
        lo = rows[lo_col].to_numpy(dtype=float)
        hi = rows[hi_col].to_numpy(dtype=float)
        sig = rows["significant"].fillna(False).to_numpy(dtype=bool)
        colours = [_bar_colour(m, di, s) for m, di, s in zip(measures, d, sig, strict=True)]
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
                fmt.points(di),
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
        Patch(color=TOWARDS_ESCALATION, label="significant change towards escalation"),
        Patch(color=TOWARDS_DEESCALATION, label="significant change towards de-escalation"),
        Patch(color=NEITHER, label="significant change, no direction (prolonged confrontation)"),
        Patch(color=NOT_SIGNIFICANT, label="not significant (95% interval includes 0)"),
    ]
    what = "Change in probability"
    if len(scenarios) == 1:
        head = f"{what}: {scenarios[0]} vs {', '.join(references)}"
    else:
        head = f"{what} vs {', '.join(references)}: {', '.join(scenarios)}"
    if ax is not None and not own:
        ax.set_title(head, loc="left")  # the caller's figure keeps its own title
    else:
        fig.suptitle(head)
    if own:
        st.footer(
            fig,
            "Differences in percentage points with 95% paired intervals (common random "
            "numbers); the colour says whether a rise or fall is a move towards escalation or "
            "away from it. Scenario-conditional, not forecasts.",
            handles=handles,
            ncols=2,
        )
    return fig
