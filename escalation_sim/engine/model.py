"""The escalation model: a Mesa model whose step is one week, batched over replicates.

Phase order of a week (docs/model.md, "A week"):

0. bookkeeping - counters of "weeks since" advance;
1. scheduled levers of the scenario (``[[events]]``) are applied;
2. every actor observes a frozen snapshot of the world and decides (staged activation);
3. the decisions resolve in a fixed order: policy, military, response, regional, diplomacy
   (within a phase, in registry order, then actor order);
4. world dynamics run (attribution, aid delays, training, pressure, arms race, tension,
   entrenchment, ladder decay);
5. outcomes are tracked and the week is recorded.

The engine is batched: every actor's state is a vector over the replicates of an ensemble, and
random draws are addressed by (seed, replicate, week, stream), so replicate *k* is bit-identical
whatever the ensemble size or chunking (see :mod:`escalation_sim.rng`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from typing import TYPE_CHECKING

import mesa
import numpy as np

from ..core.rng import Streams
from ..core.theatres import REGIONS
from ..core.theatres import theatre as theatre_info
from ..core.world import NEVER, World
from ..rules import REGISTRY
from ..scenarios.schema import ScenarioParams
from .actors import Mediators, Recipient, Russia, Ukraine, WesternState
from .events import EventLog
from .outcomes import OutcomeTracker

if TYPE_CHECKING:  # pragma: no cover
    from ..scenarios.loader import Scenario

#: scenario files name Russia and the mediators in lower case; the log uses the agents' names
SCHEDULED_ACTOR_NAMES = {"russia": "Russia", "mediators": "Mediators"}


class EscalationModel(mesa.Model):
    """Weekly escalation model over a block of replicates.

    Parameters
    ----------
    scenario
        A validated :class:`~escalation_sim.scenario.Scenario` or its
        :class:`~escalation_sim.params.ScenarioParams` (default: the documented defaults, as in
        the shipped baseline).
    replicates
        Number of replicates in this block.
    seed
        Root seed; with ``first_replicate`` it fixes every draw.
    first_replicate
        Global index of the block's first replicate (chunked ensembles).
    record_events
        Keep the event log (off for the largest ensembles to save memory).
    on_week
        Optional callback ``on_week(week, world)`` after each week (and for week 0).

    Examples
    --------
    >>> from escalation_sim import load_scenario
    >>> m = EscalationModel(load_scenario("baseline"), replicates=3, seed=1)
    >>> m.run()
    >>> m.world.week
    52
    """

    def __init__(
        self,
        scenario: Scenario | ScenarioParams | None = None,
        replicates: int = 1,
        seed: int = 0,
        first_replicate: int = 0,
        record_events: bool = True,
        on_week: Callable | None = None,
    ) -> None:
        super().__init__(rng=seed)  # Mesa's own generators stay unused: draws come from Streams
        if replicates < 1:
            raise ValueError(f"replicates(={replicates}) must be >= 1")
        # the core reads no files: without a scenario it uses the documented defaults, which
        # are what scenarios/baseline.toml states
        if scenario is None:
            scenario = ScenarioParams(name="defaults")
        self.spec = scenario  # (Mesa 3.5 reserves Model.scenario for its own Scenario type)
        self.params = p = scenario if isinstance(scenario, ScenarioParams) else scenario.params
        self.seed = seed
        self.replicate_ids = np.arange(first_replicate, first_replicate + replicates)
        self.streams = Streams(seed, self.replicate_ids)
        self.world = World.initial(p, replicates)
        self.week = 0
        self._derive_constants()

        self.russia = Russia(self, "Russia", p.russia)
        self.ukraine = Ukraine(self, "Ukraine", p.ukraine)
        self.west = [WesternState(self, n, s, slot=i) for i, (n, s) in enumerate(p.west.items())]
        self.recipients = [
            Recipient(self, theatre_info(r).recipients, p.recipients[r], slot=g)
            for g, r in enumerate(REGIONS)
        ]
        self.mediators = Mediators(self, "Mediators", p.mediation)

        self.schedule_by_week: dict[int, list] = defaultdict(list)
        for ev in p.events:
            self.schedule_by_week[ev.week].append(ev)
        self.log = EventLog() if record_events else None
        self.tracker = OutcomeTracker(p, self.world)
        self.on_week = on_week
        self.observation = self.world
        self.intents: list = []
        if on_week is not None:
            on_week(0, self.world)

    def _derive_constants(self) -> None:
        p = self.params
        west = list(p.west.values())
        self.west_names = tuple(p.west)
        self.aid_shares = np.array([s.aid_share for s in west])
        self.aid_levels = np.array([s.aid_level for s in west])
        self.pressure_sensitivity = np.array([s.pressure_sensitivity for s in west])
        self.escalation_aversion = np.array([s.escalation_aversion for s in west])
        share = self.aid_shares.sum()
        delays = np.array([s.delivery_delay_weeks for s in west])
        self.mean_delay = float((self.aid_shares * delays).sum() / share) if share > 0 else 1.0
        rec = [p.recipients[r] for r in REGIONS]
        w = np.array([r.russian_influence * r.capacity for r in rec])
        w = w / w.sum() if w.sum() > 0 else np.full(len(rec), 1.0 / len(rec))
        self.region_weights = np.cumsum(w)
        self.region_weights[-1] = 1.0
        self.tension_per_transfer = np.array([r.tension_per_transfer for r in rec])
        self.initial_tension = np.array([r.initial_tension for r in rec])
        self.tension_decay = np.array([r.tension_decay for r in rec])

    # -- randomness -------------------------------------------------------------------------
    def draw(self, rule, actor_name: str, slot: int = 0) -> np.ndarray:
        """Uniforms for (rule, actor, slot) at the current week, one per replicate."""
        return self.streams.uniform(self.week, rule.stream(actor_name, slot))

    # -- the week ---------------------------------------------------------------------------
    def step(self) -> None:
        """Advance every replicate by one week (see the module docstring for the phases)."""
        w = self.world
        self.week += 1
        w.week = self.week
        for name in ("since_strike", "trainers_struck"):
            arr = getattr(w, name)
            arr[arr < NEVER] += 1
        w.struck_this_week[:] = False
        w.trainers_arrived[:] = False
        w.transfers_this_week[:] = 0

        for ev in self.schedule_by_week.get(self.week, ()):
            self._apply_scheduled(ev)

        self.observation = w.snapshot()
        self.intents = []
        self.agents.do("decide")
        self.intents.sort(key=lambda i: (i.rule.phase, i.rule.index, i.actor.unique_id))
        for intent in self.intents:
            self._resolve(intent)

        for rule in REGISTRY.dynamics():
            for fired, theatre in rule.update(self, w):
                w.score += rule.score * fired
                if self.log is not None and fired.any():
                    idx = np.flatnonzero(fired)
                    after = w.ladder[idx, theatre] if theatre is not None else None
                    before = after + 1 if rule.id == "world.ladder_decay" else after
                    self.log.add(self.week, rule, "World", idx, None, theatre, before, after)

        self.tracker.update(self.week, w)
        if self.on_week is not None:
            self.on_week(self.week, w)

    def _apply_scheduled(self, ev) -> None:
        rule = REGISTRY[f"scenario.{ev.action}"]
        w = self.world
        before = w.ladder.copy() if self.log is not None else None
        _, theatre = rule.apply_event(self, w, ev)
        w.score += rule.score
        if self.log is None:
            return
        idx = np.arange(w.n)
        label = ev.region  # the actor column already names the state or Russia
        actor = SCHEDULED_ACTOR_NAMES.get(ev.actor, ev.actor)
        b = before[:, theatre] if theatre is not None else None
        a = w.ladder[:, theatre] if theatre is not None else None
        self.log.add(self.week, rule, actor, idx, label, theatre, b, a)

    def _resolve(self, intent) -> None:
        rule, actor, w = intent.rule, intent.actor, self.world
        # decided on last week's picture; an act whose target is gone by now does not happen
        fired = rule.feasible(actor, w, intent.fired)
        if not fired.any():
            return
        # Rivera et al. score of every act (one per target hit)
        w.score += rule.score * (fired if fired.ndim == 1 else fired.sum(axis=1))
        if self.log is None:
            rule.apply(actor, w, fired)
            return
        idx = np.flatnonzero(fired if fired.ndim == 1 else fired.any(axis=1))
        before = w.ladder[idx]  # fancy indexing copies
        target = rule.apply(actor, w, fired)
        after = w.ladder[idx]
        # one log entry per target: (positions in idx, target label, theatre)
        if fired.ndim == 2:  # drawn per target (e.g. each state's trainers)
            r, k = np.nonzero(fired)
            pos, codes, labels = np.searchsorted(idx, r), k, rule.targets(actor)
        elif target is not None:  # the rule chose a target per replicate (e.g. a region)
            pos, codes, labels = np.arange(idx.size), target[idx], rule.targets(actor) or REGIONS
        else:
            pos, codes, labels = np.arange(idx.size), np.full(idx.size, -1), None
        for code in np.unique(codes):
            sel = pos[codes == code]
            theatre = rule.ladder_theatre(actor, None if code < 0 else int(code))
            b = before[sel, theatre] if theatre is not None else None
            a = after[sel, theatre] if theatre is not None else None
            label = None if code < 0 else labels[code]
            self.log.add(self.week, rule, actor.name, idx[sel], label, theatre, b, a)

    def run(self, weeks: int | None = None) -> None:
        """Step to the scenario's horizon (or ``weeks`` more weeks)."""
        for _ in range(self.params.horizon_weeks if weeks is None else weeks):
            self.step()
