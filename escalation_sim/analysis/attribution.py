"""Attribution by counterfactual: how much of a risk one rule or lever causes.

The same replicates run twice - as the scenario states them and with one rule (or scheduled
lever) switched off - under common random numbers: every other rule draws the very same
numbers, so a replicate whose outcome differs between the two runs differs because of that
rule (and what followed from it). The attributable risk is ``P(with) - P(without)``, with
Newcombe's paired interval; the counts say how many outcomes would not have happened without
the rule, and how many happened only without it. A rule that never fires leaves every
replicate unchanged: its attribution is exactly 0.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ..engine.outcomes import OUTCOMES
from ..errors import EscalationSimError
from ..rules import REGISTRY
from .stats import paired_difference


@dataclass
class Attribution:
    """The counterfactual comparison of one rule in one scenario."""

    scenario: str
    rule: str
    seed: int
    replicates: int
    fired: int  # replicates in which the rule fired at least once
    table: pd.DataFrame


def check_rule(rule_id: str) -> None:
    """Refuse an unknown rule id, naming the nearest ones."""
    ids = [r.id for r in REGISTRY]
    if rule_id not in ids:
        import difflib

        near = difflib.get_close_matches(rule_id, ids, n=3, cutoff=0.5)
        hint = f"; did you mean {', '.join(near)}?" if near else "; see 'escalation-sim rules'"
        raise EscalationSimError(f"--attribute: unknown rule {rule_id!r}{hint}")


def attribute(scenario, rule_id: str, replicates: int = 2000, seed: int = 1) -> Attribution:
    """Rerun ``scenario`` with ``rule_id`` switched off and compare replicate by replicate.

    Raises
    ------
    EscalationSimError
        If ``rule_id`` names no rule.
    """
    from ..engine.ensemble import simulate

    check_rule(rule_id)
    on = simulate(scenario, replicates, seed, trajectories=False)
    off = simulate(scenario, replicates, seed, events=False, trajectories=False, disabled={rule_id})
    ev = on.events
    fired = int(ev.loc[ev["rule"] == rule_id, "replicate"].nunique()) if len(ev) else 0
    a, b = on.outcomes, off.outcomes
    rows = []
    for o in OUTCOMES:
        x, y = (a["outcome"] == o).to_numpy(), (b["outcome"] == o).to_numpy()
        d, lo, hi = paired_difference(x, y)
        rows.append(
            {
                "outcome": o,
                "p_with": x.mean(),
                "p_without": y.mean(),
                "attributable": d,
                "ci_low": lo,
                "ci_high": hi,
                "prevented_without": int((x & ~y).sum()),
                "only_without": int((~x & y).sum()),
            }
        )
    return Attribution(
        scenario=on.scenario.name,
        rule=rule_id,
        seed=seed,
        replicates=replicates,
        fired=fired,
        table=pd.DataFrame(rows),
    )
