"""Typed, validated parameters of a scenario.

Every parameter says what it means, its unit and where its default comes from: an article
paragraph (``P1``..``P14``), a cited public fact, or an explicit ``assumption``. Values are
checked on load (ranges, types, unknown keys); see :mod:`escalation_sim.scenario` for files.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from .ladder import MAX_LEVEL, REGIONS

WESTERN_STATES = ("US", "UK", "France", "Germany")
ASSUMPTION = "assumption"


def _p(default, doc: str, source: str = ASSUMPTION, *, ge=0.0, le=1.0, unit: str = ""):
    """A documented parameter: default, bounds, meaning and the source of the default."""
    return Field(
        default,
        ge=ge,
        le=le,
        description=doc,
        json_schema_extra={"source": source, "unit": unit},
    )


Prob = float
Level = Annotated[int, Field(ge=0, le=MAX_LEVEL)]


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, validate_assignment=True)


class RussiaParams(_Section):
    """Russia: attribution, the asymmetric-response threat and its targeting rules."""

    transfer_follow_through: Prob = _p(
        0.03,
        "weekly probability of a long-range transfer while the trigger is live, at zero "
        "perceived involvement (the threat's credibility)",
        "P1; value an assumption",
    )
    involvement_gain: float = _p(
        2.0,
        "follow-through multiplier slope: p = base x (1 + gain x involvement)",
        "P2/P3; assumption",
        le=20.0,
    )
    response_window_weeks: int = _p(
        8,
        "weeks a deep strike keeps the transfer trigger live",
        "assumption",
        ge=1,
        le=520,
        unit="weeks",
    )
    initial_involvement: Prob = _p(
        0.35,
        "Russia's perceived Western involvement at week 0",
        "P3 (already framed as intimate involvement); value an assumption",
    )
    attribution_per_strike: Prob = _p(
        0.06,
        "rise in perceived involvement for each week with a deep strike using Western "
        "weapons (target selection attributed to Western militaries)",
        "P2; value an assumption",
    )
    involvement_per_trainer_state: Prob = _p(
        0.02,
        "weekly rise in perceived involvement per Western state with trainers in Ukraine",
        "P3/P4; assumption",
    )
    involvement_decay: Prob = _p(
        0.02, "weekly fractional decay of perceived involvement", "assumption"
    )
    cobelligerence_threshold: Prob = _p(
        0.6,
        "perceived involvement at which Russia treats the West as a co-belligerent",
        "P3; value an assumption",
    )
    cobelligerent_multiplier: float = _p(
        2.0,
        "multiplier on hostile rules toward the West once co-belligerent",
        "P3; assumption",
        ge=1.0,
        le=20.0,
    )
    trainer_targeting: Prob = _p(
        0.015,
        "weekly probability of striking a Western state's trainers while deployed",
        "P4; value an assumption",
    )
    direct_action_rate: Prob = _p(
        0.05,
        "weekly probability of a direct military act against a Western state once "
        "co-belligerent, before restraint",
        "P3/P5; assumption",
    )
    direct_restraint: Prob = _p(
        0.8, "share of direct acts suppressed: superpowers avoid direct conflict", "P10; assumption"
    )
    show_of_force: Prob = _p(
        0.15,
        "weekly probability of a show of force or nuclear signalling (war ladder up one level, "
        "at most to the nuclear brink) while deep strikes are recent",
        "P9/P14; assumption",
    )
    transfer_size: float = _p(
        0.25,
        "long-range stock a recipient gains per transfer (stock accumulates over transfers)",
        "assumption",
    )


class UkraineParams(_Section):
    """Ukraine: deep strikes with Western weapons and slowly ramping capability."""

    deep_strike_rate: Prob = _p(
        0.6,
        "weekly probability of a deep strike at full capability when permitted",
        "P1; value an assumption",
    )
    initial_capability: Prob = _p(
        0.3, "long-range strike capability delivered at week 0 (0-1)", "assumption"
    )
    initial_f16_readiness: Prob = _p(
        0.2, "share of the F-16 force ready at week 0", "P8; assumption"
    )
    f16_training_rate: Prob = _p(
        0.02,
        "weekly gain in F-16 readiness (1/52 ~ a year to full readiness)",
        "P8; public reporting put about a year between the F-16 training coalition (Aug 2023) "
        "and the first jets in Ukraine (summer 2024)",
    )
    trainer_training_boost: float = _p(
        1.0,
        "relative speed-up of training per Western state with trainers in Ukraine",
        "P4/P8; assumption",
        le=10.0,
    )
    initial_pressure: Prob = _p(
        0.6, "battlefield pressure on Ukraine at week 0 (0-1)", "assumption"
    )
    pressure_relief: Prob = _p(
        0.5, "how much full capability relieves battlefield pressure", "P8; assumption"
    )
    pressure_adjustment: Prob = _p(
        0.1, "weekly share of the gap to target pressure closed", "assumption"
    )


class WesternStateParams(_Section):
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
    permission_rate: Prob = _p(
        0.005,
        "weekly probability of granting deep-strike permission at zero pressure",
        "P1/P8; assumption",
    )
    pressure_sensitivity: float = _p(
        1.0,
        "permission and aid rise with Ukrainian pressure: x (1 + s x pressure)",
        "P8; assumption",
        le=50.0,
    )
    escalation_aversion: float = _p(
        1.0,
        "permission, aid and trainer moves fall with Russia-NATO escalation: "
        "/ (1 + a x levels above start)",
        "P10; assumption",
        le=50.0,
    )
    revoke_rate: Prob = _p(
        0.2,
        "weekly probability of revoking permission once Russia-NATO tension is at "
        "military confrontation or above",
        "P10; assumption",
    )
    aid_share: Prob = _p(
        0.25, "share of Ukraine's long-range supply this state provides", "P8; assumption"
    )
    aid_level: Prob = _p(
        0.6,
        "long-range aid this state aims to deliver at zero pressure (0-1 of full)",
        "P8; assumption",
    )
    delivery_delay_weeks: float = _p(
        12.0,
        "mean delay between committing aid and Ukraine fielding it (first-order delay)",
        "P8; assumption",
        ge=1.0,
        le=520.0,
        unit="weeks",
    )
    trainer_deploy_rate: Prob = _p(
        0.0, "weekly probability of deploying trainers to Ukraine", "P4; assumption"
    )
    trainer_withdraw_rate: Prob = _p(
        0.3,
        "weekly probability of withdrawing trainers after they were struck",
        "P5/P10; assumption",
    )
    retaliation_propensity: Prob = _p(
        0.3,
        "weekly probability of a military response after its trainers were struck",
        "P5; assumption",
    )


def _default_west() -> dict[str, WesternStateParams]:
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


class RecipientParams(_Section):
    """Third-party recipients of Russian long-range weapons in one region (P6, P7, P11)."""

    hostility: Prob = _p(
        0.5, "hostility of the region's recipients toward the West", "P7; assumption"
    )
    capacity: Prob = _p(0.5, "capacity to absorb and use long-range systems", "P7; assumption")
    russian_influence: Prob = _p(
        0.3, "weight of the region in Russia's choice of recipient", "P7; assumption"
    )
    initial_tension: Prob = _p(0.2, "regional tension at week 0 (0-1)", "assumption")
    initial_level: Level = _p(
        1, "regional ladder level at week 0", "assumption", ge=0, le=MAX_LEVEL
    )
    provocation_rate: Prob = _p(
        0.04,
        "weekly probability of an escalatory act at full hostility and tension",
        "P11; assumption",
    )
    stock_gain: float = _p(
        3.0, "provocation multiplier per unit of long-range stock", "P11; assumption", le=50.0
    )
    tension_per_transfer: Prob = _p(
        0.15, "rise in regional tension per transfer received", "P6; assumption"
    )
    tension_decay: Prob = _p(0.02, "weekly share of excess tension that fades", "assumption")


def _default_recipients() -> dict[str, RecipientParams]:
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


class MediationParams(_Section):
    """Mediators: international organisations and global leaders (P12, P13)."""

    effort: Prob = _p(0.3, "mediation effort (0-1)", "P12; assumption")
    success_rate: Prob = _p(
        0.03,
        "weekly probability of brokering a ceasefire at full effort, no escalation above "
        "the start and no entrenchment",
        "P12/P13; assumption",
    )
    escalation_sensitivity: float = _p(
        0.5,
        "success / (1 + s x ladder levels above start, summed over theatres)",
        "P13; assumption",
        le=50.0,
    )
    breakdown_rate: Prob = _p(
        0.03,
        "weekly probability a ceasefire collapses, before entrenchment and escalation",
        "P13/P14; assumption",
    )
    initial_entrenchment: Prob = _p(
        0.3, "both sides' preparation for a prolonged confrontation at week 0", "P13; assumption"
    )
    entrenchment_rate: Prob = _p(
        0.01,
        "weekly growth of entrenchment toward 1 while there is no ceasefire",
        "P13; assumption",
    )


class ArmsRaceParams(_Section):
    """Richardson arms race between Russia and the West (P9).

    ``dx = k_r y - a_r x + g_r`` and ``dy = k_w x - a_w y + g_w`` per week, with grievance terms
    that grow with deep strikes (Russia) and transfers (West). Richardson, L. F. (1960).
    *Arms and Insecurity*.
    """

    reactivity_russia: float = _p(
        0.03, "k_r: Russia's response to Western armament", "P9; assumption", le=1.0
    )
    reactivity_west: float = _p(
        0.03, "k_w: the West's response to Russian armament", "P9; assumption", le=1.0
    )
    fatigue_russia: float = _p(
        0.04, "a_r: economic fatigue (restraint) of Russia", "P9; assumption", le=1.0
    )
    fatigue_west: float = _p(0.04, "a_w: economic fatigue of the West", "P9; assumption", le=1.0)
    extra_grievance: float = _p(
        0.0,
        "grievance added to both sides every week beyond the equilibrium term a - k",
        "P9; assumption",
        ge=-1.0,
        le=1.0,
    )
    threat_gain: float = _p(
        0.05,
        "grievance added per deep strike (to Russia) and per transfer (to the West)",
        "P9; assumption",
        le=1.0,
    )
    spiral_ratio: float = _p(
        1.3,
        "arms-race spiral when Russian plus Western armament reaches this multiple of the start",
        "P9; assumption",
        ge=1.0,
        le=100.0,
    )


class LadderParams(_Section):
    """Start levels, floors and de-escalation of the theatre ladders (P10)."""

    ukraine_initial: Level = _p(
        5,
        "Russia-Ukraine war level at week 0 (large conventional war)",
        "article context",
        ge=0,
        le=MAX_LEVEL,
    )
    ukraine_ceasefire_level: Level = _p(
        2, "war ladder level under a ceasefire", "assumption", ge=0, le=MAX_LEVEL
    )
    nato_initial: Level = _p(
        2, "Russia-NATO level at week 0 (harassment, sanctions)", "assumption", ge=0, le=MAX_LEVEL
    )
    decay_ukraine: Prob = _p(
        0.15,
        "weekly probability the war ladder steps down one level toward its floor",
        "assumption",
    )
    decay_nato: Prob = _p(
        0.1,
        "weekly probability the Russia-NATO ladder steps down one level toward its start",
        "P10; assumption",
    )
    decay_regional: Prob = _p(
        0.1,
        "weekly probability a regional ladder steps down one level toward its start",
        "assumption",
    )


class OutcomeParams(_Section):
    """Outcome thresholds (P3, P5, P11, P14)."""

    direct_confrontation_level: Level = _p(
        3,
        "Russia-NATO level that counts as direct confrontation (Kahn rung 9)",
        "P5",
        ge=1,
        le=MAX_LEVEL,
    )
    regional_war_level: Level = _p(
        5,
        "regional level that counts as regional war (Kahn rung 12, large conventional war)",
        "P11",
        ge=1,
        le=MAX_LEVEL,
    )
    spillover_rate: Prob = _p(
        0.03,
        "weekly probability that a regional war raises the Russia-NATO ladder",
        "P11; assumption",
    )
    six_months_weeks: int = _p(
        26,
        "week at which 'within six months' probabilities are read (the horizon if earlier)",
        "P14",
        ge=1,
        le=520,
        unit="weeks",
    )


Action = Literal[
    "permit_deep_strikes",
    "revoke_deep_strikes",
    "deploy_trainers",
    "withdraw_trainers",
    "transfer_long_range",
    "set_mediation_effort",
]


class ScheduledEvent(_Section):
    """A lever pulled at a given week, e.g. "US permits deep strikes at week 10"."""

    week: int = Field(ge=1, le=5200, description="week the event happens (1 = first week)")
    actor: str = Field(description="a Western state, 'russia' or 'mediators'")
    action: Action
    region: str | None = Field(None, description="recipient region (transfer_long_range only)")
    value: float | None = Field(
        None, ge=0.0, le=1.0, description="new effort (set_mediation_effort only)"
    )


class ScenarioParams(_Section):
    """A whole scenario: metadata, the actors' parameters and scheduled events."""

    name: str
    question: str = Field("", description="the question this scenario answers")
    description: str = ""
    horizon_weeks: int = Field(52, ge=1, le=5200, description="weeks simulated (P14)")
    russia: RussiaParams = Field(default_factory=RussiaParams)
    ukraine: UkraineParams = Field(default_factory=UkraineParams)
    west: dict[str, WesternStateParams] = Field(default_factory=_default_west)
    recipients: dict[str, RecipientParams] = Field(default_factory=_default_recipients)
    mediation: MediationParams = Field(default_factory=MediationParams)
    arms_race: ArmsRaceParams = Field(default_factory=ArmsRaceParams)
    ladders: LadderParams = Field(default_factory=LadderParams)
    outcomes: OutcomeParams = Field(default_factory=OutcomeParams)
    events: list[ScheduledEvent] = Field(default_factory=list)

    @field_validator("west", mode="before")
    @classmethod
    def _west_over_defaults(cls, v):
        return _over_defaults(v, _default_west())

    @field_validator("recipients", mode="before")
    @classmethod
    def _recipients_over_defaults(cls, v):
        return _over_defaults(v, _default_recipients())

    @field_validator("west")
    @classmethod
    def _west_not_empty(cls, v: dict[str, WesternStateParams]) -> dict[str, WesternStateParams]:
        if not v:
            raise ValueError("at least one Western state is required")
        return v

    @field_validator("recipients")
    @classmethod
    def _known_regions(cls, v: dict[str, RecipientParams]) -> dict[str, RecipientParams]:
        unknown = sorted(set(v) - set(REGIONS))
        if unknown:
            raise ValueError(f"unknown region {unknown[0]!r}; known: {', '.join(REGIONS)}")
        missing = [r for r in REGIONS if r not in v]
        if missing:
            raise ValueError(f"missing region {missing[0]!r}")
        return {r: v[r] for r in REGIONS}

    @model_validator(mode="after")
    def _events_reference_known_actors(self) -> ScenarioParams:
        for i, ev in enumerate(self.events):
            west_action = ev.action in {
                "permit_deep_strikes",
                "revoke_deep_strikes",
                "deploy_trainers",
                "withdraw_trainers",
            }
            if west_action and ev.actor not in self.west:
                raise _EventError(
                    i, "actor", ev.actor, f"unknown Western state; known: {', '.join(self.west)}"
                )
            if ev.action == "transfer_long_range":
                if ev.actor != "russia":
                    raise _EventError(i, "actor", ev.actor, "transfer_long_range is Russia's")
                if ev.region not in REGIONS:
                    raise _EventError(
                        i, "region", ev.region, f"unknown region; known: {', '.join(REGIONS)}"
                    )
            if ev.action == "set_mediation_effort":
                if ev.actor != "mediators":
                    raise _EventError(i, "actor", ev.actor, "set_mediation_effort is 'mediators'")
                if ev.value is None:
                    raise _EventError(i, "value", None, "set_mediation_effort needs a value")
            if ev.region is not None and ev.action != "transfer_long_range":
                raise _EventError(i, "region", ev.region, "region is only for transfer_long_range")
            if ev.value is not None and ev.action != "set_mediation_effort":
                raise _EventError(i, "value", ev.value, "value is only for set_mediation_effort")
            if ev.week > self.horizon_weeks:
                raise _EventError(
                    i, "week", ev.week, f"after the horizon (horizon_weeks = {self.horizon_weeks})"
                )
        return self

    @model_validator(mode="after")
    def _levels_start_below_outcome_thresholds(self) -> ScenarioParams:
        """A run must not begin in an outcome class: start levels below the thresholds."""
        o = self.outcomes
        if self.ladders.nato_initial >= o.direct_confrontation_level:
            raise _FieldError(
                "ladders.nato_initial",
                self.ladders.nato_initial,
                f"must be below outcomes.direct_confrontation_level "
                f"({o.direct_confrontation_level}), or every run starts in direct confrontation",
            )
        for region, r in self.recipients.items():
            if r.initial_level >= o.regional_war_level:
                raise _FieldError(
                    f"recipients.{region}.initial_level",
                    r.initial_level,
                    f"must be below outcomes.regional_war_level ({o.regional_war_level}), or "
                    "every run starts in a regional war",
                )
        return self


def _over_defaults(value, defaults: dict[str, BaseModel]):
    """A table of actors given in a file patches the default actors key by key: a variant that
    sets ``[west.US] delivery_delay_weeks = 24`` keeps every other default of the US and every
    other state. Names not among the defaults are new actors with the class defaults."""
    if not isinstance(value, dict):
        return value
    out: dict = {k: d.model_dump() for k, d in defaults.items()}
    for key, v in value.items():
        if isinstance(v, BaseModel):
            v = v.model_dump()
        if key in out and isinstance(v, dict):
            out[key] = {**out[key], **v}
        else:
            out[key] = v
    return out


class _FieldError(ValueError):
    """Raised inside validation for a check across fields; :mod:`scenario` turns it into a
    problem located at ``path`` (dotted, with ``[i]`` for list items)."""

    def __init__(self, path: str, value: object, message: str) -> None:
        super().__init__(message)
        self.path = path
        self.value = value
        self.message = message

    @property
    def key(self) -> tuple:
        """The path as a provenance key, e.g. ("events", 0, "week")."""
        out: list = []
        for part in self.path.replace("[", ".[").split("."):
            out.append(int(part[1:-1]) if part.startswith("[") else part)
        return tuple(out)


class _EventError(_FieldError):
    def __init__(self, index: int, field: str, value: object, message: str) -> None:
        super().__init__(f"events[{index}].{field}", value, message)
