"""The building blocks of a report: headings and paragraphs, tables and figures.

:mod:`~escalation_sim.report.content` says what a report contains as a list of blocks;
:mod:`~escalation_sim.report.render` turns that one list into HTML and Markdown, so the two
files say the same thing in the same order.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class TextBlock:
    """A heading or a paragraph.

    ``kind`` is ``"h1"``, ``"h2"``, ``"h3"``, ``"p"``, ``"question"`` (the scenario's
    question, set apart) or ``"note"`` (the caveat every report carries).
    """

    kind: str
    text: str


@dataclass(frozen=True)
class TableBlock:
    """A table of text cells.

    Attributes
    ----------
    header, rows
        Column names and the rows' cells, already formatted.
    numeric
        Columns aligned right (numbers, and their headers with them).
    code
        Columns of identifiers (rule ids, parameter paths), shown as code.
    sub_rows
        Rows that break down the row above (indented).
    """

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    numeric: tuple[int, ...] = ()
    code: tuple[int, ...] = ()
    sub_rows: frozenset[int] = frozenset()


@dataclass(frozen=True)
class FigureBlock:
    """A figure: the image of plot ``name``, with its title and how to read it."""

    name: str
    title: str
    caption: str


Block = TextBlock | TableBlock | FigureBlock
