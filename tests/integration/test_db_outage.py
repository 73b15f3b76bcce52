"""A database that refuses writes delays the row, never loses the access event."""

from __future__ import annotations

import sqlite3
from datetime import timedelta
from typing import Any

import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.components.recorder import get_instance
from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.common import async_fire_time_changed

from custom_components.gem_access.logstore.rows import LogFilter

from .conftest import PIN_ALICE, Site, present

REFUSE = (
    "CREATE TRIGGER refuse_access_rows BEFORE INSERT ON gem_access_log "
    "BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END"
)


async def _sql(hass: HomeAssistant, db_path: str, statement: str) -> None:
    def run() -> None:
        with sqlite3.connect(db_path, timeout=30) as conn:
            conn.execute(statement)

    await hass.async_add_executor_job(run)


@pytest.mark.parametrize("persistent_database", [True])
async def test_locked_database_keeps_event_and_writes_it_later(
    hass: HomeAssistant, site: Site, freezer: FrozenDateTimeFactory
) -> None:
    instance = get_instance(hass)
    if instance.dialect_name != "sqlite":
        pytest.skip("locks the SQLite file from a second connection")
    logs = site.entry.runtime_data.logs
    events: list[Any] = []
    hass.bus.async_listen("gem_access_event", events.append)

    # the real database refuses inserts into the log table (as a full disk would)
    db_path = instance.db_url.removeprefix("sqlite:///")
    await _sql(hass, db_path, REFUSE)
    try:
        response = await present(hass, site.ids["keypad"], "pin", PIN_ALICE)
    finally:
        await _sql(hass, db_path, "DROP TRIGGER refuse_access_rows")
    await hass.async_block_till_done()
    # the decision was carried out and announced even though the row could not be written yet
    assert response["result"] == "granted" and response["log_id"] is None
    assert events[0].data["result"] == "granted"
    assert hass.states.get("lock.front_lock").state == "unlocked"
    assert site.entry.runtime_data.config.get_state("pending_rows")

    freezer.tick(timedelta(seconds=31))
    async_fire_time_changed(hass)
    await hass.async_block_till_done()
    rows, _ = await logs.async_list(LogFilter(), 10, None)
    assert [(r["result"], r["user_name"]) for r in rows] == [("granted", "Alice")]
    assert site.entry.runtime_data.config.get_state("pending_rows") == []


async def test_events_while_stopping_are_written_after_restart(
    hass: HomeAssistant, site: Site
) -> None:
    runtime = site.entry.runtime_data
    await runtime.logs.async_close()  # what the stop event does, before the recorder closes
    response = await present(hass, site.ids["keypad"], "pin", PIN_ALICE)
    assert response["result"] == "granted" and response["log_id"] is None
    assert runtime.config.get_state("pending_rows")
    # the next start writes it first
    assert await hass.config_entries.async_reload(site.entry.entry_id)
    await hass.async_block_till_done()
    runtime = site.entry.runtime_data
    rows, _ = await runtime.logs.async_list(LogFilter(), 10, None)
    assert [(r["result"], r["user_name"]) for r in rows] == [("granted", "Alice")]
    assert runtime.config.get_state("pending_rows") == []
