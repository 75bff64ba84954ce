"""Experiments: sweeps over uncertainties and levers (XLRM), run as batched ensembles.

>>> from escalation_sim.experiments import load_experiment, make_design
>>> exp = load_experiment("ci_smoke")
>>> make_design(exp).points > 0
True
"""

from .._lazy import lazy

#: Public names and the module each comes from, loaded on first use (PEP 562): the command line
#: lists the shipped experiments in its help without loading SALib, pandas and the engine.
_LAZY = {
    "Design": ".design",
    "make_design": ".design",
    "OUTCOME_CATALOGUE": ".outcomes",
    "Outcome": ".outcomes",
    "Experiment": ".spec",
    "ExperimentError": ".spec",
    "Lever": ".spec",
    "LeverOption": ".spec",
    "Uncertainty": ".spec",
    "experiment_from_dict": ".spec",
    "load_experiment": ".spec",
    "available_experiments": ".files",
    "SweepError": ".sweeps",
    "SweepResult": ".sweeps",
    "sweep": ".sweeps",
}


__getattr__, __dir__ = lazy(__name__, _LAZY, globals())


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
