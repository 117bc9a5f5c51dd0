"""The demo report in headless Chromium (Debian's package, driven by Playwright without any
browser download): charts, headline and evidence visible, CJK text in a CJK font, and not
one request leaving the file. Writes docs/report.png when RDI_UPDATE_SCREENSHOT=1."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOT = ROOT / "docs" / "report.png"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]

pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="Debian's chromium is not installed here (.ci/run installs it with apt)")


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Any:
    from playwright.sync_api import sync_playwright

    profile = tmp_path_factory.mktemp("chromium-profile")
    with sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(
            str(profile), executable_path=CHROMIUM, headless=True, args=FLAGS,
            viewport={"width": 900, "height": 1300}, device_scale_factor=1)
        yield context
        context.close()


def test_demo_report_in_chromium(demo_summary: Any, browser: Any, tmp_path: Path) -> None:
    from PIL import Image

    html = demo_summary.home / f"rdi-report-{demo_summary.latest_month}.html"
    requests: list[str] = []
    blocked: list[str] = []
    page = browser.new_page()
    page.on("request", lambda r: requests.append(r.url))

    def only_the_file(route: Any) -> None:
        if route.request.url == html.as_uri():
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    page.route("**/*", only_the_file)
    page.goto(html.as_uri(), wait_until="load")
    page.wait_for_timeout(300)

    charts = page.locator("svg.chart")
    assert charts.count() == 5  # three trends, the heatmap, the channels
    for i in range(charts.count()):
        box = charts.nth(i).bounding_box()
        assert charts.nth(i).is_visible() and box is not None and box["width"] > 300 and box["height"] > 100
        assert charts.nth(i).locator("path").count() > 10  # drawn, not an empty frame
    assert page.locator("#headline .card").count() == 3
    assert page.locator("#headline .card .value").first.is_visible()
    rows = page.locator("#evidence table.evidence tbody tr")
    assert rows.count() >= 1 and rows.first.is_visible()
    assert page.locator("#evidence mark").first.is_visible()
    assert page.locator("#coverage tbody tr").count() >= 7
    assert page.locator("#method").is_visible()

    # CJK text is drawn with a CJK font (no tofu boxes): ask Chromium which fonts it used
    node_lang = page.locator("#evidence .sentence").first.get_attribute("lang")
    assert node_lang in ("ja", "ko")
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument", {"depth": -1})["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": "#evidence .sentence"})["nodeId"]
    text_node = cdp.send("DOM.describeNode", {"nodeId": node, "depth": 1})["node"]["children"][0]
    fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    assert any("CJK" in f["familyName"] or f["familyName"] in ("Malgun Gothic", "Hiragino Sans", "Yu Gothic")
               for f in fonts if f["glyphCount"] > 0), fonts
    assert text_node["nodeType"] == 3

    shot = tmp_path / "report.png"
    page.screenshot(path=str(shot), full_page=True)
    image = Image.open(shot)
    assert image.width == 900 and image.height > 2500
    assert len(image.convert("RGB").getcolors(maxcolors=1 << 20) or []) > 200  # a rendered page, not blank
    if os.environ.get("RDI_UPDATE_SCREENSHOT") == "1":
        SCREENSHOT.parent.mkdir(exist_ok=True)
        image.crop((0, 0, image.width, min(image.height, 1640))).save(SCREENSHOT, optimize=True)

    assert blocked == [], f"the report tried to load {blocked}"
    assert requests == [html.as_uri()], requests
    page.close()
