"""The sections of named actors - each Western state (``[west.US]``) and the recipients of each
region (``[recipients.asia]``) - and the named actors a scenario has by default.

A table of named actors given in a file patches these defaults key by key (see
:func:`escalation_sim.scenarios.schema.ScenarioParams`), so a variant that sets
``[west.US] delivery_delay_weeks = 24`` keeps every other default.
"""

from __future__ import annotations

from pydantic import Field

from ..core.ladder import MAX_LEVEL
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
    )
    pressure_sensitivity: float = param(
        1.0,
        "permission and aid rise with Ukrainian pressure: x (1 + s x pressure)",
        "P8; assumption",
        le=50.0,
    )
    escalation_aversion: float = param(
        1.0,
        "permission, aid and trainer moves fall with Russia-NATO escalation: "
        "/ (1 + a x levels above start)",
        "P10; assumption",
        le=50.0,
    )
    revoke_rate: Prob = param(
        0.2,
        "weekly probability of revoking permission once Russia-NATO tension is at "
        "military confrontation or above",
        "P10; assumption",
    )
    aid_share: Prob = param(
        0.25, "share of Ukraine's long-range supply this state provides", "P8; assumption"
    )
    aid_level: Prob = param(
        0.6,
        "long-range aid this state aims to deliver at zero pressure (0-1 of full)",
        "P8; assumption",
    )
    delivery_delay_weeks: float = param(
        12.0,
        "mean delay between committing aid and Ukraine fielding it (first-order delay)",
        "P8; assumption",
        ge=1.0,
        le=520.0,
        unit="weeks",
    )
    trainer_deploy_rate: Prob = param(
        0.0, "weekly probability of deploying trainers to Ukraine", "P4; assumption"
    )
    trainer_withdraw_rate: Prob = param(
        0.3,
        "weekly probability of withdrawing trainers after they were struck",
        "P5/P10; assumption",
    )
    retaliation_propensity: Prob = param(
        0.3,
        "weekly probability of a military response after its trainers were struck",
        "P5; assumption",
    )
    retaliation_window_weeks: int = param(
        2,
        "weeks after a strike on its trainers during which the state may answer militarily. "
        "Plausible 1-4: a military answer comes soon or not at all",
        "P5; assumption",
        ge=1,
        le=52,
        unit="weeks",
        former_constant=True,
    )
    recent_strike_weeks: int = param(
        4,
        "weeks a strike on the state's trainers counts as recent: it withdraws its trainers "
        "and does not send new ones meanwhile. Plausible 2-12",
        "P5/P10; assumption",
        ge=1,
        le=52,
        unit="weeks",
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
        0.5, "hostility of the region's recipients toward the West", "P7; assumption"
    )
    capacity: Prob = param(0.5, "capacity to absorb and use long-range systems", "P7; assumption")
    russian_influence: Prob = param(
        0.3, "weight of the region in Russia's choice of recipient", "P7; assumption"
    )
    initial_tension: Prob = param(0.2, "regional tension at week 0 (0-1)", "assumption")
    initial_level: Level = param(
        1, "regional ladder level at week 0", "assumption", ge=0, le=MAX_LEVEL
    )
    provocation_rate: Prob = param(
        0.04,
        "weekly probability of an escalatory act at full hostility and tension",
        "P11; assumption",
    )
    stock_gain: float = param(
        3.0, "provocation multiplier per unit of long-range stock", "P11; assumption", le=50.0
    )
    tension_per_transfer: Prob = param(
        0.15, "rise in regional tension per transfer received", "P6; assumption"
    )
    stock_tension: Prob = param(
        0.5,
        "regional tension the recipients' long-range stock sustains, per unit of stock "
        "(tension relaxes toward start + this x stock). Plausible 0.2-1",
        "P6; assumption",
        former_constant=True,
    )
    tension_decay: Prob = param(0.02, "weekly share of excess tension that fades", "assumption")


def default_recipients() -> dict[str, RecipientParams]:
    return {
        "middle_east": RecipientParams(
            hostility=0.7, capacity=0.6, russian_influence=0.5, initial_tension=0.4, initial_level=2
        ),
        "asia": RecipientParams(
            hostility=0.5, capacity=0.7, russian_influence=0.3, initial_tension=0.2, initial_level=1
        ),
        "latin_america": RecipientParams(
            hostility=0.3, capacity=0.3, russian_influence=0.2, initial_tension=0.1, initial_level=0
        ),
    }
