"""The rule registry. Importing this package registers every rule, in a fixed order."""

from . import west, ukraine, russia, recipients, mediators, dynamics, scheduled  # noqa: F401
from .base import REGISTRY, DynamicRule, EventRule, Phase, Rule

__all__ = ["REGISTRY", "DynamicRule", "EventRule", "Phase", "Rule"]
