"""Nightly purge by the retention setting, and the filter choices the log's dropdowns offer."""

from __future__ import annotations

import time
from datetime import datetime, timedelta

import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
from homeassistant.util import dt as dt_util
from pytest_homeassistant_custom_component.common import async_fire_time_changed
from pytest_homeassistant_custom_component.typing import WebSocketGenerator

from custom_components.gem_access.logstore.rows import LogFilter, NewLogEntry

from .conftest import PIN_ALICE, PIN_BOB, Site, present


async def add_row(site: Site, age: timedelta) -> None:
    """A row written ``age`` ago."""
    await site.entry.runtime_data.logs.async_insert(
        NewLogEntry(
            timestamp=dt_util.utcnow() - age,
            result="denied",
            reason="unknown_credential",
            access_type="pin",
            device_id=site.ids["keypad"],
            device_name="Front keypad",
        )
    )


def next_local(hour: int, minute: int) -> datetime:
    """The next ``hour:minute`` on the local wall clock after now, as an aware local datetime.

    Built from the local date (not ``now + 24 h``) so it stays right across a DST change.
    """
    now = dt_util.now()
    day = now.date()
    while True:
        moment = datetime(day.year, day.month, day.day, hour, minute, tzinfo=now.tzinfo)
        if moment > now:
            return moment
        day += timedelta(days=1)


# Frozen before hass starts (the marker puts ``freezer`` first), so the nightly timer is scheduled
# from the frozen "now" and every moment below is relative to it: the test passes on any date.
@pytest.mark.freeze_time
async def test_nightly_purge_keeps_retention_days(
    hass: HomeAssistant, site: Site, freezer: FrozenDateTimeFactory
) -> None:
    await add_row(site, timedelta(days=40))
    await add_row(site, timedelta(days=20))
    await add_row(site, timedelta(hours=1))
    logs = site.entry.runtime_data.logs
    # retention 0 keeps everything
    freezer.move_to(next_local(3, 17))  # tonight's purge (local: the site's Europe/Berlin)
    async_fire_time_changed(hass)
    await hass.async_block_till_done()
    assert len((await logs.async_list(LogFilter(), 100, None))[0]) == 3
    await site.entry.runtime_data.config.async_update_settings({"retention_days": 30})
    freezer.move_to(next_local(3, 17))  # the following night
    async_fire_time_changed(hass)
    # The purge runs on the recorder's DB executor. If the recorder holds SQLite's write lock at
    # that moment, the log store waits and retries on a loop timer, which a frozen clock never
    # fires (async_block_till_done would then wait forever): so let the clock move, boundedly.
    remaining = 3
    for _ in range(100):
        await hass.async_add_executor_job(time.sleep, 0.02)
        remaining = len((await logs.async_list(LogFilter(), 100, None))[0])
        if remaining < 3:
            break
        freezer.tick(timedelta(seconds=1))
        async_fire_time_changed(hass)
    assert remaining == 2


async def test_filter_choices_include_deleted_users_and_readers(
    hass: HomeAssistant, site: Site, hass_ws_client: WebSocketGenerator
) -> None:
    await present(hass, site.ids["keypad"], "pin", PIN_ALICE)
    await present(hass, site.ids["reader"], "pin", PIN_BOB)
    config = site.entry.runtime_data.config
    await config.async_delete("users", site.ids["bob"])
    await config.async_delete("devices", site.ids["reader"])
    ws = await hass_ws_client(hass)
    await ws.send_json({"id": 1, "type": "gem_access/log/filter_choices"})
    msg = await ws.receive_json()
    assert msg["success"], msg
    users = {(c["id"], c["name"], c["deleted"]) for c in msg["result"]["users"]}
    assert users == {(site.ids["alice"], "Alice", False), (site.ids["bob"], "Bob", True)}
    devices = {(c["id"], c["deleted"]) for c in msg["result"]["devices"]}
    assert devices == {
        (site.ids["keypad"], False),
        (site.ids["exit"], False),
        (site.ids["reader"], True),
    }


async def test_deleted_ids_are_never_reused(
    hass: HomeAssistant, site: Site, hass_ws_client: WebSocketGenerator
) -> None:
    await present(hass, site.ids["keypad"], "pin", PIN_ALICE)
    config = site.entry.runtime_data.config
    await config.async_delete("users", site.ids["alice"])
    newcomer = await config.async_create("users", {"name": "Alice"})
    assert newcomer["id"] != site.ids["alice"]
    # the old Alice's rows stay hers: filtering by the new id finds none of them
    rows, _ = await site.entry.runtime_data.logs.async_list(
        LogFilter(user_id=newcomer["id"]), 10, None
    )
    assert rows == []


async def test_count_matches_filters(
    hass: HomeAssistant, site: Site, hass_ws_client: WebSocketGenerator
) -> None:
    await present(hass, site.ids["keypad"], "pin", PIN_ALICE)
    await present(hass, site.ids["keypad"], "pin", "0000")
    await present(hass, site.ids["keypad"], "pin", "1111")
    await add_row(site, timedelta(days=10))
    ws = await hass_ws_client(hass)
    cutoff = (dt_util.utcnow() - timedelta(days=5)).isoformat()
    counts = []
    for n, query in enumerate(({}, {"result": "denied"}, {"end": cutoff}), start=1):
        await ws.send_json({"id": n, "type": "gem_access/log/count", **query})
        msg = await ws.receive_json()
        assert msg["success"], msg
        counts.append(msg["result"]["count"])
    assert counts == [4, 3, 1]
