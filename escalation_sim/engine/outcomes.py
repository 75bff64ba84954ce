"""Outcome classes and key-event times per replicate (P3, P5, P11, P12, P14).

A replicate ends the horizon in exactly one class, by precedence of severity:

1. ``direct_confrontation`` - the Russia-NATO ladder reached the direct-confrontation level
   (default 3, Kahn's rung 9 "dramatic military confrontations") at any week (P5), with the
   *path* that took it there: the act whose rule lifted the ladder to that level first
   (strike on Western trainers, Russian direct act, regional spillover, Western retaliation);
2. ``regional_war`` - recipients used Russian-supplied weapons in a region at or above the
   regional-war level (default 5, rung 12 "large conventional war") at any week (P11), with the
   first region where they did. A region at war without them (the Middle East starts there) is
   background escalation, reported apart (``background_war_week``), not this class;
3. ``negotiated_deescalation`` - a ceasefire holds at the horizon (P12);
4. ``prolonged_confrontation`` - none of the above (P13).

Every level reached counts: the tracker reads each week's peak level of a ladder, not the level
left at the end of the week after its de-escalation.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..core.theatres import REGIONS, Theatre
from ..core.world import LIMITED, NEVER, NO_CAUSE, PERMISSION_LEVELS, World
from ..rules import REGISTRY
from ..scenarios.schema import ScenarioParams

OUTCOMES = (
    "direct_confrontation",
    "regional_war",
    "negotiated_deescalation",
    "prolonged_confrontation",
)

#: key events: column of the outcomes frame -> plain-language label
KEY_EVENTS = {
    "first_limited_week": "first permission to strike inside Russia",
    "first_permission_week": "first deep-strike permission",
    "first_threat_week": "Russian threat issued",
    "first_deep_strike_week": "first deep strike",
    "declaration_week": "Russia declares West a party to the war",
    "cobelligerence_week": "Russia treats West as co-belligerent",
    "first_trainers_week": "first trainers deployed",
    "trainers_struck_week": "strike on Western trainers",
    "first_transfer_week": "first long-range transfer",
    "first_answer_week": "Western answer to a transfer",
    "arms_race_spiral_week": "arms-race spiral",
    "background_war_week": "new regional war without Russian weapons",
    "regional_war_week": "regional war with Russian-supplied weapons",
    "direct_confrontation_week": "direct Russia-NATO confrontation",
    "ceasefire_week": "ceasefire",
}


def path_labels() -> dict[str, str]:
    """Every rule id that can be a path to direct confrontation -> its plain name, in registry
    order (the categories of the ``direct_path`` column, the same in every chunk)."""
    return {r.id: r.path_label for r in REGISTRY}


def direct_paths(cause: np.ndarray) -> pd.Categorical:
    """The ``direct_path`` column: the id of the rule whose act first took the Russia-NATO
    ladder to direct confrontation, missing where there was none."""
    ids = list(path_labels())
    codes = np.where(cause == NO_CAUSE, -1, cause).astype(np.int64)
    return pd.Categorical.from_codes(codes, categories=ids)


class OutcomeTracker:
    """Tracks first-occurrence weeks while the model steps; builds the outcomes frame."""

    def __init__(self, params: ScenarioParams, world: World) -> None:
        self.o = params.outcomes
        n = world.n
        self.first = {k: np.full(n, NEVER, np.int16) for k in KEY_EVENTS}
        self.first_transfer_region = np.full(n, -1, np.int8)
        self.regional_war_region = np.full(n, -1, np.int8)
        self._prev_transfers = world.transfers.copy()
        self.week = 0  # the last week tracked
        self.update(0, world)

    def _mark(self, key: str, week: int, happened: np.ndarray) -> np.ndarray:
        new = happened & (self.first[key] == NEVER)
        self.first[key][new] = week
        return new

    def update(self, week: int, w: World) -> None:
        o = self.o
        self.week = week
        self._mark("first_limited_week", week, (w.permission >= LIMITED).any(axis=1))
        self._mark("first_permission_week", week, w.permits.any(axis=1))
        self._mark("first_threat_week", week, w.threats > 0)
        self._mark("first_answer_week", week, w.answers > 0)
        self._mark("first_deep_strike_week", week, w.struck_this_week)
        self._mark("declaration_week", week, w.declared)
        self._mark("cobelligerence_week", week, w.cobelligerent)
        # arrivals count even when the trainers leave again within the same week
        self._mark("first_trainers_week", week, w.trainers_arrived | w.trainers.any(axis=1))
        self._mark("trainers_struck_week", week, (w.trainers_struck == 0).any(axis=1))
        got = w.transfers - self._prev_transfers
        new = self._mark("first_transfer_week", week, got.any(axis=1))
        self.first_transfer_region[new] = np.argmax(got[new] > 0, axis=1)
        self._prev_transfers = w.transfers.copy()
        self._mark("arms_race_spiral_week", week, w.spiral)
        at_war = w.week_peak[:, Theatre.MIDDLE_EAST :] >= o.regional_war_level
        # a new background war: a region that started below the war level reaches it without
        # Russian-supplied weapons (a war standing at week 0, the Middle East's, is not news)
        began_below = w.ladder_start[Theatre.MIDDLE_EAST :] < o.regional_war_level
        self._mark("background_war_week", week, (at_war & ~w.russian_war & began_below).any(axis=1))
        new = self._mark("regional_war_week", week, w.russian_war.any(axis=1))
        self.regional_war_region[new] = np.argmax(w.russian_war[new], axis=1)
        self._mark(
            "direct_confrontation_week",
            week,
            w.week_peak[:, Theatre.NATO] >= o.direct_confrontation_level,
        )
        self._mark("ceasefire_week", week, w.ceasefire)

    def frame(self, w: World, replicate_ids: np.ndarray) -> pd.DataFrame:
        """One row per replicate: outcome class, its week and region, key-event weeks."""
        cls = np.full(w.n, 3, np.int8)
        cls[w.ceasefire] = 2
        cls[self.first["regional_war_week"] != NEVER] = 1
        cls[self.first["direct_confrontation_week"] != NEVER] = 0
        week = np.full(w.n, self.week, np.int32)
        week[cls == 1] = self.first["regional_war_week"][cls == 1]
        week[cls == 0] = self.first["direct_confrontation_week"][cls == 0]
        regions = np.array([*REGIONS, None], dtype=object)
        data = {
            "replicate": replicate_ids.astype(np.int64),
            "outcome": pd.Categorical.from_codes(cls, categories=list(OUTCOMES)),
            "outcome_week": week.astype(np.int16),
            "outcome_region": pd.Categorical(
                np.where(cls == 1, regions[self.regional_war_region], None), categories=REGIONS
            ),
        }
        for key in KEY_EVENTS:
            v = self.first[key]
            data[key] = pd.array(np.where(v == NEVER, 0, v), dtype="Int16")
            data[key][v == NEVER] = pd.NA
        data["direct_path"] = direct_paths(w.direct_cause)
        data["first_transfer_region"] = pd.Categorical(
            regions[self.first_transfer_region], categories=REGIONS
        )
        data["transfers_total"] = w.transfers.sum(axis=1).astype(np.int16)
        data["threats_issued"] = w.threats.astype(np.int16)
        data["threats_kept"] = w.threats_kept.astype(np.int16)
        data["permission_at_horizon"] = pd.Categorical.from_codes(
            w.permission.max(axis=1).astype(np.int64), categories=list(PERMISSION_LEVELS)
        )
        data["ceasefire_at_horizon"] = w.ceasefire.copy()
        data["escalation_score"] = w.score.astype(np.int32)
        data["peak_nato"] = w.peak[:, Theatre.NATO].astype(np.int8)
        data["peak_regional"] = w.peak[:, Theatre.MIDDLE_EAST :].max(axis=1).astype(np.int8)
        return pd.DataFrame(data)
