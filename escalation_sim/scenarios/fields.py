"""Building blocks of the parameter schema: a documented parameter, a strict section, and the
error a check across fields raises so that the loader can locate it.

Every parameter says what it means, its unit and where its default comes from: an article
paragraph (``P1``..``P14``), a cited public fact, or an explicit ``assumption``. Every numeric
parameter also states a *plausible range*, narrower than its validation bounds, and the source
or argument for that range (its *basis*): the range an experiment samples the parameter from
when it treats it as an uncertainty. A boolean (a Western state's ``permits_deep_strikes``) is a
lever, a decision, and has no such range.
"""

from __future__ import annotations

from dataclasses import dataclass
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
    plausible: tuple[float, float] | None = None,
    basis: str = "",
    former_constant: bool = False,
):
    """A documented parameter: default, bounds, meaning and the source of the default.

    ``plausible=(low, high)`` is the range the value plausibly lies in and ``basis`` the source
    or the argument for it (an author-year, a public fact, an article paragraph, or a reason
    such as "a military answer comes within weeks or not at all"). The range must lie within
    ``ge``..``le`` and hold the default; a parameter whose named actors have other defaults
    (``default_west()``) must hold theirs too, which the tests check.

    ``former_constant`` marks a parameter that used to be a constant of the code, with that
    constant as its default: at its default it leaves a scenario's hash as it was (see
    :attr:`escalation_sim.scenarios.Scenario.hash`), so results saved before it existed still
    name the same scenario.

    Raises
    ------
    ValueError
        If the plausible range is reversed, leaves the bounds, misses the default, or comes
        without a basis (or a basis without a range).
    """
    extra: dict = {"source": source, "unit": unit}
    if plausible is not None:
        low, high = plausible
        if not low <= high:
            raise ValueError(f"plausible=({low!r}, {high!r}): low must not exceed high ({doc!r})")
        if not (ge <= low and high <= le):
            raise ValueError(
                f"plausible=({low!r}, {high!r}) must lie within ge={ge!r}..le={le!r} ({doc!r})"
            )
        if not low <= default <= high:
            raise ValueError(
                f"plausible=({low!r}, {high!r}) must hold the default (={default!r}) ({doc!r})"
            )
        if not basis.strip():
            raise ValueError(f"plausible=({low!r}, {high!r}) needs a basis ({doc!r})")
        extra["plausible"] = [low, high]
        extra["basis"] = basis
    elif basis:
        raise ValueError(f"basis={basis!r} given without plausible=(low, high) ({doc!r})")
    if former_constant:
        extra["former_constant"] = True
    return Field(default, ge=ge, le=le, description=doc, json_schema_extra=extra)


def _extra(info) -> dict:
    extra = info.json_schema_extra
    return extra if isinstance(extra, dict) else {}


def is_former_constant(info) -> bool:
    """Whether a pydantic field was declared with ``param(..., former_constant=True)``."""
    return bool(_extra(info).get("former_constant"))


def is_numeric(info) -> bool:
    """Whether a pydantic field holds a number (``int`` or ``float``, a ``bool`` excluded)."""
    return info.annotation in (int, float)


def plausible_range(info) -> tuple[float, float] | None:
    """The plausible ``(low, high)`` of a pydantic field declared with ``param(...,
    plausible=...)``; ``None`` for a field without one (a boolean lever, a text field).

    Examples
    --------
    >>> from escalation_sim.scenarios.sections import RussiaParams
    >>> plausible_range(RussiaParams.model_fields["show_of_force_window_weeks"])
    (1, 4)
    """
    rng = _extra(info).get("plausible")
    return None if rng is None else (rng[0], rng[1])


def range_basis(info) -> str:
    """The source or argument for a field's plausible range (``""`` if it has none)."""
    return _extra(info).get("basis", "")


def bounds(info) -> tuple[float | None, float | None]:
    """The tightest validation bounds ``(ge, le)`` of a pydantic field (a ``Level`` carries its
    own besides those of :func:`param`); ``None`` where a side is unbounded."""
    ges = [m.ge for m in info.metadata if getattr(m, "ge", None) is not None]
    les = [m.le for m in info.metadata if getattr(m, "le", None) is not None]
    return (max(ges) if ges else None, min(les) if les else None)


@dataclass(frozen=True)
class ParameterRange:
    """One numeric parameter of a scenario, as an experiment samples it.

    Attributes
    ----------
    path
        Dotted, as ``--set`` takes it: ``"russia.transfer_follow_through"``,
        ``"west.US.aid_share"``, ``"recipients.middle_east.hostility"``.
    plausible
        ``(low, high)``: the range the value plausibly lies in.
    bounds
        ``(ge, le)``: what the loader accepts; ``plausible`` lies within it.
    value
        The scenario's value.
    integer
        Whether the parameter takes whole numbers only (weeks, ladder levels).
    basis
        The source or argument for ``plausible``.
    """

    path: str
    plausible: tuple[float, float]
    bounds: tuple[float | None, float | None]
    value: float | int
    integer: bool
    basis: str


def parameter_ranges_of(section: BaseModel, prefix: str) -> list[ParameterRange]:
    """The :class:`ParameterRange` of every numeric field of one section, paths under
    ``prefix`` (``"russia"``, ``"west.US"``); booleans (levers) are left out.

    Raises
    ------
    ValueError
        If a numeric field was declared without a plausible range.
    """
    out = []
    for name, info in type(section).model_fields.items():
        if not is_numeric(info):
            continue
        path = f"{prefix}.{name}"
        rng = plausible_range(info)
        if rng is None:
            raise ValueError(f"{path} has no plausible range: declare param(..., plausible=...)")
        out.append(
            ParameterRange(
                path=path,
                plausible=rng,
                bounds=bounds(info),
                value=getattr(section, name),
                integer=info.annotation is int,
                basis=range_basis(info),
            )
        )
    return out


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
