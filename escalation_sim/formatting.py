"""How numbers and rules read in text: the one formatting module of the CLI, the report and the
generated docs.

A share reads ``12.3%``, its interval ``[10.1%, 14.8%]`` and both ``12.3% [10.1%, 14.8%]``; a
difference of shares reads ``+4.2 pp``; a week ``17``; the timing of an event ``17 (8-33)``
(median and quartiles of its week); a missing number ``-``. The rule table has one source of
rows, :func:`rule_rows`; each view (terminal, report, ``docs/model.md``) picks its columns.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .rules import REGISTRY

if TYPE_CHECKING:  # pragma: no cover
    from .analysis.summary import Proportion, Timing

MISSING = "-"


def _missing(x: float | None) -> bool:
    return x is None or math.isnan(x)


def percent(p: float | None) -> str:
    """``0.1234`` -> ``"12.3%"``."""
    return MISSING if _missing(p) else f"{100 * p:.1f}%"


def interval(share: Proportion) -> str:
    """The 95% interval of a share: ``"[10.1%, 14.8%]"``."""
    return f"[{percent(share.ci_low)}, {percent(share.ci_high)}]"


def estimate(share: Proportion) -> str:
    """A share with its interval: ``"12.3% [10.1%, 14.8%]"``."""
    return f"{percent(share.p)} {interval(share)}"


def points(d: float) -> str:
    """A difference of shares in percentage points: ``0.042`` -> ``"+4.2 pp"``."""
    return f"{100 * d:+.1f} pp"


def points_interval(low: float, high: float) -> str:
    """The interval of a difference, in percentage points: ``"[+1.0, +7.4]"``."""
    return f"[{100 * low:+.1f}, {100 * high:+.1f}]"


def week(w: float | None) -> str:
    """A week number (quantiles of weeks can fall between two weeks): ``17.5`` -> ``"18"``."""
    return MISSING if _missing(w) else f"{w:.0f}"


def timing(t: Timing) -> str:
    """``"median (q25-q75)"`` of an event's week where it happened, ``"-"`` if it never did."""
    if _missing(t.median):
        return MISSING
    return f"{week(t.median)} ({week(t.q25)}-{week(t.q75)})"


def value(v: Any, unit: str = "") -> str:
    """A parameter value as a scenario file would give it, with its unit: ``"8 weeks"``."""
    if isinstance(v, bool):
        text = "true" if v else "false"
    else:
        text = MISSING if v is None else f"{v:g}" if isinstance(v, float) else str(v)
    return f"{text} {unit}" if unit and v is not None else text


def markdown_table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """A Markdown table; a ``|`` inside a cell is escaped so that it cannot split the cell."""

    def line(cells: Sequence[str]) -> str:
        return "| " + " | ".join(str(c).replace("|", "\\|") for c in cells) + " |"

    out = [line(header), "|" + "|".join("---" for _ in header) + "|"]
    return "\n".join([*out, *(line(r) for r in rows)])


@dataclass(frozen=True)
class RuleRow:
    """One rule as the rule tables show it.

    ``category`` is ``""`` for a rule without one (the world's weekly dynamics) and ``score``
    is then 0.
    """

    id: str
    actor: str
    mode: str
    paragraphs: tuple[str, ...]
    phase: str
    category: str
    score: int
    trigger: str
    response: str

    def to_dict(self) -> dict:
        """The rule as ``escalation-sim rules --format json`` prints it (the mode as ``kind``)."""
        return {
            "id": self.id,
            "actor": self.actor,
            "kind": self.mode,
            "paragraphs": list(self.paragraphs),
            "phase": self.phase,
            "category": self.category,
            "score": self.score,
            "trigger": self.trigger,
            "response": self.response,
        }


def rule_rows(rules: Iterable = REGISTRY) -> list[RuleRow]:
    """A :class:`RuleRow` per rule, in registry order (default: every registered rule)."""
    return [
        RuleRow(
            id=r.id,
            actor=r.actor,
            mode=r.mode,
            paragraphs=tuple(r.paragraphs),
            phase=r.phase.name.lower(),
            category=r.category.value if r.category else "",
            score=r.score,
            trigger=r.trigger,
            response=r.response,
        )
        for r in rules
    ]
