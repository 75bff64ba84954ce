"""Figures of ensembles: ladders over time, probabilities, the actor network and comparisons.

Every function returns a :class:`matplotlib.figure.Figure` built without pyplot - no backend is
selected and no global state is touched - so figures can be saved headless with
``fig.savefig(path)`` or shown in a notebook. The standard set is catalogued once, in
:mod:`.catalogue` (name, builder, title, caption, what it needs); :func:`save_all` writes it.
Functions that draw one panel take ``ax=`` and those that draw several take ``fig=``, so their
panels can be composed into a figure of one's own.

>>> from escalation_sim import simulate
>>> from escalation_sim.plots import fan_chart
>>> fig = fan_chart(simulate("baseline", replicates=50, seed=1))
>>> "baseline" in fig.get_suptitle()
True
"""

from .catalogue import CATALOGUE, save_all, save_comparison
from .differences import difference_chart
from .graph import actor_graph
from .ladders import occupancy_heatmap
from .network import actor_network
from .overlays import compare_incidence
from .probabilities import cumulative_incidence, incidence, outcome_bars
from .reached import ever_reached, fan_chart, reached_panel

__all__ = [
    "CATALOGUE",
    "actor_graph",
    "actor_network",
    "compare_incidence",
    "cumulative_incidence",
    "difference_chart",
    "ever_reached",
    "fan_chart",
    "incidence",
    "occupancy_heatmap",
    "outcome_bars",
    "reached_panel",
    "save_all",
    "save_comparison",
]
