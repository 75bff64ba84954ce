"""House style shared by every figure: sizes, colours, titles, notes and the ladder axis.

Figures are built as bare :class:`matplotlib.figure.Figure` objects, never through pyplot, so the
plotting package needs no backend, keeps no global figure registry and works headless; the
house style is applied with :func:`matplotlib.rc_context` while a figure is being built, so that
importing or calling this package never changes the caller's matplotlib settings.
"""

from __future__ import annotations

import functools
import textwrap
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

import matplotlib as mpl
import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from ..core.ladder import LEVELS, NON_NUCLEAR_MAX
from ..core.theatres import THEATRES, label

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes

    from ..results.result import EnsembleResult

DPI = 130

#: The note along the bottom edge: characters per inch of figure width, inches per line, and
#: padding (inches) around it.
NOTE_CHARS_PER_INCH = 15
NOTE_LINE = 0.15
NOTE_PAD = 0.17

#: Reminder printed under every figure: the model answers "what if", it does not forecast.
CONDITIONAL_NOTE = (
    "Scenario-conditional estimates: shares of simulated replicates under this scenario's "
    "assumptions, not forecasts. Intervals cover sampling noise only, not model or parameter "
    "uncertainty."
)

RC = {
    "font.size": 9.5,
    "axes.titlesize": 10.5,
    "axes.labelsize": 9.5,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.alpha": 0.35,
    "grid.linewidth": 0.6,
    "xtick.labelsize": 8.5,
    "ytick.labelsize": 8.5,
    "legend.fontsize": 8.5,
    "legend.frameon": False,
    "figure.titlesize": 12.5,
    "figure.titleweight": "bold",
}

#: One colour per theatre ladder (fans, heatmap panel accents).
THEATRE_COLOURS = {
    "ukraine": "#1f5fa8",
    "nato": "#b2182b",
    "middle_east": "#d9822b",
    "asia": "#6a3d9a",
    "latin_america": "#1b7837",
}

OUTCOME_COLOURS = {
    "direct_confrontation": "#b2182b",
    "regional_war": "#d9822b",
    "negotiated_deescalation": "#1b7837",
    "prolonged_confrontation": "#5e6f82",
}

#: One colour per key event (column of the outcomes table), the same in every panel and figure;
#: the outcome events share their outcome class's colour.
EVENT_COLOURS = {
    "first_limited_week": "#9ecae1",
    "first_permission_week": "#2166ac",
    "first_threat_week": "#8073ac",
    "first_deep_strike_week": "#e7298a",
    "declaration_week": "#a6761d",
    "cobelligerence_week": "#542788",
    "first_trainers_week": "#35978f",
    "trainers_struck_week": "#67001f",
    "first_transfer_week": "#E69F00",
    "first_answer_week": "#56B4E9",
    "arms_race_spiral_week": "#000000",
    "background_war_week": "#8c6d31",
    "regional_war_week": OUTCOME_COLOURS["regional_war"],
    "direct_confrontation_week": OUTCOME_COLOURS["direct_confrontation"],
    "ceasefire_week": OUTCOME_COLOURS["negotiated_deescalation"],
}

#: Colour-blind safe palette (Okabe and Ito), in the order lines are drawn.
OKABE_ITO = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9")

#: Distinct colours for scenarios overlaid in one figure.
SCENARIO_COLOURS = (*OKABE_ITO, "#000000")


def styled(build: Callable[..., Figure]) -> Callable[..., Figure]:
    """Build a figure under the house rc settings without leaking them to the caller."""

    @functools.wraps(build)
    def wrapper(*args, **kwargs) -> Figure:
        with mpl.rc_context(RC):
            return build(*args, **kwargs)

    return wrapper


class ShownFigure(Figure):
    """A figure that shows itself as an image in Jupyter (IPython's rich display), with no
    ``%matplotlib`` magic and no pyplot: escalation-sim builds its figures without pyplot, so
    no backend would display them otherwise."""

    def _repr_png_(self) -> bytes:
        import io

        buf = io.BytesIO()
        self.savefig(buf, format="png")
        return buf.getvalue()


def new_figure(width: float, height: float) -> Figure:
    """A pyplot-free figure with constrained layout at the house resolution."""
    return ShownFigure(figsize=(width, height), dpi=DPI, layout="constrained")


def figure_for(fig: Figure | None, width: float, height: float) -> tuple[Figure, bool]:
    """The figure to draw a multi-panel plot into: the caller's (``fig=``), which must be
    empty, or a new one; and whether it is new (only a new figure gets the house note)."""
    if fig is None:
        return new_figure(width, height), True
    if fig.axes:
        raise ValueError(f"fig(={fig!r}) already has axes; pass an empty figure or ax=")
    return fig, False


def axes_for(ax: Axes | None, width: float, height: float) -> tuple[Figure, Axes, bool]:
    """The panel to draw a one-panel plot into: the caller's (``ax=``) or that of a new figure;
    and whether the figure is new (a caller's figure keeps its own title and layout)."""
    if ax is None:
        fig = new_figure(width, height)
        return fig, fig.subplots(), True
    return ax.figure, ax, False


def run_label(result: EnsembleResult) -> str:
    """``"<scenario> - 2,000 replicates, seed 1"``: what every title says about the run."""
    return f"{result.scenario.name} - {result.replicates:,} replicates, seed {result.seed}"


def title(fig: Figure, what: str, result: EnsembleResult | None = None, detail: str = "") -> None:
    """Figure title naming what is shown and (when given) the scenario and replicate count."""
    parts = [what]
    if result is not None:
        parts.append(run_label(result))
    if detail:
        parts.append(detail)
    fig.suptitle(" | ".join(parts))


def footer(fig: Figure, text: str = CONDITIONAL_NOTE, handles: list | None = None, ncols=4):
    """A caption-like note along the bottom edge and, above it, an optional figure legend.

    Both sit in a strip the layout engine is told to leave free (its ``rect``). A figure legend
    placed "outside" by constrained layout would land on the note, because it anchors to the
    figure's edge rather than to the layout's rect, so the legend is anchored by hand here.
    """
    width, height = fig.get_size_inches()
    # ~15 characters of 8-point text per inch; wrapped by hand because the layout engine does
    # not make room for text that matplotlib wraps at draw time
    lines = textwrap.wrap(text, width=max(40, int(NOTE_CHARS_PER_INCH * width)))
    note_height = NOTE_PAD + NOTE_LINE * len(lines)
    strip = note_height
    if handles:
        rows = -(-len(handles) // ncols)
        legend = fig.legend(
            handles=handles,
            loc="lower center",
            ncols=ncols,
            bbox_to_anchor=(0.5, note_height / height),
            bbox_transform=fig.transFigure,
        )
        legend.set_in_layout(False)
        strip += 0.24 * rows + 0.16  # inches: one line of legend text per row, plus padding
    bottom = min(strip / height, 0.4)
    fig.get_layout_engine().set(rect=(0, bottom, 1, 1 - bottom))
    fig.text(
        0.01, 0.08 / height, "\n".join(lines), ha="left", va="bottom", fontsize=8, color="0.35"
    )


def level_label(level: int) -> str:
    """Tick label of a ladder level, e.g. ``"5 conventional war"``."""
    return f"{level} {LEVELS[level].name}"


def top_level(result: EnsembleResult) -> int:
    """Highest level to show: the non-nuclear top, or the nuclear levels when data reach them."""
    occ = result.occupancy()
    reached = occ.loc[occ["share"] > 0, "level"]
    highest = int(reached.max()) if len(reached) else 0
    return max(NON_NUCLEAR_MAX, min(highest, len(LEVELS) - 1))


def level_axis(ax: Axes, top: int) -> None:
    """Named ladder levels 0..``top`` on the y axis.

    Panels sharing a y axis share its tick labels too, so inner panels hide them with
    ``label_outer`` (as ``Figure.subplots(sharey=True)`` does) rather than by clearing them.
    """
    ticks = np.arange(top + 1)
    ax.set_yticks(ticks, [level_label(int(t)) for t in ticks])
    ax.set_ylim(-0.45, top + 0.65)


def share_text(p: float) -> str:
    """A share as a label that keeps small values visible: ``0.003`` -> ``"0.3%"``,
    ``0.0004`` -> ``"0.040%"``, ``0.0`` -> ``"0%"``, ``0.456`` -> ``"45.6%"``, ``1.0`` ->
    ``"100%"``.

    As the tables print shares (:func:`escalation_sim.formatting.percent`), so a figure's label
    and the table beside it read the same; a share above zero never rounds to ``0%``, nor one
    below 1 to ``100%``. Exactly 0 and 1 drop the decimal, to keep the labels short.
    """
    from ..formatting import percent

    if p == 0.0:
        return "0%"
    if p == 1.0:
        return "100%"
    return percent(p)


def percent_axis(ax: Axes, axis: str = "x", points: bool = False) -> None:
    """Format a 0-1 axis as percentages (or a difference of proportions as percentage points)."""

    def label(v: float, _pos) -> str:
        # as many decimals as the ticks need: a panel scaled to a rare event ticks at 0.5%
        text = f"{100 * v:.2f}".rstrip("0").rstrip(".")
        if points:
            return "0" if abs(v) < 1e-9 else f"{'+' if v > 0 else ''}{text} pp"
        return f"{text}%"

    fmt = FuncFormatter(label)
    (ax.xaxis if axis == "x" else ax.yaxis).set_major_formatter(fmt)


def check_theatres(theatres: Sequence[str] | None) -> list[str]:
    """The theatres to draw (all by default), refusing unknown names with the bad value."""
    chosen = list(THEATRES if theatres is None else theatres)
    unknown = [t for t in chosen if t not in THEATRES]
    if unknown or not chosen:
        raise ValueError(
            f"theatres(={chosen!r}) must be a non-empty selection of {', '.join(THEATRES)}"
        )
    return chosen


def grid_columns(n: int) -> int:
    """Columns for ``n`` theatre panels: rows of three, but two by two for four panels."""
    return 2 if n == 4 else min(3, n)


def panel_grid(fig: Figure, n: int, ncols: int = 3, **kwargs) -> tuple[list[Axes], list[Axes]]:
    """``n`` panels in rows of ``ncols``; returns (panels, spare cells of the last row).

    Spare cells are returned rather than left blank so callers can put a legend or colour bar
    there instead of showing an empty axes.
    """
    ncols = max(1, min(ncols, n))
    nrows = -(-n // ncols)
    axes = np.atleast_1d(fig.subplots(nrows, ncols, squeeze=False, **kwargs)).ravel()
    return list(axes[:n]), list(axes[n:])


def pretty(name: str) -> str:
    """``"regional_war: middle_east"`` -> ``"regional war: Middle East"`` for labels."""
    head, _, tail = name.partition(": ")
    head = label(head)
    if not tail:
        return head
    return f"{head}: {label(tail)}"


def colour_cycle(n: int) -> Sequence[str]:
    """``n`` scenario colours, cycling when there are more scenarios than colours."""
    return [SCENARIO_COLOURS[i % len(SCENARIO_COLOURS)] for i in range(n)]
