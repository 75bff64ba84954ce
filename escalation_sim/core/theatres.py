"""The theatres: one table of every ladder the model keeps, with all the names it goes by.

A theatre is one escalation ladder per replicate: the Russia-Ukraine war, a Russia-West (NATO)
direct confrontation and one per recipient region where Russia seeks influence (P7: the Middle
East, Asia and Latin America). Every label a user sees - in tables, plots, explanations and
reports - and the names of the recipient actors come from :data:`THEATRE_TABLE`, so a theatre is
named in one place only.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum


@dataclass(frozen=True)
class TheatreInfo:
    """The names of one theatre.

    Attributes
    ----------
    key
        Identifier in files, columns and series names (``"middle_east"``).
    label
        Plain-language name for titles and tables (``"Middle East"``).
    short
        Name in one-line explanations, where "war" says enough for the Russia-Ukraine war.
    recipients
        For a recipient region, the name of its recipient actor (``"Middle East recipients"``);
        it is also part of the random-number address of that actor's draws, so it never
        changes. ``None`` for the two great-power theatres.
    """

    key: str
    label: str
    short: str
    recipients: str | None = None

    @property
    def is_region(self) -> bool:
        return self.recipients is not None


THEATRE_TABLE: tuple[TheatreInfo, ...] = (
    TheatreInfo("ukraine", "Russia-Ukraine war", "war"),
    TheatreInfo("nato", "Russia-NATO", "Russia-NATO"),
    TheatreInfo("middle_east", "Middle East", "Middle East", "Middle East recipients"),
    TheatreInfo("asia", "Asia", "Asia", "Asian recipients"),
    TheatreInfo("latin_america", "Latin America", "Latin America", "Latin American recipients"),
)


class Theatre(IntEnum):
    """Column of each theatre in the world's ``(R, T)`` ladder array, in table order."""

    UKRAINE = 0  # the Russia-Ukraine war
    NATO = 1  # Russia-West direct confrontation
    MIDDLE_EAST = 2
    ASIA = 3
    LATIN_AMERICA = 4

    @property
    def info(self) -> TheatreInfo:
        return THEATRE_TABLE[self]

    @property
    def label(self) -> str:
        return THEATRE_TABLE[self].label


#: Keys of every theatre, in column order.
THEATRES: tuple[str, ...] = tuple(t.key for t in THEATRE_TABLE)
#: Keys of the recipient regions (P7), in the order of their theatres.
REGIONS: tuple[str, ...] = tuple(t.key for t in THEATRE_TABLE if t.is_region)
_BY_KEY = {t.key: t for t in THEATRE_TABLE}
_FIRST_REGION = THEATRES.index(REGIONS[0])


def theatre(key: str) -> TheatreInfo:
    """The names of the theatre (or recipient region) ``key``.

    >>> theatre("asia").recipients
    'Asian recipients'
    """
    return _BY_KEY[key]


#: Keys whose words are not just the key with spaces: every view (terminal, plots, report)
#: names them alike through :func:`label`.
_WORDS = {"negotiated_deescalation": "negotiated de-escalation"}


def label(key: str) -> str:
    """Plain-language name of a theatre, region or outcome key; other text is shown with
    spaces.

    >>> label("latin_america"), label("regional_war"), label("negotiated_deescalation")
    ('Latin America', 'regional war', 'negotiated de-escalation')
    """
    info = _BY_KEY.get(key)
    if info is not None:
        return info.label
    return _WORDS.get(key, key.replace("_", " "))


def region_theatre(region_index: int) -> int:
    """Theatre column of the recipient region with the given index in :data:`REGIONS`."""
    return _FIRST_REGION + region_index


__all__ = [
    "REGIONS",
    "THEATRES",
    "THEATRE_TABLE",
    "Theatre",
    "TheatreInfo",
    "label",
    "region_theatre",
    "theatre",
]
