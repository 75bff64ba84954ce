"""Building blocks of the parameter schema: a documented parameter, a strict section, and the
error a check across fields raises so that the loader can locate it.

Every parameter says what it means, its unit and where its default comes from: an article
paragraph (``P1``..``P14``), a cited public fact, or an explicit ``assumption``.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from ..core.ladder import MAX_LEVEL

ASSUMPTION = "assumption"


def param(
    default,
    doc: str,
    source: str = ASSUMPTION,
    *,
    ge=0.0,
    le=1.0,
    unit: str = "",
    former_constant: bool = False,
):
    """A documented parameter: default, bounds, meaning and the source of the default.

    ``former_constant`` marks a parameter that used to be a constant of the code, with that
    constant as its default: at its default it leaves a scenario's hash as it was (see
    :attr:`escalation_sim.scenarios.Scenario.hash`), so results saved before it existed still
    name the same scenario.
    """
    extra = {"source": source, "unit": unit}
    if former_constant:
        extra["former_constant"] = True
    return Field(default, ge=ge, le=le, description=doc, json_schema_extra=extra)


def is_former_constant(info) -> bool:
    """Whether a pydantic field was declared with ``param(..., former_constant=True)``."""
    extra = info.json_schema_extra
    return isinstance(extra, dict) and bool(extra.get("former_constant"))


Prob = float
Level = Annotated[int, Field(ge=0, le=MAX_LEVEL)]


class Section(BaseModel):
    """A table of a scenario file: unknown keys, wrong types and values out of range are errors."""

    model_config = ConfigDict(extra="forbid", strict=True, validate_assignment=True)


class FieldError(ValueError):
    """Raised inside validation for a check across fields; the loader turns it into a problem
    located at ``path`` (dotted, with ``[i]`` for list items)."""

    def __init__(self, path: str, value: object, message: str) -> None:
        super().__init__(message)
        self.path = path
        self.value = value
        self.message = message

    @property
    def key(self) -> tuple:
        """The path as a provenance key, e.g. ("events", 0, "week")."""
        out: list = []
        for part in self.path.replace("[", ".[").split("."):
            out.append(int(part[1:-1]) if part.startswith("[") else part)
        return tuple(out)
