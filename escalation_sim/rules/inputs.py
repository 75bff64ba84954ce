"""What a rule may read besides the world: its declared parameters, and nothing else.

Every rule lists the scenario parameters it reads in ``Rule.parameters`` (dotted paths such as
``"russia.show_of_force"``, ``"west.*.aid_share"`` for a value of every Western state, or
``"west.*"`` for their names). Once per model the engine resolves those paths into an
:class:`Inputs` object per rule and actor, the rule's ``prepare`` adds what it derives from
them, and the rule reads only that object and the world. A parameter
the rule did not declare is simply not there: reading it fails at once, naming the rule. So the
declaration is the truth, and the documentation built from it cannot drift.

A ``*`` path resolves to the actor's own value when the rule belongs to that kind of actor (a
Western state's rule reading ``west.*.aid_share`` gets its own share) and to an array over every
named actor otherwise (Ukraine's rule gets every supplier's share, in the scenario's order).

**Per-run values.** A sweep steps many design points as one ensemble (:meth:`Inputs.stack`), so a
value that differs between the points becomes an array over the runs, with the run as its first
axis: a number becomes ``(R,)``, an array over actors ``(R, K)``. Rules are written so that both
forms broadcast the same way against the world's arrays: a number multiplies ``(R,)`` quantities
or a per-actor array; a per-actor array multiplies ``(R, K)`` ones; sums over actors take
``axis=-1``; and where a rule changes only some runs (``world.stock[idx, region]``) it reads the
value for those runs with :meth:`Inputs.at`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

import numpy as np

if TYPE_CHECKING:  # pragma: no cover
    from .base import Rule


class Draws(Protocol):
    """Where addressed random numbers come from (the model): one uniform per replicate for
    (rule, actor name, draw index) at the current week."""

    def uniform(self, rule: Rule, actor_name: str, draw: int = 0) -> np.ndarray: ...


class ActorView(Protocol):
    """What a rule knows of the actor it acts for."""

    name: str  # name in the event log and in the random-number address
    column: int  # the actor's column in the world's per-actor arrays, e.g. permission[:, column]


class Inputs:
    """The declared parameters of one rule (by the last part of their path), what the rule
    derived from them, and who it acts for.

    Examples
    --------
    >>> from escalation_sim.rules import REGISTRY
    >>> from escalation_sim.scenarios import ScenarioParams
    >>> rule = REGISTRY["russia.show_of_force"]
    >>> k = Inputs.resolve(rule, ScenarioParams(name="demo"))
    >>> k.show_of_force
    0.15
    >>> k.transfer_size  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    AttributeError: rule 'russia.show_of_force' reads 'transfer_size', which it does not ...
    """

    def __init__(
        self,
        rule: Rule,
        values: dict[str, Any],
        actor: ActorView | None = None,
        draws: Draws | None = None,
    ) -> None:
        self.__dict__.update(values)
        self._rule, self._actor, self._draws = rule, actor, draws
        self._runs: frozenset[str] = frozenset()  # names whose value is an array over runs

    @classmethod
    def resolve(
        cls,
        rule: Rule,
        scenario: Any,
        *,
        actor: ActorView | None = None,
        section: str | None = None,
        key: str | None = None,
        draws: Draws | None = None,
    ) -> Inputs:
        """Inputs of ``rule`` in ``scenario``, for the actor with table key ``key`` in table
        ``section`` (or for the world's dynamics), with ``rule.prepare`` applied."""
        inputs = cls(rule, declared(rule, scenario, section, key), actor, draws)
        rule.prepare(inputs)
        return inputs

    @classmethod
    def resolve_points(
        cls,
        rule: Rule,
        points: list[Any],
        replicates: int,
        *,
        actor: ActorView | None = None,
        section: str | None = None,
        key: str | None = None,
        draws: Draws | None = None,
        varying: set[str] | None = None,
    ) -> Inputs:
        """Inputs of ``rule`` for design points stepped together (:meth:`stack`), resolved once
        when none of the rule's declared parameters differs between the points (``varying``:
        :func:`differing_paths` of the points, computed here if not given)."""
        where = {"actor": actor, "section": section, "key": key, "draws": draws}
        if len(points) > 1:
            if varying is None:
                varying = differing_paths(points)
            if any(touches(path, varying) for path in rule.parameters):
                parts = [cls.resolve(rule, p, **where) for p in points]
                return cls.stack(parts, replicates)
        return cls.resolve(rule, points[0], **where)

    @classmethod
    def stack(cls, parts: list[Inputs], replicates: int) -> Inputs:
        """One :class:`Inputs` for design points stepped together, each for ``replicates``
        consecutive runs: a value equal at every point stays as it is, one that differs becomes
        an array over the runs (first axis), ``parts[i]``'s value repeated for the runs of
        point ``i``. ``parts`` were resolved (and prepared) point by point, so what a rule
        derives in ``prepare`` is derived exactly as for a single scenario.

        Raises
        ------
        ValueError
            If a value that is not a number (a list of names) differs between the points.
        """
        first = parts[0]
        if len(parts) == 1:
            return first
        values, runs = {}, set()
        for name, value in first.values().items():
            others = [p.__dict__[name] for p in parts[1:]]
            if all(_same(value, other) for other in others):
                values[name] = value
                continue
            arr = np.asarray([value, *others])
            if arr.dtype.kind not in "biuf":
                raise ValueError(
                    f"rule {first._rule.id!r}: {name!r} differs between design points "
                    f"({value!r} vs {next(o for o in others if not _same(value, o))!r}); "
                    "only numbers can vary within one batch"
                )
            values[name] = np.repeat(arr, replicates, axis=0)
            runs.add(name)
        out = cls(first._rule, values, first._actor, first._draws)
        out._runs = frozenset(runs)
        return out

    def values(self) -> dict[str, Any]:
        """The declared parameters and derived values, by name."""
        return {k: v for k, v in self.__dict__.items() if not k.startswith("_")}

    def varies(self, name: str) -> bool:
        """Whether ``name`` holds one value per run (design points stepped together)."""
        return name in self._runs

    def at(self, name: str, runs: np.ndarray, column: Any = None) -> Any:
        """The value of ``name`` for the runs ``runs`` (indices or a mask) - and, for a value
        per actor, at ``column`` (an index per selected run): what a rule that changes only
        some runs needs. A value shared by every run is returned as it is (or at ``column``).
        """
        value = getattr(self, name)  # an undeclared name fails as any read does
        if name in self._runs:
            return value[runs] if column is None else value[runs, column]
        return value if column is None else value[column]

    @property
    def column(self) -> int:
        """The acting actor's column in the world's per-actor arrays."""
        return self._actor.column

    @property
    def actor_name(self) -> str:
        return self._actor.name

    def uniform(self, draw: int = 0, name: str | None = None) -> np.ndarray:
        """This week's addressed uniforms of this rule for the acting actor (or ``name``)."""
        return self._draws.uniform(self._rule, name or self._actor.name, draw)

    def __getattr__(self, item: str):
        if item.startswith("__"):
            raise AttributeError(item)
        raise AttributeError(
            f"rule {self._rule.id!r} reads {item!r}, which it does not declare in Rule.parameters"
        )


def declared(rule: Rule, scenario: Any, section: str | None, key: str | None) -> dict[str, Any]:
    """The values of ``rule``'s declared parameters in ``scenario``, by input name."""
    return {input_name(p): _value(rule, p, scenario, section, key) for p in rule.parameters}


def differing_paths(points: list[Any]) -> set[str]:
    """The dotted paths of the values that differ between scenarios ``points``: leaves
    (``"west.US.aid_share"``), or the table whose keys differ (``"west"``)."""
    from pydantic import BaseModel

    out: set[str] = set()

    def walk(objs: list[Any], prefix: str) -> None:
        a = objs[0]
        if isinstance(a, BaseModel):
            if all(o == a for o in objs[1:]):  # whole sections alike: nothing to look into
                return
            for name in type(a).model_fields:
                walk([getattr(o, name) for o in objs], f"{prefix}{name}.")
        elif isinstance(a, dict) and all(o.keys() == a.keys() for o in objs[1:]):
            for key in a:
                walk([o[key] for o in objs], f"{prefix}{key}.")
        elif isinstance(a, (int, float, str, bool)) and all(type(o) is type(a) for o in objs):
            if len(set(objs)) > 1:
                out.add(prefix[:-1])
        elif any(not _same(a, o) for o in objs[1:]):
            out.add(prefix[:-1])

    walk(list(points), "")
    return out


def touches(path: str, varying: set[str]) -> bool:
    """Whether the declared parameter ``path`` (``*`` standing for any member) reads a value
    among ``varying`` paths, or lies in a table that differs as a whole."""
    parts = path.split(".")
    for v in varying:
        vp = v.split(".")
        n = min(len(parts), len(vp))
        if all(a == "*" or a == b for a, b in zip(parts[:n], vp[:n], strict=True)):
            return True
    return False


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        return np.array_equal(a, b)
    return type(a) is type(b) and a == b


def input_name(path: str) -> str:
    """Attribute under which a declared path is read: its last part (``west.*`` -> ``west``)."""
    parts = path.split(".")
    return parts[-2] if parts[-1] == "*" else parts[-1]


def _value(rule: Rule, path: str, scenario: Any, section: str | None, key: str | None) -> Any:
    parts = path.split(".")
    try:
        table = scenario.section(parts[0])
        if parts[1:2] != ["*"]:
            value = table
            for part in parts[1:]:
                value = getattr(value, part)
            return value
        if len(parts) == 2:
            return tuple(table)
        if parts[0] == section:
            return getattr(table[key], parts[2])
        return np.array([getattr(member, parts[2]) for member in table.values()])
    except (AttributeError, KeyError, IndexError):
        raise ValueError(
            f"rule {rule.id!r} declares parameter {path!r}, which the scenario does not have"
        ) from None
