"""Rules: small, named, declarative pieces of behaviour, each with its article source.

Three modes:

* **Event rules** belong to an actor kind. Each week every actor of that kind evaluates the rule
  on last week's world (:meth:`EventRule.probability`, zero where the trigger does not hold); the
  engine draws one uniform per replicate (and per target) and, where it fires, calls
  :meth:`EventRule.apply` in the phase order below. Each firing is one row of the event log.
* **Dynamic rules** are the world's weekly dynamics (delays, arms race, decay). They run after all
  events, in registry order, and may report changes for the log (an arms-race spiral reached).
* **Scheduled levers** are a scenario's ``[[events]]``: an event rule may declare a
  :class:`Lever`, and a scheduled event then forces that rule to fire at its week, through the
  same :meth:`EventRule.apply` as a drawn firing. The lever is logged under its own id
  (``scenario.<action>``) with the paragraphs that justify pulling it.

A rule reads only its declared parameters (``parameters``, resolved into an
:class:`~escalation_sim.rules.inputs.Inputs` object ``k``) and the world; it imports no model or
actor class. The one :data:`~escalation_sim.rules.registry.REGISTRY` is read by the engine, the
event log, ``docs/model.md`` and the CLI.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from enum import IntEnum
from typing import TYPE_CHECKING, ClassVar

import numpy as np

from ..core.ladder import Category

if TYPE_CHECKING:  # pragma: no cover
    from ..core.world import World
    from .inputs import Inputs

PARAGRAPHS = tuple(f"P{i}" for i in range(1, 15))


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


@dataclass(frozen=True)
class Lever:
    """A rule's lever: a scenario can schedule the rule's act at a given week.

    Attributes
    ----------
    action
        The word scenario files use (``action = "permit_deep_strikes"``).
    paragraphs
        Where the article makes this lever a question (often a subset of the rule's).
    needs
        The event field the act reads: ``"region"`` (a recipient region) or ``"value"`` (a
        number in 0-1), or ``None``.
    response
        What the scheduled act does, for the rule table.
    """

    action: str
    paragraphs: tuple[str, ...]
    needs: str | None = None
    response: str = ""


@dataclass(frozen=True)
class Change:
    """A change a dynamic rule made, for the score and the event log.

    ``fired`` marks the replicates where it happened; ``theatre`` is the ladder it moved (if
    any) and ``before`` that ladder's column before the change (``None``: unchanged).
    """

    fired: np.ndarray
    theatre: int | None = None
    before: np.ndarray | None = None


class Rule:
    """Metadata every rule carries. Subclasses set the class attributes."""

    id: ClassVar[str]
    actor: ClassVar[str]  # the actor kind that follows the rule ("world" for dynamics)
    action: ClassVar[str]
    paragraphs: ClassVar[tuple[str, ...]]
    phase: ClassVar[Phase]
    category: ClassVar[Category | None] = None
    trigger: ClassVar[str]
    response: ClassVar[str]
    parameters: ClassVar[tuple[str, ...]] = ()
    mode: ClassVar[str] = "event"
    #: What to call this rule's act when it is the one that takes the Russia-NATO ladder to
    #: direct confrontation (a *path*: "strike on Western trainers"); ``None``: its action.
    path: ClassVar[str | None] = None

    def __init__(self) -> None:
        self.index = -1  # position in the registry, set on registration

    @property
    def score(self) -> int:
        return self.category.score if self.category is not None else 0

    def stream(self, actor_name: str, draw: int = 0) -> int:
        """Random-stream id of (rule, actor, draw index): stable whatever other actors exist."""
        return zlib.crc32(f"{self.id}|{actor_name}|{draw}".encode())

    def prepare(self, k: Inputs) -> None:
        """Derive, once per model, what the rule needs from its declared parameters ``k``
        (e.g. cumulative weights); store it on ``k``. Default: nothing to derive."""

    @property
    def path_label(self) -> str:
        """The name of the path to direct confrontation through this rule's act."""
        return self.path or self.action

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.id} ({', '.join(self.paragraphs)})>"


class EventRule(Rule):
    """A decision of one actor; see the module docstring."""

    mode = "event"
    lever: ClassVar[Lever | None] = None

    def targets(self, k: Inputs) -> tuple[str, ...] | None:
        """Labels of the target codes this rule draws per target or returns from
        :meth:`apply` (None: the rule has no targets)."""
        return None

    def probability(self, k: Inputs, obs: World) -> np.ndarray | None:
        """Weekly probability per replicate (R,) or per replicate and target (R, K), or
        ``None`` for a rule that fires only when a scenario schedules it."""
        return None

    def feasible(self, k: Inputs, world: World, fired: np.ndarray) -> np.ndarray:
        """Where a decided act can still happen when it resolves (default: everywhere).

        Actors decide on last week's world; an earlier phase of this week may have removed
        the act's target (trainers withdrawn, permission revoked, ceasefire agreed).
        """
        return fired

    def apply(
        self, k: Inputs, world: World, fired: np.ndarray, choice: float | int | None = None
    ) -> np.ndarray | None:
        """Change ``world`` where ``fired``; may return a target code per replicate.

        ``choice`` is what a scheduled event fixes (its region's index or its value), ``None``
        for a drawn firing.
        """
        raise NotImplementedError

    def ladder_theatre(self, k: Inputs, target: int | None = None) -> int | None:
        """The theatre whose ladder this firing may move (for before/after in the log)."""
        return None


class DynamicRule(Rule):
    """A weekly update of the world (deterministic, or drawn like the ladders' decay)."""

    mode = "dynamic"
    actor = "world"

    def initialise(self, k: Inputs, world: World) -> None:
        """Set up per-replicate state at week 0, before the first week (e.g. draw each
        replicate's thresholds from their ranges with ``k.uniform``). Default: nothing."""

    def update(self, k: Inputs, world: World) -> list[Change]:
        """Update ``world`` in place; return the changes to score and log, if any."""
        raise NotImplementedError


class ScheduledRule(Rule):
    """How a rule's :class:`Lever` appears in the registry and the event log."""

    mode = "scheduled"
    actor = "scenario"
    phase = Phase.SCHEDULED
    trigger = "scheduled in the scenario file"

    def __init__(self, rule: EventRule) -> None:
        super().__init__()
        lever = rule.lever
        self.rule = rule
        self.lever = lever
        self.id = f"scenario.{lever.action}"
        self.action = f"{rule.action} (scheduled)"
        self.paragraphs = lever.paragraphs
        self.category = rule.category
        self.path = rule.path
        self.response = lever.response or rule.response
        self.__doc__ = (
            f"A scenario lever ({', '.join(lever.paragraphs)}): a scheduled event forces "
            f"``{rule.id}`` at its week."
        )

    def choice(self, event) -> int | float | None:
        """What the scheduled event fixes for the act: its region's index or its value."""
        if self.lever.needs is None:
            return None
        return getattr(event, self.lever.needs)
