"""escalation-sim: an agent-based simulator of escalation risks in the Russia-Ukraine war.

Actors (Russia, Ukraine, Western states, third-party recipients, mediators) follow rules derived
from one news article's stated threats (paragraphs P1..P14); a weekly scheduler produces
escalation trajectories, outcome probabilities and event logs. Every number is a
scenario-conditional estimate, never a prediction.

>>> from escalation_sim import simulate
>>> result = simulate("baseline", replicates=500, seed=1)
>>> table = result.outcome_probabilities()
"""

from ._lazy import lazy
from .errors import EscalationSimError, OutputError, ResultError, ScenarioError

#: Public names and the module each comes from. They load on first use (PEP 562), so that
#: ``import escalation_sim`` - and the command line's start - does not pay for numpy, pandas and
#: Mesa before it needs them.
_LAZY = {
    "simulate": ".engine.ensemble",
    "EscalationModel": ".engine.model",
    "EnsembleResult": ".results",
    "REGISTRY": ".rules",
    "Scenario": ".scenarios",
    "available_scenarios": ".scenarios",
    "load_scenario": ".scenarios",
    "scenario_from_params": ".scenarios",
}


__getattr__, __dir__ = lazy(__name__, _LAZY, globals())


__version__ = "0.1.0"

__all__ = [
    "REGISTRY",
    "EnsembleResult",
    "EscalationModel",
    "EscalationSimError",
    "OutputError",
    "ResultError",
    "Scenario",
    "ScenarioError",
    "__version__",
    "available_scenarios",
    "load_scenario",
    "scenario_from_params",
    "simulate",
]
