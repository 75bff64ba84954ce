"""The world state: every quantity the actors observe, as arrays over replicates.

Shapes: ``(R,)`` per replicate, ``(R, W)`` per Western state, ``(R, G)`` per recipient region and
``(R, T)`` per theatre ladder. Each week the model takes a frozen :meth:`World.snapshot` that all
actors observe when they decide, so the order in which actors are asked does not matter.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import TYPE_CHECKING

import numpy as np

from .ladder import NON_NUCLEAR_MAX, REGIONAL_MAX
from .theatres import REGIONS, THEATRE_TABLE, Theatre

if TYPE_CHECKING:  # pragma: no cover
    from ..scenarios.schema import ScenarioParams

# "weeks since" value for something that has not happened; int16 suffices because counting from
# 0 never reaches it within the longest horizon (5200 weeks; tests/test_bounds.py checks both)
NEVER = np.iinfo(np.int16).max
#: A Western state's permission for Ukraine to strike inside Russia with its weapons: none,
#: limited (targets near the border, as the US and Germany allowed at the end of May 2024 - the
#: article's own context) or deep (anywhere in range; the trigger of P1).
NONE, LIMITED, DEEP = 0, 1, 2
PERMISSION_LEVELS = ("none", "limited", "deep")

#: The kinds of Western decision a Russian threat answers (``World.last_decision`` and
#: ``World.threat_against`` hold their codes; -1 none).
DECISIONS = ("limited permission", "deep permission", "trainers", "delivery")
LIMITED_PERMISSION, DEEP_PERMISSION, TRAINERS, DELIVERY = range(len(DECISIONS))

#: The kinds of Western answer to a Russian transfer; each state gives each at most once per
#: transfer (``World.answered``).
ANSWERS = ("interdiction", "sanctions", "strike on the recipient", "step back")

#: ``direct_cause`` of a replicate that has not reached direct confrontation (scenarios start
#: below it, so every direct confrontation has the act that took the ladder there as its cause)
NO_CAUSE = -1


#: World fields that are not per replicate (design points stepped together share them).
SHARED_FIELDS = ("ladder_start", "ladder_max", "direct_level")


def _copy(value):
    return value.copy() if isinstance(value, np.ndarray) else value


def row_sum(a: np.ndarray) -> np.ndarray:
    """Sum over the (few) columns of an (R, K) array.

    Adding K columns is several times faster than ``a.sum(axis=1)`` for small K and large R
    (numpy reduces along the short, contiguous axis row by row), and this runs every week.
    """
    out = a[:, 0].astype(np.float64 if a.dtype.kind == "f" else np.int64)
    for j in range(1, a.shape[1]):
        out += a[:, j]
    return out


@dataclass
class World:
    """State of R replicates at the end of a week (see docs/model.md, "State")."""

    ladder: np.ndarray  # (R, T) int8 ladder levels
    ladder_start: np.ndarray  # (T,) start levels (floors for de-escalation)
    ladder_max: np.ndarray  # (T,) highest level an act can lift each ladder to
    peak: np.ndarray  # (R, T) int8 highest level reached so far
    week_peak: np.ndarray  # (R, T) int8 highest level reached during the current week
    last_peak: np.ndarray  # (R, T) int8 highest level reached during last week
    direct_level: int  # Russia-NATO level that counts as direct confrontation
    direct_cause: np.ndarray  # (R,) int16 registry index of the act that first reached it
    permission: np.ndarray  # (R, W) int8: NONE, LIMITED or DEEP, per state
    trainers: np.ndarray  # (R, W) bool: state has trainers in Ukraine
    trainers_struck: np.ndarray  # (R, W) int16 weeks since its trainers were struck
    aid: np.ndarray  # (R, W) float: long-range aid each state is committed to deliver
    aid_target: np.ndarray  # (R, W) float: the aid level each state has announced (0-1)
    since_decision: np.ndarray  # (R,) int16 weeks since a Western escalatory decision
    last_decision: np.ndarray  # (R,) int8 kind of that decision (DECISIONS; -1 none)
    decision_pending: np.ndarray  # (R,) bool: a decision the actors have not yet observed
    seen_decision: np.ndarray  # (R,) int8 kind of the latest decision Russia has observed
    since_seen_decision: np.ndarray  # (R,) int16 weeks since Russia first observed it, from 1
    capability: np.ndarray  # (R,) Ukraine's fielded long-range capability 0-1
    f16_readiness: np.ndarray  # (R,) 0-1
    pressure: np.ndarray  # (R,) battlefield pressure on Ukraine 0-1
    involvement: np.ndarray  # (R,) Russia's perceived Western involvement 0-1
    perception: np.ndarray  # (R,) this replicate's sensitivity of perception to evidence
    cob_threshold: np.ndarray  # (R,) this replicate's co-belligerence threshold 0-1
    declared: np.ndarray  # (R,) bool: Russia says the West is a party to the war (rhetoric)
    cobelligerent: np.ndarray  # (R,) bool: Russia acts on it (hostile rules multiplied)
    since_strike: np.ndarray  # (R,) int16 weeks since the last deep strike
    struck_this_week: np.ndarray  # (R,) bool: a deep strike this week
    border_struck_this_week: np.ndarray  # (R,) bool: a strike near the border this week
    trainers_arrived: np.ndarray  # (R,) bool: some state deployed trainers this week
    transfers: np.ndarray  # (R, G) int16 transfers received per region
    transfers_this_week: np.ndarray  # (R,) int16
    since_transfer: np.ndarray  # (R,) int16 weeks since the last transfer
    last_transfer_region: np.ndarray  # (R,) int8 region of the last transfer (-1: none)
    answers: np.ndarray  # (R,) int32 Western answers to transfers so far (acts)
    answered: np.ndarray  # (R, W, A) bool: state has given answer kind a to the last transfer
    answered_transfers: np.ndarray  # (R,) int16 transfers that drew at least one answer
    threat_open: np.ndarray  # (R,) bool: Russia's threat stands, its window still open
    threat_age: np.ndarray  # (R,) int16 weeks since the open threat was issued
    threat_against: np.ndarray  # (R,) int8 the decision it answers (DECISIONS; -1 none)
    threats: np.ndarray  # (R,) int16 threats issued
    threats_kept: np.ndarray  # (R,) int16 threats carried out within their window
    cred_a: np.ndarray  # (R, W) float: each state's Beta belief in Russian credibility,
    cred_b: np.ndarray  # (R, W) float:   threats kept (a) and lapsed (b) plus its prior
    stock: np.ndarray  # (R, G) float long-range stock held by recipients
    tension: np.ndarray  # (R, G) float regional tension 0-1
    russian_war: np.ndarray  # (R, G) bool: Russian-supplied weapons used in a war there
    arms_russia: np.ndarray  # (R,) Richardson armament index (1 = start)
    arms_west: np.ndarray  # (R,)
    spiral: np.ndarray  # (R,) bool: arms-race spiral reached
    entrenchment: np.ndarray  # (R,) 0-1
    effort: np.ndarray  # (R,) mediation effort 0-1
    ceasefire: np.ndarray  # (R,) bool
    score: np.ndarray  # (R,) int64 cumulative escalation score of all acts (Rivera et al.)

    @property
    def n(self) -> int:
        return self.ladder.shape[0]

    @classmethod
    def initial(cls, p: ScenarioParams, n: int) -> World:
        """Week-0 state of ``n`` replicates from the scenario's parameters."""
        west = list(p.west.values())
        rec = [p.recipients[r] for r in REGIONS]
        start = np.array(
            [p.ladders.ukraine_initial, p.ladders.nato_initial, *[x.initial_level for x in rec]],
            dtype=np.int8,
        )
        ladder = np.tile(start, (n, 1))
        w, g = len(west), len(REGIONS)
        r = p.russia
        return cls(
            ladder=ladder,
            ladder_start=start,
            ladder_max=np.array(
                [REGIONAL_MAX if t.is_region else NON_NUCLEAR_MAX for t in THEATRE_TABLE],
                dtype=np.int8,
            ),
            peak=ladder.copy(),
            week_peak=ladder.copy(),
            last_peak=ladder.copy(),
            direct_level=p.outcomes.direct_confrontation_level,
            direct_cause=np.full(n, NO_CAUSE, dtype=np.int16),
            permission=np.tile(np.array([s.permission_at_start for s in west], np.int8), (n, 1)),
            trainers=np.tile(np.array([s.trainers_deployed for s in west]), (n, 1)),
            trainers_struck=np.full((n, w), NEVER, dtype=np.int16),
            aid=np.tile(np.array([s.aid_level for s in west], dtype=float), (n, 1)),
            aid_target=np.tile(np.array([s.aid_level for s in west], dtype=float), (n, 1)),
            since_decision=np.full(n, NEVER, dtype=np.int16),
            last_decision=np.full(n, -1, dtype=np.int8),
            decision_pending=np.zeros(n, dtype=bool),
            seen_decision=np.full(n, -1, dtype=np.int8),
            since_seen_decision=np.full(n, NEVER, dtype=np.int16),
            capability=np.full(n, p.ukraine.initial_capability),
            f16_readiness=np.full(n, p.ukraine.initial_f16_readiness),
            pressure=np.full(n, p.ukraine.initial_pressure),
            involvement=np.full(n, r.initial_involvement),
            # per-replicate perception: drawn by russia.attribute_involvement at week 0
            perception=np.ones(n),
            cob_threshold=np.full(n, r.cobelligerence_threshold),
            declared=np.full(n, r.initial_involvement >= r.declaration_threshold),
            cobelligerent=np.full(n, r.initial_involvement >= r.cobelligerence_threshold),
            since_strike=np.full(n, NEVER, dtype=np.int16),
            struck_this_week=np.zeros(n, dtype=bool),
            border_struck_this_week=np.zeros(n, dtype=bool),
            trainers_arrived=np.zeros(n, dtype=bool),
            transfers=np.zeros((n, g), dtype=np.int16),
            transfers_this_week=np.zeros(n, dtype=np.int16),
            since_transfer=np.full(n, NEVER, dtype=np.int16),
            last_transfer_region=np.full(n, -1, dtype=np.int8),
            answers=np.zeros(n, dtype=np.int32),
            answered=np.zeros((n, w, len(ANSWERS)), dtype=bool),
            answered_transfers=np.zeros(n, dtype=np.int16),
            threat_open=np.full(n, r.threat_at_start),
            threat_age=np.full(n, 0 if r.threat_at_start else NEVER, dtype=np.int16),
            # the article's threat answers the debate on deep strikes with Western weapons (P1)
            threat_against=np.full(n, DEEP_PERMISSION if r.threat_at_start else -1, np.int8),
            threats=np.full(n, int(r.threat_at_start), dtype=np.int16),
            threats_kept=np.zeros(n, dtype=np.int16),
            cred_a=np.tile(
                np.array([s.credibility_prior * s.prior_strength for s in west]), (n, 1)
            ),
            cred_b=np.tile(
                np.array([(1.0 - s.credibility_prior) * s.prior_strength for s in west]), (n, 1)
            ),
            stock=np.zeros((n, g)),
            tension=np.tile(np.array([x.initial_tension for x in rec]), (n, 1)),
            russian_war=np.zeros((n, g), dtype=bool),
            arms_russia=np.ones(n),
            arms_west=np.ones(n),
            spiral=np.zeros(n, dtype=bool),
            entrenchment=np.full(n, p.mediation.initial_entrenchment),
            effort=np.full(n, p.mediation.effort),
            ceasefire=np.zeros(n, dtype=bool),
            score=np.zeros(n, dtype=np.int64),
        )

    @classmethod
    def initial_points(cls, points: list[ScenarioParams], replicates: int) -> World:
        """Week-0 state of design points stepped as one ensemble: ``replicates`` consecutive
        replicates per point, each starting as :meth:`initial` makes it for its point.

        Raises
        ------
        ValueError
            If the points disagree on what is not per replicate (:data:`SHARED_FIELDS`: the
            ladders' start levels and the direct-confrontation level).
        """
        if len(points) == 1:
            return cls.initial(points[0], replicates)
        worlds = [cls.initial(p, 1) for p in points]
        data = {}
        for f in fields(cls):
            values = [getattr(w, f.name) for w in worlds]
            if f.name in SHARED_FIELDS:
                if any(not np.array_equal(values[0], v) for v in values[1:]):
                    raise ValueError(
                        f"design points differ in World.{f.name} ({values[0]!r} vs ...): the "
                        "ladders' start levels and the outcome levels must be equal within a batch"
                    )
                data[f.name] = values[0]
            else:
                data[f.name] = np.repeat(np.concatenate(values), replicates, axis=0)
        return cls(**data)

    def snapshot(self) -> World:
        """A copy of every array: what every actor observes this week.

        Taking it is the moment the actors observe: a Western decision not yet observed (a
        drawn one of last week, or one a scheduled lever made this week) is seen now - its
        kind becomes ``seen_decision`` and ``since_seen_decision`` starts at 1 - so a drawn and
        a scheduled decision give Russia the same weeks to answer."""
        new = self.decision_pending
        if new.any():
            self.seen_decision[new] = self.last_decision[new]
            self.since_seen_decision[new] = 1
            new[:] = False
        return World(**{f.name: _copy(getattr(self, f.name)) for f in fields(self)})

    def new_week(self) -> None:
        """Start a week: "weeks since" counters advance, this week's flags are cleared, and
        last week's peak levels are kept for the rules that ask what last week reached."""
        for arr in (
            self.since_strike,
            self.trainers_struck,
            self.since_decision,
            self.since_seen_decision,
            self.since_transfer,
            self.threat_age,
        ):
            arr[arr < NEVER] += 1
        self.last_peak[:] = self.week_peak
        self.week_peak[:] = self.ladder
        self.struck_this_week[:] = False
        self.border_struck_this_week[:] = False
        self.trainers_arrived[:] = False
        self.transfers_this_week[:] = 0

    def escalation_excess(self) -> np.ndarray:
        """Ladder levels above the start, summed over theatres (R,)."""
        return row_sum(np.clip(self.ladder - self.ladder_start, 0, None))

    @property
    def permits(self) -> np.ndarray:
        """Where each state permits deep strikes (R, W) bool, read-only: set ``permission``."""
        out = self.permission >= DEEP
        out.flags.writeable = False
        return out

    def decide(self, fired: np.ndarray, kind: int) -> None:
        """Record a Western decision of ``kind`` (DECISIONS) where ``fired``: Russia may answer
        it with signalling and a threat."""
        self.since_decision[fired] = 0
        self.last_decision[fired] = kind
        self.decision_pending |= fired

    def credibility(self, column: int | None = None) -> np.ndarray:
        """Each state's belief that Russia carries out its threats: the mean of its Beta
        belief, a / (a + b) (R, W); or one state's (R,) for its ``column``."""
        if column is None:
            return self.cred_a / (self.cred_a + self.cred_b)
        a = self.cred_a[:, column]
        return a / (a + self.cred_b[:, column])

    def recent_level(self, theatre: int) -> np.ndarray:
        """The highest level of one ladder last week or now (R,): a rule deciding on a week's
        picture also sees a level an act reached and the week's de-escalation undid."""
        return np.maximum(self.last_peak[:, theatre], self.ladder[:, theatre])

    def nato_excess(self) -> np.ndarray:
        """Russia-NATO ladder levels above the start (R,) - what Western restraint reads."""
        return np.clip(self.ladder[:, Theatre.NATO] - self.ladder_start[Theatre.NATO], 0, None)

    def receive_transfer(self, idx: np.ndarray, region: np.ndarray, size, tension_gain) -> None:
        """Replicates ``idx`` each transfer long-range capability to ``region`` (one per
        replicate): transfer counts, the recipients' stock rises by ``size`` and their region's
        tension by ``tension_gain`` (numbers, or one per replicate of ``idx``) (P6).
        A delivery is not an act of violence: no ladder moves."""
        self.transfers[idx, region] += 1
        self.transfers_this_week[idx] += 1
        self.since_transfer[idx] = 0
        self.last_transfer_region[idx] = region
        self.answered[idx] = False  # a new transfer to answer
        # a threat carried out within its window: every state's belief in Russian credibility
        # rises (one more success of the Beta belief) and the threat is closed
        kept = idx[self.threat_open[idx]]
        self.cred_a[kept] += 1.0
        self.threats_kept[kept] += 1
        self.threat_open[kept] = False
        self.stock[idx, region] += size
        self.tension[idx, region] = np.minimum(self.tension[idx, region] + tension_gain, 1.0)

    def raise_ladder(self, theatre: int, mask: np.ndarray, steps: int = 1) -> None:
        """Raise one theatre's ladder where ``mask`` holds, up to that theatre's highest level
        (:attr:`ladder_max`; a ladder already above it is left where it is). The week's and the
        run's peaks record the level reached even if the week's de-escalation undoes it."""
        col = self.ladder[:, theatre]
        top = int(self.ladder_max[theatre])
        new = np.maximum(np.minimum(col.astype(np.int16) + steps, top), col)
        col[mask] = new[mask].astype(np.int8)
        np.maximum(self.peak[:, theatre], col, out=self.peak[:, theatre])
        np.maximum(self.week_peak[:, theatre], col, out=self.week_peak[:, theatre])


__all__ = [
    "ANSWERS",
    "DECISIONS",
    "DEEP",
    "DEEP_PERMISSION",
    "DELIVERY",
    "LIMITED",
    "LIMITED_PERMISSION",
    "NEVER",
    "NONE",
    "NO_CAUSE",
    "PERMISSION_LEVELS",
    "SHARED_FIELDS",
    "TRAINERS",
    "World",
    "row_sum",
]
