"""Rules and the actor kinds that follow them, one module per actor kind.

Importing this package declares every actor kind and registers every rule, in a fixed order
(the order is part of the model: see :mod:`escalation_sim.rules.registry`).
"""

from . import west, answers, ukraine, russia, recipients, mediators, dynamics  # noqa: F401
from .base import Change, DynamicRule, EventRule, Lever, Phase, Rule, ScheduledRule
from .inputs import Inputs
from .kinds import KINDS, ActorKind, declare_kind
from .registry import REGISTRY, register

__all__ = [
    "KINDS",
    "REGISTRY",
    "ActorKind",
    "Change",
    "DynamicRule",
    "EventRule",
    "Inputs",
    "Lever",
    "Phase",
    "Rule",
    "ScheduledRule",
    "declare_kind",
    "register",
]
