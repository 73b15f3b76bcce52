"""When the database refuses rows and the backlog on disk fails too: the doors keep working, and
what could not be kept is never lost silently. Once the database takes rows again, the Access
Log says how many events went unrecorded and when."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.common import async_fire_time_changed

from custom_components.gem_access.logstore.rows import LogFilter

from .conftest import PIN_ALICE, Site, present
from .test_db_outage import (
    _accept_writes,
    _pending,
    _pending_path,
    _refuse_writes,
    _restart_entry,
)


async def retry_pending(hass: HomeAssistant, freezer: FrozenDateTimeFactory) -> None:
    freezer.tick(timedelta(seconds=31))
    async_fire_time_changed(hass)
    await hass.async_block_till_done()


async def log(site: Site) -> list[dict[str, Any]]:
    rows, _ = await site.entry.runtime_data.logs.async_list(LogFilter(), 20, None)
    return list(reversed(rows))  # oldest first


@pytest.mark.parametrize("persistent_database", [True])
async def test_database_and_disk_both_refusing_still_report_the_loss(
    hass: HomeAssistant,
    site: Site,
    freezer: FrozenDateTimeFactory,
    caplog: pytest.LogCaptureFixture,
) -> None:
    # the backlog file cannot be written (its name is taken by a folder: a broken disk's stand-in)
    _pending_path(hass).parent.mkdir(parents=True, exist_ok=True)
    _pending_path(hass).mkdir()
    db_path = await _refuse_writes(hass)
    try:
        responses = [await present(hass, site.ids["keypad"], "pin", PIN_ALICE) for _ in range(2)]
        await hass.async_block_till_done()
        # the door opens regardless; nothing could be kept, and the loss is counted
        assert [(r["result"], r["log_id"]) for r in responses] == [("granted", None)] * 2
        assert _pending(site).lost.count == 2
        assert "Cannot keep access events" in caplog.text
    finally:
        await _accept_writes(hass, db_path)

    # the next event finds the database back: it is written, then the loss is
    written = await present(hass, site.ids["keypad"], "pin", PIN_ALICE)
    await retry_pending(hass, freezer)
    rows = await log(site)
    assert rows[0]["id"] == written["log_id"]
    assert [(r["result"], r["reason"]) for r in rows] == [
        ("granted", "success"),
        ("error", "device_error"),
    ]
    assert rows[1]["action_details"].startswith("2 access event(s) between ")
    assert _pending(site).lost.count == 0


@pytest.mark.parametrize("persistent_database", [True])
async def test_a_damaged_backlog_line_is_reported_not_fatal(
    hass: HomeAssistant, site: Site, freezer: FrozenDateTimeFactory
) -> None:
    """A line of the backlog damaged on disk (a crash, a bad sector) costs that event only: the
    events around it are written in order, and the damaged one is reported as not recorded."""
    db_path = await _refuse_writes(hass)
    try:
        await present(hass, site.ids["keypad"], "pin", PIN_ALICE)
        await present(hass, site.ids["keypad"], "pin", "0000")
        await hass.async_block_till_done()
        first, second = _pending_path(hass).read_bytes().splitlines(keepends=True)
        assert json.loads(first)["reason"] == "success"
        damaged = b'{"result": "granted", "re\x00\x00\n'  # no longer JSON
        incomplete = json.dumps({"result": "granted"}).encode() + b"\n"  # no time, no reason
        _pending_path(hass).write_bytes(first + damaged + incomplete + second)
        await _restart_entry(hass, site)
        assert len(_pending(site)) == 4
    finally:
        await _accept_writes(hass, db_path)

    await retry_pending(hass, freezer)

    assert [(r["result"], r["reason"]) for r in await log(site)] == [
        ("granted", "success"),
        ("denied", "unknown_credential"),
        ("error", "device_error"),
    ]
    assert (await log(site))[-1]["action_details"].startswith("2 access event(s) ")
    assert not _pending_path(hass).exists()
