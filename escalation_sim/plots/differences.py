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
from . import style as st

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure

_DIFF_LABEL_COLUMNS = ("outcome", "measure")


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


@st.styled
def difference_chart(table: pd.DataFrame) -> Figure:
    """Differences in probability against a reference scenario, with 95% intervals.

    Parameters
    ----------
    table
        One row per (outcome, scenario): columns ``outcome`` (or ``measure``), ``scenario``,
        ``reference``, ``difference``, its interval ``ci_low``/``ci_high`` (or
        ``diff_ci_low``/``diff_ci_high``, as :func:`escalation_sim.analysis.compare.compare` names
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
