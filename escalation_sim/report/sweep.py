"""The report of a sweep's analysis: ``analysis/report.html`` and ``analysis/report.md``.

The same blocks as a run's report (:mod:`~escalation_sim.report.blocks`), rendered by
:func:`~escalation_sim.report.render.render`: the experiment's question and design, the
outcomes over the design points, the sensitivity indices, scenario discovery and every figure.
"""

from __future__ import annotations

import base64
from pathlib import Path
from urllib.parse import quote

from ..errors import OutputError
from ..formatting import percent
from .blocks import Block, FigureBlock, TableBlock, TextBlock
from .render import render

NOTE = (
    "A sweep varies the model's assumptions over their plausible ranges and the West's levers "
    "over its options; every probability is a share of simulated replicates under one design "
    "point's assumptions. The indices say which assumptions move the answers, not what will "
    "happen."
)

CAPTIONS = {
    "sobol": (
        "Sobol indices",
        "Share of the outcome's variance over the design points due to each assumption alone "
        "(S1) and with its interactions (ST), with 95% bootstrap intervals (SALib).",
    ),
    "morris": (
        "Morris screening",
        "Mean absolute effect (mu*) against the spread of effects (sigma); factors near the "
        "origin barely matter within their plausible ranges.",
    ),
    "tornado": (
        "Tornado of conditional means",
        "The outcome's mean over the points where each factor is in the lowest (green) and the "
        "highest (red) fifth of its range.",
    ),
    "levers": (
        "Lever grid",
        "Mean outcome per combination of the first two levers (others averaged).",
    ),
}


def _pct(v: float) -> str:
    return percent(v)


def analysis_blocks(a, figures: list[str]) -> list[Block]:
    """The report's blocks for analysis ``a`` with figures ``figures`` (file stems)."""
    from ..analysis.sensitivity import outcome_column

    m = a.manifest
    exp = m["experiment"]
    blocks: list[Block] = [
        TextBlock("h1", f"Sweep analysis: {a.name}"),
    ]
    question = exp.get("question") or m.get("question") or ""
    if question:
        blocks.append(TextBlock("question", question))
    blocks.append(TextBlock("note", NOTE))
    blocks.append(
        TextBlock(
            "p",
            f"Base scenario {exp['base']['name']}; design {a.design} with "
            f"{len(a.factors)} sampled factor(s) and {len(a.levers)} lever(s): "
            f"{m['points']:,} design points x {m['replicates']:,} replicates = "
            f"{m['runs']:,} runs, seed {m['seed']}.",
        )
    )
    blocks.append(TextBlock("h2", "Outcomes over the design points"))
    rows = []
    for o in a.outcomes:
        s = a.points[outcome_column(o)]
        rows.append(
            (
                o.replace("_", " "),
                _pct(s.min()),
                _pct(s.quantile(0.05)),
                _pct(s.median()),
                _pct(s.quantile(0.95)),
                _pct(s.max()),
            )
        )
    blocks.append(
        TableBlock(
            ("outcome", "min", "5%", "median", "95%", "max"), tuple(rows), numeric=(1, 2, 3, 4, 5)
        )
    )
    if a.sobol is not None:
        blocks.append(TextBlock("h2", "Sobol indices"))
        rows = tuple(
            (
                r.outcome.replace("_", " "),
                r.policy_label,
                r.factor,
                f"{r.S1:.3f} +/- {r.S1_conf:.3f}",
                f"{r.ST:.3f} +/- {r.ST_conf:.3f}",
            )
            for r in a.sobol.sort_values(
                ["outcome", "policy", "ST"], ascending=[True, True, False]
            ).itertuples()
        )
        blocks.append(
            TableBlock(("outcome", "policy", "factor", "S1", "ST"), rows, numeric=(3, 4), code=(2,))
        )
    if a.morris is not None:
        blocks.append(TextBlock("h2", "Morris screening (the 15 largest mu* per outcome)"))
        top = (
            a.morris.sort_values("mu_star", ascending=False)
            .groupby(["outcome", "policy"], sort=False)
            .head(15)
        )
        rows = tuple(
            (
                r.outcome.replace("_", " "),
                r.factor,
                f"{r.mu_star:.3f} +/- {r.mu_star_conf:.3f}",
                f"{r.sigma:.3f}",
            )
            for r in top.sort_values(["outcome", "mu_star"], ascending=[True, False]).itertuples()
        )
        blocks.append(
            TableBlock(("outcome", "factor", "mu*", "sigma"), rows, numeric=(2, 3), code=(1,))
        )
    blocks.append(TextBlock("h2", "Scenario discovery"))
    for outcome, d in a.discovery.items():
        blocks.append(TextBlock("h3", outcome.replace("_", " ")))
        if isinstance(d, str):
            blocks.append(TextBlock("p", d))
            continue
        blocks.append(
            TextBlock(
                "p",
                f"Cases of interest: design points with P >= {d.threshold:.1%} ({d.cases:,} of "
                f"{d.points:,}). PRIM's reported box (the densest covering at least half of "
                f"the cases, without restrictions of quasi-p >= 0.05) holds {d.coverage:.0%} of "
                f"the cases (coverage) and {d.density:.0%} of its points are cases (density).",
            )
        )
        rows = tuple((r.factor, r.box, r.range, f"{r.qp:.2g}") for r in d.limits.itertuples())
        blocks.append(
            TableBlock(
                ("factor", "box", "range in the sweep", "quasi-p"), rows, code=(0,), numeric=(3,)
            )
        )
        if not d.cart.empty:
            rows = tuple(
                (r.conditions, f"{r.points:,}", _pct(r.share_of_cases)) for r in d.cart.itertuples()
            )
            blocks.append(
                TextBlock("p", "CART (a depth-3 tree): the leaves where cases are the majority.")
            )
            blocks.append(TableBlock(("conditions", "points", "cases"), rows, numeric=(1, 2)))
    blocks.append(TextBlock("h2", "Figures"))
    for name in figures:
        if name in CAPTIONS:
            title, caption = CAPTIONS[name]
        elif name.startswith("prim_tradeoff_"):
            o = name.removeprefix("prim_tradeoff_").replace("_", " ")
            title, caption = (
                f"PRIM trade-off: {o}",
                "Coverage against density of each box on "
                "PRIM's peeling path; the reported box is ringed.",
            )
        else:
            o = name.removeprefix("prim_box_").replace("_", " ")
            title, caption = (
                f"PRIM box: {o}",
                "The reported box's limits within each restricted factor's range.",
            )
        blocks.append(FigureBlock(name, title, caption))
    blocks.append(TextBlock("h2", "Reproduce"))
    blocks.append(
        TextBlock(
            "p",
            "Command: "
            + " ".join(m.get("command") or ["sweep()"])
            + f"; escalation-sim {m['versions'].get('escalation-sim')}.",
        )
    )
    return blocks


def write_sweep_report(a, directory: Path, plots: dict[str, Path]) -> list[Path]:
    """Write ``report.html`` (self-contained) and ``report.md`` for analysis ``a``."""
    d = Path(directory)
    images, links = {}, {}
    for name, path in plots.items():
        try:
            data = base64.b64encode(Path(path).read_bytes()).decode("ascii")
        except OSError as exc:
            raise OutputError(f"analyze: plot {name!r} at {path}: {exc.strerror}") from None
        images[name] = f"data:image/png;base64,{data}"
        links[name] = quote(Path(path).name)
    page, text = render(analysis_blocks(a, list(plots)), images, links, a.name)
    out = [d / "report.html", d / "report.md"]
    try:
        out[0].write_text(page, encoding="utf-8")
        out[1].write_text(text, encoding="utf-8")
    except OSError as exc:
        raise OutputError(f"analyze: cannot write into {d} ({exc.strerror})") from None
    return out


def save_analysis(a, out: Path) -> dict[str, Path]:
    """Write analysis ``a`` into the folder ``out`` (replaced whole, never half-written):
    its tables (Parquet), figures (PNG) and report; returns the files by name."""
    import os
    import shutil
    import tempfile

    from ..plots.sensitivity import sweep_figures

    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.partial-", dir=out.parent))
    try:
        files: dict[str, Path] = {}
        tables = {"points": a.points, "tornado": a.tornado}
        for name in ("sobol", "morris", "lever_grid"):
            if getattr(a, name) is not None:
                tables[name] = getattr(a, name)
        for outcome, d in a.discovery.items():
            if not isinstance(d, str):
                tables[f"prim_{outcome}"] = d.limits
                tables[f"prim_trajectory_{outcome}"] = d.trajectory
                tables[f"cart_{outcome}"] = d.cart
        for name, table in tables.items():
            path = tmp / f"{name}.parquet"
            table.to_parquet(path, index=False)
            files[name] = path
        plots = {}
        for name, fig in sweep_figures(a).items():
            path = tmp / f"{name}.png"
            fig.savefig(path)
            plots[name] = path
        for path in write_sweep_report(a, tmp, plots):
            files[path.name] = path
        if out.exists():
            shutil.rmtree(out)
        os.replace(tmp, out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return {name: out / p.name for name, p in {**files, **plots}.items()}
