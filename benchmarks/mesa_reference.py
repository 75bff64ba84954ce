"""A plain Mesa reference model of escalation_sim's rules, for benchmarking only.

``benchmarks/bench_engine.py`` compares the batched engine's throughput with what a Mesa user
would write for the same model: one :class:`mesa.Model` per replicate, one :class:`mesa.Agent`
per actor (Russia, Ukraine, each Western state, the recipients of each region, the mediators),
state held in plain Python scalars (floats, ints, bools) on the agents and the model, and every
random draw taken from the model's own ``self.random``. It also checks that this reference
reaches the same outcome distribution as the engine, so that the speed comparison is between
two implementations of the *same* rules.

What it mirrors (``escalation_sim/rules/*.py``, ``core/world.py``, ``engine/model.py`` and
``engine/outcomes.py``; docs/model.md, section 3): the week's phase order - bookkeeping, the
actors' observation of last week's Western decision, decisions taken on the start-of-week state
(staged activation: ``agents.do("decide")`` only records intents, so the order the agents are
asked in does not matter), resolution in the order policy, military, response, regional,
diplomacy (within a phase in the registry's rule order, then actor order) with each act's
feasibility re-checked when it resolves, then the world's dynamics in their order (perceived
involvement, aid, the West's weighing of Russia's threat, F-16 training, battlefield pressure,
arms race, regional tension, entrenchment, ladder decay) - every rule's weekly probability,
trigger and effect, the escalation score of every act, and the outcome classes with their
precedence (direct confrontation, regional war with Russian-supplied weapons, negotiated
de-escalation, prolonged confrontation). Parameter values are read from the scenario object
(``escalation_sim.load_scenario("baseline").params``); only model constants (the ladders'
highest levels and the category scores) come from ``escalation_sim.core.ladder``.

Simplifications, none of which changes the outcome distribution:

* Scheduled levers (a scenario's ``[[events]]``) are not supported: the reference refuses a
  scenario that has any. The baseline has none, so the scheduled-only rules
  (``west.announce_delivery``, ``mediators.set_effort``) never fire and are left out.
* No event log, trajectories or per-week distributions: a run returns one row of outcomes and
  key-event indicators, which is what the benchmark compares.
* Randomness is Mesa's ``random.Random`` per model, seeded per replicate; the engine's
  addressed counter-based streams are not reproduced, so the two agree only in distribution.
"""

from __future__ import annotations

import math
from typing import Any

import mesa
import pandas as pd

from escalation_sim.core.ladder import NON_NUCLEAR_MAX, REGIONAL_MAX, Category

NEVER = math.inf  # "weeks since" something that has not happened

# permission grades of a Western state (for strikes inside Russia with its weapons)
NONE, LIMITED, DEEP = 0, 1, 2
# kinds of Western decision a Russian threat can answer
LIMITED_PERMISSION, DEEP_PERMISSION, TRAINERS = "limited permission", "deep permission", "trainers"

OUTCOMES = (
    "direct_confrontation",
    "regional_war",
    "negotiated_deescalation",
    "prolonged_confrontation",
)

# Every drawn rule in the order its intents resolve (phase, then the rule's place in the
# engine's registry), with the category that scores each act.
RULES: dict[str, Category] = {
    # policy
    "permit_limited_strikes": Category.NON_VIOLENT,
    "permit_deep_strikes": Category.NON_VIOLENT,
    "revoke_permission": Category.DE_ESCALATION,
    "deploy_trainers": Category.POSTURING,
    "withdraw_trainers": Category.DE_ESCALATION,
    "sanction": Category.NON_VIOLENT,
    "yield_to_threat": Category.DE_ESCALATION,
    # military
    "retaliate": Category.VIOLENT,
    "interdict": Category.NON_VIOLENT,
    "strike_recipient": Category.VIOLENT,
    "deep_strike": Category.VIOLENT,
    "border_strike": Category.VIOLENT,
    "strike_trainers": Category.VIOLENT,
    "direct_action": Category.VIOLENT,
    # response
    "declare_cobelligerence": Category.POSTURING,
    "treat_as_cobelligerent": Category.POSTURING,
    "lapse_cobelligerence": Category.DE_ESCALATION,
    "show_of_force": Category.POSTURING,
    "transfer_long_range": Category.NON_VIOLENT,
    "issue_threat": Category.POSTURING,
    "assist_recipient": Category.POSTURING,
    # regional
    "provoke": Category.VIOLENT,
    "use_russian_weapons": Category.VIOLENT,
    "spillover": Category.VIOLENT,
    # diplomacy
    "broker_ceasefire": Category.DE_ESCALATION,
    "ceasefire_collapse": Category.VIOLENT,
}
RANK = {name: i for i, name in enumerate(RULES)}


def chance(agent: mesa.Agent, p: float) -> bool:
    """One Bernoulli draw from the model's generator (no draw where ``p`` is 0)."""
    return p > 0.0 and agent.random.random() < p


# -- agents -----------------------------------------------------------------------------------


class WesternState(mesa.Agent):
    """One Western state: permissions, trainers, aid, its answers to transfers and its belief
    in the credibility of Russia's threats (rules/west.py, rules/answers.py)."""

    def __init__(self, model: EscalationReference, name: str, params: Any) -> None:
        super().__init__(model)
        self.name, self.p = name, params
        self.permission = params.permission_at_start
        self.trainers = params.trainers_deployed
        self.weeks_since_trainers_struck = NEVER
        self.aid = self.aid_target = params.aid_level
        self.cred_a = params.credibility_prior * params.prior_strength
        self.cred_b = (1.0 - params.credibility_prior) * params.prior_strength
        self.answered: set[str] = set()  # answers given to the last transfer

    def belief(self) -> float:
        """This state's belief that Russia carries out its threats (Beta mean)."""
        return self.cred_a / (self.cred_a + self.cred_b)

    def credibility_factor(self) -> float:
        s, prior = self.p.credibility_sensitivity, self.p.credibility_prior
        return (1.0 + s * prior) / (1.0 + s * self.belief())

    def restraint(self) -> float:
        return 1.0 / (1.0 + self.p.escalation_aversion * self.model.nato_excess())

    def decide(self) -> None:
        m, p = self.model, self.p
        calm = not m.ceasefire
        boldness = (
            (1.0 + p.pressure_sensitivity * m.ukraine.pressure)
            * self.restraint()
            * self.credibility_factor()
        )
        if calm and self.permission < LIMITED:
            if chance(self, min(p.limited_permission_rate * boldness, 1.0)):
                m.intend("permit_limited_strikes", self, self.permit_limited)
        if calm and self.permission < DEEP:
            if chance(self, min(p.permission_rate * boldness, 1.0)):
                m.intend("permit_deep_strikes", self, self.permit_deep)
        confronting = m.recent_level("nato") >= m.p.outcomes.direct_confrontation_level
        if self.permission > NONE and (confronting or m.ceasefire):
            if chance(self, p.revoke_rate):
                m.intend("revoke_permission", self, self.revoke)
        struck_recently = self.weeks_since_trainers_struck <= p.recent_strike_weeks
        if calm and not self.trainers and not struck_recently:
            if chance(self, min(p.trainer_deploy_rate * boldness, 1.0)):
                m.intend("deploy_trainers", self, self.deploy_trainers)
        if self.trainers and (struck_recently or confronting or m.ceasefire):
            if chance(self, p.trainer_withdraw_rate):
                m.intend("withdraw_trainers", self, self.withdraw_trainers)
        if calm and self.weeks_since_trainers_struck <= p.retaliation_window_weeks:
            if chance(self, min(p.retaliation_propensity * self.restraint(), 1.0)):
                m.intend("retaliate", self, self.retaliate)
        # answers to a Russian transfer, each at most once per transfer
        if calm and m.russia.weeks_since_transfer <= p.answer_window_weeks:
            if "interdiction" not in self.answered and chance(self, p.interdiction_rate):
                m.intend("interdict", self, self.interdict)
            if "sanctions" not in self.answered and chance(self, p.sanction_rate):
                m.intend("sanction", self, self.sanction)
            if "strike" not in self.answered:
                if chance(self, min(p.recipient_strike_rate * self.restraint(), 1.0)):
                    m.intend("strike_recipient", self, self.strike_recipient)
            if "step back" not in self.answered and self.permission == DEEP:
                if chance(self, min(p.yield_rate / self.credibility_factor(), 1.0)):
                    m.intend("yield_to_threat", self, self.yield_to_threat)

    # acts: each returns how many acts happened (0 where the act is no longer feasible)
    def permit_limited(self) -> int:
        if self.permission < LIMITED:
            self.model.western_decision(LIMITED_PERMISSION)
            self.permission = LIMITED
        return 1

    def permit_deep(self) -> int:
        if self.permission < DEEP:
            self.model.western_decision(DEEP_PERMISSION)
        self.permission = DEEP
        return 1

    def revoke(self) -> int:
        self.permission = NONE
        return 1

    def deploy_trainers(self) -> int:
        if not self.trainers:
            self.model.western_decision(TRAINERS)
        self.trainers = True
        self.model.trainers_arrived = True
        return 1

    def withdraw_trainers(self) -> int:
        self.trainers = False
        return 1

    def retaliate(self) -> int:
        if self.model.ceasefire:
            return 0
        self.model.raise_ladder("nato")
        return 1

    def _answer(self, kind: str) -> int:
        russia = self.model.russia
        if not any(state.answered for state in self.model.west):
            russia.answered_transfers += 1  # the first answer to this transfer by anyone
        self.answered.add(kind)
        russia.answers += 1
        return 1

    def _hit_stock(self) -> Recipient | None:
        region = self.model.russia.last_transfer_region
        if region is None:
            return None
        recipient = self.model.recipients[region]
        recipient.stock *= 1.0 - self.p.interdiction_share
        return recipient

    def interdict(self) -> int:
        self._hit_stock()
        return self._answer("interdiction")

    def sanction(self) -> int:
        return self._answer("sanctions")

    def strike_recipient(self) -> int:
        recipient = self._hit_stock()
        if recipient is not None:
            self.model.raise_ladder(recipient.region)
        return self._answer("strike")

    def yield_to_threat(self) -> int:
        if self.permission != DEEP:
            return 0
        self.permission = LIMITED
        return self._answer("step back")


class Ukraine(mesa.Agent):
    """Ukraine: deep strikes and strikes near the border with Western weapons; its capability,
    F-16 readiness and battlefield pressure (rules/ukraine.py)."""

    def __init__(self, model: EscalationReference) -> None:
        super().__init__(model)
        self.p = p = model.p.ukraine
        self.capability = p.initial_capability
        self.f16_readiness = p.initial_f16_readiness
        self.pressure = p.initial_pressure
        self.weeks_since_deep_strike = NEVER
        self.struck_this_week = self.border_struck_this_week = False

    def permitted_share(self, level: int) -> float:
        """Share of the long-range supply whose supplier permits strikes at ``level`` or more."""
        west = self.model.west
        total = sum(s.p.aid_share for s in west)
        return sum(s.p.aid_share for s in west if s.permission >= level) / max(total, 1e-12)

    def decide(self) -> None:
        m, p = self.model, self.p
        if m.ceasefire:
            return
        if chance(self, p.deep_strike_rate * self.capability * self.permitted_share(DEEP)):
            m.intend("deep_strike", self, self.deep_strike)
        rate = p.border_strike_rate * self.capability * self.permitted_share(LIMITED)
        if chance(self, rate):
            m.intend("border_strike", self, self.border_strike)

    def deep_strike(self) -> int:
        if self.model.ceasefire or self.permitted_share(DEEP) <= 0:
            return 0
        self.struck_this_week = True
        self.weeks_since_deep_strike = 0
        return 1

    def border_strike(self) -> int:
        if self.model.ceasefire or self.permitted_share(LIMITED) <= 0:
            return 0
        self.border_struck_this_week = True
        return 1


class Russia(mesa.Agent):
    """Russia: its perception of Western involvement and co-belligerence, threats, transfers
    and assistance to recipients, strikes on trainers, direct acts, signalling
    (rules/russia.py)."""

    def __init__(self, model: EscalationReference) -> None:
        super().__init__(model)
        self.p = p = model.p.russia
        self.involvement = p.initial_involvement
        # what nobody can observe, drawn once per replicate: how strongly this Russia reads the
        # evidence and where its co-belligerence threshold lies
        spread = p.cobelligerence_threshold_spread
        u = self.random.random()
        self.cob_threshold = min(max(p.cobelligerence_threshold + spread * (2 * u - 1), 0.0), 1.0)
        self.perception = 1.0 + p.perception_spread * (2 * self.random.random() - 1)
        self.declared = p.initial_involvement >= p.declaration_threshold
        self.cobelligerent = self.involvement >= self.cob_threshold
        # the Western decision Russia last observed
        self.seen_decision: str | None = None
        self.weeks_since_seen_decision = NEVER
        # the threat
        self.threat_open = p.threat_at_start
        self.threat_age = 0 if p.threat_at_start else NEVER
        self.threat_against = DEEP_PERMISSION if p.threat_at_start else None
        self.threats = int(p.threat_at_start)
        self.threats_kept = 0
        # transfers and the West's answers to them
        self.weeks_since_transfer = NEVER
        self.last_transfer_region: str | None = None
        self.transfers_this_week = 0
        self.transfers = 0
        self.answers = 0
        self.answered_transfers = 0
        recipients = model.p.recipients
        weights = {g: r.russian_influence * r.capacity for g, r in recipients.items()}
        total = sum(weights.values())
        self.region_weights = (
            {g: w / total for g, w in weights.items()} if total > 0 else dict.fromkeys(weights, 1)
        )

    def hostility(self) -> float:
        return self.p.cobelligerent_multiplier if self.cobelligerent else 1.0

    def choose_region(self) -> str:
        """A region by Russia's influence there times the recipients' capacity (P7)."""
        regions = list(self.region_weights)
        return self.random.choices(regions, weights=list(self.region_weights.values()))[0]

    def decide(self) -> None:
        m, p = self.model, self.p
        calm = not m.ceasefire
        since_strike = m.ukraine.weeks_since_deep_strike
        if self.involvement >= p.declaration_threshold and not self.declared:
            m.intend("declare_cobelligerence", self, self.declare)
        if self.involvement >= self.cob_threshold and not self.cobelligerent:
            if chance(self, p.cobelligerence_rate):
                m.intend("treat_as_cobelligerent", self, self.treat_as_cobelligerent)
        faded = self.involvement < self.cob_threshold - p.cobelligerence_hysteresis
        if self.cobelligerent and faded and chance(self, p.cobelligerence_lapse_rate):
            m.intend("lapse_cobelligerence", self, self.lapse_cobelligerence)
        if calm:
            rate = min(p.trainer_targeting * self.hostility(), 1.0)
            targets = [s for s in m.west if s.trainers and chance(self, rate)]
            if targets:
                m.intend("strike_trainers", self, lambda: self.strike_trainers(targets))
            if self.cobelligerent:
                if chance(self, p.direct_action_rate * (1.0 - p.direct_restraint)):
                    m.intend("direct_action", self, self.direct_action)
            window = p.show_of_force_window_weeks
            recent = since_strike <= window or self.weeks_since_seen_decision <= window
            if recent and m.ladder["ukraine"] < p.signalling_ceiling:
                if chance(self, p.show_of_force):
                    m.intend("show_of_force", self, self.show_of_force)
            if since_strike <= p.response_window_weeks:
                cost = 1.0 + p.transfer_cost * (m.nato_excess() + self.answered_transfers)
                rate = (
                    p.transfer_follow_through
                    * (1.0 + p.involvement_gain * self.involvement)
                    * self.hostility()
                    / cost
                )
                if chance(self, min(rate, 1.0)):
                    m.intend("transfer_long_range", self, self.transfer)
            if self.weeks_since_seen_decision == 1 and not self.threat_open:
                if chance(self, p.threat_rate):
                    m.intend("issue_threat", self, self.issue_threat)
            live = since_strike <= p.response_window_weeks or self.threat_open
            if live and chance(self, p.assist_rate):
                m.intend("assist_recipient", self, self.assist)

    def declare(self) -> int:
        self.declared = True
        return 1

    def treat_as_cobelligerent(self) -> int:
        self.cobelligerent = True
        return 1

    def lapse_cobelligerence(self) -> int:
        self.cobelligerent = False
        return 1

    def strike_trainers(self, targets: list[WesternState]) -> int:
        if self.model.ceasefire:
            return 0
        hit = [s for s in targets if s.trainers]
        for state in hit:
            state.weeks_since_trainers_struck = 0
        if hit:
            self.model.raise_ladder("nato")
        return len(hit)

    def direct_action(self) -> int:
        self.model.raise_ladder("nato")
        return 1

    def show_of_force(self) -> int:
        if self.model.ladder["ukraine"] < self.p.signalling_ceiling:
            self.model.raise_ladder("ukraine")
        return 1

    def transfer(self) -> int:
        """Long-range capability for a recipient (P1, P6); carries out a standing threat."""
        m = self.model
        region = self.choose_region()
        self.transfers += 1
        self.transfers_this_week += 1
        self.weeks_since_transfer = 0
        self.last_transfer_region = region
        for state in m.west:
            state.answered.clear()  # a new transfer to answer
        if self.threat_open:  # the threat is carried out: every state's belief rises
            for state in m.west:
                state.cred_a += 1.0
            self.threats_kept += 1
            self.threat_open = False
        m.recipients[region].receive(self.p.transfer_size)
        return 1

    def issue_threat(self) -> int:
        self.threat_open = True
        self.threat_age = 0
        self.threats += 1
        self.threat_against = self.seen_decision
        return 1

    def assist(self) -> int:
        recipient = self.model.recipients[self.choose_region()]
        recipient.tension = min(recipient.tension + self.p.assist_tension, 1.0)
        return 1


class Recipient(mesa.Agent):
    """The recipients of Russian weapons in one region: provocation, use of Russian-supplied
    weapons and spillover to Russia-NATO (rules/recipients.py)."""

    def __init__(self, model: EscalationReference, region: str, params: Any) -> None:
        super().__init__(model)
        self.region, self.p = region, params
        self.stock = 0.0
        self.tension = params.initial_tension
        self.russian_war = False

    def receive(self, size: float) -> None:
        self.stock += size
        self.tension = min(self.tension + self.p.tension_per_transfer, 1.0)

    def decide(self) -> None:
        m, p = self.model, self.p
        base = p.provocation_rate * p.hostility * self.tension
        if chance(self, min(base, 1.0)):
            m.intend("provoke", self, self.provoke)
        if chance(self, min(base * p.stock_gain * self.stock, 1.0)):
            m.intend("use_russian_weapons", self, self.use_russian_weapons)
        at_war = m.recent_level(self.region) >= m.p.outcomes.regional_war_level
        if at_war and self.russian_war and chance(self, m.p.outcomes.spillover_rate):
            m.intend("spillover", self, self.spillover)

    def provoke(self) -> int:
        self.model.raise_ladder(self.region)
        return 1

    def use_russian_weapons(self) -> int:
        m = self.model
        m.raise_ladder(self.region)
        if m.ladder[self.region] >= m.p.outcomes.regional_war_level:
            self.russian_war = True
        return 1

    def spillover(self) -> int:
        self.model.raise_ladder("nato")
        return 1


class Mediators(mesa.Agent):
    """International mediators: ceasefire and its collapse; effort and the sides' entrenchment
    (rules/mediators.py)."""

    def __init__(self, model: EscalationReference) -> None:
        super().__init__(model)
        self.p = p = model.p.mediation
        self.effort = p.effort
        self.entrenchment = p.initial_entrenchment

    def decide(self) -> None:
        m, p = self.model, self.p
        damping = 1.0 + p.escalation_sensitivity * m.escalation_excess()
        if not m.ceasefire:
            rate = p.success_rate * self.effort * (1.0 - self.entrenchment) / damping
            if chance(self, rate):
                m.intend("broker_ceasefire", self, self.broker)
        elif chance(self, min(p.breakdown_rate * (1.0 + self.entrenchment) * damping, 1.0)):
            m.intend("ceasefire_collapse", self, self.collapse)

    def broker(self) -> int:
        m = self.model
        m.ceasefire = True
        m.ladder["ukraine"] = m.p.ladders.ukraine_ceasefire_level
        return 1

    def collapse(self) -> int:
        m = self.model
        m.ceasefire = False
        m.ladder["ukraine"] = max(m.ladder["ukraine"], m.start["ukraine"])
        return 1


# -- the model --------------------------------------------------------------------------------


class EscalationReference(mesa.Model):
    """One replicate of a scenario, stepped week by week (``run_model()`` stops at the
    horizon)."""

    def __init__(self, params: Any, rng: int | None = None) -> None:
        super().__init__(rng=rng)
        if params.events:
            raise ValueError("the Mesa reference model does not support scheduled events")
        self.p = params
        regions = list(params.recipients)
        self.start = {
            "ukraine": params.ladders.ukraine_initial,
            "nato": params.ladders.nato_initial,
        } | {g: params.recipients[g].initial_level for g in regions}
        self.top = {t: REGIONAL_MAX if t in regions else NON_NUCLEAR_MAX for t in self.start}
        self.ladder = dict(self.start)
        self.peak = dict(self.start)
        self.week_peak = dict(self.start)
        self.last_peak = dict(self.start)
        self.ceasefire = False
        self.arms_russia = self.arms_west = 1.0
        self.spiral = False
        self.score = 0
        self.last_decision: str | None = None
        self.decision_pending = False  # a Western decision Russia has not yet observed
        self.trainers_arrived = False
        self.direct_path: str | None = None
        self.intents: list = []

        # agents in the engine's roster order (it orders a rule's intents by actor)
        self.west = [WesternState(self, name, sp) for name, sp in params.west.items()]
        self.ukraine = Ukraine(self)
        self.russia = Russia(self)
        self.recipients = {g: Recipient(self, g, params.recipients[g]) for g in regions}
        self.mediators = Mediators(self)
        total_share = sum(s.p.aid_share for s in self.west)
        self.mean_delay = (
            sum(s.p.aid_share * s.p.delivery_delay_weeks for s in self.west) / total_share
            if total_share > 0
            else 1.0
        )
        self.first: dict[str, int] = {}  # first week of each key event
        self.track()

    # -- helpers the agents use -------------------------------------------------------------
    def intend(self, rule: str, agent: mesa.Agent, act) -> None:
        self.intents.append((RANK[rule], agent.unique_id, rule, act))

    def western_decision(self, kind: str) -> None:
        self.last_decision = kind
        self.decision_pending = True

    def raise_ladder(self, theatre: str) -> None:
        level = max(min(self.ladder[theatre] + 1, self.top[theatre]), self.ladder[theatre])
        self.ladder[theatre] = level
        self.peak[theatre] = max(self.peak[theatre], level)
        self.week_peak[theatre] = max(self.week_peak[theatre], level)

    def recent_level(self, theatre: str) -> int:
        """The highest level last week or now: a level reached and undone still counts."""
        return max(self.last_peak[theatre], self.ladder[theatre])

    def nato_excess(self) -> int:
        return max(self.ladder["nato"] - self.start["nato"], 0)

    def escalation_excess(self) -> int:
        return sum(max(level - self.start[t], 0) for t, level in self.ladder.items())

    # -- the week ----------------------------------------------------------------------------
    def step(self) -> None:
        self.new_week()
        self.observe()
        self.intents = []
        self.agents.do("decide")  # on the start-of-week state; nothing changes yet
        direct = self.p.outcomes.direct_confrontation_level
        for _, _, rule, act in sorted(self.intents, key=lambda i: i[:2]):
            before = self.ladder["nato"]
            self.score += RULES[rule].score * act()
            if before < direct <= self.ladder["nato"] and self.direct_path is None:
                self.direct_path = rule
        self.dynamics()
        self.track()
        if self.steps >= self.p.horizon_weeks:
            self.running = False

    def new_week(self) -> None:
        russia, ukraine = self.russia, self.ukraine
        ukraine.weeks_since_deep_strike += 1
        russia.weeks_since_seen_decision += 1
        russia.weeks_since_transfer += 1
        russia.threat_age += 1
        for state in self.west:
            state.weeks_since_trainers_struck += 1
        self.last_peak = self.week_peak
        self.week_peak = dict(self.ladder)
        ukraine.struck_this_week = ukraine.border_struck_this_week = False
        self.trainers_arrived = False
        russia.transfers_this_week = 0

    def observe(self) -> None:
        """Russia sees the Western decision made since it last looked."""
        if self.decision_pending:
            self.russia.seen_decision = self.last_decision
            self.russia.weeks_since_seen_decision = 1
            self.decision_pending = False

    def dynamics(self) -> None:
        """The world's weekly updates, in the engine's order (rules/dynamics.py)."""
        p, russia, ukraine = self.p, self.russia, self.ukraine
        rp = p.russia
        # perceived involvement (P2, P3, P4)
        with_trainers = sum(s.trainers for s in self.west)
        evidence = min(
            rp.initial_involvement + rp.trainer_involvement * russia.perception * with_trainers,
            1.0,
        )
        pulse = russia.perception * (
            rp.attribution_per_strike * ukraine.struck_this_week
            + rp.attribution_per_border_strike * ukraine.border_struck_this_week
        )
        involvement = (
            russia.involvement + rp.involvement_adjustment * (evidence - russia.involvement) + pulse
        )
        russia.involvement = min(max(involvement, 0.0), 1.0)
        # Western aid and Ukraine's fielded capability (P8)
        excess = self.nato_excess()
        for s in self.west:
            target = s.aid_target * (1.0 + s.p.pressure_sensitivity * ukraine.pressure)
            aid = target * s.credibility_factor() / (1.0 + s.p.escalation_aversion * excess)
            s.aid = min(aid, 1.0)
        total_share = sum(s.p.aid_share for s in self.west)
        supply = sum(s.aid * s.p.aid_share for s in self.west) / max(total_share, 1e-12)
        ukraine.capability += (supply - ukraine.capability) / self.mean_delay
        # the West weighs Russia's threat: unfulfilled at the end of its window, it lapses
        if russia.threat_open and russia.threat_age >= rp.threat_window_weeks:
            russia.threat_open = False
            for s in self.west:
                s.cred_b += 1.0
        # F-16 training and battlefield pressure (P8)
        up = p.ukraine
        ukraine.f16_readiness = min(ukraine.f16_readiness + up.f16_training_rate, 1.0)
        relief = (1.0 - up.pressure_relief * ukraine.capability) * (
            1.0 - up.f16_relief * ukraine.f16_readiness
        )
        target = up.initial_pressure * relief * self.arms_russia / self.arms_west
        if self.ceasefire:
            target *= up.ceasefire_pressure
        target = min(max(target, 0.0), 1.0)
        ukraine.pressure += up.pressure_adjustment * (target - ukraine.pressure)
        # Richardson arms race (P9)
        a = p.arms_race
        x, y = self.arms_russia, self.arms_west
        g_r = (
            a.fatigue_russia
            - a.reactivity_russia
            + a.extra_grievance
            + a.threat_gain * ukraine.struck_this_week
        )
        g_w = (
            a.fatigue_west
            - a.reactivity_west
            + a.extra_grievance
            + a.threat_gain * russia.transfers_this_week
        )
        x_new = x + a.reactivity_russia * y - a.fatigue_russia * x + g_r
        y_new = y + a.reactivity_west * x - a.fatigue_west * y + g_w
        self.arms_russia = min(max(x_new, a.floor), a.ceiling)
        self.arms_west = min(max(y_new, a.floor), a.ceiling)
        if not self.spiral and self.arms_russia + self.arms_west >= 2.0 * a.spiral_ratio:
            self.spiral = True
            self.score += Category.NON_VIOLENT.score
        # regional tension relaxes toward what the stock sustains (P6)
        for r in self.recipients.values():
            target = min(r.p.initial_tension + r.p.stock_tension * r.stock, 1.0)
            r.tension = min(max(r.tension + r.p.tension_decay * (target - r.tension), 0.0), 1.0)
        # entrenchment (P13)
        med = self.mediators
        rate, e = p.mediation.entrenchment_rate, med.entrenchment
        if self.ceasefire:
            e -= rate * e
        else:
            e += rate * (1.0 - e) * 0.5 * (self.arms_russia + self.arms_west)
        med.entrenchment = min(max(e, 0.0), 1.0)
        # every ladder above its floor may step down one level (P10)
        lp = p.ladders
        for theatre in self.ladder:
            if theatre == "ukraine":
                floor = lp.ukraine_ceasefire_level if self.ceasefire else self.start["ukraine"]
                rate = lp.decay_ukraine
            else:
                floor = self.start[theatre]
                rate = lp.decay_nato if theatre == "nato" else lp.decay_regional
            if self.ladder[theatre] > floor and self.random.random() < rate:
                self.ladder[theatre] -= 1
                self.score += Category.DE_ESCALATION.score

    # -- observation -------------------------------------------------------------------------
    def track(self) -> None:
        """Mark the first week of each key event (engine/outcomes.py)."""
        week, russia = self.steps, self.russia
        happened = {
            "deep_permission": any(s.permission == DEEP for s in self.west),
            "deep_strike": self.ukraine.struck_this_week,
            "cobelligerence": russia.cobelligerent,
            "trainers": self.trainers_arrived or any(s.trainers for s in self.west),
            "trainers_struck": any(s.weeks_since_trainers_struck == 0 for s in self.west),
            "transfer": russia.transfers_this_week > 0,
            "answer": russia.answers > 0,
            "arms_race_spiral": self.spiral,
            "regional_war": any(r.russian_war for r in self.recipients.values()),
            "direct_confrontation": self.week_peak["nato"]
            >= self.p.outcomes.direct_confrontation_level,
            "ceasefire": self.ceasefire,
        }
        for event, now in happened.items():
            if now and event not in self.first:
                self.first[event] = week

    def outcome(self) -> dict[str, Any]:
        """The replicate's outcome class, by precedence of severity, and key indicators."""
        if "direct_confrontation" in self.first:
            cls = "direct_confrontation"
        elif "regional_war" in self.first:
            cls = "regional_war"
        elif self.ceasefire:
            cls = "negotiated_deescalation"
        else:
            cls = "prolonged_confrontation"
        row = {
            "outcome": cls,
            "outcome_week": self.first.get(cls, self.steps),
            "direct_path": self.direct_path,
            "escalation_score": self.score,
            "peak_nato": self.peak["nato"],
            "threats_issued": self.russia.threats,
            "threats_kept": self.russia.threats_kept,
            "transfers_total": self.russia.transfers,
        }
        for event in (
            "deep_permission",
            "deep_strike",
            "cobelligerence",
            "trainers",
            "trainers_struck",
            "transfer",
            "answer",
            "ceasefire",
        ):
            row[f"any_{event}"] = event in self.first
        return row


def replicate_seed(seed: int, replicate: int) -> int:
    """A distinct seed for each replicate of a run (fewer than a million replicates)."""
    return seed * 1_000_000 + replicate


def run_reference(replicates: int, seed: int = 0, params: Any = None) -> pd.DataFrame:
    """Run ``replicates`` independent Mesa models of a scenario (default: the shipped
    baseline) to their horizon; one row of outcomes per replicate."""
    if params is None:
        from escalation_sim import load_scenario

        params = load_scenario("baseline").params
    rows = []
    for k in range(replicates):
        model = EscalationReference(params, rng=replicate_seed(seed, k))
        model.run_model()
        rows.append(model.outcome())
    frame = pd.DataFrame(rows)
    frame["outcome"] = pd.Categorical(frame["outcome"], categories=list(OUTCOMES))
    return frame


if __name__ == "__main__":
    import sys

    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    out = run_reference(n, seed=0)
    print(out["outcome"].value_counts(normalize=True).sort_index().to_string())
    print(out.drop(columns=["outcome", "direct_path"]).mean().to_string())
