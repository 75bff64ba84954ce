"""What a rule may read besides the world: its declared parameters, and nothing else.

Every rule lists the scenario parameters it reads in ``Rule.parameters`` (dotted paths such as
``"russia.show_of_force"``, ``"west.*.aid_share"`` for a value of every Western state, or
``"west.*"`` for their names). Once per model the engine resolves those paths into an
:class:`Inputs` object per rule and actor, the rule's ``prepare`` adds what it derives from
them, and the rule reads only that object and the world. A parameter
the rule did not declare is simply not there: reading it fails at once, naming the rule. So the
declaration is the truth, and the documentation built from it cannot drift.

A ``*`` path resolves to the actor's own value when the rule belongs to that kind of actor (a
Western state's rule reading ``west.*.aid_share`` gets its own share) and to an array over every
named actor otherwise (Ukraine's rule gets every supplier's share, in the scenario's order).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

import numpy as np

if TYPE_CHECKING:  # pragma: no cover
    from .base import Rule


class Draws(Protocol):
    """Where addressed random numbers come from (the model): one uniform per replicate for
    (rule, actor name, draw index) at the current week."""

    def uniform(self, rule: Rule, actor_name: str, draw: int = 0) -> np.ndarray: ...


class ActorView(Protocol):
    """What a rule knows of the actor it acts for."""

    name: str  # name in the event log and in the random-number address
    column: int  # the actor's column in the world's per-actor arrays, e.g. permission[:, column]


class Inputs:
    """The declared parameters of one rule (by the last part of their path), what the rule
    derived from them, and who it acts for.

    Examples
    --------
    >>> from escalation_sim.rules import REGISTRY
    >>> from escalation_sim.scenarios import ScenarioParams
    >>> rule = REGISTRY["russia.show_of_force"]
    >>> k = Inputs.resolve(rule, ScenarioParams(name="demo"))
    >>> k.show_of_force
    0.15
    >>> k.transfer_size  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    AttributeError: rule 'russia.show_of_force' reads 'transfer_size', which it does not ...
    """

    def __init__(
        self,
        rule: Rule,
        values: dict[str, Any],
        actor: ActorView | None = None,
        draws: Draws | None = None,
    ) -> None:
        self.__dict__.update(values)
        self._rule, self._actor, self._draws = rule, actor, draws

    @classmethod
    def resolve(
        cls,
        rule: Rule,
        scenario: Any,
        *,
        actor: ActorView | None = None,
        section: str | None = None,
        key: str | None = None,
        draws: Draws | None = None,
    ) -> Inputs:
        """Inputs of ``rule`` in ``scenario``, for the actor with table key ``key`` in table
        ``section`` (or for the world's dynamics), with ``rule.prepare`` applied."""
        values = {input_name(p): _value(rule, p, scenario, section, key) for p in rule.parameters}
        inputs = cls(rule, values, actor, draws)
        rule.prepare(inputs)
        return inputs

    @property
    def column(self) -> int:
        """The acting actor's column in the world's per-actor arrays."""
        return self._actor.column

    @property
    def actor_name(self) -> str:
        return self._actor.name

    def uniform(self, draw: int = 0, name: str | None = None) -> np.ndarray:
        """This week's addressed uniforms of this rule for the acting actor (or ``name``)."""
        return self._draws.uniform(self._rule, name or self._actor.name, draw)

    def __getattr__(self, item: str):
        if item.startswith("__"):
            raise AttributeError(item)
        raise AttributeError(
            f"rule {self._rule.id!r} reads {item!r}, which it does not declare in Rule.parameters"
        )


def input_name(path: str) -> str:
    """Attribute under which a declared path is read: its last part (``west.*`` -> ``west``)."""
    parts = path.split(".")
    return parts[-2] if parts[-1] == "*" else parts[-1]


def _value(rule: Rule, path: str, scenario: Any, section: str | None, key: str | None) -> Any:
    parts = path.split(".")
    try:
        table = scenario.section(parts[0])
        if parts[1:2] != ["*"]:
            value = table
            for part in parts[1:]:
                value = getattr(value, part)
            return value
        if len(parts) == 2:
            return tuple(table)
        if parts[0] == section:
            return getattr(table[key], parts[2])
        return np.array([getattr(member, parts[2]) for member in table.values()])
    except (AttributeError, KeyError, IndexError):
        raise ValueError(
            f"rule {rule.id!r} declares parameter {path!r}, which the scenario does not have"
        ) from None
