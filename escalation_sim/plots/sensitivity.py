"""Figures of a sweep's analysis (:mod:`escalation_sim.analysis.sensitivity`).

Sobol bars with their bootstrap intervals, the Morris mu*-sigma map, a tornado of conditional
means, heatmaps of a lever grid, and PRIM's coverage/density trade-off and box limits. Each
function draws what one analysis holds and returns a :class:`~matplotlib.figure.Figure`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from matplotlib.patches import Patch

from . import style as st

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure

    from ..analysis.discovery import Discovery
    from ..analysis.sensitivity import SweepAnalysis

#: Under every sweep figure: what a point's number is and what the intervals do not cover.
SWEEP_NOTE = (
    "Each design point's probability is the share of its replicates; a sweep varies the "
    "assumptions over their plausible ranges, it does not forecast. Index intervals are "
    "bootstrap intervals (95%) and include the replicates' sampling noise."
)
S1_COLOUR, ST_COLOUR = "#4C72B0", "#DD8452"
LOW_COLOUR, HIGH_COLOUR = "#4C9F70", "#C44E52"


def _label(name: str) -> str:
    return name.replace("_", " ")


def _sweep_label(a: SweepAnalysis) -> str:
    m = a.manifest
    return f"{a.name} - {m['points']:,} points x {m['replicates']:,} replicates, seed {m['seed']}"


@st.styled
def sobol_bars(a: SweepAnalysis) -> Figure:
    """First- and total-order Sobol indices per factor with their intervals, one panel per
    outcome (and policy)."""
    t = a.sobol
    if t is None or t.empty:
        raise ValueError("sobol_bars: the sweep's design is not a Sobol (Saltelli) sample")
    groups = list(t.groupby(["outcome", "policy_label"], sort=False))
    k = t["factor"].nunique()
    fig = st.new_figure(7.5 if len(groups) == 1 else 11, 1.2 + 0.42 * k * -(-len(groups) // 2))
    axes, spare = st.panel_grid(fig, len(groups), ncols=2, sharex=True)
    for ax in spare:
        ax.set_visible(False)
    for ax, ((outcome, policy), g) in zip(axes, groups, strict=True):
        g = g.sort_values("ST")
        y = np.arange(len(g))
        ax.barh(y + 0.2, g["ST"], 0.38, xerr=g["ST_conf"], color=ST_COLOUR, capsize=2)
        ax.barh(y - 0.2, g["S1"], 0.38, xerr=g["S1_conf"], color=S1_COLOUR, capsize=2)
        ax.set_yticks(y, [_label(f) for f in g["factor"]])
        ax.axvline(0, color="0.3", lw=0.8)
        ax.set_title(_label(outcome) + ("" if len(groups) == 1 else f" | {policy}"))
        ax.set_xlabel("share of the outcome's variance across design points")
        ax.grid(axis="y", visible=False)
    st.title(fig, "Which assumptions drive the risk: Sobol indices", detail=_sweep_label(a))
    handles = [
        Patch(color=S1_COLOUR, label="first order S1: the factor alone"),
        Patch(color=ST_COLOUR, label="total order ST: with all its interactions"),
    ]
    st.footer(fig, SWEEP_NOTE, handles=handles, ncols=2)
    return fig


@st.styled
def morris_scatter(a: SweepAnalysis, label_top: int = 10) -> Figure:
    """Morris mu* (mean absolute elementary effect, with its interval) against sigma, one
    panel per outcome; the ``label_top`` factors with the largest mu* are named."""
    t = a.morris
    if t is None or t.empty:
        raise ValueError("morris_scatter: the sweep's design is not a Morris sample")
    groups = list(t.groupby(["outcome", "policy_label"], sort=False))
    fig = st.new_figure(8.4 * min(2, len(groups)), 5.2 * -(-len(groups) // 2))
    axes, spare = st.panel_grid(fig, len(groups), ncols=2)
    for ax in spare:
        ax.set_visible(False)
    for ax, ((outcome, policy), g) in zip(axes, groups, strict=True):
        ax.errorbar(
            g["mu_star"],
            g["sigma"],
            xerr=g["mu_star_conf"],
            fmt="o",
            ms=3.5,
            color="0.45",
            ecolor="0.75",
            elinewidth=0.8,
        )
        top = g.nlargest(label_top, "mu_star")
        ax.scatter(top["mu_star"], top["sigma"], s=22, color=HIGH_COLOUR, zorder=3)
        # numbered dots and a key beside the panel: names written at the dots would overlap
        for rank, (_, r) in enumerate(top.iterrows(), start=1):
            ax.annotate(
                str(rank),
                (r["mu_star"], r["sigma"]),
                fontsize=7.5,
                weight="bold",
                xytext=(3, 3),
                textcoords="offset points",
                color=HIGH_COLOUR,
            )
        key = "\n".join(f"{k}  {_label(f)}" for k, f in enumerate(top["factor"], start=1))
        ax.text(
            1.02,
            1.0,
            key,
            transform=ax.transAxes,
            va="top",
            ha="left",
            fontsize=7.5,
            family="monospace",
        )
        lim = max(g["mu_star"].max(), g["sigma"].max(), 1e-9) * 1.1
        ax.plot([0, lim], [0, lim], ls="--", lw=0.8, color="0.6")
        ax.set_xlim(0, lim)
        ax.set_ylim(0, lim)
        ax.set_xlabel("mu*: mean absolute effect on the probability")
        ax.set_ylabel("sigma: spread of the effects (interactions, non-linearity)")
        ax.set_title(_label(outcome) + ("" if len(groups) == 1 else f" | {policy}"))
    st.title(fig, "Which parameters matter at all: Morris screening", detail=_sweep_label(a))
    st.footer(
        fig,
        SWEEP_NOTE + " Factors near the origin can be left at their defaults; "
        "above the dashed line, interactions dominate.",
    )
    return fig


@st.styled
def tornado(a: SweepAnalysis, top: int = 12) -> Figure:
    """Per outcome, each factor's bar runs from the outcome's mean where the factor is in the
    lowest fifth of its range to where it is in the highest fifth."""
    t = a.tornado
    if t is None or t.empty:
        raise ValueError("tornado: the sweep has no sampled factors")
    outcomes = list(dict.fromkeys(t["outcome"]))
    k = min(top, t.groupby("outcome").size().max())
    fig = st.new_figure(6.2 * min(2, len(outcomes)), 1.4 + 0.36 * k)
    axes, spare = st.panel_grid(fig, len(outcomes), ncols=2)
    for ax in spare:
        ax.set_visible(False)
    for ax, outcome in zip(axes, outcomes, strict=True):
        g = t[t["outcome"] == outcome].head(top).iloc[::-1]
        y = np.arange(len(g))
        base = g["base"].iloc[0]
        for yi, (_, r) in zip(y, g.iterrows(), strict=True):
            ax.plot([r["low"], r["high"]], [yi, yi], color="0.8", lw=6, solid_capstyle="butt")
            ax.plot(r["low"], yi, "o", color=LOW_COLOUR, ms=6)
            ax.plot(r["high"], yi, "o", color=HIGH_COLOUR, ms=6)
        ax.axvline(base, color="0.3", lw=0.9, ls="--")
        ax.set_yticks(y, [_label(f) for f in g["factor"]])
        st.percent_axis(ax, "x")
        ax.set_xlabel(
            f"P({_label(outcome)}) - dashed: mean over all points ({st.share_text(base)})"
        )
        ax.set_title(_label(outcome))
        ax.grid(axis="y", visible=False)
    st.title(fig, "Tornado: the risk where each assumption is low or high", detail=_sweep_label(a))
    handles = [
        Patch(color=LOW_COLOUR, label="factor in the lowest fifth of its range"),
        Patch(color=HIGH_COLOUR, label="factor in the highest fifth"),
    ]
    st.footer(
        fig,
        SWEEP_NOTE + " Other factors vary across the points behind each dot.",
        handles=handles,
        ncols=2,
    )
    return fig


@st.styled
def lever_heatmap(a: SweepAnalysis) -> Figure:
    """Mean outcome over the first two levers (others averaged), one panel per outcome."""
    if a.lever_grid is None or len(a.levers) < 2:
        raise ValueError("lever_heatmap: the sweep needs at least two levers")
    rows, cols = a.levers[0], a.levers[1]
    from ..analysis.sensitivity import outcome_column

    fig = st.new_figure(5.2 * min(2, len(a.outcomes)), 3.6 * -(-len(a.outcomes) // 2) + 0.6)
    axes, spare = st.panel_grid(fig, len(a.outcomes), ncols=2)
    for ax in spare:
        ax.set_visible(False)
    for ax, outcome in zip(axes, a.outcomes, strict=True):
        col = outcome_column(outcome)
        grid = a.points.groupby([rows, cols], sort=False)[col].mean().unstack(cols)
        data = grid.to_numpy(dtype=float)
        im = ax.imshow(
            data, cmap="Reds", vmin=0, vmax=max(float(np.nanmax(data)), 1e-9), aspect="auto"
        )
        for (i, j), v in np.ndenumerate(data):
            dark = v > 0.6 * np.nanmax(data)
            ax.text(
                j,
                i,
                st.share_text(v),
                ha="center",
                va="center",
                fontsize=8.5,
                color="white" if dark else "0.1",
            )
        ax.set_xticks(range(data.shape[1]), [str(c) for c in grid.columns])
        ax.set_yticks(range(data.shape[0]), [str(r) for r in grid.index])
        ax.set_xlabel(_label(cols))
        ax.set_ylabel(_label(rows))
        ax.set_title(f"P({_label(outcome)})")
        ax.grid(False)
        fig.colorbar(im, ax=ax, shrink=0.8, format=lambda v, _p: f"{v:.0%}")
    others = ", ".join(_label(x) for x in a.levers[2:])
    st.title(fig, "The West's levers", detail=_sweep_label(a))
    note = "Each cell: the mean probability over the design points with that combination"
    note += f", averaged over {others}. " if others else ". "
    st.footer(
        fig,
        note + "A sweep's probabilities are shares of simulated replicates under "
        "each point's assumptions, not forecasts.",
    )
    return fig


@st.styled
def prim_tradeoff(d: Discovery) -> Figure:
    """PRIM's peeling trajectory: coverage against density, coloured by the number of
    restricted dimensions; the reported box is ringed."""
    t = d.trajectory
    fig = st.new_figure(8.2, 4.8)
    ax = fig.subplots()
    sc = ax.scatter(t["coverage"], t["density"], c=t["res_dim"], cmap="viridis", s=18)
    c = t.loc[d.chosen]
    ax.scatter(
        [c["coverage"]],
        [c["density"]],
        s=140,
        facecolors="none",
        edgecolors="#C44E52",
        lw=1.6,
        label=f"reported box: coverage {c['coverage']:.0%}, density {c['density']:.0%}",
    )
    ax.set_xlabel("coverage: share of all cases of interest inside the box")
    ax.set_ylabel("density: share of the box's points that are cases")
    st.percent_axis(ax, "x")
    st.percent_axis(ax, "y")
    ax.set_xlim(0, 1.03)
    ax.set_ylim(0, 1.03)
    ax.legend(loc="lower left")
    fig.colorbar(sc, ax=ax, label="restricted dimensions")
    st.title(
        fig,
        f"Where {_label(d.outcome)} is likely (PRIM)",
        detail=f"cases: P >= {d.threshold:.0%}, {d.cases:,} of {d.points:,} points",
    )
    st.footer(
        fig,
        "PRIM peels the space towards the points where the outcome is high; each "
        "dot is one box on the way, trading coverage for density.",
    )
    return fig


@st.styled
def prim_box(d: Discovery) -> Figure:
    """The reported PRIM box: each restricted factor's limits within its full range."""
    lim = d.limits
    fig = st.new_figure(8.6, 1.4 + 0.45 * max(1, len(lim)))
    ax = fig.subplots()
    y = np.arange(len(lim))[::-1]
    for yi, (_, r) in zip(y, lim.iterrows(), strict=True):
        ax.plot([0, 1], [yi, yi], color="0.85", lw=8, solid_capstyle="butt")
        if np.isfinite(r["min"]):
            lo, hi = (float(v) for v in r["range"].split(" - "))
            span = hi - lo or 1.0
            a, b = (r["min"] - lo) / span, (r["max"] - lo) / span
            ax.plot([a, b], [yi, yi], color="#C44E52", lw=8, solid_capstyle="butt")
            ax.text(1.02, yi, r["box"], va="center", fontsize=8)
        else:
            ax.text(0.5, yi, f"only: {r['box']}", va="center", ha="center", fontsize=8)
    ax.set_yticks(y, [_label(f) for f in lim["factor"]])
    ax.set_xlim(0, 1.3)
    ax.set_xticks([0, 0.5, 1], ["low end", "middle", "high end"])
    ax.grid(False)
    st.title(
        fig,
        f"The box where {_label(d.outcome)} is likely",
        detail=f"coverage {d.coverage:.0%}, density {d.density:.0%}",
    )
    st.footer(
        fig,
        "Red: the box's limits within each restricted factor's range (grey); "
        "factors not shown are unrestricted.",
    )
    return fig


def sweep_figures(a: SweepAnalysis) -> dict[str, Figure]:
    """Every figure the analysis supports, by file stem."""
    out: dict[str, Figure] = {}
    if a.sobol is not None and not a.sobol.empty:
        out["sobol"] = sobol_bars(a)
    if a.morris is not None and not a.morris.empty:
        out["morris"] = morris_scatter(a)
    if a.tornado is not None and not a.tornado.empty:
        out["tornado"] = tornado(a)
    if a.lever_grid is not None and len(a.levers) >= 2:
        out["levers"] = lever_heatmap(a)
    for outcome, d in a.discovery.items():
        if not isinstance(d, str):
            out[f"prim_tradeoff_{outcome}"] = prim_tradeoff(d)
            out[f"prim_box_{outcome}"] = prim_box(d)
    return out


__all__ = [
    "lever_heatmap",
    "morris_scatter",
    "prim_box",
    "prim_tradeoff",
    "sobol_bars",
    "sweep_figures",
    "tornado",
]
