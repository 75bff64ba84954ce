"""Counter-based random numbers addressed by (seed, replicate, week, stream).

Every draw is a pure function of its address, computed with the SplitMix64 finaliser (Steele,
Lea and Flood, "Fast splittable pseudorandom number generators", OOPSLA 2014) over the address
integers. Replicate *k* therefore sees the same numbers whether it runs alone, in an ensemble of
100,000, in any chunking or on any worker; two scenarios run with the same seed share common
random numbers, which makes policy comparisons far less noisy.

This module is the model's only source of randomness (SPEC 7 spirit: one ``seed`` in, no global
state).
"""

from __future__ import annotations

from numbers import Integral

import numpy as np

from ..errors import RangeError

#: Seeds are 64-bit: every bit of a seed in ``0 <= seed < SEED_LIMIT`` changes the draws, and a
#: larger one is refused rather than wrapped onto a smaller seed (2**64 + 7 would run as 7).
SEED_LIMIT = 2**64

#: Replicate indices are 64-bit signed integers in every table; ``first_replicate + replicates``
#: stays below this bound, with room to spare.
REPLICATE_LIMIT = 2**62

#: The replicate count and root seed of a run when none is given, alike in ``simulate()`` and
#: on the command line. 2,000 replicates put a 95% Wilson interval within +-2.2 points of any
#: share and resolve a 1% risk as [0.6%, 1.5%].
DEFAULT_REPLICATES = 2000
DEFAULT_SEED = 1


def check_seed(seed: object) -> int:
    """``seed`` as an int if it is a whole number in ``0 <= seed < 2**64``.

    Raises
    ------
    RangeError
        Otherwise (a float, a string, a negative number or one of 2**64 or more).
    """
    if isinstance(seed, bool) or not isinstance(seed, Integral) or not 0 <= seed < SEED_LIMIT:
        raise RangeError(f"seed(={seed!r}) must be a whole number with 0 <= seed < 2**64")
    return int(seed)


def check_replicates(first_replicate: int, replicates: int) -> None:
    """Raise :class:`RangeError` unless replicates ``first_replicate`` onwards fit below
    :data:`REPLICATE_LIMIT`."""
    if not 0 <= first_replicate <= REPLICATE_LIMIT - replicates:
        raise RangeError(
            f"first_replicate(={first_replicate}) must be >= 0 and first_replicate + "
            f"replicates(={replicates}) at most 2**62"
        )


_M1 = np.uint64(0xBF58476D1CE4E5B9)
_M2 = np.uint64(0x94D049BB133111EB)
_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_S30, _S27, _S31, _S11 = (np.uint64(s) for s in (30, 27, 31, 11))
_TO_UNIT = 2.0**-53


def _mix(x: np.ndarray) -> np.ndarray:
    """SplitMix64 finaliser: a bijective avalanche over uint64 (wraps on overflow)."""
    x = (x ^ (x >> _S30)) * _M1
    x = (x ^ (x >> _S27)) * _M2
    return x ^ (x >> _S31)


_MASK = 0xFFFFFFFFFFFFFFFF


def _mix_int(x: int) -> int:
    """:func:`_mix` on one Python int (the same bits, without numpy scalar overhead)."""
    x = ((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9) & _MASK
    x = ((x ^ (x >> 27)) * 0x94D049BB133111EB) & _MASK
    return x ^ (x >> 31)


def _scalar_key(*parts: int) -> np.uint64:
    key = 0
    for part in parts:
        key = _mix_int((key + 0x9E3779B97F4A7C15 + (part & _MASK)) & _MASK)
    return np.uint64(key)


class Streams:
    """Uniform draws for a fixed set of replicates.

    Parameters
    ----------
    seed
        Root seed of the ensemble: a whole number with ``0 <= seed < 2**64``.
    replicate_ids
        Global indices of the replicates this object draws for.

    Raises
    ------
    RangeError
        If ``seed`` is not a whole number with ``0 <= seed < 2**64``.

    Examples
    --------
    >>> a = Streams(7, np.arange(5)).uniform(week=3, stream=11)
    >>> b = Streams(7, np.array([3])).uniform(week=3, stream=11)
    >>> bool(a[3] == b[0])
    True
    """

    def __init__(self, seed: int, replicate_ids: np.ndarray) -> None:
        self.seed = check_seed(seed)
        ids = np.asarray(replicate_ids, dtype=np.uint64)
        with np.errstate(over="ignore"):
            self._rep_keys = _mix(ids * _GOLDEN + _scalar_key(self.seed))

    def uniform(self, week: int, stream: int) -> np.ndarray:
        """Uniform floats in [0, 1), one per replicate, for draw address (week, stream)."""
        key = _scalar_key(self.seed, week, stream)
        with np.errstate(over="ignore"):
            bits = _mix(self._rep_keys ^ key)
        return (bits >> _S11).astype(np.float64) * _TO_UNIT
