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
    trainers_deployed: bool = Field(
        False,
        description="has trainers inside Ukraine at week 0",
        json_schema_extra={"source": "P4 (discussed, not yet deployed)"},
    )
    permission_rate: Prob = param(
        0.005,
        "weekly probability of granting deep-strike permission at zero pressure",
        "P1/P8; assumption",
        plausible=(0.0003, 0.015),
        basis="no state let Ukraine strike deep into Russia with its missiles in ~120 weeks of "
        "war to May 2024 (late May: only near Kharkiv): pooled below 3/480 ~ 0.006 (rule of "
        "three); wider for a state under pressure or a reluctant one",
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


def default_west() -> dict[str, WesternStateParams]:
    return {
        "US": WesternStateParams(aid_share=0.4, aid_level=0.6, permission_rate=0.002),
        "UK": WesternStateParams(aid_share=0.2, aid_level=0.7, permission_rate=0.003),
        "France": WesternStateParams(
            aid_share=0.2, aid_level=0.6, permission_rate=0.002, trainer_deploy_rate=0.002
        ),
        "Germany": WesternStateParams(
            aid_share=0.2,
            aid_level=0.5,
            permission_rate=0.0005,
            delivery_delay_weeks=16.0,
            escalation_aversion=1.5,
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
