"""Scenario discovery: the boxes of the uncertainty and lever space where an outcome is high.

PRIM (the ``PRIM`` package of Project Platypus; Friedman and Fisher 1999, as used for scenario
discovery by Bryant and Lempert 2010) peels the space towards the design points where the
outcome reaches a threshold, trading coverage for density; a shallow CART tree (scikit-learn)
gives the alternative reading as rules.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..errors import ResultError


@dataclass
class Discovery:
    """Scenario discovery for one outcome: where in the space it is high.

    Attributes
    ----------
    outcome, threshold
        The outcome and the level above which a point counts as a case of interest.
    cases, points
        How many points are cases of interest, out of how many.
    trajectory
        PRIM's peeling trajectory: ``coverage`` (share of all cases inside the box),
        ``density`` (share of the box's points that are cases), ``mass`` and ``res_dim``.
    chosen
        The row of ``trajectory`` reported: the densest box that still covers at least half
        of the cases (the usual compromise; every other box is on the trade-off curve).
    limits
        The reported box: the chosen one without the restrictions whose quasi-p-value is
        :data:`QP_MAX` or more; per restricted factor its ``min`` and ``max`` (numbers) or
        options (levers), beside the factor's range in the sweep, and the ``qp`` value.
    coverage, density
        The reported box's share of all cases, and the share of its points that are cases.
    cart
        A shallow CART tree's leaves with a majority of cases: the conditions that lead there,
        the leaf's points and its share of cases.
    """

    outcome: str
    threshold: float
    cases: int
    points: int
    trajectory: pd.DataFrame
    chosen: int
    limits: pd.DataFrame
    coverage: float
    density: float
    cart: pd.DataFrame = field(default_factory=pd.DataFrame)


#: A box is chosen on the trade-off curve as the densest with at least this coverage.
MIN_COVERAGE = 0.5
#: Restrictions of the chosen box with a quasi-p-value at or above this are dropped.
QP_MAX = 0.05


def discover(
    x: pd.DataFrame, y: np.ndarray, threshold: float, outcome: str = "outcome"
) -> Discovery:
    """PRIM (and CART) on design values ``x`` and per-point outcomes ``y``: the cases of
    interest are the points with ``y >= threshold``.

    Raises
    ------
    ResultError
        If no point, or every point, is a case of interest (there is nothing to discover).
    """
    import warnings

    import prim

    y = np.asarray(y, dtype=float)
    cases = y >= threshold
    if not cases.any() or cases.all():
        raise ResultError(
            f"scenario discovery for {outcome}: {int(cases.sum())} of {len(y)} points reach "
            f"{threshold:.3g}; choose a threshold between the lowest and highest point"
        )
    x = _prim_frame(x)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # PRIM's own chatter about peeling steps
        box = prim.Prim(x, cases, threshold=0.5, threshold_type=">").find_box()
    traj = box.peeling_trajectory.reset_index(drop=True)
    traj = traj.rename(columns={"res dim": "res_dim"})[["coverage", "density", "mass", "res_dim"]]
    ok = traj.index[traj["coverage"] >= MIN_COVERAGE]
    chosen = int(traj.loc[ok, "density"].idxmax()) if len(ok) else 0
    box.select(chosen)
    # a restriction whose quasi-p-value is not below QP_MAX does not tell cases from others
    # (Bryant and Lempert 2010): it is dropped, and the box's statistics follow
    while True:
        lim = _box_limits(box)
        weak = lim.index[lim["qp values"] >= QP_MAX]
        if len(weak) == 0 or len(lim) <= 1:
            break
        box.drop_restriction(weak[-1])
    stats = box.peeling_trajectory.iloc[box._cur_box]
    return Discovery(
        outcome=outcome,
        threshold=float(threshold),
        cases=int(cases.sum()),
        points=len(y),
        trajectory=traj,
        chosen=chosen,
        limits=_limits(_box_limits(box), x),
        coverage=float(stats["coverage"]),
        density=float(stats["density"]),
        cart=cart_rules(x, cases),
    )


def _box_limits(box) -> pd.DataFrame:
    """The current box's restrictions: ``min``, ``max`` (a set of options for a lever) and
    ``qp values``, ordered by quasi-p-value. ``PrimBox.limits`` of PRIM 1.0 builds this table
    as floats and fails on a lever's set of options under pandas 2, so it is read here from
    the box's own limits and quasi-p-values."""
    qp = box._calculate_quasi_p(box._cur_box)
    lims = box._box_lims[box._cur_box]
    names = sorted(qp, key=lambda n: qp[n])
    rows = [[lims[n][0], lims[n][1], qp[n]] for n in names]
    return pd.DataFrame(rows, index=names, columns=["min", "max", "qp values"], dtype=object)


def _prim_frame(x: pd.DataFrame) -> pd.DataFrame:
    """Design values as PRIM takes them: numbers as floats, lever options as objects."""
    out = {}
    for c in x.columns:
        if pd.api.types.is_numeric_dtype(x[c]) and not pd.api.types.is_bool_dtype(x[c]):
            out[c] = x[c].astype(float)
        else:
            out[c] = x[c].astype(str).astype(object)
    return pd.DataFrame(out, index=x.index)


def _limits(limits: pd.DataFrame, x: pd.DataFrame) -> pd.DataFrame:
    rows = []
    for factor, row in limits.iterrows():
        if pd.api.types.is_numeric_dtype(x[factor]):
            rows.append(
                {
                    "factor": factor,
                    "box": f"{row['min']:.4g} - {row['max']:.4g}",
                    "range": f"{x[factor].min():.4g} - {x[factor].max():.4g}",
                    "min": float(row["min"]),
                    "max": float(row["max"]),
                    "qp": float(row["qp values"]),
                }
            )
        else:
            inside = sorted(row["min"]) if isinstance(row["min"], set) else [row["min"]]
            rows.append(
                {
                    "factor": factor,
                    "box": ", ".join(map(str, inside)),
                    "range": ", ".join(sorted(map(str, x[factor].unique()))),
                    "min": np.nan,
                    "max": np.nan,
                    "qp": float(row["qp values"]),
                }
            )
    return pd.DataFrame(rows, columns=["factor", "box", "range", "min", "max", "qp"])


def cart_rules(x: pd.DataFrame, cases: np.ndarray, depth: int = 3) -> pd.DataFrame:
    """The leaves of a shallow classification tree (scikit-learn CART, depth ``depth``, leaves
    of at least 5% of the points) where cases of interest are the majority: the path of
    conditions to the leaf, its points and its share of cases."""
    from sklearn.tree import DecisionTreeClassifier

    encoded = pd.get_dummies(x, prefix_sep="=", dtype=float)
    tree = DecisionTreeClassifier(
        max_depth=depth, min_samples_leaf=max(2, len(x) // 20), random_state=0
    ).fit(encoded.to_numpy(), cases)
    t = tree.tree_
    names = list(encoded.columns)
    rows = []

    def walk(node: int, path: list[str]) -> None:
        if t.children_left[node] == -1:
            counts = t.value[node][0]
            share = counts[-1] / counts.sum() if len(counts) > 1 else float(tree.classes_[0])
            n = int(t.n_node_samples[node])
            if share > 0.5:
                rows.append(
                    {
                        "conditions": " and ".join(path) or "(all)",
                        "points": n,
                        "share_of_cases": share,
                    }
                )
            return
        name, cut = names[t.feature[node]], t.threshold[node]
        if "=" in name:  # a lever option (one-hot)
            walk(t.children_left[node], [*path, f"{name.replace('=', ' != ')}"])
            walk(t.children_right[node], [*path, f"{name.replace('=', ' = ')}"])
        else:
            walk(t.children_left[node], [*path, f"{name} <= {cut:.4g}"])
            walk(t.children_right[node], [*path, f"{name} > {cut:.4g}"])

    walk(0, [])
    out = pd.DataFrame(rows, columns=["conditions", "points", "share_of_cases"])
    return out.sort_values("share_of_cases", ascending=False, ignore_index=True)
