"""The rule registry: every rule once, in a fixed order that is part of the model.

The order matters: within a phase, decisions resolve in registry order, dynamic rules run in
registry order, and the event log codes rules by their position. Rules register as their modules
are imported (``rules/__init__.py`` fixes that order); the levers of event rules come after all
rules, in the order of their rules.
"""

from __future__ import annotations

from collections.abc import Iterator

from .base import PARAGRAPHS, DynamicRule, EventRule, Rule, ScheduledRule
from .inputs import input_name
from .kinds import KINDS


class Registry:
    """Ordered collection of rules by id, with their levers."""

    def __init__(self) -> None:
        self._rules: list[Rule] = []
        self._levers: dict[str, ScheduledRule] = {}
        self._by_id: dict[str, Rule] = {}

    def register(self, cls: type[Rule]) -> type[Rule]:
        """Class decorator: check a rule's metadata and add it (see ``docs/extending.md``)."""
        rule = cls()
        self._check(rule)
        lever = ScheduledRule(rule) if isinstance(rule, EventRule) and rule.lever else None
        if lever is not None and (lever.id in self._by_id or lever.lever.action in self._levers):
            raise ValueError(f"rule {rule.id!r}: lever {lever.lever.action!r} already exists")
        self._rules.append(rule)
        self._by_id[rule.id] = rule
        if lever is not None:
            self._levers[lever.lever.action] = lever
            self._by_id[lever.id] = lever
        self._renumber()
        return cls

    def unregister(self, rule_id: str) -> None:
        """Remove a rule registered at run time (tests and notebooks that add one)."""
        rule = self._by_id.pop(rule_id)
        self._rules.remove(rule)
        for action, lever in list(self._levers.items()):
            if lever.rule is rule:
                del self._levers[action]
                del self._by_id[lever.id]
        self._renumber()

    def _check(self, rule: Rule) -> None:
        if rule.id in self._by_id:
            raise ValueError(f"duplicate rule id {rule.id!r}")
        bad = [p for p in rule.paragraphs if p not in PARAGRAPHS]
        if not rule.paragraphs or bad:
            raise ValueError(
                f"rule {rule.id!r} must cite paragraphs P1..P14, got {rule.paragraphs}"
            )
        if rule.actor not in KINDS and not isinstance(rule, DynamicRule):
            raise ValueError(f"rule {rule.id!r}: unknown actor kind {rule.actor!r}")
        names = [input_name(p) for p in rule.parameters]
        twice = sorted({n for n in names if names.count(n) > 1})
        if twice:
            raise ValueError(f"rule {rule.id!r}: two declared parameters are both read as {twice}")

    def _renumber(self) -> None:
        for i, rule in enumerate(self):
            rule.index = i

    def __iter__(self) -> Iterator[Rule]:
        return iter([*self._rules, *self._levers.values()])

    def __len__(self) -> int:
        return len(self._rules) + len(self._levers)

    def __getitem__(self, rule_id: str) -> Rule:
        return self._by_id[rule_id]

    def __contains__(self, rule_id: str) -> bool:
        return rule_id in self._by_id

    def for_actor(self, kind: str) -> list[EventRule]:
        """Event rules of an actor kind, including those that fire only when scheduled."""
        return [r for r in self._rules if isinstance(r, EventRule) and r.actor == kind]

    def dynamics(self) -> list[DynamicRule]:
        return [r for r in self._rules if isinstance(r, DynamicRule)]

    def levers(self) -> dict[str, ScheduledRule]:
        """Scheduled levers by the action word scenario files use."""
        return dict(self._levers)

    def lever(self, action: str) -> ScheduledRule | None:
        return self._levers.get(action)

    def ids(self) -> list[str]:
        return [r.id for r in self]

    def by_paragraph(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {p: [] for p in PARAGRAPHS}
        for r in self:
            for p in r.paragraphs:
                out[p].append(r.id)
        return out


REGISTRY = Registry()
register = REGISTRY.register
