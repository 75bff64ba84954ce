"""Outcomes (the M of XLRM): what a sweep measures at each design point.

Each outcome is computed from the runs of a point (one row per replicate of the outcomes
frame): an outcome class's probability, a key event's probability by the horizon and its mean
week where it happened, or the mean of a per-run figure such as the escalation score.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..engine.outcomes import KEY_EVENTS, OUTCOMES


@dataclass(frozen=True)
class Outcome:
    """One measured outcome.

    Attributes
    ----------
    name
        What an experiment file lists (``"direct_confrontation"``, ``"first_transfer_week"``,
        ``"escalation_score"``).
    kind
        ``"class"`` (share of runs ending in that outcome class), ``"event"`` (share of runs in
        which the key event happened, and its mean week among them) or ``"mean"`` (mean of a
        per-run figure).
    label
        Plain words for tables and plots.
    """

    name: str
    kind: str
    label: str

    @property
    def columns(self) -> tuple[str, ...]:
        """The per-point summary columns this outcome fills."""
        if self.kind == "class":
            return (f"p_{self.name}",)
        if self.kind == "event":
            stem = self.name.removesuffix("_week")
            return (f"p_{stem}", f"mean_{self.name}")
        return (f"mean_{self.name}",)


_MEANS = {
    "escalation_score": "escalation score (Rivera et al. points)",
    "peak_nato": "highest Russia-NATO ladder level",
    "transfers_total": "long-range transfers by Russia",
    "threats_issued": "Russian threats issued",
}

#: Every outcome a sweep can measure, by name.
OUTCOME_CATALOGUE: dict[str, Outcome] = {
    **{c: Outcome(c, "class", c.replace("_", " ")) for c in OUTCOMES},
    **{e: Outcome(e, "event", label) for e, label in KEY_EVENTS.items()},
    **{m: Outcome(m, "mean", label) for m, label in _MEANS.items()},
}


def summarise(runs, outcomes: tuple[str, ...], by: str = "point"):
    """Per-point summaries of a runs table (one row per point x replicate): the number of
    replicates and every outcome's columns (:attr:`Outcome.columns`)."""
    import pandas as pd

    g = runs.groupby(by, sort=True, observed=True)
    out = {"replicates": g.size()}
    for name in outcomes:
        o = OUTCOME_CATALOGUE[name]
        if o.kind == "class":
            out[o.columns[0]] = (runs["outcome"] == name).groupby(runs[by]).mean()
        elif o.kind == "event":
            happened = runs[name].notna()
            out[o.columns[0]] = happened.groupby(runs[by]).mean()
            out[o.columns[1]] = runs[name].astype("Float64").groupby(runs[by]).mean()
        else:
            out[o.columns[0]] = runs[name].astype(float).groupby(runs[by]).mean()
    return pd.DataFrame(out).reset_index()
