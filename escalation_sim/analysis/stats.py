"""Interval estimates for the summaries: Wilson score intervals for probabilities and
Newcombe's interval for a difference of paired proportions (common random numbers)."""

from __future__ import annotations

import math

import numpy as np

Z95 = 1.959963984540054


def wilson(successes: int, n: int, z: float = Z95) -> tuple[float, float]:
    """Wilson score interval for a binomial proportion.

    References
    ----------
    Wilson, E. B. (1927). Probable inference, the law of succession, and statistical inference.
    *JASA* 22(158), 209-212.

    Examples
    --------
    >>> lo, hi = wilson(0, 10)
    >>> round(lo, 6), round(hi, 4)
    (0.0, 0.2775)
    """
    if n <= 0:
        return (float("nan"), float("nan"))
    p = successes / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    lo = 0.0 if successes == 0 else max(0.0, centre - half)
    hi = 1.0 if successes == n else min(1.0, centre + half)
    return (lo, hi)


def paired_difference(a: np.ndarray, b: np.ndarray, z: float = Z95) -> tuple[float, float, float]:
    """Difference ``P(a) - P(b)`` of two paired binary outcomes and its 95% interval.

    Pairs are the same replicate under two scenarios (common random numbers). Uses Newcombe's
    hybrid score interval for paired proportions (method 10), which accounts for the
    correlation the common random numbers induce.

    References
    ----------
    Newcombe, R. G. (1998). Improved confidence intervals for the difference between binomial
    proportions based on paired data. *Statistics in Medicine* 17, 2635-2650.
    """
    a = np.asarray(a, bool)
    b = np.asarray(b, bool)
    n = a.size
    if n == 0:
        return (float("nan"),) * 3
    p1, p2 = a.mean(), b.mean()
    d = p1 - p2
    l1, u1 = wilson(int(a.sum()), n, z)
    l2, u2 = wilson(int(b.sum()), n, z)
    # phi: correlation of the paired outcomes (0 when a margin is degenerate)
    n11 = int((a & b).sum())
    n10 = int((a & ~b).sum())
    n01 = int((~a & b).sum())
    n00 = n - n11 - n10 - n01
    denom = math.sqrt((n11 + n10) * (n01 + n00) * (n11 + n01) * (n10 + n00))
    phi = (n11 * n00 - n10 * n01) / denom if denom > 0 else 0.0
    dl = math.sqrt(max((p1 - l1) ** 2 - 2 * phi * (p1 - l1) * (u2 - p2) + (u2 - p2) ** 2, 0.0))
    du = math.sqrt(max((u1 - p1) ** 2 - 2 * phi * (u1 - p1) * (p2 - l2) + (p2 - l2) ** 2, 0.0))
    return (d, max(-1.0, d - dl), min(1.0, d + du))
