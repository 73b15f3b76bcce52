"""The dashboard card (gem-access-log-card) on a real Lovelace dashboard in storage mode."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from .helpers import GRID_ROWS, log_rows, row_ids
from .site import HA_TIME_ZONE, Site

pytestmark = pytest.mark.e2e

DASHBOARD = "gem-e2e"
CARD = "gem-access-log-card"


def today_start() -> str:
    """Midnight today in HA's time zone (the browser runs in UTC), as the card sends it."""
    now = datetime.now(ZoneInfo(HA_TIME_ZONE))
    return now.replace(hour=0, minute=0, second=0, microsecond=0).isoformat()


def count_today(site: Site) -> int:
    return int(site.ws({"type": "gem_access/log/count", "start": today_start()})[0]["count"])


@pytest.fixture(scope="module")
def dashboard(site: Site) -> str:
    """A storage-mode dashboard (kept out of the sidebar) whose only card is ours."""
    site.ws(
        {"type": "lovelace/dashboards/create", "url_path": DASHBOARD, "title": "GEM e2e",
         "mode": "storage", "show_in_sidebar": False, "require_admin": False},
        {"type": "lovelace/config/save", "url_path": DASHBOARD, "config": {
            "title": "GEM e2e",
            "views": [{"title": "Access", "path": "access",
                       "cards": [{"type": "custom:gem-access-log-card", "events": 5}]}],
        }},
    )
    return f"/{DASHBOARD}/access"


def test_card_counts_today_and_links_to_the_log(page, site: Site, dashboard: str,
                                               screenshots: Path) -> None:
    from playwright.sync_api import expect

    r = site.readers
    site.present(r["Front keypad"], "pin", "1234")  # Alice, granted
    site.present(r["Back reader"], "rfid", "12345678")  # Bob, granted
    site.present(r["Front keypad"], "pin", "0000")  # unknown PIN, denied

    page.goto(f"{site.url}{dashboard}")
    count = page.locator(f"{CARD} #today-count")
    expect(count).to_have_attribute("data-count", re.compile(r"^\d+$"), timeout=30_000)
    # today's count is log/count from midnight in HA's time zone
    today = count_today(site)
    assert today >= 3
    expect(count).to_have_attribute("data-count", str(today))
    assert count.inner_text().startswith(f"{today:,}")

    # the last events, newest first
    latest = log_rows(site, start=today_start())[:5]
    who = page.locator(f"{CARD} li .who")
    expect(who).to_have_text([
        f"{row['user_name'] or '—'} · {row['device_name'] or row['door_name'] or ''}" for row in latest
    ])
    expect(page.locator(f"{CARD} li").first).to_contain_text("✕ Denied")

    # live: a new event raises the count and tops the list
    site.present(r["Front keypad"], "pin", "5678")  # Bob, granted
    expect(count).to_have_attribute("data-count", str(today + 1), timeout=10_000)
    assert count_today(site) == today + 1
    expect(who.first).to_have_text("Bob · Front keypad")
    expect(page.locator(f"{CARD} li").first).to_contain_text("✓ Granted")
    page.locator(CARD).screenshot(path=str(screenshots / "card.png"))

    # the count links to the log, filtered to today
    count.click()
    page.wait_for_url(re.compile(r"/gem-access\?range=today$"), timeout=15_000)
    midnight = today_start()[:10] + "T00:00"
    expect(page.locator("#f-start")).to_have_value(midnight, timeout=30_000)
    today_ids = sorted((row["id"] for row in log_rows(site, start=today_start())), reverse=True)
    expect(page.locator(GRID_ROWS)).to_have_count(len(today_ids), timeout=15_000)
    assert row_ids(page) == today_ids
