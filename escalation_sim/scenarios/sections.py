"""The sections of the single actors: Russia, Ukraine and the mediators.

Every parameter says what it means, its unit and where its default comes from: an article
paragraph (``P1``..``P14``), a cited public fact, or an explicit ``assumption``, and states a
plausible range with its basis (see :func:`escalation_sim.scenarios.fields.param`); ranges are
checked on load. Where only an assumption sets a rate, its range spans about a factor 3 either
side of the default; the public record up to May 2024 narrows it where it can. The named actors'
sections (Western states, recipients) are in :mod:`escalation_sim.scenarios.members`, the
world's in :mod:`escalation_sim.scenarios.world`.
"""

from __future__ import annotations

from pydantic import Field

from ..core.ladder import NON_NUCLEAR_MAX
from .fields import Level, Prob, Section, param


class RussiaParams(Section):
    """Russia: attribution, the asymmetric-response threat and its targeting rules."""

    threat_at_start: bool = Field(
        True,
        description="a Russian threat stands at week 0 (its window starts then): the "
        "asymmetric-response threat the article reports",
        json_schema_extra={"source": "P1 (the article's own news, June 2024)"},
    )

    transfer_follow_through: Prob = param(
        0.03,
        "weekly probability of a long-range transfer while the trigger is live, at zero "
        "perceived involvement (the threat's credibility)",
        "P1; value an assumption",
        plausible=(0.01, 0.1),
        basis="Russia's earlier red lines (tanks, Storm Shadow, ATACMS) were crossed in 2023 "
        "with no transfer in answer, so a low weekly rate; factor 3 either side, up to the "
        "asymmetric_response scenario's 0.08",
    )
    transfer_cost: float = param(
        0.5,
        "how much Russia's follow-through falls with what a transfer would cost it: p / (1 + "
        "cost x (Russia-NATO levels above start + earlier transfers the West answered))",
        "P1/P10; assumption",
        le=10.0,
        plausible=(0.0, 2.0),
        basis="P10: a transfer risks a Western answer and a wider clash, which Russia weighs; "
        "from no weight (0) to one answer halving the rate and more (2)",
    )
    threat_rate: Prob = param(
        0.5,
        "weekly probability that Russia issues a threat after a Western decision "
        "(a permission, trainers sent, a delivery announced)",
        "P1/P14; assumption",
        plausible=(0.2, 0.9),
        basis="most Western steps of 2022-24 (HIMARS, tanks, Storm Shadow, ATACMS, F-16s) drew "
        "a Russian warning of consequences within days, not every one",
    )
    threat_window_weeks: int = param(
        12,
        "weeks a threat stands: carried out (a transfer) within them it is kept, otherwise it "
        "lapses and the West's belief in Russian credibility falls",
        "P1/P14; assumption",
        ge=1,
        le=104,
        unit="weeks",
        plausible=(4, 26),
        basis="P14's 'coming months': a threat not acted on within a season reads as empty",
    )
    assist_rate: Prob = param(
        0.02,
        "weekly probability of assistance short of a transfer (targeting data, intelligence, "
        "brokering through a third state) while a deep strike is recent or a threat stands",
        "P1/P6; assumption",
        plausible=(0.0, 0.1),
        basis="no such assistance to the West's adversaries was on the public record to May "
        "2024: low, but cheaper and deniable, so possible",
    )
    assist_tension: Prob = param(
        0.05,
        "rise in the region's tension per act of assistance (a rung below a transfer's)",
        "P6; assumption",
        plausible=(0.01, 0.15),
        basis="assumption: a third of a transfer's default tension_per_transfer (0.15)",
    )
    involvement_gain: float = param(
        2.0,
        "follow-through multiplier slope: p = base x (1 + gain x involvement)",
        "P2/P3; assumption",
        le=20.0,
        plausible=(0.5, 6.0),
        basis="assumption: from a weak effect to about a factor 3 above the default",
    )
    response_window_weeks: int = param(
        8,
        "weeks a deep strike keeps the transfer trigger live",
        "assumption",
        ge=1,
        le=520,
        unit="weeks",
        plausible=(2, 26),
        basis="an answer to a strike comes within weeks; after half a year it no longer reads "
        "as a response to it",
    )
    initial_involvement: Prob = param(
        0.35,
        "Russia's perceived Western involvement at week 0",
        "P3 (already framed as intimate involvement); value an assumption",
        plausible=(0.15, 0.5),
        basis="P3: the rhetoric already calls Western involvement intimate, yet by May 2024 "
        "Russia had not treated NATO as a party to the war: below the co-belligerence range",
    )
    attribution_per_border_strike: Prob = param(
        0.01,
        "rise in perceived involvement for each week with a strike near the border (under a "
        "limited or deep permission)",
        "P2; value an assumption",
        plausible=(0.0, 0.04),
        basis="P2 holds for any strike with Western missiles, but targets near the border are "
        "closer to the front: well below a deep strike's attribution",
    )
    attribution_per_strike: Prob = param(
        0.06,
        "rise in perceived involvement for each week with a deep strike using Western "
        "weapons (target selection attributed to Western militaries)",
        "P2; value an assumption",
        plausible=(0.02, 0.15),
        basis="assumption: factor 3 either side; a few weeks to a few months of strikes carry "
        "involvement from its start to the co-belligerence threshold",
    )
    trainer_involvement: Prob = param(
        0.2,
        "perceived involvement that one Western state's trainers in Ukraine stand for: while "
        "they stay, perception moves toward start + this per state (x the replicate's "
        "perception factor)",
        "P3/P4; value an assumption",
        plausible=(0.05, 0.4),
        basis="P4: the Kremlin singled out French trainers as targets, so their presence "
        "weighs; from a token (0.05) to one state's trainers alone carrying perception past "
        "the co-belligerence threshold (0.4)",
    )
    involvement_adjustment: Prob = param(
        0.05,
        "weekly share of the gap between perceived involvement and what the standing evidence "
        "supports that closes (perception follows the evidence, up and down)",
        "assumption",
        plausible=(0.02, 0.2),
        basis="a perception settles over months, not days: a half-life from about 3 weeks "
        "(0.2) to 8 months (0.02)",
    )
    perception_spread: Prob = param(
        0.5,
        "how much the weight Russia gives the evidence (trainers, strikes) differs across "
        "replicates: each draws a factor uniformly from 1 +- this",
        "P2/P3; assumption",
        ge=0.0,
        le=0.9,
        plausible=(0.0, 0.8),
        basis="how Moscow reads Western involvement is not observable; from none (0) to a "
        "factor 9 between the most and least sensitive worlds (0.8)",
    )
    cobelligerence_threshold: Prob = param(
        0.6,
        "centre of the perceived involvement at which Russia treats the West as a "
        "co-belligerent (each replicate draws its threshold from this +- the spread)",
        "P3; value an assumption",
        plausible=(0.55, 0.9),
        basis="above the range of the start (Russia had not acted on co-belligerence by "
        "May 2024, P3); nothing else constrains it",
    )
    cobelligerence_threshold_spread: Prob = param(
        0.15,
        "half-width of the uniform range each replicate draws its co-belligerence threshold "
        "from (the threshold is uncertain, so it is not one number for every world)",
        "P3; assumption",
        ge=0.0,
        le=0.5,
        plausible=(0.0, 0.2),
        basis="a red line nobody has seen crossed is known only roughly; up to +- 0.2 keeps "
        "the lowest threshold (0.55 - 0.2) at or above the start's central value (0.35)",
    )
    declaration_threshold: Prob = param(
        0.3,
        "perceived involvement at which Russia declares the West a party to the war "
        "(rhetoric and doctrine only: no rule changes)",
        "P3",
        plausible=(0.1, 0.5),
        basis="P3: the rhetoric of intimate Western involvement was already there at the "
        "article's date, so the threshold lies at or below the start's range",
    )
    cobelligerence_rate: Prob = param(
        0.25,
        "weekly probability that Russia acts on a perceived involvement above its threshold "
        "(treats the West as a co-belligerent)",
        "P3; assumption",
        plausible=(0.05, 1.0),
        basis="assumption: from a slow decision (about 5 months on average) to acting in the "
        "week the threshold is crossed",
    )
    cobelligerence_hysteresis: Prob = param(
        0.1,
        "how far below its threshold perceived involvement must fall before the co-belligerent "
        "stance can lapse",
        "P3/P10; assumption",
        ge=0.0,
        le=0.5,
        plausible=(0.0, 0.25),
        basis="a stance taken is not dropped at the first easing; from none to a quarter of "
        "the 0-1 scale",
    )
    cobelligerence_lapse_rate: Prob = param(
        0.1,
        "weekly probability that the co-belligerent stance lapses once perceived involvement "
        "is below threshold - hysteresis",
        "P10; assumption",
        plausible=(0.0, 0.5),
        basis="P10: the superpowers step back from direct conflict when they can; from never "
        "(0) to within about two weeks (0.5)",
    )
    cobelligerent_multiplier: float = param(
        2.0,
        "multiplier on hostile rules toward the West once co-belligerent",
        "P3; assumption",
        ge=1.0,
        le=20.0,
        plausible=(1.0, 5.0),
        basis="assumption: from no effect (1) to a factor 2.5 above the default",
    )
    trainer_targeting: Prob = param(
        0.015,
        "weekly probability of striking a Western state's trainers while deployed",
        "P4; value an assumption",
        plausible=(0.005, 0.05),
        basis="P4 names trainers as targets, and Russia struck the Yavoriv training centre "
        "near Poland in March 2022; factor 3 either side (0.05: a strike within about 5 "
        "months of deployment on average)",
    )
    direct_action_rate: Prob = param(
        0.05,
        "weekly probability of a direct military act against a Western state once "
        "co-belligerent, before restraint",
        "P3/P5; assumption",
        plausible=(0.015, 0.15),
        basis="assumption: factor 3 either side of the default",
    )
    direct_restraint: Prob = param(
        0.8,
        "share of direct acts suppressed: superpowers avoid direct conflict",
        "P10; assumption",
        plausible=(0.5, 0.95),
        basis="P10: through four decades of proxy wars the Cold War superpowers avoided direct "
        "combat, so restraint is strong but not certain; down to the worst_case scenario's 0.6",
    )
    show_of_force: Prob = param(
        0.15,
        "weekly probability of a show of force or nuclear signalling (war ladder up one level, "
        "at most to the nuclear brink) while a deep strike or a Western decision (permission, "
        "trainers, announced delivery) is recent",
        "P9/P14; assumption",
        plausible=(0.05, 0.4),
        basis="signalling is cheap and frequent: Russia announced non-strategic nuclear drills "
        "in May 2024 in answer to Western statements; factor 3 either side",
    )
    show_of_force_window_weeks: int = param(
        2,
        "weeks after a deep strike or a Western decision during which Russia may answer with a "
        "show of force",
        "P9/P14; assumption",
        ge=1,
        le=52,
        unit="weeks",
        plausible=(1, 4),
        basis="signalling follows a strike within days to a few weeks",
        former_constant=True,
    )
    signalling_ceiling: Level = param(
        NON_NUCLEAR_MAX,
        "highest war-ladder level a show of force can lift the war to (default 6, the nuclear "
        "brink: signalling threatens nuclear use without crossing into it)",
        "P9/P14; Kahn's rungs 15-20 (nuclear ultimatums) as the limit of signalling",
        ge=1,
        le=NON_NUCLEAR_MAX,
        plausible=(5, 6),
        basis="signalling lifts a conventional war (5) at most to nuclear ultimatums (6, Kahn "
        "rungs 15-20); it never crosses into nuclear use",
        former_constant=True,
    )
    transfer_size: float = param(
        0.25,
        "long-range stock a recipient gains per transfer (stock accumulates over transfers)",
        "assumption",
        plausible=(0.1, 0.75),
        basis="assumption: a token batch to a substantial one; stock has no natural unit",
    )


class UkraineParams(Section):
    """Ukraine: deep strikes with Western weapons and slowly ramping capability."""

    deep_strike_rate: Prob = param(
        0.6,
        "weekly probability of a deep strike at full capability when permitted",
        "P1; value an assumption",
        plausible=(0.3, 1.0),
        basis="Ukraine used new long-range weapons at once: ATACMS within weeks of delivery "
        "(October 2023); at full capability it strikes most weeks",
    )
    border_strike_rate: Prob = param(
        0.5,
        "weekly probability of a strike near the border inside Russia at full capability "
        "where limited (or deep) permission covers all supply",
        "P2/P8; value an assumption",
        plausible=(0.2, 0.9),
        basis="targets across the border (launch sites, assembly areas for the Kharkiv "
        "offensive) were what Ukraine asked to hit: frequent once allowed",
    )
    initial_capability: Prob = param(
        0.3,
        "long-range strike capability delivered at week 0 (0-1)",
        "assumption",
        plausible=(0.1, 0.5),
        basis="by May 2024 Storm Shadow/SCALP (since May 2023) and ATACMS (since October 2023) "
        "had come in limited numbers: some, far from full, capability",
    )
    initial_f16_readiness: Prob = param(
        0.2,
        "share of the F-16 force ready at week 0",
        "P8; assumption",
        plausible=(0.0, 0.3),
        basis="P8: no F-16 had reached Ukraine by May 2024; readiness counts only the pilots "
        "in training since autumn 2023",
    )
    f16_training_rate: Prob = param(
        0.02,
        "weekly gain in F-16 readiness (1/52 ~ a year to full readiness)",
        "P8; public reporting put about a year between the F-16 training coalition (Aug 2023) "
        "and the first jets in Ukraine (summer 2024)",
        plausible=(0.01, 0.04),
        basis="P8 (slow training): half a year (the shortest course, for experienced pilots) "
        "to two years to full readiness; training_delays uses 0.01",
    )
    initial_pressure: Prob = param(
        0.6,
        "battlefield pressure on Ukraine at week 0 (0-1)",
        "assumption",
        plausible=(0.4, 0.8),
        basis="spring 2024: short of shells during the US aid pause (Oct 2023-Apr 2024), "
        "Avdiivka lost (Feb) and a new offensive near Kharkiv (May): high, not collapse",
    )
    pressure_relief: Prob = param(
        0.5,
        "how much full capability relieves battlefield pressure",
        "P8; assumption",
        plausible=(0.2, 0.8),
        basis="assumption: long-range weapons relieve pressure in part, never remove it",
    )
    f16_relief: Prob = param(
        0.2,
        "how much a fully ready F-16 force relieves battlefield pressure: target x (1 - this "
        "x readiness)",
        "P8; assumption",
        plausible=(0.0, 0.4),
        basis="a few dozen jets pledged by 2024 against Russia's air force and air defences: "
        "a modest share of the relief long-range fires give (pressure_relief 0.2-0.8)",
    )
    pressure_adjustment: Prob = param(
        0.1,
        "weekly share of the gap to target pressure closed",
        "assumption",
        plausible=(0.03, 0.3),
        basis="assumption: factor 3 either side; the front responds within weeks to months",
    )
    ceasefire_pressure: Prob = param(
        0.3,
        "share of the battlefield-pressure target that remains under a ceasefire",
        "P12/P13; assumption",
        plausible=(0.1, 0.6),
        basis="the front is held, but forces and economies stay under strain",
        former_constant=True,
    )


class MediationParams(Section):
    """Mediators: international organisations and global leaders (P12, P13)."""

    effort: Prob = param(
        0.3,
        "mediation effort (0-1)",
        "P12; assumption",
        plausible=(0.05, 0.6),
        basis="P12: talks frozen since spring 2022 and a summit prepared for June 2024 without "
        "Russia: low to moderate; a push beyond is a lever (set_mediation_effort)",
    )
    success_rate: Prob = param(
        0.0075,
        "weekly probability of brokering a ceasefire at full effort, no escalation above "
        "the start and no entrenchment",
        "P12/P13; calibrated on the record to May 2024 (prior 0.03 x 0.25; docs/model.md, "
        "'Calibration on the record')",
        plausible=(0.0025, 0.03),
        basis="P13: the Istanbul talks (March-April 2022) failed and no ceasefire came in over "
        "two years; the calibration keeps a ceasefire in that period below 15% of runs; "
        "factor 3 below, the prior guess above",
    )
    escalation_sensitivity: float = param(
        0.5,
        "success / (1 + s x ladder levels above start, summed over theatres)",
        "P13; assumption",
        le=50.0,
        plausible=(0.15, 1.5),
        basis="assumption: factor 3 either side of the default",
    )
    breakdown_rate: Prob = param(
        0.03,
        "weekly probability a ceasefire collapses, before entrenchment and escalation",
        "P13/P14; assumption",
        plausible=(0.01, 0.1),
        basis="the Minsk ceasefires (2014, 2015) were broken within weeks and failed within "
        "months to years; factor 3 either side",
    )
    initial_entrenchment: Prob = param(
        0.3,
        "both sides' preparation for a prolonged confrontation at week 0",
        "P13; assumption",
        plausible=(0.15, 0.6),
        basis="P13: Russia's 2024 budget put some 6% of GDP into defence and Ukraine lowered "
        "its mobilisation age (April 2024): well under way, far from complete",
    )
    entrenchment_rate: Prob = param(
        0.01,
        "weekly growth of entrenchment toward 1 while there is no ceasefire",
        "P13; assumption",
        plausible=(0.003, 0.03),
        basis="assumption: factor 3 either side of the default",
    )
