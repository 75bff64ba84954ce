"""Figures of ensembles: ladders over time, probabilities, the actor network and comparisons.

Every function returns a :class:`matplotlib.figure.Figure` built without pyplot - no backend is
selected and no global state is touched - so figures can be saved headless with
``fig.savefig(path)`` or shown in a notebook. The standard set is catalogued once, in
:mod:`.catalogue` (name, builder, title, caption, what it needs); :func:`save_all` writes it.

>>> from escalation_sim import simulate
>>> from escalation_sim.plots import fan_chart
>>> fig = fan_chart(simulate("baseline", replicates=50, seed=1))
>>> "baseline" in fig.get_suptitle()
True
"""

from .catalogue import CATALOGUE, save_all, save_comparison
from .differences import difference_chart
from .graph import actor_graph
from .ladders import fan_chart, occupancy_heatmap
from .network import actor_network
from .overlays import compare_fans
from .probabilities import cumulative_incidence, incidence, outcome_bars

__all__ = [
    "CATALOGUE",
    "actor_graph",
    "actor_network",
    "compare_fans",
    "cumulative_incidence",
    "difference_chart",
    "fan_chart",
    "incidence",
    "occupancy_heatmap",
    "outcome_bars",
    "save_all",
    "save_comparison",
]
