"""A database that refuses writes delays the row, never loses the access event."""

from __future__ import annotations

import asyncio
import json
import logging
import sqlite3
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.components.recorder import get_instance
from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_fire_time_changed,
)
from pytest_homeassistant_custom_component.typing import WebSocketGenerator

from custom_components.gem_access.const import DOMAIN, STORAGE_KEY
from custom_components.gem_access.logstore.errors import LogStoreError
from custom_components.gem_access.logstore.rows import LogFilter
from custom_components.gem_access.pending_rows import (
    DATA_PENDING_ROWS,
    PENDING_FILE,
    PendingRows,
)

from .conftest import PIN_ALICE, Site, present, setup_helpers

REFUSE = (
    "CREATE TRIGGER refuse_access_rows BEFORE INSERT ON gem_access_log "
    "BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END"
)


async def _sql(hass: HomeAssistant, db_path: str, statement: str) -> None:
    def run() -> None:
        with sqlite3.connect(db_path, timeout=30) as conn:
            conn.execute(statement)

    await hass.async_add_executor_job(run)


def _pending_path(hass: HomeAssistant) -> Path:
    return Path(hass.config.path(".storage", PENDING_FILE))


def _state_path(hass: HomeAssistant) -> Path:
    return _pending_path(hass).with_name(PENDING_FILE + ".state")


def _pending(site: Site) -> PendingRows:
    return site.entry.runtime_data.controller._pending


async def _refuse_writes(hass: HomeAssistant) -> str:
    """Make the real database refuse inserts into the log table (as a full disk would)."""
    instance = get_instance(hass)
    if instance.dialect_name != "sqlite":
        pytest.skip("adds a trigger to the SQLite file from a second connection")
    db_path = instance.db_url.removeprefix("sqlite:///")
    await _sql(hass, db_path, REFUSE)
    return db_path


async def _accept_writes(hass: HomeAssistant, db_path: str) -> None:
    await _sql(hass, db_path, "DROP TRIGGER refuse_access_rows")


def _kept_lines(hass: HomeAssistant) -> list[dict[str, Any]]:
    return [json.loads(line) for line in _pending_path(hass).read_text().splitlines()]


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
    db_path = await _refuse_writes(hass)
    try:
        response = await present(hass, site.ids["keypad"], "pin", PIN_ALICE)
        await hass.async_block_till_done()
    finally:
        await _accept_writes(hass, db_path)
    # the decision was carried out and announced even though the row could not be written yet
    assert response["result"] == "granted" and response["log_id"] is None
    assert events[0].data["result"] == "granted"
    assert hass.states.get("lock.front_lock").state == "unlocked"
    # kept on disk, readable by Home Assistant only, not in the configuration file
    assert [(r["result"], r["user_name"]) for r in _kept_lines(hass)] == [("granted", "Alice")]
    assert _pending_path(hass).stat().st_mode & 0o077 == 0
    assert not site.entry.runtime_data.state.get("pending_rows")

    freezer.tick(timedelta(seconds=31))
    async_fire_time_changed(hass)
    await hass.async_block_till_done()
    rows, _ = await logs.async_list(LogFilter(), 10, None)
    assert [(r["result"], r["user_name"]) for r in rows] == [("granted", "Alice")]
    # written once: the backlog is gone
    assert len(_pending(site)) == 0
    assert not _pending_path(hass).exists() and not _state_path(hass).exists()


async def test_events_while_stopping_are_written_after_restart(
    hass: HomeAssistant, site: Site
) -> None:
    runtime = site.entry.runtime_data
    await runtime.logs.async_close()  # what the stop event does, before the recorder closes
    response = await present(hass, site.ids["keypad"], "pin", PIN_ALICE)
    assert response["result"] == "granted" and response["log_id"] is None
    await hass.async_block_till_done()
    assert len(_kept_lines(hass)) == 1
    # the next start writes it first
    assert await hass.config_entries.async_reload(site.entry.entry_id)
    await hass.async_block_till_done()
    runtime = site.entry.runtime_data
    rows, _ = await runtime.logs.async_list(LogFilter(), 10, None)
    assert [(r["result"], r["user_name"]) for r in rows] == [("granted", "Alice")]
    assert not _pending_path(hass).exists()


async def _restart_entry(hass: HomeAssistant, site: Site) -> None:
    """Unload and set up again with nothing kept in memory, as after a Home Assistant restart."""
    assert await hass.config_entries.async_unload(site.entry.entry_id)
    await hass.async_block_till_done()
    hass.data.pop(DATA_PENDING_ROWS)
    assert await hass.config_entries.async_setup(site.entry.entry_id)
    await hass.async_block_till_done()


@pytest.mark.parametrize("persistent_database", [True])
async def test_kept_rows_survive_a_restart_while_the_database_is_down(
    hass: HomeAssistant, site: Site, freezer: FrozenDateTimeFactory
) -> None:
    db_path = await _refuse_writes(hass)
    try:
        first = await present(hass, site.ids["keypad"], "pin", PIN_ALICE)
        second = await present(hass, site.ids["keypad"], "pin", "0000")
        await hass.async_block_till_done()
        assert first["log_id"] is None and second["log_id"] is None
        kept = _pending_path(hass).read_bytes()
        # one line per event, appended: the first event's line is not rewritten by the second
        assert kept.count(b"\n") == 2
        assert [r["reason"] for r in _kept_lines(hass)] == ["success", "unknown_credential"]

        # restart while the database still refuses: the rows stay, in order, and wait
        await _restart_entry(hass, site)
        assert site.entry.state is ConfigEntryState.LOADED
        assert len(_pending(site)) == 2
        assert _pending_path(hass).read_bytes() == kept
        third = await present(hass, site.ids["keypad"], "pin", PIN_ALICE)
        await hass.async_block_till_done()
        assert third["log_id"] is None
        assert _pending_path(hass).read_bytes().startswith(kept)
        assert len(_pending(site)) == 3
    finally:
        await _accept_writes(hass, db_path)

    freezer.tick(timedelta(seconds=31))
    async_fire_time_changed(hass)
    await hass.async_block_till_done()
    rows, _ = await site.entry.runtime_data.logs.async_list(LogFilter(), 10, None)
    # oldest first, so the ids follow the order of the events
    assert [(r["result"], r["reason"]) for r in reversed(rows)] == [
        ("granted", "success"),
        ("denied", "unknown_credential"),
        ("granted", "success"),
    ]
    assert not _pending_path(hass).exists() and not _state_path(hass).exists()


@pytest.mark.parametrize("persistent_database", [True])
async def test_backlog_is_bounded_and_the_loss_is_logged(
    hass: HomeAssistant, site: Site, freezer: FrozenDateTimeFactory
) -> None:
    pending = _pending(site)
    pending.cap = 3
    events: list[Any] = []
    hass.bus.async_listen("gem_access_event", events.append)
    db_path = await _refuse_writes(hass)
    try:
        for _ in range(5):
            response = await present(hass, site.ids["keypad"], "pin", PIN_ALICE)
            # the door still opens for every one of them
            assert response["result"] == "granted"
        await hass.async_block_till_done()
        assert len(_kept_lines(hass)) == 3
        assert pending.lost.count == 2
        # the count survives a restart too
        await _restart_entry(hass, site)
        pending = _pending(site)
        assert (len(pending), pending.lost.count) == (3, 2)
    finally:
        await _accept_writes(hass, db_path)

    events.clear()
    freezer.tick(timedelta(seconds=31))
    async_fire_time_changed(hass)
    await hass.async_block_till_done()
    rows, _ = await site.entry.runtime_data.logs.async_list(LogFilter(), 10, None)
    # the three kept events, then one row that says what was lost
    assert [(r["result"], r["reason"]) for r in reversed(rows)] == [
        ("granted", "success"),
        ("granted", "success"),
        ("granted", "success"),
        ("error", "device_error"),
    ]
    assert rows[0]["action_details"].startswith("2 access event(s) between ")
    assert "were not recorded" in rows[0]["action_details"]
    # automations hear about it too
    assert [(e.data["result"], e.data["log_id"]) for e in events] == [("error", rows[0]["id"])]
    assert pending.lost.count == 0
    assert not _pending_path(hass).exists() and not _state_path(hass).exists()


async def test_rows_kept_by_the_old_version_are_migrated(
    hass: HomeAssistant, site: Site, hass_storage: dict[str, Any]
) -> None:
    """The previous version kept refused rows as a list in the configuration file."""
    old = {
        "ts": 1_700_000_000.25,
        "result": "granted",
        "reason": "success",
        "access_type": "pin",
        "user_id": site.ids["alice"],
        "user_name": "Alice",
        "device_id": site.ids["keypad"],
        "device_name": "Front keypad",
        "door_id": site.ids["front"],
        "door_name": "Front door",
        "action_details": "unlocked lock.front_lock",
        "match_score": None,
        "match_status": "off",
    }
    assert await hass.config_entries.async_unload(site.entry.entry_id)
    await hass.async_block_till_done()
    stored = hass_storage[STORAGE_KEY]
    stored["minor_version"] = 2
    stored["data"]["state"] = {
        "pending_rows": [old, {**old, "ts": old["ts"] + 1, "reason": "duress"}]
    }
    assert await hass.config_entries.async_setup(site.entry.entry_id)
    await hass.async_block_till_done()
    runtime = site.entry.runtime_data
    rows, _ = await runtime.logs.async_list(LogFilter(), 10, None)
    assert [(r["reason"], r["timestamp"]) for r in reversed(rows)] == [
        ("success", "2023-11-14T22:13:20.250000+00:00"),
        ("duress", "2023-11-14T22:13:21.250000+00:00"),
    ]
    assert rows[0]["ha_user_id"] is None
    assert runtime.state.get("pending_rows") == []
    assert not _pending_path(hass).exists()


async def test_setup_retries_while_the_log_table_cannot_be_reached(
    hass: HomeAssistant, recorder_mock: Any, freezer: FrozenDateTimeFactory
) -> None:
    await setup_helpers(hass)
    instance = get_instance(hass)
    ready = instance.async_db_ready
    down: asyncio.Future[bool] = hass.loop.create_future()
    down.set_result(False)  # what the recorder reports when its database failed to start
    instance.async_db_ready = down
    entry = MockConfigEntry(domain=DOMAIN, title="GEM Access", unique_id=DOMAIN)
    entry.add_to_hass(hass)
    try:
        assert not await hass.config_entries.async_setup(entry.entry_id)
        await hass.async_block_till_done()
        # not a permanent failure: Home Assistant tries again, and says why meanwhile
        assert entry.state is ConfigEntryState.SETUP_RETRY
        assert entry.reason is not None and "Access Log database" in entry.reason
    finally:
        instance.async_db_ready = ready
    freezer.tick(timedelta(minutes=2))
    async_fire_time_changed(hass)
    # the retry runs as a background task
    await hass.async_block_till_done(wait_background_tasks=True)
    assert entry.state is ConfigEntryState.LOADED


async def test_subscribe_leaves_no_listener_when_the_log_cannot_be_read(
    hass: HomeAssistant,
    site: Site,
    hass_ws_client: WebSocketGenerator,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    controller = site.entry.runtime_data.controller
    logs = site.entry.runtime_data.logs
    ws = await hass_ws_client(hass)
    before = list(controller._row_listeners)

    async def unreadable() -> int | None:
        raise LogStoreError("database is locked")

    monkeypatch.setattr(logs, "async_last_id", unreadable)
    await ws.send_json_auto_id({"type": "gem_access/log/subscribe"})
    msg = await asyncio.wait_for(ws.receive_json(), 5)
    assert msg["type"] == "result" and not msg["success"]
    assert controller._row_listeners == before
    # a row written afterwards reaches nobody on that failed subscription
    await present(hass, site.ids["keypad"], "pin", PIN_ALICE)
    with pytest.raises(TimeoutError):
        unexpected = await asyncio.wait_for(ws.receive_json(), 0.3)
        pytest.fail(f"unexpected message {unexpected}")

    # once the log answers again, subscribing works and listens once
    monkeypatch.undo()
    await ws.send_json_auto_id({"type": "gem_access/log/subscribe"})
    msg = await asyncio.wait_for(ws.receive_json(), 5)
    assert msg["success"], msg
    assert len(controller._row_listeners) == len(before) + 1


async def test_a_new_install_has_an_empty_backlog_and_no_warning(
    hass: HomeAssistant, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """No backlog or state file yet (every first start): nothing kept, nothing in the log."""
    pending = PendingRows(hass, tmp_path / "backlog" / PENDING_FILE)
    assert await pending.async_read(10) == []
    assert (len(pending), pending.lost.count) == (0, 0)
    noise = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert noise == []


async def test_backlog_file_survives_crashes_and_compacts(
    hass: HomeAssistant, tmp_path: Path
) -> None:
    folder = tmp_path / "backlog"
    path = folder / PENDING_FILE
    pending = PendingRows(hass, path)
    for ts in range(1, 7):
        pending.add({"ts": float(ts), "result": "granted", "reason": "success"})
    await pending.async_wait_written()
    # a crash in the middle of the next append leaves half a line
    with path.open("ab") as file:
        file.write(b'{"ts":7.0,"res')

    # after the restart: the six whole rows, the torn one counted as lost
    pending = PendingRows(hass, path)
    batch = await pending.async_read(4)
    assert [row.values["ts"] for row in batch if row.values] == [1.0, 2.0, 3.0, 4.0]
    assert (len(pending), pending.lost.count) == (6, 1)
    # four written, then the database refuses again: the written part is compacted away
    await pending.async_done(batch)
    await pending.async_compact()
    assert [json.loads(line)["ts"] for line in path.read_text().splitlines()] == [5.0, 6.0]

    # a restart reads from the right place, whatever the state file says about the old file
    pending = PendingRows(hass, path)
    batch = await pending.async_read(10)
    assert [row.values["ts"] for row in batch if row.values] == [5.0, 6.0]
    await pending.async_done(batch)
    assert not path.exists()
    # the loss is still to be reported, and only then does the state go
    assert pending.lost.count == 1
    await pending.async_clear_lost(pending.lost)
    assert list(folder.iterdir()) == []
