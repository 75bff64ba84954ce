"""Generated sections of docs/model.md: the rule table, the ladder and the parameter tables.

The registry (through :func:`escalation_sim.formatting.rule_rows`), the ladder and the schema
are the single source; ``python -m escalation_sim.docgen
docs/model.md`` rewrites the text between ``<!-- BEGIN GENERATED: x -->`` and
``<!-- END GENERATED: x -->`` markers, and a test fails when the file is out of date.
"""

from __future__ import annotations

import re
import sys
import typing
from pathlib import Path

from pydantic import BaseModel

from .core.ladder import LEVELS, SCORES, THRESHOLDS
from .formatting import markdown_table, rule_rows
from .rules import KINDS
from .scenarios.fields import bounds, plausible_range, range_basis
from .scenarios.schema import ScenarioParams


def rules_markdown() -> str:
    """Every rule: actor, paragraphs, phase, category and score, trigger and response."""
    header = ("rule", "actor", "paragraphs", "phase", "category (score)", "trigger", "response")
    rows = (
        (
            f"`{r.id}`",
            r.actor,
            ", ".join(r.paragraphs),
            r.phase,
            f"{r.category} ({r.score})" if r.category else "-",
            r.trigger,
            r.response,
        )
        for r in rule_rows()
    )
    return markdown_table(header, rows)


def _span(lo, hi) -> str:
    return f"{lo:g} - {hi:g}"


def _table(section: str, model: type[BaseModel], overrides: dict[str, dict] | None = None) -> str:
    """The parameters of one scenario table; ``overrides`` gives per-actor defaults that
    differ from the class's (``default_west()``)."""
    rows = []
    for name, f in model.model_fields.items():
        extra = f.json_schema_extra or {}
        lo, hi = bounds(f)
        valid = _span(lo, hi) if lo is not None and hi is not None else "-"
        unit = f" ({extra['unit']})" if extra.get("unit") else ""
        default = f.default
        if overrides:
            per = {k: getattr(v, name) for k, v in overrides.items()}
            if len(set(per.values())) > 1:
                default = ", ".join(f"{k} {v}" for k, v in per.items())
        meaning = f"{f.description or ''}{unit}"
        plausible = plausible_range(f)
        if plausible is not None:
            span, basis = _span(*plausible), range_basis(f)
        elif f.annotation is bool:
            span, basis = "lever", "a decision, not an uncertainty: no range"
        else:
            span, basis = "-", ""
        rows.append((f"`{name}`", default, valid, span, meaning, extra.get("source", ""), basis))
    header = ("parameter", "default", "valid", "plausible", "meaning", "source", "range basis")
    return f"**`[{section}]`**\n\n" + markdown_table(header, rows)


#: What the columns of the parameter tables mean, above the tables.
PARAMETERS_LEAD = (
    "*valid*: the values a scenario file may give (the loader refuses others); *plausible*: the "
    "range the value plausibly lies in, which experiments sample from, with its *range basis* "
    "(a source, an article paragraph or an argument). Where only an assumption sets a rate, its "
    "range spans about a factor 3 either side of the default; the public record up to May 2024 "
    "narrows it where it can. A range holds every default actor's value. The booleans are "
    "levers, decisions an analyst sets, and have no range."
)


def parameters_markdown() -> str:
    """One table per section of a scenario file, in the schema's order; a table of named actors
    (``[west.<state>]``) shows each default actor's value where they differ."""
    parts = [PARAMETERS_LEAD]
    for name, field in ScenarioParams.model_fields.items():
        annotation = field.annotation
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            parts.append(_table(name, annotation))
        elif typing.get_origin(annotation) is dict:
            member = typing.get_args(annotation)[1]
            kind = KINDS.by_section(name)
            placeholder = kind.title.split()[-1] if kind is not None else "name"
            defaults = field.get_default(call_default_factory=True)
            parts.append(_table(f"{name}.<{placeholder}>", member, defaults))
    return "\n\n".join(parts)


def ladder_markdown() -> str:
    """The escalation ladder's levels with Kahn's rungs and thresholds, and the scores."""
    above = {v: k for k, v in THRESHOLDS.items()}
    rows = []
    for lv in LEVELS:
        a, b = lv.kahn_rungs
        rungs = f"{a}" if a == b else f"{a}-{b}"
        rows.append((lv.index, lv.name, rungs, lv.kahn_group, lv.examples, above.get(lv.index, "")))
    header = ("level", "name", "Kahn rungs", "Kahn group", "examples", "threshold above")
    levels = markdown_table(header, rows)
    scores = markdown_table(("category", "score"), ((c.value, s) for c, s in SCORES.items()))
    return f"{levels}\n\n{scores}"


GENERATORS = {"rules": rules_markdown, "parameters": parameters_markdown, "ladder": ladder_markdown}


def render(text: str) -> str:
    """``text`` with every generated section replaced by its current content."""
    for name, gen in GENERATORS.items():
        pattern = re.compile(
            rf"(<!-- BEGIN GENERATED: {name} -->\n).*?(<!-- END GENERATED: {name} -->)", re.S
        )
        text = pattern.sub(lambda m, g=gen: m.group(1) + g() + "\n" + m.group(2), text)
    return text


def main(argv: list[str] | None = None) -> int:
    """Rewrite the generated sections of the file named first in ``argv`` (default
    ``docs/model.md``) in place."""
    args = sys.argv[1:] if argv is None else argv
    path = Path(args[0] if args else "docs/model.md")
    path.write_text(render(path.read_text()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
