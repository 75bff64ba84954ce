"""How numbers and rules read in text: the one formatting module of the CLI, the report and the
generated docs.

A share reads ``12.3%``, its interval ``[10.1%, 14.8%]`` and both ``12.3% [10.1%, 14.8%]``; a
difference of shares reads ``+4.2 pp``; a week ``17``; the timing of an event ``17 (8-33)``
(median and quartiles of its week); a missing number ``-``. The rule table has one source of
rows, :func:`rule_rows`; each view (terminal, report, ``docs/model.md``) picks its columns.
"""

from __future__ import annotations

import math
import os
import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from .analysis.summary import Proportion, Timing

MISSING = "-"


def _missing(x: float | None) -> bool:
    return x is None or math.isnan(x)


#: The finest a share is written: below it (in percent) a non-zero share reads ``<0.00001%``.
FINEST = 1e-5


def percent(p: float | None) -> str:
    """``0.1234`` -> ``"12.3%"``; a share that one decimal would round to 0.0% or 100.0%
    keeps two significant digits of its distance from there, so that it never reads as
    impossible or certain: ``0.00004`` -> ``"0.0040%"``, ``0.99996`` -> ``"99.9960%"``,
    down to :data:`FINEST` (``"<0.00001%"``, ``">99.99999%"``). Only 0 and 1 read ``0.0%``
    and ``100.0%`` (and a share is held to [0, 1]: ``-0.0`` reads ``0.0%``); a missing or
    infinite value reads ``-``."""
    if _missing(p) or math.isinf(p):
        return MISSING
    pct = min(max(100 * p, 0.0), 100.0) + 0.0  # (+ 0.0: no "-0.0%")
    text = f"{pct:.1f}%"
    if text == "0.0%" and pct > 0:
        return f"{pct:.{_decimals(pct)}f}%" if pct >= FINEST else f"<{FINEST:.5f}%"
    if text == "100.0%" and pct < 100:
        gap = 100 - pct
        return f"{pct:.{_decimals(gap)}f}%" if gap >= FINEST else f">{100 - FINEST:.5f}%"
    return text


def _decimals(x: float) -> int:
    """Decimals that show two significant digits of ``FINEST <= x <= 0.05``."""
    return max(2, 1 - math.floor(math.log10(x)))


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


#: A cell that is a number: a count, share, difference, interval, week or timing (``-`` is a
#: missing number). Columns of such cells are right-aligned and never wrapped.
_NUMBER = re.compile(
    r"[<>]?[-+]?\d[\d,.]*(%| pp)?"  # 12, 1,234, 0.0040%, +4.2 pp
    r"|\[[^\]]*\]"  # [1.1%, 2.1%], [+1.0, +7.4]
    r"|\d+ \(\d+-\d+\)"  # 17 (8-33)
    r"|-"
)

#: A text column this wide or narrower is never wrapped (categories, actors, short names).
SHORT_TEXT = 24
#: The narrowest a wrapped text column may get before rows become blocks.
MIN_WRAPPED = 24


def _records(columns: list[list[str]], header: list[str], long: list[int], width: int) -> str:
    """The rows of a table too wide for ``width`` as blocks: a heading line with the first and
    the short cells (their column names once, above the first block), then an indented
    ``name: value`` line per other long column, wrapped to the width."""
    import textwrap

    short = [0] + [i for i in range(1, len(header)) if i not in long]
    long = [i for i in long if i != 0]
    key = max((len(header[i]) for i in long), default=0) + 2
    out = [*textwrap.wrap(" | ".join(header[i] for i in short), width=width), ""]
    for r in range(len(columns[0])):
        heading = "  ".join(columns[i][r] for i in short)
        out += textwrap.wrap(heading, width=width, subsequent_indent="    ") or [""]
        for h, col in ((header[i], columns[i]) for i in long):
            out += textwrap.wrap(
                col[r] or "-",
                width=max(width, key + 12),
                initial_indent=f"  {h + ':':<{key}}",
                subsequent_indent=" " * (key + 2),
                break_on_hyphens=False,
            )
        if long:  # blocks of several lines are set apart; one-line rows follow each other
            out.append("")
    return "\n".join(out).rstrip()


def terminal_width() -> int | None:
    """Columns to wrap tables to: ``$COLUMNS`` if set, else the terminal's width when standard
    output is one; ``None`` (no wrapping) when the output goes to a file or a pipe."""
    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit() and int(columns) > 0:
        return int(columns)
    if sys.stdout.isatty():
        import shutil

        return shutil.get_terminal_size().columns
    return None


def text_table(
    rows: Sequence[Sequence[str]], header: Sequence[str], width: int | None = None
) -> str:
    """A text table wrapped to ``width`` columns (default :func:`terminal_width`).

    Number columns (see :data:`_NUMBER`) are right-aligned; they and short text columns are
    never wrapped, and the long text columns wrap at word boundaries to fit. When the table
    fits only by leaving a long column fewer than :data:`MIN_WRAPPED` characters, each row
    becomes a block of its own instead (see :func:`_records`).
    """
    width = width or terminal_width()
    columns = [[str(r[i]) for r in rows] for i in range(len(header))]
    natural = [max(len(c) for c in [h, *col]) for h, col in zip(header, columns, strict=True)]
    numeric = [bool(col) and all(_NUMBER.fullmatch(c) for c in col if c) for col in columns]
    long = [i for i, n in enumerate(natural) if not numeric[i] and n > SHORT_TEXT]
    if width is not None and sum(natural) + 2 * (len(header) - 1) > width:
        fixed = sum(n + 2 for i, n in enumerate(natural) if i not in long)
        if not long or (width - fixed) // len(long) < MIN_WRAPPED:
            return _records(columns, header, long, width)
    from rich.box import Box
    from rich.console import Console
    from rich.table import Table

    # only a rule of dashes under the header (a Box is 8 lines of 4 characters: top, header,
    # header rule, ...); columns are set apart by their padding and a blank divider
    rule = Box("    \n    \n -  \n    \n    \n    \n    \n    \n", ascii=True)
    grid = Table(
        box=rule,
        show_edge=False,
        pad_edge=False,
        padding=(0, 1),
        collapse_padding=True,
        header_style=None,
        highlight=False,
    )
    for i, name in enumerate(header):
        grid.add_column(
            name,
            justify="right" if numeric[i] else "left",
            no_wrap=i not in long,
            overflow="fold",
        )
    for r in rows:
        grid.add_row(*(str(c) for c in r))
    console = Console(
        width=width or 100_000,
        color_system=None,
        force_terminal=False,
        markup=False,
        emoji=False,
        highlight=False,
        soft_wrap=False,
    )
    with console.capture() as captured:
        console.print(grid)
    return "\n".join(line.rstrip() for line in captured.get().splitlines())


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


def rule_rows(rules: Iterable | None = None) -> list[RuleRow]:
    """A :class:`RuleRow` per rule, in registry order (default: every registered rule)."""
    if rules is None:
        from .rules import REGISTRY  # loaded when asked for, not by every table format

        rules = REGISTRY
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
