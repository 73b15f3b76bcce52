"""The Reports tab and the "Today's review" strip in a real browser against a real Home Assistant.

Runs after test_panel.py (which ends by deleting every row): the rows here are this module's own.
"""

from __future__ import annotations

import time
from typing import Any

import pytest

from .conftest import tokens_script
from .helpers import GRID_ROWS, log_rows, open_panel, row_ids
from .site import Site

pytestmark = pytest.mark.e2e

CHUNK = "/gem_access_static/chunks/"


@pytest.fixture(scope="module")
def events(site: Site) -> dict[str, Any]:
    """Grants for Alice (3) and Bob (1), and six unknown PINs at the front keypad: a burst of
    denials and repeated unknown credentials, i.e. red flags for the review strip."""
    r = site.readers
    for _ in range(3):
        site.present(r["Front keypad"], "pin", "1234")
    site.present(r["Back reader"], "rfid", "12345678")
    for i in range(6):
        site.present(r["Front keypad"], "pin", f"55{i:04d}")
    day = [row for row in log_rows(site) if _age_s(row["timestamp"]) < 23 * 3600]
    return {"rows": day}


def _age_s(iso: str) -> float:
    from datetime import UTC, datetime

    return (datetime.now(UTC) - datetime.fromisoformat(iso)).total_seconds()


def _wait(predicate: Any, what: str, timeout: float = 15) -> Any:
    deadline = time.monotonic() + timeout
    value = None
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what} (last: {value!r})")


def _open_reports(page: Any, site: Site, query: str = "?range=1") -> None:
    page.goto(f"{site.url}/gem-access/reports{query}")
    page.wait_for_selector("gem-access-reports-view", state="attached", timeout=30_000)
    # uPlot draws on a canvas: the chart exists once its chunk arrived and the data was drawn
    page.wait_for_selector("gem-access-timeline canvas", state="attached", timeout=30_000)


def _card(page: Any, key: str) -> str:
    return page.locator(f"gem-access-summary-cards [data-card={key}] .value").inner_text()


def test_reports_render_with_data_and_a_top_user_filters_the_grid(page, site: Site, events) -> None:
    requests: list[str] = []
    page.on("request", lambda req: requests.append(req.url))
    open_panel(page, site)
    page.wait_for_timeout(500)
    assert not [u for u in requests if CHUNK in u], "the log tab must not load the chart library"

    page.locator("nav a[data-tab=reports]").click()
    page.wait_for_selector("gem-access-timeline canvas", state="attached", timeout=30_000)
    chunk = [u for u in requests if CHUNK in u]
    assert len(chunk) == 1, chunk
    assert page.evaluate("location.pathname") == "/gem-access/reports"

    # the numbers are the rows: last 24 h (the default 7 days hold the same rows here)
    _open_reports(page, site)
    rows = events["rows"]
    granted = sum(r["result"] == "granted" for r in rows)
    denied = sum(r["result"] == "denied" for r in rows)
    assert int(_card(page, "total").replace(",", "")) == len(rows)
    assert int(_card(page, "granted").replace(",", "")) == granted
    assert int(_card(page, "denied").replace(",", "")) == denied
    # the heatmap holds every row in its hour of the week
    cells = page.locator("gem-access-heatmap td").evaluate_all(
        "els => els.map(e => Number(e.dataset.count))"
    )
    assert len(cells) == 7 * 24 and sum(cells) == len(rows)
    # top users: the busiest first (Alice, with this module's three grants), with her count
    per_user: dict[str, int] = {}
    for r in rows:
        if r["user_id"]:
            per_user[r["user_id"]] = per_user.get(r["user_id"], 0) + 1
    alice = site.users["Alice"]
    assert max(per_user, key=lambda u: per_user[u]) == alice
    top = page.locator("#top-users button.top").first
    assert top.get_attribute("data-id") == alice
    assert top.locator(".n").inner_text() == str(per_user[alice])
    assert page.locator("#top-reasons button.top[data-id=unknown_credential]").count() == 1

    top.click()
    _wait(lambda: page.evaluate("location.pathname") == "/gem-access", "the log tab")
    assert "user_id=" in page.evaluate("location.search")
    expected = sorted((r["id"] for r in rows if r["user_id"] == alice), reverse=True)
    _wait(lambda: page.locator(GRID_ROWS).count() and row_ids(page) == expected, "Alice's rows")
    assert page.locator("#f-user").input_value() == alice


def test_a_click_on_a_bar_narrows_the_dates(page, site: Site, events) -> None:
    _open_reports(page, site)
    box = page.locator("gem-access-timeline .u-over").bounding_box()
    assert box
    # the newest bucket (this hour) is at the right edge and holds every row of this module
    page.mouse.move(box["x"] + box["width"] - 3, box["y"] + box["height"] - 3)
    page.mouse.click(box["x"] + box["width"] - 3, box["y"] + box["height"] - 3)
    _wait(lambda: "start=" in page.evaluate("location.search"), "a From date in the URL")
    search = page.evaluate("location.search")
    assert "range=" not in search and "end=" in search
    assert page.locator("gem-access-reports-view .chip[data-filter=start]").count() == 1


def test_review_strip_numbers_and_a_red_flag_filter(page, site: Site, events) -> None:
    open_panel(page, site)
    page.wait_for_selector("gem-access-review-strip .strip", timeout=15_000)
    rows = events["rows"]
    total = page.locator("gem-access-review-strip [data-num=total] b").inner_text()
    assert int(total) == len(rows)
    burst = page.locator("gem-access-review-strip .flag[data-kind=denied_burst]")
    _wait(lambda: burst.count() == 1, "the burst flag")
    assert "Front keypad" in burst.inner_text()
    burst.click()
    reader = site.readers["Front keypad"]
    _wait(lambda: f"device_id={reader}" in page.evaluate("location.search"), "the flag's filter")
    expected = sorted(
        (r["id"] for r in rows if r["device_id"] == reader and r["result"] == "denied"),
        reverse=True,
    )
    _wait(lambda: page.locator(GRID_ROWS).count() and row_ids(page) == expected, "the burst's rows")
    assert len(expected) == 6


def test_users_view_shows_last_access_and_links_to_the_log(page, site: Site, events) -> None:
    open_panel(page, site, "/gem-access/users", wait_rows=False)
    alice = site.users["Alice"]
    row = page.locator(f"gem-access-records-view tr.rec[data-id='{alice}']")
    row.wait_for(timeout=15_000)
    assert row.locator(".last-access").inner_text() in {"just now", "1 min ago", "2 min ago"}
    row.locator("a.user-log").click()
    _wait(lambda: page.evaluate("location.pathname") == "/gem-access", "the log tab")
    assert page.evaluate("location.search") == f"?user_id={alice}"
    _wait(lambda: page.locator(GRID_ROWS).count() > 0, "Alice's rows")
    assert page.locator("gem-access-records-view dialog[open]").count() == 0


def test_report_screenshots_light_and_dark(browser, site: Site, screenshots, events) -> None:
    for scheme in ("light", "dark"):
        ctx = browser.new_context(viewport={"width": 1400, "height": 1100}, color_scheme=scheme)
        ctx.add_init_script(tokens_script(site))
        page = ctx.new_page()
        _open_reports(page, site)
        page.wait_for_timeout(400)
        bg = page.locator("gem-access-reports-view section.card").first.evaluate(
            "e => getComputedStyle(e).backgroundColor"
        )
        channels = [int(x) for x in bg[bg.index("(") + 1 : bg.index(")")].split(",")[:3]]
        assert (sum(channels) < 200) == (scheme == "dark"), f"{scheme}: card background {bg}"
        page.screenshot(path=str(screenshots / f"reports-{scheme}.png"))
        open_panel(page, site)
        page.wait_for_selector("gem-access-review-strip .strip", timeout=15_000)
        page.wait_for_timeout(300)
        page.screenshot(path=str(screenshots / f"review-{scheme}.png"))
        ctx.close()
