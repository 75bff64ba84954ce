"""Actor kinds: who can act in the model, declared once each.

A kind names its rules (every rule whose ``actor`` is the kind's name), the scenario table that
holds its parameters and how many named actors a scenario may list. Kinds with named actors work
like the Western states: ``[west.US]`` and ``[west.Poland]`` are two actors of kind ``west``, each
with its own parameters. The engine builds its roster from these declarations alone, so adding an
actor kind is a new rules module (its declaration and rules) plus its parameter section - see
``docs/extending.md``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class ActorKind:
    """One kind of actor.

    Attributes
    ----------
    name
        What rules write in ``Rule.actor`` (``"west"``).
    section
        The scenario table of its parameters (``"west"`` for ``[west.US]``, ``"mediation"``).
    title
        A single actor's name in the event log (``"Russia"``); for a kind with named actors,
        what one of them is called in messages (``"Western state"``).
    many
        Named actors (``[west.US]``, ``[west.UK]``) or one actor (``[russia]``).
    min_members, max_members
        How many named actors a scenario may list (kinds with ``many`` only).
    naming
        Actor name in the log for a named actor's key; the key itself by default. The name is
        part of the random-number address of the actor's draws, so it must never change.
    params
        The parameter section's class, for kinds whose table the package's scenario schema does
        not declare (a kind added outside the package); its defaults are used.
    """

    name: str
    section: str
    title: str
    many: bool = False
    min_members: int = 1
    max_members: int | None = None
    naming: Callable[[str], str] | None = None
    params: type | None = None

    def members(self, scenario: Any) -> list[tuple[str, str, Any]]:
        """``(key, actor name, parameters)`` of every actor of this kind in ``scenario``.

        ``key`` is how a scenario file's ``[[events]]`` name the actor: the table key of a named
        actor (``"US"``), else the kind's name (``"russia"``).
        """
        table = scenario.section(self.section)
        if not self.many:
            return [(self.name, self.title, table)]
        name = self.naming or (lambda key: key)
        return [(key, name(key), params) for key, params in table.items()]

    def keys(self, scenario: Any) -> tuple[str, ...]:
        """How ``[[events]]`` may name the actors of this kind in ``scenario``."""
        return tuple(key for key, _, _ in self.members(scenario))


class Kinds:
    """The declared actor kinds, in declaration order (the roster's order)."""

    def __init__(self) -> None:
        self._kinds: dict[str, ActorKind] = {}

    def declare(self, kind: ActorKind) -> ActorKind:
        if kind.name in self._kinds:
            raise ValueError(f"actor kind {kind.name!r} is declared twice")
        self._kinds[kind.name] = kind
        return kind

    def withdraw(self, name: str) -> None:
        """Remove a kind declared at run time (tests and notebooks that add one)."""
        del self._kinds[name]

    def __getitem__(self, name: str) -> ActorKind:
        return self._kinds[name]

    def __contains__(self, name: str) -> bool:
        return name in self._kinds

    def __iter__(self) -> Iterator[ActorKind]:
        return iter(list(self._kinds.values()))

    def by_section(self, section: str) -> ActorKind | None:
        return next((k for k in self._kinds.values() if k.section == section), None)


KINDS = Kinds()
declare_kind = KINDS.declare
