"""The interactive app, as a user meets it: served by ``escalation-sim app`` and driven in a
real headless browser (Debian's chromium through Playwright).

The test picks the scenario with French trainers, moves the slider of Russia's targeting of
trainers to its top, runs, and asserts that the displayed probability of a direct
confrontation rose above the baseline's. A screenshot is saved in the test's folder. Without a
browser the test skips with the reason - except in CI (``CI`` set), where it must run and
fails instead.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from escalation_sim.interactive import build, defaults, outcome_table

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
]


def _need_browser():
    reason = None
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        reason = "playwright is not installed (pip install -e '.[test]')"
    if CHROMIUM is None:
        reason = "no chromium on PATH (scripts/setup-system.sh installs Debian's)"
    if reason is not None:
        if os.environ.get("CI"):
            pytest.fail(f"the browser test must run in CI: {reason}")
        pytest.skip(reason)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def app_url(tmp_path):
    _need_browser()
    port = _free_port()
    log = open(tmp_path / "app.log", "w")  # closed in the finally below
    proc = subprocess.Popen(
        [sys.executable, "-m", "escalation_sim", "app", "--port", str(port)],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(url, timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                time.sleep(0.3)
        else:
            pytest.fail(f"the app did not answer within 60 s: {(tmp_path / 'app.log').read_text()}")
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


def _p_direct(page) -> float:
    text = page.locator(".es-p-direct").inner_text()
    return float(re.search(r"([\d.]+)%", text).group(1)) / 100


def test_the_app_answers_a_scenario_and_a_slider_in_the_browser(app_url, tmp_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 1300, "height": 1000})
            page.goto(app_url)
            run = page.get_by_role("button", name="Run")
            run.wait_for(timeout=60_000)
            run.click()
            page.get_by_text("Week 52 of 52").wait_for(timeout=30_000)
            before = _p_direct(page)
            # pick the scenario with French trainers and push Russia's targeting of trainers
            page.locator(".v-select").first.click()
            page.locator(".v-list-item-title", has_text="french_trainers").click()
            page.get_by_text("French trainers").first.wait_for(timeout=10_000)
            slider = page.get_by_role("slider").nth(1)
            slider.focus()
            slider.press("End")
            start = time.monotonic()
            run.click()
            page.get_by_text("Week 52 of 52").wait_for(timeout=30_000)
            after = _p_direct(page)
            took = time.monotonic() - start
            shot = tmp_path / "app.png"
            page.screenshot(path=str(shot), full_page=True)
        finally:
            browser.close()
    assert shot.stat().st_size > 10_000
    assert after > before + 0.2, (before, after)
    print(f"app: P(direct) {before:.1%} -> {after:.1%}; run and redraw {took:.2f} s; {shot}")


def test_the_apps_model_is_what_the_sliders_say():
    values = {**defaults("french_trainers"), "russia.trainer_targeting": 0.5}
    model = build("french_trainers", values, 300, 1)
    assert model.params.russia.trainer_targeting == 0.5
    model.run_model()
    low = build("french_trainers", {**values, "russia.trainer_targeting": 0.0}, 300, 1)
    low.run_model()
    assert outcome_table(model)[0][1] > outcome_table(low)[0][1]


def test_app_help_names_host_and_port():
    p = subprocess.run(
        [sys.executable, "-m", "escalation_sim", "app", "--help"], capture_output=True, text=True
    )
    assert p.returncode == 0 and "127.0.0.1" in p.stdout and "--port" in p.stdout


def test_the_page_renders_and_runs_as_a_jupyter_widget():
    """What Jupyter shows for ``Page()``: the widget tree, driven without a browser."""
    import ipyvuetify as v
    import solara

    from escalation_sim.interactive import Page

    box, rc = solara.render(Page(), handle_error=False)
    rc.find(v.Btn, children=["Run"]).widget.click()
    shown = repr(box)  # the widget tree, texts included
    assert "Week 52 of 52" in shown and "P(direct confrontation) = " in shown
