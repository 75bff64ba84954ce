"""The sections of named actors - each Western state (``[west.US]``) and the recipients of each
region (``[recipients.asia]``) - and the named actors a scenario has by default.

A table of named actors given in a file patches these defaults key by key (see
:func:`escalation_sim.scenarios.schema.ScenarioParams`), so a variant that sets
``[west.US] delivery_delay_weeks = 24`` keeps every other default.

A parameter's plausible range holds the class default and every default actor's value (the tests
check it), so one range serves every state or region. A Western state's two booleans
(``permits_deep_strikes``, ``trainers_deployed``) are levers, decisions an analyst sets, not
uncertainties: they have no plausible range.
"""

from __future__ import annotations

from pydantic import Field

from ..core.ladder import REGIONAL_MAX
from .fields import Level, Prob, Section, param

WESTERN_STATES = ("US", "UK", "France", "Germany")


class WesternStateParams(Section):
    """One Western state: deep-strike permission, aid, trainers and its responses."""

    permits_deep_strikes: bool = Field(
        False,
        description="permits deep strikes with its weapons at week 0",
        json_schema_extra={"source": "assumption (status quo before the article)"},
    )
    limited_permission: bool = Field(
        False,
        description="permits strikes near the border inside Russia with its weapons at week 0 "
        "(limited permission; deep permission implies it)",
        json_schema_extra={"source": "public record, May 2024 (see default_west)"},
    )
    trainers_deployed: bool = Field(
        False,
        description="has trainers inside Ukraine at week 0",
        json_schema_extra={"source": "P4 (discussed, not yet deployed)"},
    )
    limited_permission_rate: Prob = param(
        0.00015,
        "weekly probability of granting limited permission (strikes near the border) at zero "
        "pressure",
        "P1/P8; calibrated on the record to May 2024 (prior 0.005 x 0.03; docs/model.md, "
        "'Calibration on the record')",
        plausible=(0.00003, 0.005),
        basis="before May 2024 no state allowed strikes inside Russia with its weapons for "
        "about 115 weeks of war, under high pressure; the calibration keeps an early limited "
        "permission below 1 in 5 runs of the record (0.00015); the prior guess 0.005 bounds it "
        "above",
    )
    permission_rate: Prob = param(
        0.00025,
        "weekly probability of granting deep-strike permission at zero pressure",
        "P1/P8; calibrated on the record to May 2024 (prior x 0.05; docs/model.md, "
        "'Calibration on the record')",
        plausible=(0.00001, 0.006),
        basis="no state let Ukraine strike deep into Russia with its missiles in ~119 weeks of "
        "war to May 2024 (late May: only near Kharkiv): pooled below 3/476 ~ 0.006 per state "
        "and week (rule of three); the calibration keeps a deep permission in that period "
        "below 15% of runs",
    )
    pressure_sensitivity: float = param(
        1.0,
        "permission and aid rise with Ukrainian pressure: x (1 + s x pressure)",
        "P8; assumption",
        le=50.0,
        plausible=(0.3, 3.0),
        basis="assumption: factor 3 either side; permissions and aid followed battlefield "
        "crises (the Kharkiv offensive of May 2024)",
    )
    escalation_aversion: float = param(
        1.0,
        "permission, aid, trainer moves and retaliation fall with Russia-NATO escalation: "
        "/ (1 + a x levels above start)",
        "P10; assumption",
        le=50.0,
        plausible=(0.3, 4.5),
        basis="factor 3 either side of the defaults (1; Germany 1.5: it refused Taurus in "
        "2023-24 for fear of escalation)",
    )
    revoke_rate: Prob = param(
        0.2,
        "weekly probability of revoking permission once Russia-NATO reached direct "
        "confrontation (last week or now) or while a ceasefire holds",
        "P10; assumption",
        plausible=(0.05, 0.6),
        basis="assumption: factor 3 either side; a state steps back within weeks to months "
        "once its forces confront Russia's",
    )
    aid_share: Prob = param(
        0.25,
        "share of Ukraine's long-range supply this state provides",
        "P8; assumption",
        plausible=(0.05, 0.6),
        basis="the US gave the largest share of military aid (Kiel Ukraine Support Tracker "
        "2024); the UK and France sent Storm Shadow/SCALP, Germany refused Taurus",
    )
    aid_level: Prob = param(
        0.6,
        "long-range aid this state aims to deliver at zero pressure (0-1 of full)",
        "P8; assumption",
        plausible=(0.3, 0.9),
        basis="P8: support continues within limits; the US aid pause (Oct 2023-Apr 2024) shows "
        "how far below its aim a state can fall",
    )
    delivery_delay_weeks: float = param(
        12.0,
        "mean delay between committing aid and Ukraine fielding it (first-order delay)",
        "P8; assumption",
        ge=1.0,
        le=520.0,
        unit="weeks",
        plausible=(4.0, 40.0),
        basis="from ATACMS (approved September 2023, fired in October: ~5 weeks) to Abrams "
        "(pledged January 2023, arrived September: ~35 weeks); training_delays uses 24-32",
    )
    credibility_prior: Prob = param(
        0.3,
        "the state's initial belief that Russia carries out its threats (mean of its Beta belief)",
        "P1/P10/P14; assumption",
        plausible=(0.1, 0.6),
        basis="Russia's stated red lines (HIMARS, tanks, Storm Shadow, ATACMS, F-16s) were "
        "crossed in 2022-24 without the threatened answer, yet Western capitals kept treating "
        "its nuclear signalling as serious: a belief well below a half",
    )
    prior_strength: float = param(
        4.0,
        "weight of that prior in threats (a + b of the Beta belief): how many observed threats "
        "it takes to move the belief",
        "assumption",
        ge=0.5,
        le=100.0,
        plausible=(1.0, 20.0),
        basis="assumption: from a belief one episode can overturn (1) to a settled one (20)",
    )
    credibility_sensitivity: float = param(
        1.0,
        "how much the state's belief in Russian credibility restrains its permissions, trainers "
        "and aid: x (1 + s x prior) / (1 + s x belief); 0 removes the loop",
        "P1/P10; assumption",
        le=20.0,
        plausible=(0.0, 3.0),
        basis="assumption: from no effect (0) to a belief of 1 halving the moves (about 3)",
    )
    trainer_deploy_rate: Prob = param(
        0.0,
        "weekly probability of deploying trainers to Ukraine",
        "P4; assumption",
        plausible=(0.0, 0.01),
        basis="P4: Macron raised sending troops (February 2024), allies declined, and none went "
        "by May 2024: zero for states that ruled it out, at most ~ one in two years",
    )
    trainer_withdraw_rate: Prob = param(
        0.3,
        "weekly probability of withdrawing trainers after they were struck, once Russia-NATO "
        "reached direct confrontation, or while a ceasefire holds",
        "P5/P10; assumption",
        plausible=(0.1, 0.8),
        basis="assumption: after a deadly strike a state pulls out within a week to a few months",
    )
    retaliation_propensity: Prob = param(
        0.3,
        "weekly probability of a military response after its trainers were struck",
        "P5; assumption",
        plausible=(0.05, 0.6),
        basis="killed soldiers press a state to answer (P5), the Cold War habit of avoiding "
        "direct combat holds it back (P10); wide",
    )
    retaliation_window_weeks: int = param(
        2,
        "weeks after a strike on its trainers during which the state may answer militarily",
        "P5; assumption",
        ge=1,
        le=52,
        unit="weeks",
        plausible=(1, 4),
        basis="a military answer comes within weeks or not at all",
        former_constant=True,
    )
    recent_strike_weeks: int = param(
        4,
        "weeks a strike on the state's trainers counts as recent: it withdraws its trainers "
        "and does not send new ones meanwhile",
        "P5/P10; assumption",
        ge=1,
        le=52,
        unit="weeks",
        plausible=(2, 12),
        basis="assumption: a strike weighs on a government's choices for weeks to a quarter",
        former_constant=True,
    )

    answer_window_weeks: int = param(
        4,
        "weeks after a Russian transfer during which the state may answer it",
        "P6/P10; assumption",
        ge=1,
        le=52,
        unit="weeks",
        plausible=(2, 12),
        basis="an answer to an arms delivery comes within weeks to a quarter or not at all",
    )
    interdiction_rate: Prob = param(
        0.1,
        "weekly probability of interdicting the delivered weapons (seizing shipments, "
        "destroying stocks) after a transfer; takes interdiction_share of the region's stock",
        "P6/P10; assumption",
        plausible=(0.0, 0.3),
        basis="the US Navy seized Iranian arms bound for the Houthis in 2023-24 (e.g. January "
        "2024), but most such shipments got through: a low weekly rate",
    )
    interdiction_share: Prob = param(
        0.5,
        "share of the region's Russian-supplied stock an interdiction removes",
        "assumption",
        plausible=(0.2, 0.8),
        basis="assumption: a seizure or strike takes part of a delivery, rarely all of it",
    )
    sanction_rate: Prob = param(
        0.3,
        "weekly probability of new sanctions in answer to a transfer",
        "P9; assumption",
        plausible=(0.1, 0.6),
        basis="Western states answered Iran's and North Korea's arms deliveries to Russia with "
        "new sanctions within weeks (2022-24): sanctions are the cheapest answer",
    )
    recipient_strike_rate: Prob = param(
        0.03,
        "weekly probability of striking the recipient in its region after a transfer (regional "
        "ladder +1), before escalation aversion",
        "P10/P11; assumption",
        plausible=(0.0, 0.1),
        basis="the US and UK struck Houthi launchers from January 2024 once attacks on shipping "
        "grew; a strike answers use more than delivery, so a low rate",
    )
    yield_rate: Prob = param(
        0.05,
        "weekly probability of stepping back from deep to limited permission after a transfer "
        "while the belief in Russian credibility is at its prior; x (1 + s x belief) / (1 + s "
        "x prior) (the threat working)",
        "P1/P10; assumption",
        plausible=(0.0, 0.2),
        basis="no Western state withdrew a permission under Russian threat to May 2024; the "
        "coercion aims at exactly this, so it is kept possible but rare",
    )

    @property
    def permission_at_start(self) -> int:
        """The state's permission level at week 0: 2 deep, 1 limited, 0 none."""
        return 2 if self.permits_deep_strikes else 1 if self.limited_permission else 0


def default_west() -> dict[str, WesternStateParams]:
    """The Western states at the article's date. All four allow limited strikes inside Russia
    (the UK's foreign secretary said so on 3 May 2024, France's president on 28 May, the US on
    30 May and Germany on 31 May, for targets near Kharkiv); none allows deep strikes."""
    return {
        # deep-permission rates: the prior guesses (US 0.002, UK 0.003, France 0.002,
        # Germany 0.0005) x 0.05, France's trainer rate 0.002 x 0.25, as calibrated on the record
        "US": WesternStateParams(
            aid_share=0.4, aid_level=0.6, permission_rate=0.0001, limited_permission=True
        ),
        "UK": WesternStateParams(
            aid_share=0.2, aid_level=0.7, permission_rate=0.00015, limited_permission=True
        ),
        "France": WesternStateParams(
            aid_share=0.2,
            aid_level=0.6,
            permission_rate=0.0001,
            trainer_deploy_rate=0.0005,
            limited_permission=True,
        ),
        "Germany": WesternStateParams(
            aid_share=0.2,
            aid_level=0.5,
            permission_rate=0.000025,
            delivery_delay_weeks=16.0,
            escalation_aversion=1.5,
            limited_permission=True,
        ),
    }


class RecipientParams(Section):
    """Third-party recipients of Russian long-range weapons in one region (P6, P7, P11)."""

    hostility: Prob = param(
        0.5,
        "hostility of the region's recipients toward the West",
        "P7; assumption",
        plausible=(0.1, 0.9),
        basis="P7 names regions, not recipients: from lukewarm partners (Latin America) to open "
        "foes (Iran and the Houthis, whose Red Sea attacks began in November 2023)",
    )
    capacity: Prob = param(
        0.5,
        "capacity to absorb and use long-range systems",
        "P7; assumption",
        plausible=(0.1, 0.9),
        basis="Iran and North Korea build and fire their own ballistic missiles; Russia's Latin "
        "American partners field few long-range systems",
    )
    russian_influence: Prob = param(
        0.3,
        "weight of the region in Russia's choice of recipient",
        "P7; assumption",
        plausible=(0.05, 0.8),
        basis="P7: Russia's bases in Syria, Iran's drones and North Korea's shells and missiles "
        "for Russia (2023-24), ties to Venezuela, Cuba and Nicaragua; relative weights, wide",
    )
    initial_tension: Prob = param(
        0.2,
        "regional tension at week 0 (0-1)",
        "assumption",
        plausible=(0.05, 0.8),
        basis="May 2024: war in Gaza, the first direct Iran-Israel strikes (April 2024); a "
        "tense Korean peninsula and Taiwan Strait; Latin America calm but for Essequibo",
    )
    initial_level: Level = param(
        1,
        "regional ladder level at week 0: the region's own conflicts as the record puts them "
        "(background escalation; a regional war at week 0 is background, not the outcome)",
        "public record to May 2024 (see default_recipients)",
        ge=0,
        le=REGIONAL_MAX,
        plausible=(0, 5),
        basis="May 2024: the Middle East up to conventional war (Gaza, Iran-Israel strikes: "
        "5), Asia posturing (1-2), Latin America subcrisis (0-1)",
    )
    provocation_rate: Prob = param(
        0.04,
        "weekly probability of an escalatory act at full hostility and tension, with the "
        "region's own weapons (recipient.provoke; with Russian-supplied ones the rate is also "
        "x stock_gain x stock)",
        "P11; assumption",
        plausible=(0.013, 0.12),
        basis="assumption: factor 3 either side of the default",
    )
    stock_gain: float = param(
        3.0,
        "escalatory acts with Russian-supplied weapons per unit of long-range stock, relative "
        "to the region's background rate",
        "P11; assumption",
        le=50.0,
        plausible=(1.0, 9.0),
        basis="assumption: factor 3 either side of the default",
    )
    tension_per_transfer: Prob = param(
        0.15,
        "rise in regional tension per transfer received",
        "P6; assumption",
        plausible=(0.05, 0.4),
        basis="assumption: factor 3 either side; one transfer alone does not make a crisis",
    )
    stock_tension: Prob = param(
        0.5,
        "regional tension the recipients' long-range stock sustains, per unit of stock "
        "(tension relaxes toward start + this x stock)",
        "P6; assumption",
        plausible=(0.2, 1.0),
        basis="P6: weapons held keep a region tense; assumption",
        former_constant=True,
    )
    tension_decay: Prob = param(
        0.02,
        "weekly share of excess tension that fades",
        "assumption",
        plausible=(0.005, 0.06),
        basis="assumption: tension fades with a half-life of about 3 months to 2.5 years",
    )


def default_recipients() -> dict[str, RecipientParams]:
    """The regions as the public record put them at the end of May 2024 (before the article).

    * Middle East: level 5, large conventional war. Israel's war in Gaza since October 2023,
      the Houthis' attacks on Red Sea shipping from November 2023, US and UK strikes in Yemen
      from January 2024 and Iran's first direct missile and drone attack on Israel in April
      2024. Tension 0.6.
    * Asia: level 2, harassment. China's coast guard rammed and used water cannon against
      Philippine resupply boats at Second Thomas Shoal (August 2023, March 2024); North Korea
      kept testing missiles. Tension 0.3.
    * Latin America: level 1, posturing. Venezuela's referendum on annexing Essequibo
      (December 2023) and troops massed near Guyana's border, answered by a British patrol
      ship's visit to Guyana. Tension 0.1.
    """
    return {
        "middle_east": RecipientParams(
            hostility=0.7, capacity=0.6, russian_influence=0.5, initial_tension=0.6, initial_level=5
        ),
        "asia": RecipientParams(
            hostility=0.5, capacity=0.7, russian_influence=0.3, initial_tension=0.3, initial_level=2
        ),
        "latin_america": RecipientParams(
            hostility=0.3, capacity=0.3, russian_influence=0.2, initial_tension=0.1, initial_level=1
        ),
    }
