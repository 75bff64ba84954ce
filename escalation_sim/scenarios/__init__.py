"""Scenarios: the parameter schema (typed, validated, documented) and the loader of scenario
files (inheritance, overrides, errors that name file, field and value)."""

from .loader import Override, Scenario, available_scenarios, load_scenario, scenario_from_params
from .schema import ScenarioParams

__all__ = [
    "Override",
    "Scenario",
    "ScenarioParams",
    "available_scenarios",
    "load_scenario",
    "scenario_from_params",
]
