"""The actors, as Mesa agents: Russia, Ukraine, each Western state, the recipients of each region
and the mediators.

An actor's state over the replicates lives in the shared :class:`~escalation_sim.world.World`
(column ``slot`` of the per-state or per-region arrays); the actor owns its parameters and its
rules. Each week it observes the frozen snapshot of last week's world and *decides*: for every one
of its rules it computes the probability of acting in each replicate and draws against it. What
it decided is resolved later by the model, in the fixed phase order - never here - so the order in
which Mesa asks the actors does not matter.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import mesa
import numpy as np
from pydantic import BaseModel

from ..rules import REGISTRY

if TYPE_CHECKING:  # pragma: no cover
    from .model import EscalationModel


class Intent:
    """What one actor decided under one rule this week: where (and at whom) it fires."""

    __slots__ = ("actor", "fired", "rule")

    def __init__(self, rule, actor, fired: np.ndarray) -> None:
        self.rule, self.actor, self.fired = rule, actor, fired


class Actor(mesa.Agent):
    """An actor of one kind (``russia``, ``ukraine``, ``west``, ``recipient``, ``mediators``)."""

    kind = "actor"

    def __init__(self, model: EscalationModel, name: str, params: BaseModel, slot: int = 0):
        super().__init__(model)
        self.name = name
        self.params = params
        self.slot = slot
        self.rules = REGISTRY.for_actor(self.kind)

    def decide(self) -> None:
        """Evaluate every rule on last week's world and record the intents that fire."""
        model = self.model
        obs = model.observation
        for rule in self.rules:
            p = rule.probability(self, obs)
            if not p.any():
                continue  # trigger holds nowhere: no draw needed (draws are addressed anyway)
            if p.ndim == 1:
                fired = model.draw(rule, self.name) < p
            else:
                u = np.stack(
                    [model.draw(rule, self.name, slot=k) for k in range(p.shape[1])], axis=1
                )
                fired = u < p
            if fired.any():
                model.intents.append(Intent(rule, self, fired))

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name}>"


class Russia(Actor):
    """Russia (P1-P5, P9, P10): attributes strikes, may answer asymmetrically."""

    kind = "russia"


class Ukraine(Actor):
    """Ukraine (P1, P8): strikes deep with Western weapons when permitted."""

    kind = "ukraine"


class WesternState(Actor):
    """One Western state (P1, P4, P5, P8, P10), e.g. the US, UK, France or Germany."""

    kind = "west"


class Recipient(Actor):
    """The third-party recipients of one region (P6, P7, P11)."""

    kind = "recipient"


class Mediators(Actor):
    """International organisations and global leaders who mediate (P12, P13)."""

    kind = "mediators"
