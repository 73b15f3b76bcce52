"""Event media follow their rows: retention deletes them, pictures may expire sooner, orphans are
swept, and snapshots that older versions kept inside the row move to files."""

from __future__ import annotations

import base64
import logging
import os
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.util import dt as dt_util
from pytest_homeassistant_custom_component.common import async_fire_time_changed
from pytest_homeassistant_custom_component.typing import WebSocketGenerator

from custom_components.gem_access.const import DOMAIN
from custom_components.gem_access.logstore.rows import NewLogEntry
from custom_components.gem_access.media.housekeeping import (
    STATE_MIGRATED_TO,
    async_migrate_inline_snapshots,
    async_sweep_media,
)
from custom_components.gem_access.media.store import MediaStore

from ..shared_files import shared_path
from .conftest import Site
from .test_retention import next_local

FACES = shared_path("faces")
JPEG = (FACES / "biden_1.jpg").read_bytes()
JPEG_URI = "data:image/jpeg;base64," + base64.b64encode(JPEG).decode()
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
BAD_BASE64_URI = "data:image/jpeg;base64,not*base64"
SVG_URI = "data:image/svg+xml;base64," + base64.b64encode(b"<svg onload='x()'/>").decode()
MISLABELLED_URI = "data:image/jpeg;base64," + base64.b64encode(PNG_BYTES).decode()


async def add_row(site: Site, age: timedelta, snapshot: str | None = None) -> dict[str, Any]:
    """A row written ``age`` ago, as any version of GEM Access would have written it."""
    return await site.entry.runtime_data.logs.async_insert(
        NewLogEntry(
            timestamp=dt_util.utcnow() - age,
            result="denied",
            reason="unknown_credential",
            access_type="pin",
            device_id=site.ids["keypad"],
            device_name="Front keypad",
            snapshot=snapshot,
        )
    )


async def attach(hass: HomeAssistant, site: Site, row: dict[str, Any]) -> Path:
    """Store a picture for ``row`` the way capture does: the file, then the row's reference."""
    runtime = site.entry.runtime_data
    when = datetime.fromisoformat(row["timestamp"])
    ref = await hass.async_add_executor_job(
        runtime.media.write, row["id"], when, JPEG, "image/jpeg"
    )
    await runtime.logs.async_update(row["id"], snapshot=ref)
    found = runtime.media.resolve(ref)
    assert found is not None
    return found.path


async def stray(hass: HomeAssistant, media: MediaStore, log_id: int, age: timedelta) -> Path:
    """A file no row points at (a crash between writing it and updating the row), ``age`` old."""
    ref = await hass.async_add_executor_job(
        media.write, log_id, dt_util.utcnow(), PNG_BYTES, "image/png"
    )
    found = media.resolve(ref)
    assert found is not None
    stamp = (dt_util.utcnow() - age).timestamp()
    await hass.async_add_executor_job(os.utime, found.path, (stamp, stamp))
    return found.path


async def exists(hass: HomeAssistant, path: Path) -> bool:
    return await hass.async_add_executor_job(path.exists)


async def has_snapshot(site: Site, log_id: int) -> bool | None:
    row = await site.entry.runtime_data.logs.async_get(log_id)
    return None if row is None else bool(row["has_snapshot"])


@pytest.mark.parametrize("via", ["service", "websocket"])
async def test_deleting_old_rows_deletes_their_media(
    hass: HomeAssistant, site: Site, hass_ws_client: WebSocketGenerator, via: str
) -> None:
    old = await add_row(site, timedelta(days=40))
    recent = await add_row(site, timedelta(hours=1))
    linked = await add_row(site, timedelta(days=40), snapshot="https://cams.example/clip.mp4")
    old_file = await attach(hass, site, old)
    recent_file = await attach(hass, site, recent)
    if via == "service":
        response = await hass.services.async_call(
            DOMAIN, "delete_old_logs", {"keep_days": 30}, blocking=True, return_response=True
        )
    else:
        ws = await hass_ws_client(hass)
        await ws.send_json_auto_id({"type": "gem_access/log/delete_old", "keep_days": 30})
        msg = await ws.receive_json()
        assert msg["success"], msg
        response = msg["result"]
    assert response == {"deleted": 2}
    assert not await exists(hass, old_file)
    # the emptied day folder goes too; the recent picture and its row stay as they were
    assert not await exists(hass, old_file.parent)
    assert await exists(hass, recent_file)
    assert await has_snapshot(site, recent["id"]) is True
    assert await has_snapshot(site, linked["id"]) is None


async def test_sweep_removes_orphans_but_not_files_in_flight(
    hass: HomeAssistant, site: Site
) -> None:
    runtime = site.entry.runtime_data
    kept = await add_row(site, timedelta(hours=2))
    kept_file = await attach(hass, site, kept)
    pending = await add_row(site, timedelta(minutes=1))
    # no row at all (purged by hand): goes whatever its age
    purged_file = await stray(hass, runtime.media, 999_999, timedelta())
    # the row exists but never got the reference: goes once older than the grace period
    crashed_file = await stray(hass, runtime.media, kept["id"], timedelta(hours=3))
    # a capture writing right now (the row is updated a moment later): kept
    in_flight = await stray(hass, runtime.media, pending["id"], timedelta())
    # a temp file of a write that never finished, from a day long gone
    old_day = runtime.media.root / "2020" / "01" / "02"
    await hass.async_add_executor_job(lambda: old_day.mkdir(parents=True))
    temp = old_day / f".{kept['id']}.abc123"
    await hass.async_add_executor_job(temp.write_bytes, b"partial")
    await hass.async_add_executor_job(os.utime, temp, (0, 0))

    result = await async_sweep_media(hass, runtime.logs, runtime.media, now=dt_util.utcnow())

    assert result.deleted_files == 2
    assert not await exists(hass, purged_file)
    assert not await exists(hass, crashed_file)
    assert await exists(hass, in_flight)
    assert await exists(hass, kept_file)
    assert await has_snapshot(site, kept["id"]) is True
    assert not await exists(hass, runtime.media.root / "2020")


# Frozen before hass starts, so the nightly timer is scheduled from the frozen "now" and every
# moment below is relative to it: the test passes on any date.
@pytest.mark.freeze_time
async def test_nightly_purge_expires_snapshots_and_sweeps(
    hass: HomeAssistant, site: Site, freezer: FrozenDateTimeFactory
) -> None:
    runtime = site.entry.runtime_data
    await runtime.config.async_update_settings({"retention_days": 30, "snapshot_retention_days": 7})
    gone = await add_row(site, timedelta(days=40))
    aged = await add_row(site, timedelta(days=10))
    fresh = await add_row(site, timedelta(hours=1))
    linked = await add_row(site, timedelta(days=10), snapshot="https://cams.example/a.jpg")
    gone_file = await attach(hass, site, gone)
    aged_file = await attach(hass, site, aged)
    fresh_file = await attach(hass, site, fresh)
    orphan = await stray(hass, runtime.media, 999_999, timedelta(days=2))

    freezer.move_to(next_local(3, 17))
    async_fire_time_changed(hass)
    # As in test_retention: a purge waiting out SQLite's write lock retries on a loop timer,
    # which only fires when the frozen clock moves; let it move, boundedly.
    for _ in range(100):
        await hass.async_add_executor_job(time.sleep, 0.02)
        await hass.async_block_till_done()
        if not await exists(hass, aged_file) and not await exists(hass, orphan):
            break
        freezer.tick(timedelta(seconds=1))
        async_fire_time_changed(hass)

    assert await has_snapshot(site, gone["id"]) is None
    assert not await exists(hass, gone_file)
    # older than the picture retention: the row stays, without its picture
    assert await has_snapshot(site, aged["id"]) is False
    assert not await exists(hass, aged_file)
    assert await runtime.logs.async_get_snapshot(aged["id"]) is None
    # a link to someone else's recording is not ours to expire
    assert await runtime.logs.async_get_snapshot(linked["id"]) == "https://cams.example/a.jpg"
    assert await has_snapshot(site, fresh["id"]) is True
    assert await exists(hass, fresh_file)
    assert not await exists(hass, orphan)


async def test_snapshot_retention_is_validated(
    hass: HomeAssistant, site: Site, hass_ws_client: WebSocketGenerator
) -> None:
    ws = await hass_ws_client(hass)

    async def update(**fields: Any) -> dict[str, Any]:
        await ws.send_json_auto_id({"type": "gem_access/settings/update", **fields})
        msg: dict[str, Any] = await ws.receive_json()
        return msg

    assert (await update(retention_days=0, snapshot_retention_days=400))["success"]
    refused = await update(retention_days=30, snapshot_retention_days=40)
    assert not refused["success"]
    assert refused["error"]["code"] == "invalid_format"
    assert "(40 days)" in refused["error"]["message"]
    assert "(30 days)" in refused["error"]["message"]
    ok = await update(retention_days=30, snapshot_retention_days=7)
    assert ok["success"], ok
    assert ok["result"]["snapshot_retention_days"] == 7
    # shortening the log below the picture retention is refused too
    assert not (await update(retention_days=5))["success"]
    assert not (await update(snapshot_retention_days=-1))["success"]
    settings = site.entry.runtime_data.config.settings
    assert (settings["retention_days"], settings["snapshot_retention_days"]) == (30, 7)

    # the options flow offers the setting and explains a refusal
    options = hass.config_entries.options
    form = await options.async_init(site.entry.entry_id)
    assert "snapshot_retention_days" in {str(key) for key in form["data_schema"].schema}
    shown = {
        "retention_days": 10,
        "snapshot_retention_days": 20,
        "cooldown_failures": 5,
        "cooldown_window_s": 60,
        "cooldown_s": 300,
        "forced_grace_s": 10,
        "facial_recognition_enabled": False,
        "privacy_acknowledged": False,
    }
    refused_form = await options.async_configure(form["flow_id"], shown)
    assert refused_form["type"] is FlowResultType.FORM
    assert refused_form["errors"] == {"base": "snapshot_retention_too_long"}
    done = await options.async_configure(
        refused_form["flow_id"], {**shown, "snapshot_retention_days": 10}
    )
    assert done["type"] is FlowResultType.CREATE_ENTRY
    assert site.entry.runtime_data.config.settings["snapshot_retention_days"] == 10


async def test_in_row_snapshots_move_to_files(
    hass: HomeAssistant,
    site: Site,
    hass_ws_client: WebSocketGenerator,
    caplog: pytest.LogCaptureFixture,
) -> None:
    # rows as the version before media files wrote them: the data URI inside the row; the bad
    # ones come first so the good one after them shows that a bad payload does not stop the move
    bad_base64 = await add_row(site, timedelta(days=3), BAD_BASE64_URI)
    svg = await add_row(site, timedelta(days=3), SVG_URI)
    mislabelled = await add_row(site, timedelta(days=3), MISLABELLED_URI)
    good = await add_row(site, timedelta(days=2), JPEG_URI)
    linked = await add_row(site, timedelta(days=2), "https://cams.example/a.jpg")
    bad_ids = [bad_base64["id"], svg["id"], mislabelled["id"]]

    # not migrated yet: the panel still gets the picture from the row
    ws = await hass_ws_client(hass)
    await ws.send_json_auto_id({"type": "gem_access/snapshot/get", "log_id": good["id"]})
    before = await ws.receive_json()
    assert before["success"], before
    assert before["result"]["source"] == "stored"
    assert before["result"]["data_uri"] == JPEG_URI

    # the move starts by itself after setup, in the background
    caplog.set_level(logging.WARNING)
    assert await hass.config_entries.async_reload(site.entry.entry_id)
    await hass.async_block_till_done(wait_background_tasks=True)
    runtime = site.entry.runtime_data

    ref = await runtime.logs.async_get_snapshot(good["id"])
    assert ref is not None
    assert ref.startswith("media:")
    found = runtime.media.resolve(ref)
    assert found is not None
    assert await hass.async_add_executor_job(found.path.read_bytes) == JPEG
    assert (await hass.async_add_executor_job(found.path.stat)).st_mode & 0o777 == 0o600
    assert await has_snapshot(site, good["id"]) is True
    # bad payloads stay as they were (never lost, never a crash) and are named in the log
    assert [await runtime.logs.async_get_snapshot(i) for i in bad_ids] == [
        BAD_BASE64_URI,
        SVG_URI,
        MISLABELLED_URI,
    ]
    assert any(
        "could not be moved" in r.getMessage() and str(svg["id"]) in r.getMessage()
        for r in caplog.records
    )
    assert await runtime.logs.async_get_snapshot(linked["id"]) == "https://cams.example/a.jpg"

    # the panel still shows it, now from the file
    await ws.send_json_auto_id({"type": "gem_access/snapshot/get", "log_id": good["id"]})
    after = await ws.receive_json()
    assert after["success"], after
    assert after["result"]["source"] == "stored"
    assert "data_uri" not in after["result"] or after["result"]["data_uri"] != JPEG_URI

    # resumable and idempotent: a later run checks only newer rows and moves each once
    assert runtime.state.get(STATE_MIGRATED_TO) == linked["id"]
    newer = await add_row(site, timedelta(hours=1), JPEG_URI)
    caplog.clear()
    first = await async_migrate_inline_snapshots(hass, runtime.logs, runtime.media, runtime.state)
    assert (first.migrated, first.skipped, first.complete) == (1, [], True)
    again = await async_migrate_inline_snapshots(hass, runtime.logs, runtime.media, runtime.state)
    assert (again.migrated, again.skipped) == (0, [])
    assert (await runtime.logs.async_get_snapshot(newer["id"]) or "").startswith("media:")
    assert not any("could not be moved" in r.getMessage() for r in caplog.records)


async def test_migration_rechecks_a_replaced_database(hass: HomeAssistant, site: Site) -> None:
    runtime = site.entry.runtime_data
    # the watermark of a database with more rows than this one (restored from a backup)
    runtime.state.set(STATE_MIGRATED_TO, 10_000_000)
    legacy = await add_row(site, timedelta(days=1), JPEG_URI)
    result = await async_migrate_inline_snapshots(hass, runtime.logs, runtime.media, runtime.state)
    assert result.migrated == 1
    assert (await runtime.logs.async_get_snapshot(legacy["id"]) or "").startswith("media:")
    assert runtime.state.get(STATE_MIGRATED_TO) == legacy["id"]
