"""The sections of the single actors: Russia, Ukraine and the mediators.

Every parameter says what it means, its unit and where its default comes from: an article
paragraph (``P1``..``P14``), a cited public fact, or an explicit ``assumption``; ranges are
checked on load. The named actors' sections (Western states, recipients) are in
:mod:`escalation_sim.scenarios.members`, the world's in :mod:`escalation_sim.scenarios.world`.
"""

from __future__ import annotations

from ..core.ladder import NON_NUCLEAR_MAX
from .fields import Level, Prob, Section, param


class RussiaParams(Section):
    """Russia: attribution, the asymmetric-response threat and its targeting rules."""

    transfer_follow_through: Prob = param(
        0.03,
        "weekly probability of a long-range transfer while the trigger is live, at zero "
        "perceived involvement (the threat's credibility)",
        "P1; value an assumption",
    )
    involvement_gain: float = param(
        2.0,
        "follow-through multiplier slope: p = base x (1 + gain x involvement)",
        "P2/P3; assumption",
        le=20.0,
    )
    response_window_weeks: int = param(
        8,
        "weeks a deep strike keeps the transfer trigger live",
        "assumption",
        ge=1,
        le=520,
        unit="weeks",
    )
    initial_involvement: Prob = param(
        0.35,
        "Russia's perceived Western involvement at week 0",
        "P3 (already framed as intimate involvement); value an assumption",
    )
    attribution_per_strike: Prob = param(
        0.06,
        "rise in perceived involvement for each week with a deep strike using Western "
        "weapons (target selection attributed to Western militaries)",
        "P2; value an assumption",
    )
    involvement_per_trainer_state: Prob = param(
        0.02,
        "weekly rise in perceived involvement per Western state with trainers in Ukraine",
        "P3/P4; assumption",
    )
    involvement_decay: Prob = param(
        0.02, "weekly fractional decay of perceived involvement", "assumption"
    )
    cobelligerence_threshold: Prob = param(
        0.6,
        "perceived involvement at which Russia treats the West as a co-belligerent",
        "P3; value an assumption",
    )
    cobelligerent_multiplier: float = param(
        2.0,
        "multiplier on hostile rules toward the West once co-belligerent",
        "P3; assumption",
        ge=1.0,
        le=20.0,
    )
    trainer_targeting: Prob = param(
        0.015,
        "weekly probability of striking a Western state's trainers while deployed",
        "P4; value an assumption",
    )
    direct_action_rate: Prob = param(
        0.05,
        "weekly probability of a direct military act against a Western state once "
        "co-belligerent, before restraint",
        "P3/P5; assumption",
    )
    direct_restraint: Prob = param(
        0.8, "share of direct acts suppressed: superpowers avoid direct conflict", "P10; assumption"
    )
    show_of_force: Prob = param(
        0.15,
        "weekly probability of a show of force or nuclear signalling (war ladder up one level, "
        "at most to the nuclear brink) while deep strikes are recent",
        "P9/P14; assumption",
    )
    show_of_force_window_weeks: int = param(
        2,
        "weeks after a deep strike during which Russia may answer with a show of force. "
        "Plausible 1-4: signalling follows a strike within days to a few weeks",
        "P9/P14; assumption",
        ge=1,
        le=52,
        unit="weeks",
        former_constant=True,
    )
    signalling_ceiling: Level = param(
        NON_NUCLEAR_MAX,
        "highest war-ladder level a show of force can lift the war to (default 6, the nuclear "
        "brink: signalling threatens nuclear use without crossing into it). Plausible 5-6",
        "P9/P14; Kahn's rungs 15-20 (nuclear ultimatums) as the limit of signalling",
        ge=1,
        le=NON_NUCLEAR_MAX,
        former_constant=True,
    )
    transfer_size: float = param(
        0.25,
        "long-range stock a recipient gains per transfer (stock accumulates over transfers)",
        "assumption",
    )


class UkraineParams(Section):
    """Ukraine: deep strikes with Western weapons and slowly ramping capability."""

    deep_strike_rate: Prob = param(
        0.6,
        "weekly probability of a deep strike at full capability when permitted",
        "P1; value an assumption",
    )
    initial_capability: Prob = param(
        0.3, "long-range strike capability delivered at week 0 (0-1)", "assumption"
    )
    initial_f16_readiness: Prob = param(
        0.2, "share of the F-16 force ready at week 0", "P8; assumption"
    )
    f16_training_rate: Prob = param(
        0.02,
        "weekly gain in F-16 readiness (1/52 ~ a year to full readiness)",
        "P8; public reporting put about a year between the F-16 training coalition (Aug 2023) "
        "and the first jets in Ukraine (summer 2024)",
    )
    trainer_training_boost: float = param(
        1.0,
        "relative speed-up of training per Western state with trainers in Ukraine",
        "P4/P8; assumption",
        le=10.0,
    )
    initial_pressure: Prob = param(
        0.6, "battlefield pressure on Ukraine at week 0 (0-1)", "assumption"
    )
    pressure_relief: Prob = param(
        0.5, "how much full capability relieves battlefield pressure", "P8; assumption"
    )
    pressure_adjustment: Prob = param(
        0.1, "weekly share of the gap to target pressure closed", "assumption"
    )
    ceasefire_pressure: Prob = param(
        0.3,
        "share of the battlefield-pressure target that remains under a ceasefire. Plausible "
        "0.1-0.6: the front is held, but forces and economies stay under strain",
        "P12/P13; assumption",
        former_constant=True,
    )


class MediationParams(Section):
    """Mediators: international organisations and global leaders (P12, P13)."""

    effort: Prob = param(0.3, "mediation effort (0-1)", "P12; assumption")
    success_rate: Prob = param(
        0.03,
        "weekly probability of brokering a ceasefire at full effort, no escalation above "
        "the start and no entrenchment",
        "P12/P13; assumption",
    )
    escalation_sensitivity: float = param(
        0.5,
        "success / (1 + s x ladder levels above start, summed over theatres)",
        "P13; assumption",
        le=50.0,
    )
    breakdown_rate: Prob = param(
        0.03,
        "weekly probability a ceasefire collapses, before entrenchment and escalation",
        "P13/P14; assumption",
    )
    initial_entrenchment: Prob = param(
        0.3, "both sides' preparation for a prolonged confrontation at week 0", "P13; assumption"
    )
    entrenchment_rate: Prob = param(
        0.01,
        "weekly growth of entrenchment toward 1 while there is no ceasefire",
        "P13; assumption",
    )
