"""The standard figures of an ensemble, catalogued once: name, builder, title, caption and what
each needs from a result.

:func:`save_all` writes the catalogue's figures, the report shows them with their titles and
captions, in catalogue order. Adding a standard figure is one entry here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .ladders import occupancy_heatmap
from .network import actor_network
from .probabilities import cumulative_incidence, outcome_bars
from .reached import fan_chart

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure

    from ..results.result import EnsembleResult


@dataclass(frozen=True)
class PlotSpec:
    """One figure of the standard set.

    Attributes
    ----------
    name
        File stem (``<name>.png``) and key of the figure.
    build
        Figure builder, called with the result.
    title
        What the figure shows, as the report heads it.
    caption
        One sentence on how to read it, for a reader who did not run the model.
    needs
        Optional tables of the result it reads (``"events"``, ``"trajectories"``); a result
        without one of them gets no such figure.
    """

    name: str
    build: Callable[[EnsembleResult], Figure]
    title: str
    caption: str
    needs: tuple[str, ...] = ()

    def available(self, result: EnsembleResult) -> bool:
        """Whether ``result`` holds what the figure needs."""
        # (the table's presence, not its rows: reading a stored event log only to see that it
        # is there took a quarter of a second at 50,000 replicates)
        return all(table in result.tables for table in self.needs)


CATALOGUE: tuple[PlotSpec, ...] = (
    PlotSpec(
        "fan_chart",
        fan_chart,
        "Levels ever reached",
        "Each panel follows one theatre's escalation ladder week by week: the coloured bands "
        "stack the shares of runs by the highest level they have reached so far, so a run that "
        "climbed and came back down still counts at its peak, as the outcome classes count it. "
        "The black line is the share that has reached the theatre's outcome threshold, labelled "
        "with its value at the horizon: on the Russia-NATO ladder that is the probability of "
        "direct confrontation in the outcome table; on a region's ladder it is a war there, "
        "which is the regional-war outcome only where Russian-supplied weapons are used.",
    ),
    PlotSpec(
        "outcomes",
        outcome_bars,
        "Outcomes at the horizon",
        "Each bar is the share of replicates that end the horizon in that outcome class, with "
        "its 95% interval as a whisker; the classes exclude each other, so the main bars add up "
        "to 100%. The 'of which' bars split direct confrontation by the path that led to it "
        "(the act that first took Russia-NATO to the level) and regional war - a war in which "
        "Russian-supplied weapons were used - by region; each split adds up to its class.",
    ),
    PlotSpec(
        "cumulative_incidence",
        cumulative_incidence,
        "Timing of key events",
        "Each curve is the share of replicates in which a key event has happened by a given "
        "week, with its 95% band, so its height at the six-month line is the probability of "
        "that event within six months. An event that holds from week 0 in every run (the "
        "Middle East's background war) is named above its panel's legend instead of drawn.",
    ),
    PlotSpec(
        "occupancy",
        occupancy_heatmap,
        "Ladder occupancy",
        "Colour shows the share of replicates at each ladder level (rows) in each week "
        "(columns), one panel per theatre, blank where no replicate ever was, so dark cells "
        "mark where the ensemble spends its time.",
    ),
    PlotSpec(
        "network",
        actor_network,
        "Who armed whom and who struck whom",
        "Arrows run from the actor who acts to the one acted on, their width and label giving "
        "the mean number of firings per replicate (two significant digits for rare acts), so "
        "the thickest arrows are the main channels of escalation. The dashed box is the West "
        "as one target and the ladder glyph the Russia-NATO escalation ladder that spillover "
        "raises - targets, not actors. A greyed node has no arrow: it made and received none "
        "of the acts drawn, though it may have acted otherwise (deployed trainers, threatened).",
        needs=("events",),
    ),
)

_BY_NAME = {spec.name: spec for spec in CATALOGUE}


def plot_spec(name: str) -> PlotSpec | None:
    """The catalogue's entry called ``name``, or ``None`` for a figure outside the catalogue."""
    return _BY_NAME.get(name)


def save_all(result: EnsembleResult, outdir: str | Path) -> dict[str, Path]:
    """Write the catalogue's figures of an ensemble as PNG files.

    Parameters
    ----------
    result
        An ensemble from :func:`~escalation_sim.engine.ensemble.simulate` (or a loaded result).
    outdir
        Directory to write into; created if missing.

    Returns
    -------
    dict of str to pathlib.Path
        Name -> the file written (``<name>.png``), in catalogue order, for every figure the
        result has what it needs for (no ``network`` without an event log).
    """
    out = Path(outdir)
    out.mkdir(parents=True, exist_ok=True)
    written: dict[str, Path] = {}
    for spec in CATALOGUE:
        if not spec.available(result):
            continue
        fig = spec.build(result)
        path = out / f"{spec.name}.png"
        fig.savefig(path)
        # The figures never enter pyplot's registry, so dropping the reference frees them;
        # clearing first releases the artists at once rather than at the next collection.
        fig.clear()
        written[spec.name] = path
    return written


def save_comparison(results, table, outdir: str | Path) -> dict[str, Path]:
    """Write the figures of a comparison (``escalation-sim compare --out``) as PNG files.

    Parameters
    ----------
    results
        The compared ensembles, the reference first, run under common random numbers.
    table
        Their comparison table (:func:`escalation_sim.analysis.compare.compare`).
    outdir
        Directory to write into; created if missing.

    Returns
    -------
    dict of str to pathlib.Path
        Name -> the file written (``<name>.png``): ``compare_incidence`` (key events by week,
        one curve per scenario) and ``differences`` (paired differences with their intervals).
    """
    from .differences import difference_chart
    from .overlays import compare_incidence

    out = Path(outdir)
    out.mkdir(parents=True, exist_ok=True)
    written: dict[str, Path] = {}
    for name, fig in (
        ("compare_incidence", compare_incidence(results)),
        ("differences", difference_chart(table)),
    ):
        path = out / f"{name}.png"
        fig.savefig(path)
        fig.clear()
        written[name] = path
    return written
