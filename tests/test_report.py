"""The HTML and Markdown reports: self-contained, escaped, complete and reproducible."""

from __future__ import annotations

import base64
import html
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from matplotlib.figure import Figure

from escalation_sim import REGISTRY, simulate
from escalation_sim.errors import OutputError
from escalation_sim.plots.catalogue import plot_spec
from escalation_sim.report.assumptions import key_assumptions
from escalation_sim.report.content import write_report
from escalation_sim.results.manifest import build_manifest
from escalation_sim.results.store import load_result, save_result, write_tables
from escalation_sim.scenarios.loader import scenario_from_params

PLOT_NAMES = ("fan_chart", "outcomes", "cumulative_incidence", "occupancy", "network")
SEED = 11


def _png(path: Path, label: str) -> Path:
    fig = Figure(figsize=(2, 1.5))
    ax = fig.add_subplot()
    ax.plot([0, 1], [0, 1])
    ax.set_title(label)
    fig.savefig(path, dpi=40)
    return path


@pytest.fixture(scope="module")
def result():
    return simulate("worst_case", replicates=300, seed=SEED)


@pytest.fixture
def plots(tmp_path) -> dict[str, Path]:
    return {name: _png(tmp_path / f"{name}.png", name) for name in PLOT_NAMES}


@pytest.fixture
def report(result, plots, tmp_path) -> tuple[str, str]:
    paths = write_report(result, tmp_path, plots)
    assert paths == [tmp_path / "report.html", tmp_path / "report.md"]
    assert all(p.is_file() for p in paths)
    return paths[0].read_text(encoding="utf-8"), paths[1].read_text(encoding="utf-8")


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.img_src: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        if tag == "img":
            self.img_src.append(dict(attrs)["src"])


def _parse(page: str) -> _Tags:
    parser = _Tags()
    parser.feed(page)
    return parser


def test_html_states_scenario_question_and_caveat(report, result):
    page, _ = report
    assert "<h1>worst_case</h1>" in page
    assert result.scenario.question in page  # plain text: nothing in it needs escaping
    assert "not predictions" in page
    order = [page.index(h) for h in ("Key assumptions", "Summary", "Figures", "Rules", "Manifest")]
    assert order == sorted(order)


def test_html_embeds_every_plot_and_loads_nothing(report, plots):
    page, _ = report
    sources = _parse(page).img_src
    expected = [
        "data:image/png;base64," + base64.b64encode(p.read_bytes()).decode() for p in plots.values()
    ]
    assert sources == expected
    assert '<img src="/' not in page
    assert "http://" not in page and "https://" not in page
    assert not {"script", "link", "iframe"} & set(_parse(page).tags)
    for name in PLOT_NAMES:
        title, caption = plot_spec(name).title, plot_spec(name).caption
        assert f"<strong>{html.escape(title)}.</strong> {html.escape(caption)}" in page


def test_html_lists_every_rule_and_the_manifest(report, result):
    page, _ = report
    for rule_id in REGISTRY.ids():
        assert f"<code>{rule_id}</code>" in page
    assert result.scenario.hash in page
    assert f"<td><code>seed</code></td><td>{SEED}</td>" in page
    assert f"<td><code>replicates</code></td><td>{result.replicates}</td>" in page
    assert '<tr class="sub"><td>of which Middle East</td>' in page  # regional breakdown


def test_key_assumptions_are_what_worst_case_changes(result):
    table = key_assumptions(result.scenario).set_index("path")
    row = table.loc["russia.transfer_follow_through"]
    assert (row["value"], row["default"]) == (0.08, 0.03)
    assert row["source"] == "P1; value an assumption"
    assert row["meaning"].startswith("weekly probability of a long-range transfer")
    assert "mediation.effort" in table.index
    assert "russia.involvement_adjustment" not in table.index  # worst_case keeps this default


def test_defaults_scenario_has_no_key_assumptions():
    assert key_assumptions(scenario_from_params(name="plain")).empty


def test_report_shows_assumptions_and_scheduled_events(report):
    page, text = report
    assert "<td><code>russia.transfer_follow_through</code></td><td>0.08</td><td>0.03</td>" in page
    assert "| `russia.transfer_follow_through` | 0.08 | 0.03 |" in text
    assert "| 4 | France | `deploy_trainers` | - |" in text  # worst_case's own event
    assert "| 1 | US | `permit_deep_strikes` | - |" in text  # inherited from its parents


def _table_widths(text: str) -> set[int]:
    """Distinct cell counts of the Markdown table rows (unescaped pipes)."""
    rows = [line for line in text.splitlines() if line.startswith("| ")]
    return {len(re.findall(r"(?<!\\)\|", row)) for row in rows}


def test_user_text_is_escaped(plots, tmp_path):
    attack = "<script>alert(1)</script>"
    scenario = scenario_from_params(name="x", question=attack, description="a <b>bold</b> claim")
    small = simulate(scenario, replicates=20, seed=0)
    html_path, md_path = write_report(small, tmp_path, plots)
    page, text = html_path.read_text(), md_path.read_text()
    assert attack not in page and "<b>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "script" not in _parse(page).tags
    assert "<script>" not in text and "&lt;script>" in text
    assert "Every parameter keeps its package default." in page


def test_odd_actor_names_keep_markdown_tables_intact(plots, tmp_path):
    # a new Western state is compared with the class defaults: only aid_share differs
    scenario = scenario_from_params(name="x", west={"A|B`": {"aid_share": 0.1}})
    assert list(key_assumptions(scenario)["path"]) == ["west.A|B`.aid_share"]
    small = simulate(scenario, replicates=20, seed=0)
    text = write_report(small, tmp_path, plots)[1].read_text()
    assert "| west.A\\|B`.aid_share | 0.1 | 0.25 |" in text
    widths = _table_widths(text.split("## Key assumptions")[1].split("###")[0])
    assert widths == {6}


def test_markdown_links_plots_and_has_the_summary(report, result):
    _, text = report
    for name in PLOT_NAMES:
        assert re.search(rf"!\[[^\]]+\]\({name}\.png\)", text)
    assert "base64" not in text
    assert "| Outcome | Runs | P [95% CI] |" in text
    first = result.summary().outcomes[0]
    share = first.share
    pcts = [f"{100 * v:.1f}%" for v in (share.p, share.ci_low, share.ci_high)]
    assert f"| direct confrontation | {first.count} | {pcts[0]} [{pcts[1]}, {pcts[2]}] |" in text
    assert "| Key event | P by horizon [95% CI] | P within 26 weeks [95% CI] |" in text
    rows = re.findall(r"^\| first long-range transfer \| (.+?) \| (.+?) \|", text, re.M)
    interval = r"\d+\.\d% \[\d+\.\d%, \d+\.\d%\]"
    assert len(rows) == 1 and all(re.fullmatch(interval, cell) for cell in rows[0])


def test_markdown_links_plots_elsewhere_relatively(result, tmp_path):
    (tmp_path / "figures").mkdir()
    plot = _png(tmp_path / "figures" / "my fan.png", "x")
    _, md_path = write_report(result, tmp_path / "out", {"custom": plot})
    text = md_path.read_text()
    assert "(../figures/my%20fan.png)" in text
    assert "Custom" in text  # unknown plots still get a title and a caption


def test_manifest_matches_the_saved_one(result, plots, tmp_path):
    command = ["escalation-sim", "run", "worst_case", "--seed", str(SEED)]
    manifest = build_manifest(result, command)
    write_tables(result, tmp_path)
    page = write_report(result, tmp_path, plots, manifest)[0].read_text()
    assert "escalation-sim run worst_case --seed 11" in page
    assert f"<td>{manifest['created_utc']}</td>" in page

    saved = save_result(result, tmp_path / "saved", command=["escalation-sim", "loaded"])
    page = write_report(load_result(saved), tmp_path / "saved", plots)[0].read_text()
    assert "<td>escalation-sim loaded</td>" in page


def test_missing_numbers_read_as_a_dash():
    from escalation_sim import formatting as fmt
    from escalation_sim.analysis.summary import Proportion, Timing

    assert fmt.estimate(Proportion(0.1234, 0.1, None)) == "12.3% [10.0%, -]"
    assert fmt.timing(Timing(8.0, 17.5, 33.0)) == "18 (8-33)"
    assert fmt.timing(Timing(None, None, None)) == "-"  # the event never happened
    assert fmt.value(None, "weeks") == "-" and fmt.value(8, "weeks") == "8 weeks"


def test_missing_plot_is_an_output_error(result, tmp_path):
    with pytest.raises(OutputError, match="fan_chart"):
        write_report(result, tmp_path, {"fan_chart": tmp_path / "absent.png"})
