"""Text renderings of summaries for the terminal: plain table, Markdown or JSON."""

from __future__ import annotations

import json
import math

import pandas as pd


def pct(p: float) -> str:
    if p is None or (isinstance(p, float) and math.isnan(p)):
        return "-"
    return f"{100 * p:.1f}%"


def ci(lo: float, hi: float) -> str:
    return f"[{pct(lo)}, {pct(hi)}]"


def week(w: float) -> str:
    return "-" if w is None or (isinstance(w, float) and math.isnan(w)) else f"{w:.0f}"


def timing(e: dict) -> str:
    """'median (q25-q75)' of the week among replicates where the event happened, else '-'."""
    if e["week_median"] is None or math.isnan(e["week_median"]):
        return "-"
    return f"{week(e['week_median'])} ({week(e['week_q25'])}-{week(e['week_q75'])})"


def table(rows: list[list[str]], header: list[str], markdown: bool = False) -> str:
    """A left-aligned text table (or a Markdown table)."""
    if markdown:
        out = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
        out += ["| " + " | ".join(r) + " |" for r in rows]
        return "\n".join(out)
    widths = [max(len(str(x)) for x in col) for col in zip(header, *rows, strict=True)]
    fmt = "  ".join(f"{{:<{w}}}" for w in widths)
    out = [fmt.format(*header), fmt.format(*("-" * w for w in widths))]
    out += [fmt.format(*r) for r in rows]
    return "\n".join(line.rstrip() for line in out)


def summary_text(summary: dict, fmt: str = "table") -> str:
    """The run summary: outcome probabilities and key events, as text, Markdown or JSON."""
    if fmt == "json":
        return json.dumps(summary, indent=2)
    md = fmt == "markdown"
    head = (
        f"{summary['scenario']}: {summary['replicates']} replicates, seed {summary['seed']}, "
        f"{summary['horizon_weeks']} weeks"
    )
    out = [f"## {head}" if md else head]
    if summary.get("question"):
        out.append(f"Question: {summary['question']}")
    out.append("")
    rows = []
    for o in summary["outcomes"]:
        name = o["outcome"]
        sub = f"of which in {name.split(': ')[1]}" if ": " in name else None
        label = name if sub is None else (sub if md else f"  {sub}")
        label = label.replace("_", " ")
        rows.append([label, f"{o['count']}", pct(o["p"]), ci(o["ci_low"], o["ci_high"])])
    out.append(table(rows, ["Outcome at horizon", "runs", "P", "95% CI"], md))
    out.append("")
    rows = []
    for e in summary["events"]:
        rows.append(
            [
                e["event"],
                pct(e["p"]),
                ci(e["ci_low"], e["ci_high"]),
                pct(e["p_6m"]),
                ci(e["ci6_low"], e["ci6_high"]),
                timing(e),
            ]
        )
    six = summary.get("six_months_weeks", 26)
    out.append(
        table(
            rows,
            [
                "Key event",
                "P by horizon",
                "95% CI",
                f"P within {six} wk",
                "95% CI",
                "week if it happened: median (IQR)",
            ],
            md,
        )
    )
    regions = [r for r in summary.get("first_transfer_regions", []) if r["count"]]
    if regions:
        out.append("")
        out.append(
            "First long-range transfer went to: "
            + ", ".join(f"{r['region'].replace('_', ' ')} {pct(r['share'])}" for r in regions)
        )
    score = summary.get("escalation_score")
    if score:
        out.append("")
        out.append(
            f"Escalation score per run (sum of Rivera et al. scores of all acts): median "
            f"{score['median']:.0f}, 90% of runs in [{score['q05']:.0f}, "
            f"{score['q95']:.0f}], mean {score['mean']:.0f}"
        )
    out.append("")
    out.append(f"Note: {summary['note']}.")
    return "\n".join(out)


def compare_text(table_df: pd.DataFrame, fmt: str = "table") -> str:
    """Side-by-side probabilities with paired differences against the reference."""
    if fmt == "json":
        return table_df.to_json(orient="records", indent=2)
    md = fmt == "markdown"
    ref = table_df["reference"].iloc[0]
    blocks = []
    for name, part in table_df.groupby("scenario", sort=False):
        rows = []
        for r in part.itertuples(index=False):
            flag = "yes" if r.significant else "no"
            rows.append(
                [
                    r.measure,
                    pct(r.p_reference),
                    pct(r.p),
                    f"{100 * r.difference:+.1f} pp",
                    f"[{100 * r.diff_ci_low:+.1f}, {100 * r.diff_ci_high:+.1f}]",
                    flag,
                ]
            )
        title = f"{name} vs {ref}"
        blocks.append(
            (f"### {title}" if md else title)
            + "\n"
            + table(
                rows, ["Measure", ref, name, "difference", "95% CI (paired)", "significant"], md
            )
        )
    note = (
        "Common random numbers: every scenario ran the same seed and replicates; differences "
        "use Newcombe's paired 95% interval; 'significant' = interval excludes 0."
    )
    return "\n\n".join(blocks) + "\n\n" + note
