"""An interactive app: pick a scenario, move the levers and assumptions, run, and watch the risk.

Built on Solara directly: Mesa's SolaraViz steps one model and redraws Mesa components, while
escalation-sim's unit is an ensemble whose answers are probabilities with intervals. The page
holds one :class:`~escalation_sim.engine.model.EscalationModel` (a Mesa model) of the chosen
scenario with the chosen values; *Run* steps it to the horizon, *Step* one week, *Reset*
rebuilds it with the current choices. It shows the outcome probabilities so far with their
95% intervals, the ladders' occupancy this week, and the event feed of one replicate with the
rules and article paragraphs behind each act.

In Jupyter, end a cell with ``Page()``; as a web app, ``escalation-sim app`` (127.0.0.1 by
default). An ensemble of 1,000 replicates runs to the horizon in a fraction of a second.
"""

from __future__ import annotations

import solara

from .core.theatres import THEATRES, label
from .core.world import NEVER
from .engine.model import EscalationModel
from .formatting import percent
from .scenarios import available_scenarios, load_scenario

#: The sliders: (label, dotted parameter, low, high, step). Their ranges are the parameters'
#: plausible ranges, rounded (docs/model.md states each with its source).
SLIDERS = (
    (
        "Russia's follow-through on arming adversaries (weekly)",
        "russia.transfer_follow_through",
        0.0,
        0.2,
        0.005,
    ),
    ("Russia's targeting of Western trainers (weekly)", "russia.trainer_targeting", 0.0, 0.5, 0.01),
    ("Russia's direct action against NATO (weekly)", "russia.direct_action_rate", 0.0, 0.15, 0.005),
    ("Mediation effort (0-1)", "mediation.effort", 0.0, 1.0, 0.05),
)
OUTCOME_ROWS = (
    ("direct confrontation", "direct_confrontation_week"),
    ("regional war with Russian weapons", "regional_war_week"),
    ("long-range transfer by Russia", "first_transfer_week"),
    ("deep-strike permission", "first_permission_week"),
    ("ceasefire", "ceasefire_week"),
)


def build(scenario: str, values: dict[str, float], replicates: int, seed: int):
    """The model of ``scenario`` with the slider ``values``, ready to step."""
    overrides = [f"{path}={value}" for path, value in values.items()]
    return EscalationModel(load_scenario(scenario, overrides), replicates, seed=seed)


def defaults(scenario: str) -> dict[str, float]:
    """The scenario's own values of the slider parameters."""
    params = load_scenario(scenario).params
    out = {}
    for _, path, *_ in SLIDERS:
        section, name = path.split(".")
        out[path] = float(getattr(getattr(params, section), name))
    return out


def outcome_table(model) -> list[tuple[str, float, float, float]]:
    """(label, share so far, interval low, interval high) of each tracked outcome."""
    from .analysis.stats import wilson

    n = model.world.n
    rows = []
    for name, key in OUTCOME_ROWS:
        k = int((model.tracker.first[key] != NEVER).sum())
        lo, hi = wilson(k, n)
        rows.append((name, k / n, lo, hi))
    return rows


def occupancy_figure(model):
    """This week's ladder occupancy: the share of replicates at each level, per theatre."""
    import numpy as np

    from .plots import style as st

    fig = st.new_figure(7.0, 3.0)
    ax = fig.subplots()
    levels = model.world.ladder
    top = max(int(levels.max()), 5)
    colours = [st.mpl.colormaps["Reds"](0.15 + 0.8 * i / top) for i in range(top + 1)]
    for t in range(len(THEATRES)):
        shares = np.bincount(levels[:, t], minlength=top + 1)[: top + 1] / len(levels)
        left = 0.0
        for lvl, share in enumerate(shares):
            if share > 0:
                ax.barh(t, share, left=left, color=colours[lvl], edgecolor="white", lw=0.5)
                if share > 0.08:
                    ax.text(left + share / 2, t, str(lvl), ha="center", va="center", fontsize=8)
            left += share
    ax.set_yticks(range(len(THEATRES)), [label(n) for n in THEATRES])
    ax.invert_yaxis()
    st.percent_axis(ax, "x")
    ax.set_xlim(0, 1)
    ax.set_title(f"Ladder levels at week {model.week}: share of replicates at each level")
    ax.grid(False)
    return fig


def event_feed(model, replicate: int = 0, last: int = 12) -> list[dict]:
    """The last acts of one replicate: week, actor, act, rule and paragraphs."""
    if model.log is None:
        return []
    frame = model.log.frame(model.replicate_ids)
    rows = frame[frame["replicate"] == replicate].tail(last)
    return [
        {
            "week": int(r.week),
            "actor": str(r.actor),
            "act": str(r.action),
            "rule": str(r.rule),
            "paragraphs": str(r.paragraphs),
        }
        for r in rows.itertuples()
    ]


@solara.component
def Page():
    scenario = solara.use_reactive("baseline")
    replicates = solara.use_reactive(1000)
    seed = solara.use_reactive(1)
    values = solara.use_reactive(defaults("baseline"))
    model = solara.use_reactive(None)
    tick = solara.use_reactive(0)  # redraw after the model moved

    def reset():
        model.set(build(scenario.value, values.value, replicates.value, seed.value))
        tick.set(tick.value + 1)

    def pick(name: str):
        scenario.set(name)
        values.set(defaults(name))
        model.set(None)

    def run():
        if model.value is None or not model.value.running:
            reset()
        model.value.run_model()
        tick.set(tick.value + 1)

    def step():
        if model.value is None or not model.value.running:
            reset()
        model.value.step()
        tick.set(tick.value + 1)

    with solara.Column(style={"max-width": "1100px", "margin": "0 auto"}):
        solara.Title("escalation-sim")
        solara.Markdown("## escalation-sim: what follows if ...?")
        with solara.Row(style={"align-items": "flex-start"}):
            with solara.Column(style={"min-width": "400px", "max-width": "460px"}):
                solara.Select(
                    "Scenario", values=available_scenarios(), value=scenario.value, on_value=pick
                )
                solara.Markdown(f"*{load_scenario(scenario.value).question}*")
                for text, path, low, high, stepsize in SLIDERS:
                    solara.Markdown(f"{text}: **{values.value[path]:g}**")
                    solara.SliderFloat(
                        "",
                        value=values.value[path],
                        min=low,
                        max=high,
                        step=stepsize,
                        on_value=lambda v, p=path: values.set({**values.value, p: v}),
                        thumb_label=False,
                    )
                solara.Markdown(f"Replicates: **{replicates.value:,}**")
                solara.SliderInt("", value=replicates, min=100, max=5000, step=100)
                with solara.Row():
                    solara.Button("Run", on_click=run, color="primary")
                    solara.Button("Step", on_click=step)
                    solara.Button("Reset", on_click=reset)
            with solara.Column():
                Results(model.value, tick.value)


@solara.component
def Results(model, tick: int):
    if model is None:
        solara.Markdown(
            "Choose a scenario and values, then **Run** (the whole horizon) or **Step** (one week)."
        )
        return
    rows = outcome_table(model)
    lines = [
        f"**Week {model.week} of {model.horizon}** - {model.world.n:,} replicates, seed "
        f"{model.seed}; shares of replicates so far, with 95% intervals:",
        "",
        "| outcome | P | 95% interval |",
        "|---|---:|---:|",
    ]
    lines += [f"| {n} | {percent(p)} | {percent(lo)} - {percent(hi)} |" for n, p, lo, hi in rows]
    solara.Markdown("\n".join(lines))
    p_direct = rows[0][1]
    solara.Text(f"P(direct confrontation) = {percent(p_direct)}", classes=["es-p-direct"])
    solara.FigureMatplotlib(occupancy_figure(model), dependencies=[tick])
    feed = event_feed(model)
    solara.Markdown("**Replicate 0: its latest acts** (rule and article paragraphs)")
    if feed:
        solara.Markdown(
            "\n".join(
                ["| week | actor | act | rule | paragraphs |", "|---:|---|---|---|---|"]
                + [
                    f"| {e['week']} | {e['actor']} | {e['act']} | `{e['rule']}` | "
                    f"{e['paragraphs']} |"
                    for e in feed
                ]
            )
        )
    else:
        solara.Markdown("no act yet")
    solara.Markdown(
        "*Scenario-conditional estimates, not forecasts: shares of simulated "
        "replicates under the chosen assumptions.*"
    )
