"""Where the shipped experiments are, found without loading the sweep machinery (the command
line lists them when it builds its help)."""

from __future__ import annotations

from pathlib import Path


def experiments_dir() -> Path:
    """The folder of the shipped experiments (``experiments/`` in a checkout)."""
    from . import shipped

    return Path(shipped.__file__).parent


def available_experiments() -> list[str]:
    """Names of the shipped experiments."""
    return sorted(p.stem for p in experiments_dir().glob("*.toml"))
