"""Rules: small, named, declarative pieces of actor behaviour with their article source.

Two kinds:

* **Event rules** belong to an actor kind. Each week every actor of that kind evaluates the rule
  on last week's world (:meth:`EventRule.probability`, zero where the trigger does not hold); the
  engine draws one uniform per replicate (and per target) and, where it fires, calls
  :meth:`EventRule.apply` in the phase order below. Each firing is one row of the event log.
* **Dynamic rules** are the world's weekly dynamics (delays, arms race, decay). They run after all
  events, in registry order, and may also log events (e.g. an arms-race spiral reached).

The one :data:`REGISTRY` is read by the engine, the event log, ``docs/model.md`` and the CLI.
"""

from __future__ import annotations

import zlib
from enum import IntEnum
from typing import TYPE_CHECKING, ClassVar

import numpy as np

from ..core.ladder import Category

if TYPE_CHECKING:  # pragma: no cover
    from ..core.world import World
    from ..engine.actors import Actor
    from ..engine.model import EscalationModel

PARAGRAPHS = tuple(f"P{i}" for i in range(1, 15))
ACTOR_KINDS = ("russia", "ukraine", "west", "recipient", "mediators", "world", "scenario")


def clip01(x: np.ndarray) -> np.ndarray:
    """A weekly probability: multipliers can push a rate past 1; a probability cannot."""
    return np.clip(x, 0.0, 1.0)


class Phase(IntEnum):
    """Fixed order in which a week's actions resolve (see docs/model.md)."""

    SCHEDULED = 0
    POLICY = 1
    MILITARY = 2
    RESPONSE = 3
    REGIONAL = 4
    DIPLOMACY = 5
    DYNAMICS = 6


class Rule:
    """Metadata every rule carries. Subclasses set the class attributes."""

    id: ClassVar[str]
    actor: ClassVar[str]
    action: ClassVar[str]
    paragraphs: ClassVar[tuple[str, ...]]
    phase: ClassVar[Phase]
    category: ClassVar[Category | None] = None
    trigger: ClassVar[str]
    response: ClassVar[str]
    parameters: ClassVar[tuple[str, ...]] = ()
    kind: ClassVar[str] = "event"

    def __init__(self) -> None:
        self.index = -1  # position in the registry, set on registration

    @property
    def summary(self) -> str:
        return f"{self.trigger} -> {self.response}"

    @property
    def score(self) -> int:
        return self.category.score if self.category is not None else 0

    def stream(self, actor_name: str, slot: int = 0) -> int:
        """Random-stream id of (rule, actor, slot): stable whatever other actors exist."""
        return zlib.crc32(f"{self.id}|{actor_name}|{slot}".encode())

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.id} ({', '.join(self.paragraphs)})>"


class EventRule(Rule):
    """A stochastic decision of one actor; see the module docstring."""

    kind = "event"

    def targets(self, actor: Actor) -> tuple[str, ...] | None:
        """Labels of the targets when the rule is drawn per target (None: one draw)."""
        return None

    def probability(self, actor: Actor, obs: World) -> np.ndarray:
        """Weekly probability per replicate (R,) or per replicate and target (R, K)."""
        raise NotImplementedError

    def feasible(self, actor: Actor, world: World, fired: np.ndarray) -> np.ndarray:
        """Where a decided act can still happen when it resolves (default: everywhere).

        Actors decide on last week's world; an earlier phase of this week may have removed
        the act's target (trainers withdrawn, permission revoked, ceasefire agreed).
        """
        return fired

    def apply(self, actor: Actor, world: World, fired: np.ndarray) -> np.ndarray | None:
        """Change ``world`` where ``fired``; may return a per-replicate target index."""
        raise NotImplementedError

    def ladder_theatre(self, actor: Actor, target: int | None = None) -> int | None:
        """The theatre whose ladder this firing may move (for before/after in the log)."""
        return None


class DynamicRule(Rule):
    """A deterministic (or decay) weekly update of the world."""

    kind = "dynamic"
    actor = "world"

    def update(self, model: EscalationModel, world: World) -> list[tuple[np.ndarray, int | None]]:
        """Update ``world`` in place; return (fired mask, theatre) pairs to log, if any."""
        raise NotImplementedError


class Registry:
    """Ordered collection of rule instances, by id."""

    def __init__(self) -> None:
        self._rules: list[Rule] = []
        self._by_id: dict[str, Rule] = {}

    def register(self, cls: type[Rule]) -> type[Rule]:
        rule = cls()
        if rule.id in self._by_id:
            raise ValueError(f"duplicate rule id {rule.id!r}")
        bad = [p for p in rule.paragraphs if p not in PARAGRAPHS]
        if not rule.paragraphs or bad:
            raise ValueError(
                f"rule {rule.id!r} must cite paragraphs P1..P14, got {rule.paragraphs}"
            )
        if rule.actor not in ACTOR_KINDS:
            raise ValueError(f"rule {rule.id!r}: unknown actor kind {rule.actor!r}")
        rule.index = len(self._rules)
        self._rules.append(rule)
        self._by_id[rule.id] = rule
        return cls

    def __iter__(self):
        return iter(self._rules)

    def __len__(self) -> int:
        return len(self._rules)

    def __getitem__(self, rule_id: str) -> Rule:
        return self._by_id[rule_id]

    def __contains__(self, rule_id: str) -> bool:
        return rule_id in self._by_id

    def for_actor(self, kind: str) -> list[EventRule]:
        return [r for r in self._rules if r.kind == "event" and r.actor == kind]

    def dynamics(self) -> list[DynamicRule]:
        return [r for r in self._rules if r.kind == "dynamic"]

    def ids(self) -> list[str]:
        return [r.id for r in self._rules]

    def by_paragraph(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {p: [] for p in PARAGRAPHS}
        for r in self._rules:
            for p in r.paragraphs:
                out[p].append(r.id)
        return out


REGISTRY = Registry()
register = REGISTRY.register
