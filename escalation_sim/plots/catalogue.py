"""Writing the standard set of figures of one ensemble to a directory."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from .ladders import fan_chart, occupancy_heatmap
from .network import actor_network
from .probabilities import cumulative_incidence, outcome_bars

if TYPE_CHECKING:  # pragma: no cover
    from ..engine.ensemble import EnsembleResult

#: File name -> figure builder of the standard set, in the order a report shows them.
STANDARD = {
    "fan_chart": fan_chart,
    "outcomes": outcome_bars,
    "cumulative_incidence": cumulative_incidence,
    "occupancy": occupancy_heatmap,
    "network": actor_network,
}


def save_all(result: EnsembleResult, outdir: str | Path) -> dict[str, Path]:
    """Write the standard figures of an ensemble as PNG files.

    Parameters
    ----------
    result
        An ensemble from :func:`~escalation_sim.simulate.simulate` (or a loaded result).
    outdir
        Directory to write into; created if missing.

    Returns
    -------
    dict of str to pathlib.Path
        ``fan_chart``, ``outcomes``, ``cumulative_incidence``, ``occupancy`` and, when the
        result has an event log, ``network`` -> the file written (``<name>.png``).
    """
    out = Path(outdir)
    out.mkdir(parents=True, exist_ok=True)
    written: dict[str, Path] = {}
    for name, build in STANDARD.items():
        if name == "network" and result.events is None:
            continue  # no event log, no network: the other figures do not need it
        fig = build(result)
        path = out / f"{name}.png"
        fig.savefig(path)
        # The figures never enter pyplot's registry, so dropping the reference frees them;
        # clearing first releases the artists at once rather than at the next collection.
        fig.clear()
        written[name] = path
    return written
