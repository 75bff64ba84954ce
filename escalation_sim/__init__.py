"""escalation-sim: an agent-based simulator of escalation risks in the Russia-Ukraine war.

Actors (Russia, Ukraine, Western states, third-party recipients, mediators) follow rules derived
from one news article's stated threats (paragraphs P1..P14); a weekly scheduler produces
escalation trajectories, outcome probabilities and event logs. Every number is a
scenario-conditional estimate, never a prediction.

>>> from escalation_sim import simulate
>>> result = simulate("baseline", replicates=500, seed=1)
>>> table = result.outcome_probabilities()
"""

from .engine.ensemble import simulate
from .engine.model import EscalationModel
from .errors import EscalationSimError, OutputError, ResultError, ScenarioError
from .results import EnsembleResult
from .rules import REGISTRY
from .scenarios import Scenario, available_scenarios, load_scenario, scenario_from_params

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
