"""The world's sections of a scenario: the arms race, the escalation ladders and the outcome
thresholds (P5, P9, P10, P11, P14)."""

from __future__ import annotations

from pydantic import model_validator

from ..core.ladder import MAX_LEVEL, REGIONAL_MAX
from .fields import FieldError, Level, Prob, Section, param


class ArmsRaceParams(Section):
    """Richardson arms race between Russia and the West (P9).

    ``dx = k_r y - a_r x + g_r`` and ``dy = k_w x - a_w y + g_w`` per week, with grievance terms
    that grow with deep strikes (Russia) and transfers (West). Richardson, L. F. (1960).
    *Arms and Insecurity*. The indices stay between ``floor`` and ``ceiling``; a
    ``spiral_ratio`` above the ceiling could never be reached and is refused.
    """

    reactivity_russia: float = param(
        0.03,
        "k_r: Russia's response to Western armament",
        "P9; assumption",
        le=1.0,
        plausible=(0.01, 0.09),
        basis="Richardson (1960) fitted yearly, not weekly, coefficients: factor 3 either side, "
        "up to the spiral scenarios' 0.05",
    )
    reactivity_west: float = param(
        0.03,
        "k_w: the West's response to Russian armament",
        "P9; assumption",
        le=1.0,
        plausible=(0.01, 0.09),
        basis="as reactivity_russia: factor 3 either side, up to the spiral scenarios' 0.05",
    )
    fatigue_russia: float = param(
        0.04,
        "a_r: economic fatigue (restraint) of Russia",
        "P9; assumption",
        le=1.0,
        plausible=(0.013, 0.12),
        basis="assumption: factor 3 either side, down to the spiral scenarios' 0.03",
    )
    fatigue_west: float = param(
        0.04,
        "a_w: economic fatigue of the West",
        "P9; assumption",
        le=1.0,
        plausible=(0.013, 0.12),
        basis="assumption: factor 3 either side, down to the spiral scenarios' 0.03",
    )
    extra_grievance: float = param(
        0.0,
        "grievance added to both sides every week beyond the equilibrium term a - k",
        "P9; assumption",
        ge=-1.0,
        le=1.0,
        plausible=(-0.005, 0.01),
        basis="0 keeps the start an equilibrium; world military spending rose 6.8% in 2023 "
        "(SIPRI 2024), ~0.0013 a week; up to the spiral scenario's 0.01, down to a drawdown",
    )
    threat_gain: float = param(
        0.05,
        "grievance added per deep strike (to Russia) and per transfer (to the West)",
        "P9; assumption",
        le=1.0,
        plausible=(0.015, 0.15),
        basis="assumption: factor 3 either side, up to the spiral scenarios' 0.1",
    )
    spiral_ratio: float = param(
        1.3,
        "arms-race spiral when Russian plus Western armament reaches this multiple of the start",
        "P9; assumption",
        ge=1.0,
        le=100.0,
        plausible=(1.1, 2.0),
        basis="a spiral is a rise well beyond the trend (6.8% in 2023, SIPRI 2024) and at most "
        "a doubling within the horizon",
    )
    floor: float = param(
        0.05,
        "lowest armament index either side can fall to (the start is 1); keeps the armament "
        "ratio in battlefield pressure defined",
        "assumption",
        ge=0.001,
        le=1.0,
        plausible=(0.01, 0.5),
        basis="no state disarms entirely",
        former_constant=True,
    )
    ceiling: float = param(
        1000.0,
        "highest armament index either side can reach (the start is 1): a real economy caps "
        "armament, Richardson's linear equations do not. The default only keeps an unstable "
        "race finite: shipped scenarios reach at most ~6 at their horizon, so it leaves their "
        "results as they were; an unstable race run for years reaches it",
        "Harrison 1998; SIPRI 2025; assumption",
        ge=1.0,
        le=1e6,
        plausible=(10.0, 1000.0),
        basis="total war took 40-60% of GDP (Harrison 1998) against today's 2-7% (SIPRI "
        "2024), some 10-25x; up to the default, which only keeps a race finite",
        former_constant=True,
    )

    @model_validator(mode="after")
    def _spiral_reachable(self) -> ArmsRaceParams:
        """Both sides at the ceiling must be able to reach the spiral threshold."""
        if self.spiral_ratio > self.ceiling:
            raise FieldError(
                "arms_race.spiral_ratio",
                self.spiral_ratio,
                f"must not exceed arms_race.ceiling ({self.ceiling:g}): armament never gets "
                "there, so the spiral could never be flagged",
            )
        return self


class LadderParams(Section):
    """Start levels, floors and de-escalation of the theatre ladders (P10)."""

    ukraine_initial: Level = param(
        5,
        "Russia-Ukraine war level at week 0 (large conventional war)",
        "article context",
        ge=0,
        le=MAX_LEVEL,
        plausible=(5, 6),
        basis="a large conventional war since February 2022 (5); 6 if Russia's nuclear "
        "signalling (drills announced May 2024) counts as the brink",
    )
    ukraine_ceasefire_level: Level = param(
        2,
        "war ladder level under a ceasefire",
        "assumption",
        ge=0,
        le=MAX_LEVEL,
        plausible=(1, 4),
        basis="a ceasefire leaves a crisis: from posturing (1) to one broken by fire as under "
        "Minsk II (2015-2022), always below the war's start",
    )
    nato_initial: Level = param(
        2,
        "Russia-NATO level at week 0 (harassment, sanctions)",
        "assumption",
        ge=0,
        le=MAX_LEVEL,
        plausible=(1, 2),
        basis="May 2024: sanctions, expulsions, and sabotage and arson in Europe blamed on "
        "Russia (2), or posturing (1); always below direct confrontation",
    )
    decay_ukraine: Prob = param(
        0.15,
        "weekly probability the war ladder steps down one level toward its floor",
        "assumption",
        plausible=(0.05, 0.4),
        basis="assumption: a spike of the war subsides within a few weeks to a few months",
    )
    decay_nato: Prob = param(
        0.1,
        "weekly probability the Russia-NATO ladder steps down one level toward its start",
        "P10; assumption",
        plausible=(0.03, 0.3),
        basis="P10: crises between nuclear powers were defused within days to months (Cuba "
        "1962: 13 days); factor 3 either side",
    )
    decay_regional: Prob = param(
        0.1,
        "weekly probability a regional ladder steps down one level toward its start",
        "assumption",
        plausible=(0.03, 0.3),
        basis="assumption: factor 3 either side of the default",
    )


class OutcomeParams(Section):
    """Outcome thresholds (P3, P5, P11, P14)."""

    direct_confrontation_level: Level = param(
        3,
        "Russia-NATO level that counts as direct confrontation (Kahn rung 9)",
        "P5",
        ge=1,
        le=MAX_LEVEL,
        plausible=(3, 4),
        basis="a definition: P5's direct confrontation is Kahn's rung 9 (3), or an intense "
        "crisis (4); above every plausible start",
    )
    regional_war_level: Level = param(
        5,
        "regional level at which escalation counts as regional war (Kahn rung 12, large "
        "conventional war); with Russian-supplied weapons used there it is the regional_war "
        "outcome, without them background escalation",
        "P11",
        ge=1,
        le=REGIONAL_MAX,
        plausible=(4, 5),
        basis="a definition: large conventional war (5, Kahn rung 12, the highest level a "
        "region reaches) or an intense crisis (4)",
    )
    spillover_rate: Prob = param(
        0.03,
        "weekly probability that a regional war fought with Russian-supplied weapons raises "
        "the Russia-NATO ladder",
        "P11; assumption",
        plausible=(0.01, 0.1),
        basis="P10/P11: no regional war since 1945 (Korea, Vietnam, Syria) became open war "
        "between Moscow and NATO; factor 3 either side",
    )
    six_months_weeks: int = param(
        26,
        "week at which 'within six months' probabilities are read (the horizon if earlier)",
        "P14",
        ge=1,
        le=520,
        unit="weeks",
        plausible=(26, 26),
        basis="a definition, not an uncertainty: six months are 26 weeks (P14)",
    )
