"""Escalation ladders and action scores.

A condensed version of Herman Kahn's 44-rung escalation ladder (*On Escalation: Metaphors and
Scenarios*, 1965; reproduced in RAND R-3235) is used per *theatre* (see
:mod:`escalation_sim.core.theatres`): the Russia-Ukraine war, a Russia-West (NATO) direct
confrontation, and one per recipient region. Nine levels keep those of
Kahn's named thresholds that fall between our levels ("don't rock the boat", "nuclear war is
unthinkable", "no nuclear use", "central war") at the same places relative to the rungs they
separate; "central sanctuary" (above rung 25) and "city targeting" (above rung 38) fall inside
our levels 7 and 8, which no rule of this model reaches.

Every action also carries a convex escalation score by category, after Rivera et al. (2024),
"Escalation Risks from Language Models in Military and Diplomatic Decision-Making" (FAccT '24),
who score de-escalation -2, status quo 0, posturing 4, non-violent escalation 12, violent
escalation 28 and nuclear 60. Unlike their scheme, supplying long-range weapons to the West's
adversaries is scored here as non-violent escalation, not posturing, because it is the central
escalatory move of the source article (P1, P6).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


@dataclass(frozen=True)
class Level:
    """One level of the condensed ladder and the Kahn rungs it stands for."""

    index: int
    name: str
    kahn_rungs: tuple[int, int]
    kahn_group: str
    examples: str


LEVELS: tuple[Level, ...] = (
    Level(
        0,
        "subcrisis manoeuvring",
        (1, 3),
        "subcrisis manoeuvring",
        "ostensible crisis, political and economic gestures, solemn declarations",
    ),
    Level(
        1,
        "posturing",
        (4, 6),
        "traditional crises",
        "hardening of positions, show of force, significant mobilisation",
    ),
    Level(
        2,
        "harassment",
        (7, 8),
        "traditional crises",
        "legal harassment and retortions, harassing acts of violence",
    ),
    Level(
        3,
        "military confrontation",
        (9, 9),
        "traditional crises",
        "dramatic military confrontations between the parties' forces",
    ),
    Level(
        4,
        "intense crisis",
        (10, 11),
        "intense crises",
        "provocative break of diplomatic relations, super-ready status",
    ),
    Level(
        5,
        "conventional war",
        (12, 14),
        "intense crises",
        "large conventional war, large compound escalation, declared limited war",
    ),
    Level(
        6,
        "nuclear brink",
        (15, 20),
        "intense crises",
        "barely nuclear war, nuclear ultimatums, spectacular shows of force",
    ),
    Level(
        7,
        "limited nuclear use",
        (21, 31),
        "bizarre crises / exemplary central attacks",
        "local nuclear war, exemplary attacks",
    ),
    Level(
        8,
        "central war",
        (32, 44),
        "military and civilian central wars",
        "general war up to spasm war",
    ),
)

MAX_LEVEL = LEVELS[-1].index

#: Highest level a non-nuclear act can reach. No rule of this model uses nuclear weapons (see
#: docs/model.md, "Left out"), so levels 7-8 are kept for completeness only.
NON_NUCLEAR_MAX = 6

#: Highest level a regional ladder can reach: large conventional war. The regional ladders
#: measure conventional violence among the recipients of Russian long-range weapons and the
#: West's regional partners (P6, P11); nuclear ultimatums and spectacular shows of force (the
#: nuclear brink, level 6) are the great powers' rungs and belong to the war and Russia-NATO
#: ladders. A nuclear-armed recipient's own signalling (North Korea's, in Asia) is left out of
#: the model (docs/model.md, "Left out").
REGIONAL_MAX = 5

#: Kahn's named thresholds, placed *above* the level given (crossing means reaching level + 1).
THRESHOLDS: dict[str, int] = {
    "don't rock the boat": 0,
    "nuclear war is unthinkable": 3,
    "no nuclear use": 6,
    "central war": 7,
}


class Category(StrEnum):
    """Action categories with convex escalation scores (Rivera et al. 2024)."""

    DE_ESCALATION = "de-escalation"
    STATUS_QUO = "status quo"
    POSTURING = "posturing"
    NON_VIOLENT = "non-violent escalation"
    VIOLENT = "violent escalation"
    NUCLEAR = "nuclear"

    @property
    def score(self) -> int:
        return SCORES[self]


SCORES: dict[Category, int] = {
    Category.DE_ESCALATION: -2,
    Category.STATUS_QUO: 0,
    Category.POSTURING: 4,
    Category.NON_VIOLENT: 12,
    Category.VIOLENT: 28,
    Category.NUCLEAR: 60,
}


def level_name(level: int) -> str:
    """Name of a ladder level, e.g. ``level_name(5) == 'conventional war'``."""
    return LEVELS[int(level)].name
