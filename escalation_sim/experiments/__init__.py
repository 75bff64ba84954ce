"""Experiments: sweeps over uncertainties and levers (XLRM), run as batched ensembles.

>>> from escalation_sim.experiments import load_experiment, make_design
>>> exp = load_experiment("ci_smoke")
>>> make_design(exp).points > 0
True
"""

from .design import Design, make_design
from .outcomes import OUTCOME_CATALOGUE, Outcome
from .spec import (
    Experiment,
    ExperimentError,
    Lever,
    LeverOption,
    Uncertainty,
    available_experiments,
    experiment_from_dict,
    load_experiment,
)
from .sweeps import SweepError, SweepResult, sweep

__all__ = [
    "OUTCOME_CATALOGUE",
    "Design",
    "Experiment",
    "ExperimentError",
    "Lever",
    "LeverOption",
    "Outcome",
    "SweepError",
    "SweepResult",
    "Uncertainty",
    "available_experiments",
    "experiment_from_dict",
    "load_experiment",
    "make_design",
    "sweep",
]
