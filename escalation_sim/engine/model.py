"""The escalation model: a Mesa model whose step is one week, batched over replicates.

Phase order of a week (docs/model.md, "A week"):

0. bookkeeping - counters of "weeks since" advance, last week's peak levels are kept and this
   week's peaks start from the current levels;
1. scheduled levers of the scenario (``[[events]]``) force their rules to fire;
2. every actor observes a frozen snapshot of the world and decides (staged activation);
3. the decisions resolve in a fixed order: policy, military, response, regional, diplomacy
   (within a phase, in registry order, then actor order); an act whose target an earlier act
   of the week removed does not happen (``EventRule.feasible``); the act that first takes
   Russia-NATO to direct confrontation is kept as that confrontation's path;
4. world dynamics run (attribution, aid delays, the West's weighing of Russia's threats,
   training, pressure, arms race, tension, entrenchment, ladder decay);
5. outcomes are tracked and the week is recorded.

The engine is batched: every actor's state is a vector over the replicates of an ensemble, and
random draws are addressed by (seed, replicate, week, stream), so replicate *k* is bit-identical
whatever the ensemble size or chunking (see :mod:`escalation_sim.core.rng`). The engine knows no
rule and no actor kind by name: its roster comes from the declared kinds, its behaviour from the
registry.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Collection, Sequence
from typing import TYPE_CHECKING, Any

import mesa
import numpy as np

from ..core.rng import Streams, check_seed
from ..core.theatres import Theatre
from ..core.world import NEVER, NO_CAUSE, World
from ..errors import GlobalRandomnessError
from ..rules import KINDS, REGISTRY, EventRule, Inputs, Rule
from ..rules.inputs import differing_paths
from ..scenarios.schema import ScenarioParams
from .actors import Actor
from .events import EventLog
from .outcomes import OutcomeTracker

if TYPE_CHECKING:  # pragma: no cover
    from ..scenarios import Scenario


class _Forbidden:
    """Stands in for Mesa's ``model.random`` and ``model.rng``: any use fails loudly, because a
    draw from a model-wide generator would make replicate *k* depend on its neighbours."""

    def __init__(self, name: str) -> None:
        self._name = name

    def __getattr__(self, attr: str):
        raise GlobalRandomnessError(
            f"model.{self._name}.{attr}: escalation-sim rules draw only from the addressed "
            "streams (Inputs.uniform), so that every replicate is reproducible on its own"
        )


_UNSET = object()


def _root_seed(seed: Any, rng: Any, mesa_scenario: Any) -> int:
    """The model's root seed from Mesa's ways of giving one (see :class:`EscalationModel`)."""
    if rng is _UNSET and mesa_scenario is not None:
        rng = getattr(mesa_scenario, "rng", _UNSET)
    if rng is not _UNSET:
        if isinstance(rng, np.random.Generator):
            return int(rng.integers(2**63))
        if rng is None:
            return int(np.random.SeedSequence().entropy % 2**64)
        return check_seed(rng)
    if seed is None:
        return int(np.random.SeedSequence().entropy % 2**64)
    return check_seed(seed)


class EscalationModel(mesa.Model):
    """Weekly escalation model over a block of replicates.

    Parameters
    ----------
    params
        A validated :class:`~escalation_sim.scenarios.Scenario` or its
        :class:`~escalation_sim.scenarios.ScenarioParams` (default: the documented defaults,
        as in the shipped baseline). The engine reads no files: load a scenario by name with
        :func:`~escalation_sim.scenarios.load_scenario`.
    replicates
        Number of replicates in this block.
    seed
        Root seed (default 0); with ``first_replicate`` it fixes every draw. ``None`` draws a
        fresh one (recorded in :attr:`seed`), as Mesa's batch runner asks for.
    rng
        As in every Mesa model: an int (the root seed), a ``numpy.random.Generator`` (a root
        seed is drawn from it) or ``None`` (a fresh root seed); given, it takes the place of
        ``seed``. Rules never draw from Mesa's generators, only from the addressed streams.
    scenario
        Mesa's own ``Scenario`` (its ``rng`` seeds the model), as Mesa's tools pass it; not an
        escalation-sim scenario, which is ``params``.
    first_replicate
        Global index of the block's first replicate (chunked ensembles).
    record_events
        Keep the event log (off for the largest ensembles to save memory).
    on_week
        Optional callback ``on_week(week, world)`` after each week (and for week 0).
    points
        Design points to step as one ensemble (a sweep's batch): scenarios or their parameters
        that differ in numbers and scheduled events only. Each point runs ``replicates``
        replicates numbered ``first_replicate`` onwards - the same numbers at every point, so
        the points share common random numbers - and run ``i`` belongs to point
        ``i // replicates`` (:attr:`point`). A value that differs between the points becomes an
        array over the runs (:meth:`~escalation_sim.rules.Inputs.stack`); the results of a
        point are exactly those of its scenario run alone. ``scenario`` is then ignored.
    disabled
        Ids of rules switched off (``"russia.strike_trainers"``, or ``"scenario.<action>"``
        for a scheduled lever): they never fire, everything else draws as before (the draws
        are addressed per rule), so a rerun with a rule off isolates what it caused.
    replicate_ids
        With ``points``: the replicate number of every run (point-major), instead of the same
        numbers at every point - e.g. disjoint numbers, so that the points of an uncertainty
        analysis draw independent runs.

    Notes
    -----
    Mesa's ``steps`` counter is the model's clock: :attr:`week` reads it. ``running`` turns
    False at the horizon, so Mesa's ``run_model()`` stops there.

    Examples
    --------
    >>> from escalation_sim import load_scenario
    >>> m = EscalationModel(load_scenario("baseline"), replicates=3, seed=1)
    >>> m.run_model()
    >>> m.week, m.running
    (52, False)
    """

    def __init__(
        self,
        params: Scenario | ScenarioParams | None = None,
        replicates: int = 1,
        seed: int | None = 0,
        first_replicate: int = 0,
        record_events: bool = True,
        on_week: Callable | None = None,
        *,
        rng: Any = _UNSET,
        scenario: Any = None,
        points: Sequence[Scenario | ScenarioParams] | None = None,
        replicate_ids: np.ndarray | None = None,
        disabled: Collection[str] = (),
    ) -> None:
        seed = _root_seed(seed, rng, scenario)  # before Mesa, which would misread a bad seed
        super().__init__(rng=seed)
        if scenario is not None:  # Mesa's own scenario object, kept where Mesa keeps it
            self.scenario = scenario
        scenario = params
        if replicates < 1:
            raise ValueError(f"replicates(={replicates}) must be >= 1")
        # the core reads no files: without a scenario it uses the documented defaults, which
        # are what scenarios/baseline.toml states
        if points is not None:
            if len(points) == 0:
                raise ValueError("points must name at least one design point")
            scenario = points[0]
        if scenario is None:
            scenario = ScenarioParams(name="defaults")
        self.spec = scenario  # (Mesa 3.5 reserves Model.scenario for its own Scenario type)
        self.params = p = _params(scenario)
        self.points = [p] if points is None else [_params(x) for x in points]
        _check_shared(self.points)
        self.replicates = replicates  # per design point
        #: the parameters that differ between the design points (none for one scenario)
        self.varying = differing_paths(self.points) if len(self.points) > 1 else set()
        self.seed = seed
        ids = np.arange(first_replicate, first_replicate + replicates)
        if replicate_ids is None:
            self.replicate_ids = np.tile(ids, len(self.points))
        else:  # each run's own replicate number (e.g. disjoint draws per parameter set)
            self.replicate_ids = np.asarray(replicate_ids, dtype=np.int64)
            if self.replicate_ids.shape != (len(self.points) * replicates,):
                raise ValueError(
                    f"replicate_ids must hold one replicate number per run "
                    f"({len(self.points)} points x {replicates}), got {self.replicate_ids.shape}"
                )
        #: the design point of every run (all 0 for a single scenario)
        self.point = np.repeat(np.arange(len(self.points)), replicates)
        self.streams = Streams(seed, self.replicate_ids)
        self.world = World.initial_points(self.points, replicates)
        # draws come from the addressed streams only; Mesa's generators must stay unused
        self.random = _Forbidden("random")
        self.rng = _Forbidden("rng")

        known = {r.id for r in REGISTRY}
        unknown = sorted(set(disabled) - known)
        if unknown:
            raise KeyError(f"no rule {unknown[0]!r} to switch off; see 'escalation-sim rules'")
        self.disabled = frozenset(disabled)
        self.roster: dict[tuple[str, str], Actor] = {}
        for kind in KINDS:
            for column, (key, name, _) in enumerate(kind.members(p)):
                self.roster[kind.name, key] = Actor(self, kind, key, name, column)
        self.dynamics = [
            (
                rule,
                Inputs.resolve_points(
                    rule, self.points, replicates, draws=self, varying=self.varying
                ),
            )
            for rule in REGISTRY.dynamics()
            if rule.id not in self.disabled
        ]
        for rule, k in self.dynamics:  # per-replicate state drawn at week 0
            rule.initialise(k, self.world)

        self.schedule_by_week = _schedule(self.points, replicates)
        self.log = EventLog() if record_events else None
        self.tracker = OutcomeTracker(p, self.world)
        self.on_week = on_week
        self.observation = self.world
        self.intents: list = []
        #: Mesa's DataCollector, so that Mesa's tools (``batch_run``, SolaraViz plots) can read
        #: the model: each week, shares of the replicates (see :data:`MODEL_REPORTERS`)
        self.datacollector = mesa.DataCollector(model_reporters=MODEL_REPORTERS)
        self.datacollector.collect(self)
        if on_week is not None:
            on_week(0, self.world)

    @property
    def week(self) -> int:
        """The current week: Mesa's step counter (0 before the first step)."""
        return self.steps

    @property
    def horizon(self) -> int:
        return self.params.horizon_weeks

    def actor(self, key: str) -> Actor:
        """The actor a scenario names ``key`` (``"US"``, ``"russia"``, ``"middle_east"``)."""
        found = [a for (_, k), a in self.roster.items() if k == key]
        if not found:
            known = ", ".join(k for _, k in self.roster)
            raise KeyError(f"no actor {key!r} in this model; known: {known}")
        return found[0]

    def actors(self, kind: str) -> list[Actor]:
        """The actors of one kind, in column order."""
        return [a for (k, _), a in self.roster.items() if k == kind]

    # -- randomness -------------------------------------------------------------------------
    def uniform(self, rule: Rule, actor_name: str, draw: int = 0) -> np.ndarray:
        """Uniforms for (rule, actor, draw index) at the current week, one per replicate."""
        return self.streams.uniform(self.week, rule.stream(actor_name, draw))

    # -- the week ---------------------------------------------------------------------------
    def step(self) -> None:
        """Advance every replicate by one week (see the module docstring for the phases)."""
        w = self.world
        w.new_week()
        for event, where in self.schedule_by_week.get(self.week, ()):
            lever = REGISTRY.lever(event.action)
            if lever.id in self.disabled:
                continue
            actor = self.roster[lever.rule.actor, event.actor]
            self._fire(lever, lever.rule, actor, where.copy(), lever.choice(event))

        self.observation = w.snapshot()
        self.intents = []
        self.agents.do("decide")
        self.intents.sort(key=lambda i: (i.rule.phase, i.rule.index, i.actor.unique_id))
        for intent in self.intents:
            # decided on last week's picture; an act whose target is gone by now does not happen
            k = intent.actor.inputs[intent.rule]
            fired = intent.rule.feasible(k, w, intent.fired)
            if fired.any():
                self._fire(intent.rule, intent.rule, intent.actor, fired, None)

        for rule, k in self.dynamics:
            nato = w.ladder[:, Theatre.NATO].copy()
            changes = rule.update(k, w)
            self._note_direct(rule, nato)
            for change in changes:
                w.score += rule.score * change.fired
                if self.log is not None and change.fired.any():
                    idx = np.flatnonzero(change.fired)
                    t = change.theatre
                    after = w.ladder[idx, t] if t is not None else None
                    before = change.before[idx] if change.before is not None else after
                    self.log.add(self.week, rule, "World", idx, None, t, before, after)

        self.tracker.update(self.week, w)
        self.datacollector.collect(self)
        if self.on_week is not None:
            self.on_week(self.week, w)
        if self.week >= self.horizon:
            self.running = False

    def _fire(self, logged: Rule, rule: EventRule, actor: Actor, fired: np.ndarray, choice) -> None:
        """Apply ``rule`` where ``fired``: score every act, log it as ``logged`` (the rule, or
        its lever when scheduled), one entry per target, with the ladder before and after."""
        w, k = self.world, actor.inputs[rule]
        # Rivera et al. score of every act (one per target hit)
        w.score += logged.score * (fired if fired.ndim == 1 else fired.sum(axis=1))
        nato = w.ladder[:, Theatre.NATO].copy()
        if self.log is None:
            rule.apply(k, w, fired, choice)
            self._note_direct(logged, nato)
            return
        idx = np.flatnonzero(fired if fired.ndim == 1 else fired.any(axis=1))
        before = w.ladder[idx]  # fancy indexing copies
        target = rule.apply(k, w, fired, choice)
        self._note_direct(logged, nato)
        after = w.ladder[idx]
        labels = rule.targets(k)
        if fired.ndim == 2:  # drawn per target (e.g. each state's trainers)
            r, codes = np.nonzero(fired)
            pos = np.searchsorted(idx, r)
        elif target is not None:  # the rule chose a target per replicate (e.g. a region)
            pos, codes = np.arange(idx.size), target[idx]
        else:
            pos, codes = np.arange(idx.size), np.full(idx.size, -1)
        for code in np.unique(codes):
            sel = pos[codes == code]
            theatre = rule.ladder_theatre(k, None if code < 0 else int(code))
            b = before[sel, theatre] if theatre is not None else None
            a = after[sel, theatre] if theatre is not None else None
            label = None if code < 0 else labels[code]
            self.log.add(self.week, logged, actor.name, idx[sel], label, theatre, b, a)

    def _note_direct(self, rule: Rule, before: np.ndarray) -> None:
        """Where ``rule``'s act took the Russia-NATO ladder from below to the direct-confrontation
        level for the first time, record it as the path of that direct confrontation."""
        w = self.world
        now = w.ladder[:, Theatre.NATO]
        crossed = (before < w.direct_level) & (now >= w.direct_level)
        if crossed.any():
            w.direct_cause[crossed & (w.direct_cause == NO_CAUSE)] = rule.index

    def release(self) -> None:
        """Drop the per-replicate state (world, snapshot, event log, outcome tracker, week
        callback) so that its memory returns at once. A Mesa model sits in reference cycles
        (agents and scheduled events point back at it), which Python frees only at a full
        garbage collection - too late for an ensemble that steps one chunk after another."""
        self.world = self.observation = self.log = self.tracker = self.on_week = None
        self.intents = []

    def run(self, weeks: int | None = None) -> None:
        """Step to the scenario's horizon (or ``weeks`` more weeks)."""
        for _ in range(self.horizon - self.week if weeks is None else weeks):
            self.step()


def _share(model: EscalationModel, key: str) -> float:
    return float(np.mean(model.tracker.first[key] != NEVER))


#: What the DataCollector records each week: the share of replicates in which the outcome or
#: event has happened so far, and mean levels and scores.
MODEL_REPORTERS = {
    "direct_confrontation": lambda m: _share(m, "direct_confrontation_week"),
    "regional_war": lambda m: _share(m, "regional_war_week"),
    "ceasefire": lambda m: float(np.mean(m.world.ceasefire)),
    "deep_permission": lambda m: _share(m, "first_permission_week"),
    "transfer": lambda m: _share(m, "first_transfer_week"),
    "mean_nato_level": lambda m: float(np.mean(m.world.ladder[:, Theatre.NATO])),
    "mean_escalation_score": lambda m: float(np.mean(m.world.score)),
}


def _params(scenario: Scenario | ScenarioParams) -> ScenarioParams:
    return scenario if isinstance(scenario, ScenarioParams) else scenario.params


def _check_shared(points: list[ScenarioParams]) -> None:
    """Design points stepped together must share what is not per replicate: the horizon, the
    outcome definitions and the actors (the World's shared fields are checked as it is built)."""
    first = points[0]
    many = [kind for kind in KINDS if kind.many]  # the others have one actor, always
    keys = [kind.keys(first) for kind in many]
    for i, other in enumerate(points[1:], start=1):
        for name in ("horizon_weeks", "outcomes"):
            if getattr(other, name) != getattr(first, name):
                raise ValueError(
                    f"design point {i} differs from point 0 in {name}: points stepped as one "
                    "ensemble must share the horizon and the outcome definitions"
                )
        if [kind.keys(other) for kind in many] != keys:
            raise ValueError(
                f"design point {i} names other actors than point 0: points stepped as one "
                "ensemble must have the same actors"
            )


def _schedule(points: list[ScenarioParams], replicates: int) -> dict[int, list]:
    """Each week's scheduled events with the runs they apply to: ``{week: [(event, mask)]}``.

    A point's events fire in its file's order. The ``j``-th event of a week is grouped with the
    equal ``j``-th events of other points (one firing over all their runs); different events at
    the same position touch disjoint runs, so every point sees its own events in its own order.
    """
    n = len(points) * replicates
    out: dict[int, list] = defaultdict(list)
    for week in sorted({ev.week for p in points for ev in p.events}):
        per_point = [[ev for ev in p.events if ev.week == week] for p in points]
        for j in range(max(len(evs) for evs in per_point)):
            groups: list[tuple] = []
            for i, evs in enumerate(per_point):
                if j >= len(evs):
                    continue
                ev = evs[j]
                mask = next((m for g, m in groups if g == ev), None)
                if mask is None:
                    mask = np.zeros(n, dtype=bool)
                    groups.append((ev, mask))
                mask[i * replicates : (i + 1) * replicates] = True
            out[week].extend(groups)
    return out
