"""Typed, validated parameters of a whole scenario: the actors' sections (see
:mod:`escalation_sim.scenarios.sections` and :mod:`escalation_sim.scenarios.members`), the
world's sections (:mod:`escalation_sim.scenarios.world`), scheduled events and the checks across
fields.

Values are checked on load (ranges, types, unknown keys, consistency); see
:mod:`escalation_sim.scenarios.loader` for files.
"""

from __future__ import annotations

import re

from pydantic import BaseModel, Field, field_validator, model_validator

from ..core.theatres import REGIONS
from ..rules import KINDS, REGISTRY
from .fields import FieldError, ParameterRange, Section, parameter_ranges_of
from .members import (
    WESTERN_STATES,
    RecipientParams,
    WesternStateParams,
    default_recipients,
    default_west,
)
from .sections import MediationParams, RussiaParams, UkraineParams
from .world import ArmsRaceParams, LadderParams, OutcomeParams

#: What a scenario name may be: it names the default results folder
#: (``results/<name>/<time>``), so it must be a single, ordinary path component.
NAME_PATTERN = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}")
NAME_RULE = (
    "1-64 characters among ASCII letters, digits, '_', '-' and '.', "
    "starting with a letter, digit or '_'"
)


class ScheduledEvent(Section):
    """A lever pulled at a given week, e.g. "US permits deep strikes at week 10".

    ``action`` names a rule's lever (``escalation-sim rules`` lists them as ``scenario.*``);
    ``actor`` names an actor of that rule's kind: a Western state's key, ``russia`` or
    ``mediators``.
    """

    week: int = Field(ge=1, le=5200, description="week the event happens (1 = first week)")
    actor: str = Field(description="a Western state, 'russia' or 'mediators'")
    action: str = Field(description="a lever: permit_deep_strikes, deploy_trainers, ...")
    region: str | None = Field(None, description="recipient region (transfer_long_range only)")
    value: float | None = Field(
        None,
        ge=0.0,
        le=1.0,
        description="a level in 0-1: the new effort (set_mediation_effort) or the announced "
        "aid level (announce_delivery)",
    )

    @field_validator("action")
    @classmethod
    def _known_lever(cls, v: str) -> str:
        if REGISTRY.lever(v) is None:
            raise ValueError(f"Input should be one of: {', '.join(REGISTRY.levers())}")
        return v


class ScenarioParams(Section):
    """A whole scenario: metadata, the actors' parameters and scheduled events."""

    name: str = Field(description=f"the scenario's name: {NAME_RULE}")
    question: str = Field("", description="the question this scenario answers")
    description: str = ""
    horizon_weeks: int = Field(52, ge=1, le=5200, description="weeks simulated (P14)")
    russia: RussiaParams = Field(default_factory=RussiaParams)
    ukraine: UkraineParams = Field(default_factory=UkraineParams)
    west: dict[str, WesternStateParams] = Field(default_factory=default_west)
    recipients: dict[str, RecipientParams] = Field(default_factory=default_recipients)
    mediation: MediationParams = Field(default_factory=MediationParams)
    arms_race: ArmsRaceParams = Field(default_factory=ArmsRaceParams)
    ladders: LadderParams = Field(default_factory=LadderParams)
    outcomes: OutcomeParams = Field(default_factory=OutcomeParams)
    events: list[ScheduledEvent] = Field(default_factory=list)

    def section(self, name: str):
        """The parameters of one table (``"russia"``, ``"west"``, ...); for an actor kind
        declared outside the package without a table here, its section's defaults.

        Raises
        ------
        KeyError
            If no table and no actor kind has that name.
        """
        if name in type(self).model_fields:
            return getattr(self, name)
        kind = KINDS.by_section(name)
        if kind is not None and kind.params is not None:
            return kind.params()
        raise KeyError(name)

    def parameter_ranges(self) -> tuple[ParameterRange, ...]:
        """Every numeric parameter of this scenario's sections with its plausible range,
        validation bounds, value and the basis of the range, in schema order: what an experiment
        samples from.

        Named actors are listed by name (``west.US.aid_share``, ``recipients.asia.hostility``),
        so a scenario that adds a state lists its parameters too. Left out: the booleans (a
        Western state's ``permits_deep_strikes`` and ``trainers_deployed``), which are levers
        rather than uncertainties, and the scenario's own settings (``horizon_weeks``,
        ``events``).

        The ranges keep the checks across fields satisfied whatever is drawn
        (``ladders.nato_initial`` stays below ``outcomes.direct_confrontation_level``,
        ``arms_race.spiral_ratio`` below the ``ceiling``); validate each design point all the
        same.

        Raises
        ------
        ValueError
            If a numeric parameter was declared without a plausible range.

        Examples
        --------
        >>> ranges = {r.path: r for r in ScenarioParams(name="x").parameter_ranges()}
        >>> ranges["west.US.aid_share"].plausible, ranges["west.US.aid_share"].bounds
        ((0.05, 0.6), (0.0, 1.0))
        """
        out: list[ParameterRange] = []
        for name in type(self).model_fields:
            value = getattr(self, name)
            if isinstance(value, Section):
                out += parameter_ranges_of(value, name)
            elif isinstance(value, dict):
                for key, member in value.items():
                    if isinstance(member, Section):
                        out += parameter_ranges_of(member, f"{name}.{key}")
        return tuple(out)

    @field_validator("name")
    @classmethod
    def _safe_name(cls, v: str) -> str:
        if not NAME_PATTERN.fullmatch(v):
            raise ValueError(f"not a valid scenario name: {NAME_RULE}")
        return v

    @field_validator("west", mode="before")
    @classmethod
    def _west_over_defaults(cls, v):
        return _over_defaults(v, default_west())

    @field_validator("recipients", mode="before")
    @classmethod
    def _recipients_over_defaults(cls, v):
        return _over_defaults(v, default_recipients())

    @field_validator("recipients")
    @classmethod
    def _known_regions(cls, v: dict[str, RecipientParams]) -> dict[str, RecipientParams]:
        unknown = sorted(set(v) - set(REGIONS))
        if unknown:
            # located at the region, so that the error names the file that added it
            raise FieldError(
                f"recipients.{unknown[0]}",
                unknown[0],
                f"unknown region {unknown[0]!r}; known: {', '.join(REGIONS)}",
            )
        missing = [r for r in REGIONS if r not in v]
        if missing:
            raise ValueError(f"missing region {missing[0]!r}")
        return {r: v[r] for r in REGIONS}

    @model_validator(mode="after")
    def _named_actors_within_limits(self) -> ScenarioParams:
        """Each kind with named actors lists as many as the kind allows (e.g. 1-16 states)."""
        for kind in KINDS:
            if not kind.many or kind.section not in type(self).model_fields:
                continue
            n = len(getattr(self, kind.section))
            if n < kind.min_members:
                raise FieldError(
                    kind.section, n, f"at least {kind.min_members} {kind.title}(s) required"
                )
            if kind.max_members is not None and n > kind.max_members:
                raise FieldError(
                    kind.section, n, f"at most {kind.max_members} {kind.title}s allowed"
                )
        return self

    @model_validator(mode="after")
    def _events_reference_known_actors(self) -> ScenarioParams:
        levers = REGISTRY.levers()
        for i, ev in enumerate(self.events):
            lever = levers[ev.action]
            kind = KINDS[lever.rule.actor]
            names = kind.keys(self)
            if ev.actor not in names:
                what = f"unknown {kind.title}" if kind.many else f"{ev.action} is {kind.title}'s"
                raise EventError(i, "actor", ev.actor, f"{what}; known: {', '.join(names)}")
            for needs, value in (("region", ev.region), ("value", ev.value)):
                users = [a for a, lv in levers.items() if lv.lever.needs == needs]
                if value is not None and lever.lever.needs != needs:
                    message = f"{needs} is only for {' and '.join(users)}"
                    raise EventError(i, needs, value, message)
            if lever.lever.needs == "value" and ev.value is None:
                raise EventError(i, "value", None, f"{ev.action} needs a value")
            if lever.lever.needs == "region" and ev.region not in REGIONS:
                message = f"unknown region; known: {', '.join(REGIONS)}"
                raise EventError(i, "region", ev.region, message)
            if ev.week > self.horizon_weeks:
                raise EventError(
                    i, "week", ev.week, f"after the horizon (horizon_weeks = {self.horizon_weeks})"
                )
        return self

    @model_validator(mode="after")
    def _levels_start_below_outcome_thresholds(self) -> ScenarioParams:
        """A run must not begin in direct confrontation. A region may start at war (the Middle
        East does): that is background escalation, not the regional-war outcome, which needs
        Russian-supplied weapons."""
        o = self.outcomes
        if self.ladders.nato_initial >= o.direct_confrontation_level:
            raise FieldError(
                "ladders.nato_initial",
                self.ladders.nato_initial,
                f"must be below outcomes.direct_confrontation_level "
                f"({o.direct_confrontation_level}), or every run starts in direct confrontation",
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


class EventError(FieldError):
    def __init__(self, index: int, field: str, value: object, message: str) -> None:
        super().__init__(f"events[{index}].{field}", value, message)


__all__ = [
    "NAME_PATTERN",
    "NAME_RULE",
    "WESTERN_STATES",
    "ArmsRaceParams",
    "LadderParams",
    "MediationParams",
    "OutcomeParams",
    "ParameterRange",
    "RecipientParams",
    "RussiaParams",
    "ScenarioParams",
    "ScheduledEvent",
    "UkraineParams",
    "WesternStateParams",
    "default_recipients",
    "default_west",
]
