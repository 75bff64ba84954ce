"""Typed errors raised by the library.

The library never prints or exits; the CLI turns these into one clear line and exit code 2.
Every input error names where the bad value came from (file, field path) and the value itself.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


class EscalationSimError(Exception):
    """Base class of every error escalation_sim raises on purpose."""


@dataclass
class Problem:
    """One thing wrong with an input: where it is, what it holds and why it is wrong."""

    field: str
    message: str
    value: object = None
    file: str | None = None
    has_value: bool = True

    def __str__(self) -> str:
        where = f"{self.file}: " if self.file else ""
        shown = f" (got {self.value!r})" if self.has_value else ""
        return f"{where}{self.field}: {self.message}{shown}"


@dataclass
class ScenarioError(EscalationSimError):
    """A scenario file, override or name is invalid; holds every problem found at once."""

    problems: list[Problem] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__init__(str(self))

    def __str__(self) -> str:
        if len(self.problems) == 1:
            return str(self.problems[0])
        lines = [f"{len(self.problems)} problems:"]
        lines += [f"  - {p}" for p in self.problems]
        return "\n".join(lines)

    @classmethod
    def single(
        cls,
        field: str,
        message: str,
        value: object = None,
        file: str | Path | None = None,
        has_value: bool = True,
    ) -> ScenarioError:
        return cls([Problem(field, message, value, str(file) if file else None, has_value)])


class RangeError(EscalationSimError, ValueError):
    """A number given to the library is outside its documented range, e.g. a seed of 2**64 or
    more, which would otherwise wrap onto a smaller seed's runs (also a ``ValueError``)."""


class ResultError(EscalationSimError):
    """A saved result is missing, incomplete or does not hold what was asked for."""


class OutputError(EscalationSimError):
    """An output directory cannot be written (exists and is not empty, or not writable)."""


class GlobalRandomnessError(RuntimeError):
    """A rule drew from a model-wide random generator (Mesa's ``model.random`` or
    ``model.rng``) instead of its addressed stream: a bug that would make replicates depend on
    each other, so it fails loudly."""


class ResourceError(EscalationSimError):
    """A run would need more disk or memory than the machine has (checked before it starts)."""
