"""Public names that load on first use (PEP 562), so that importing a package - and the
command line's start - does not pay for numpy, pandas, Mesa or SALib before they are needed."""

from __future__ import annotations

import importlib
from collections.abc import Callable


def lazy(package: str, names: dict[str, str], namespace: dict) -> tuple[Callable, Callable]:
    """The ``__getattr__`` and ``__dir__`` of ``package``, whose ``names`` map each public name
    to the module (relative to the package) that defines it; a loaded name is cached in the
    package's ``namespace``."""

    def __getattr__(name: str):
        if name not in names:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(names[name], package), name)
        namespace[name] = value
        return value

    def __dir__() -> list[str]:
        return sorted({*namespace, *names})

    return __getattr__, __dir__
