"""Actors as Mesa agents: one generic class for every actor kind.

An actor is a named member of an :class:`~escalation_sim.rules.kinds.ActorKind` (Russia, one
Western state, the recipients of one region, ...). Its state over the replicates lives in the
shared :class:`~escalation_sim.core.world.World` (column ``column`` of the per-actor arrays); the
actor holds its rules' inputs (their declared parameters, resolved once). Each week it observes
the frozen snapshot of last week's world and *decides*: for every one of its rules it computes
the probability of acting in each replicate and draws against it. What it decided is resolved
later by the model, in the fixed phase order - never here - so the order in which Mesa asks the
actors does not matter.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import mesa
import numpy as np

from ..rules import REGISTRY, ActorKind, EventRule, Inputs

if TYPE_CHECKING:  # pragma: no cover
    from .model import EscalationModel


class Intent:
    """What one actor decided under one rule this week: where (and at whom) it fires."""

    __slots__ = ("actor", "fired", "rule")

    def __init__(self, rule: EventRule, actor: Actor, fired: np.ndarray) -> None:
        self.rule, self.actor, self.fired = rule, actor, fired


class Actor(mesa.Agent):
    """One actor of one kind.

    Parameters
    ----------
    model
        The model it belongs to.
    kind
        Its actor kind (which rules it follows, where its parameters are).
    key
        How a scenario names it: its table key (``"US"``) or the kind's name (``"russia"``).
    name
        Its name in the event log and in the address of its random draws (``"Russia"``).
    column
        Its column in the world's per-actor arrays (0 for the first Western state, ...).
    """

    def __init__(
        self, model: EscalationModel, kind: ActorKind, key: str, name: str, column: int
    ) -> None:
        super().__init__(model)
        self.kind, self.key, self.name, self.column = kind, key, name, column
        rules = REGISTRY.for_actor(kind.name)
        section = kind.section if kind.many else None
        self.inputs: dict[EventRule, Inputs] = {
            rule: Inputs.resolve_points(
                rule,
                model.points,
                model.replicates,
                actor=self,
                section=section,
                key=key,
                draws=model,
                varying=model.varying,
            )
            for rule in rules
            if rule.id not in model.disabled
        }

    def decide(self) -> None:
        """Evaluate every rule on last week's world and record the intents that fire."""
        model = self.model
        obs = model.observation
        for rule, k in self.inputs.items():
            p = rule.probability(k, obs)
            if p is None or not p.any():
                continue  # never drawn, or the trigger holds nowhere (draws are addressed anyway)
            if p.ndim == 1:
                fired = model.uniform(rule, self.name) < p
            else:
                u = np.stack(
                    [model.uniform(rule, self.name, draw=j) for j in range(p.shape[1])], axis=1
                )
                fired = u < p
            if fired.any():
                model.intents.append(Intent(rule, self, fired))

    def __repr__(self) -> str:
        return f"<Actor {self.kind.name}:{self.name}>"
