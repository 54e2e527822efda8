"""The HTML report in a real headless Chromium: it loads with no console errors and no network
requests, and its charts are drawn. A screenshot of each page is saved for people to look at."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT, SCENARIOS

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")
SCREENSHOTS = ROOT / "tests" / "screenshots"

pytestmark = pytest.mark.skipif(
    not (CHROMIUM and DRIVER),
    reason="needs Debian's chromium and chromium-driver (.ci/run installs them)",
)


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for argument in (
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
        "--window-size=1280,2400", f"--user-data-dir={tmp_path_factory.mktemp('chromium')}",
    ):  # fmt: skip
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    driver = webdriver.Chrome(service=Service(str(DRIVER)), options=options)
    driver.get("about:blank")  # let the start page settle before the tests read the logs
    try:
        yield driver
    finally:
        driver.quit()


def open_page(browser: Any, page: Path) -> tuple[list[dict[str, Any]], list[str]]:
    """Load a page; return its console messages and every URL it requested."""
    browser.get_log("browser")
    browser.get_log("performance")
    browser.get(page.as_uri())
    console = browser.get_log("browser")
    requests = []
    for entry in browser.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            requests.append(message["params"]["request"]["url"])
    return console, requests


@pytest.mark.parametrize(
    ("args", "charts"),
    [
        (["recommend", str(SCENARIOS / "trading-api.yaml")], 2),
        (["recommend", str(SCENARIOS / "ecommerce-system.yaml")], 2 + 2 * 6),
        (["compare", str(SCENARIOS)], 1),
    ],
    ids=["workload", "system", "compare"],
)
def test_report_loads_offline_with_charts(cli, browser, tmp_path, args, charts):  # type: ignore[no-untyped-def]
    from selenium.webdriver.common.by import By

    page = tmp_path / "report.html"
    run = cli(*args, "--format", "html", "--output", str(page))
    assert run.code == 0, run.stderr
    console, requests = open_page(browser, page)
    assert [m for m in console if m["level"] in ("SEVERE", "WARNING")] == []
    # Chromium's own pages (chrome://, left over from its start page) are not the network
    assert [url for url in requests if not url.startswith(("file://", "chrome://"))] == []
    svgs = browser.find_elements(By.CSS_SELECTOR, "figure.chart svg")
    assert len(svgs) == charts
    for svg in svgs:
        size = svg.size
        assert size["width"] > 300 and size["height"] > 200
        drawn = svg.find_elements(By.CSS_SELECTOR, "path, rect.rect, circle.dot")
        assert len(drawn) >= 3
    SCREENSHOTS.mkdir(exist_ok=True)
    shot = SCREENSHOTS / f"{args[0]}-{Path(args[1]).stem}.png"
    assert browser.save_screenshot(str(shot))
    assert shot.stat().st_size > 10_000


def test_html_golden(cli, golden):  # type: ignore[no-untyped-def]
    run = cli("recommend", "scenarios/daily-report.yaml", "--format", "html")
    # pygal gives every chart a random id; the rest of the page is deterministic
    page = re.sub(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "ID", run.stdout)
    golden("daily-report.html", page)
