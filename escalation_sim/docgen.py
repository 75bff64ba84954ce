"""Generated sections of docs/model.md: the rule table and the parameter tables.

The registry and the schema are the single source; ``python -m escalation_sim.docgen
docs/model.md`` rewrites the text between ``<!-- BEGIN GENERATED: x -->`` and
``<!-- END GENERATED: x -->`` markers, and a test fails when the file is out of date.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from pydantic import BaseModel

from .core.ladder import LEVELS, SCORES, THRESHOLDS
from .rules import REGISTRY
from .scenarios.schema import (
    ArmsRaceParams,
    LadderParams,
    MediationParams,
    OutcomeParams,
    RecipientParams,
    RussiaParams,
    UkraineParams,
    WesternStateParams,
    default_recipients,
    default_west,
)

SECTIONS = ("rules", "parameters", "ladder")


def _esc(text: str) -> str:
    return str(text).replace("|", "\\|")


def rules_markdown() -> str:
    out = [
        "| rule | actor | paragraphs | phase | category (score) | trigger | response |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in REGISTRY:
        cat = f"{r.category.value} ({r.score})" if r.category else "-"
        out.append(
            f"| `{r.id}` | {r.actor} | {', '.join(r.paragraphs)} | "
            f"{r.phase.name.lower()} | {cat} | {_esc(r.trigger)} | {_esc(r.response)} |"
        )
    return "\n".join(out)


def _table(section: str, model: type[BaseModel], overrides: dict[str, dict] | None = None) -> str:
    out = [
        f"**`[{section}]`**",
        "",
        "| parameter | default | range | meaning | source |",
        "|---|---|---|---|---|",
    ]
    for name, f in model.model_fields.items():
        extra = f.json_schema_extra or {}
        lo = next((m.ge for m in f.metadata if hasattr(m, "ge")), None)
        hi = next((m.le for m in f.metadata if hasattr(m, "le")), None)
        rng = f"{lo} - {hi}" if lo is not None and hi is not None else "-"
        unit = f" ({extra['unit']})" if extra.get("unit") else ""
        default = f.default
        if overrides:
            per = {k: getattr(v, name) for k, v in overrides.items()}
            if len(set(per.values())) > 1:
                default = ", ".join(f"{k} {v}" for k, v in per.items())
        out.append(
            f"| `{name}` | {default} | {rng} | {_esc(f.description or '')}{unit} | "
            f"{_esc(extra.get('source', ''))} |"
        )
    return "\n".join(out)


def parameters_markdown() -> str:
    parts = [
        _table("russia", RussiaParams),
        _table("ukraine", UkraineParams),
        _table("west.<state>", WesternStateParams, default_west()),
        _table("recipients.<region>", RecipientParams, default_recipients()),
        _table("mediation", MediationParams),
        _table("arms_race", ArmsRaceParams),
        _table("ladders", LadderParams),
        _table("outcomes", OutcomeParams),
    ]
    return "\n\n".join(parts)


def ladder_markdown() -> str:
    above = {v: k for k, v in THRESHOLDS.items()}
    out = [
        "| level | name | Kahn rungs | Kahn group | examples | threshold above |",
        "|---|---|---|---|---|---|",
    ]
    for lv in LEVELS:
        a, b = lv.kahn_rungs
        rungs = f"{a}" if a == b else f"{a}-{b}"
        out.append(
            f"| {lv.index} | {lv.name} | {rungs} | {lv.kahn_group} | {lv.examples} | "
            f"{above.get(lv.index, '')} |"
        )
    out += ["", "| category | score |", "|---|---|"]
    out += [f"| {c.value} | {s} |" for c, s in SCORES.items()]
    return "\n".join(out)


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
    args = sys.argv[1:] if argv is None else argv
    path = Path(args[0] if args else "docs/model.md")
    path.write_text(render(path.read_text()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
