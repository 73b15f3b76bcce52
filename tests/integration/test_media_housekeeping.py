"""Media housekeeping under stress: folders made by hand, a database refusing writes, a disk
refusing a file, two clean-ups at once. The pictures and the rows that point at them stay
consistent (no row claims a picture that is gone), nothing raises into the purge, and the
next run finishes what one could not.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from homeassistant.components.recorder import get_instance
from homeassistant.core import HomeAssistant
from homeassistant.util import dt as dt_util

from custom_components.gem_access.media.housekeeping import (
    STATE_MIGRATED_TO,
    async_migrate_inline_snapshots,
    async_sweep_media,
)

from .conftest import Site
from .test_db_outage import _sql
from .test_media_retention import (
    BAD_BASE64_URI,
    JPEG,
    JPEG_URI,
    add_row,
    attach,
    exists,
    has_snapshot,
    stray,
)

REFUSE_UPDATES = (
    "CREATE TRIGGER refuse_access_updates BEFORE UPDATE ON gem_access_log "
    "BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END"
)


def warnings(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]


async def test_hand_made_folders_never_stop_the_sweep(hass: HomeAssistant, site: Site) -> None:
    """Folders with impossible dates (copied in by hand, or by a restore tool) are neither expired
    nor a reason for the sweep to fail: the real old picture still expires."""
    runtime = site.entry.runtime_data
    media = runtime.media
    aged = await add_row(site, timedelta(days=10))
    aged_file = await attach(hass, site, aged)
    odd_rows = [await add_row(site, timedelta(days=10)) for _ in range(2)]
    odd_files = []
    for row, day in zip(odd_rows, ("2024/13/40", "9999/12/31"), strict=True):
        ref = f"media:{day}/{row['id']}.jpg"
        found = media.resolve(ref)
        assert found is not None
        await hass.async_add_executor_job(
            lambda path=found.path: path.parent.mkdir(parents=True, exist_ok=True)
        )
        await hass.async_add_executor_job(found.path.write_bytes, JPEG)
        await runtime.logs.async_update(row["id"], snapshot=ref)
        odd_files.append(found.path)
    await hass.async_add_executor_job(
        lambda: (media.root / "0000/01/01").mkdir(parents=True, exist_ok=True)
    )
    now = dt_util.utcnow()

    result = await async_sweep_media(
        hass, runtime.logs, media, now=now, snapshot_cutoff=now - timedelta(days=7)
    )

    assert (result.deleted_files, result.expired_snapshots) == (1, 1)
    assert not await exists(hass, aged_file)
    assert await has_snapshot(site, aged["id"]) is False
    # no date to judge it by: kept, and still shown
    for row, path in zip(odd_rows, odd_files, strict=True):
        assert await exists(hass, path)
        assert await has_snapshot(site, row["id"]) is True
    # empty, and too odd to date: left for whoever made it
    assert await exists(hass, media.root / "0000/01/01")


@pytest.mark.parametrize("persistent_database", [True])
async def test_expiry_with_a_full_database_keeps_pictures_and_rows_in_step(
    hass: HomeAssistant, site: Site, caplog: pytest.LogCaptureFixture
) -> None:
    """The rows cannot be told their picture expired: the pictures stay too (a row never claims a
    file that is gone), the sweep ends with a warning, and the next one expires them."""
    instance = get_instance(hass)
    if instance.dialect_name != "sqlite":
        pytest.skip("adds a trigger to the SQLite file from a second connection")
    db_path = instance.db_url.removeprefix("sqlite:///")
    runtime = site.entry.runtime_data
    aged = await add_row(site, timedelta(days=10))
    aged_file = await attach(hass, site, aged)
    now = dt_util.utcnow()
    cutoff = now - timedelta(days=7)

    await _sql(hass, db_path, REFUSE_UPDATES)
    try:
        refused = await async_sweep_media(
            hass, runtime.logs, runtime.media, now=now, snapshot_cutoff=cutoff
        )
    finally:
        await _sql(hass, db_path, "DROP TRIGGER refuse_access_updates")

    assert (refused.deleted_files, refused.expired_snapshots) == (0, 0)
    assert await exists(hass, aged_file)
    assert await has_snapshot(site, aged["id"]) is True
    assert any("clean-up stopped early" in m for m in warnings(caplog))

    done = await async_sweep_media(
        hass, runtime.logs, runtime.media, now=now, snapshot_cutoff=cutoff
    )
    assert (done.deleted_files, done.expired_snapshots) == (1, 1)
    assert not await exists(hass, aged_file)
    assert await has_snapshot(site, aged["id"]) is False


async def test_two_clean_ups_at_once_delete_each_file_once(hass: HomeAssistant, site: Site) -> None:
    """The nightly sweep and a manual purge may overlap: every file goes, neither run fails, and
    together they count each file once (one finds it already gone)."""
    runtime = site.entry.runtime_data
    media = runtime.media
    rows = [await add_row(site, timedelta(hours=2)) for _ in range(3)]
    kept = [await attach(hass, site, row) for row in rows]
    orphans = [await stray(hass, media, 900_000 + n, timedelta()) for n in range(20)]
    unreferenced = [await stray(hass, media, row["id"], timedelta(hours=3)) for row in rows[:1]]
    now = dt_util.utcnow()

    first, second = await asyncio.gather(
        async_sweep_media(hass, runtime.logs, media, now=now),
        async_sweep_media(hass, runtime.logs, media, now=now),
    )

    assert first.deleted_files + second.deleted_files == len(orphans) + len(unreferenced)
    for path in orphans + unreferenced:
        assert not await exists(hass, path)
    for path in kept:
        assert await exists(hass, path)


async def test_migration_interrupted_by_the_disk_resumes_where_it_stopped(
    hass: HomeAssistant, site: Site, caplog: pytest.LogCaptureFixture
) -> None:
    """A snapshot that cannot be written out stops the move with a warning; what was moved stays
    moved, the rest stays readable in its row, and the next run finishes the job."""
    runtime = site.entry.runtime_data
    moved = await add_row(site, timedelta(days=3), JPEG_URI)
    bad = await add_row(site, timedelta(days=3), BAD_BASE64_URI)
    blocked = await add_row(site, timedelta(days=2), JPEG_URI)
    # the day folder of the last row cannot be created: its name is taken by a file
    day = datetime.fromisoformat(blocked["timestamp"]).astimezone(dt_util.UTC)
    day_path = runtime.media.root / day.strftime("%Y/%m/%d")
    await hass.async_add_executor_job(lambda: day_path.parent.mkdir(parents=True, exist_ok=True))
    await hass.async_add_executor_job(day_path.write_bytes, b"")
    before = runtime.state.get(STATE_MIGRATED_TO)

    stopped = await async_migrate_inline_snapshots(
        hass, runtime.logs, runtime.media, runtime.state, update_batch=1
    )

    assert (stopped.migrated, stopped.skipped, stopped.complete) == (1, [bad["id"]], False)
    assert (await runtime.logs.async_get_snapshot(moved["id"]) or "").startswith("media:")
    assert await runtime.logs.async_get_snapshot(blocked["id"]) == JPEG_URI
    assert await runtime.logs.async_get_snapshot(bad["id"]) == BAD_BASE64_URI
    assert runtime.state.get(STATE_MIGRATED_TO) == before  # the window is checked again
    assert any("stopped, it resumes later" in m for m in warnings(caplog))

    await hass.async_add_executor_job(day_path.unlink)
    resumed = await async_migrate_inline_snapshots(
        hass, runtime.logs, runtime.media, runtime.state, update_batch=1
    )
    assert (resumed.migrated, resumed.complete) == (1, True)
    ref = await runtime.logs.async_get_snapshot(blocked["id"])
    assert ref is not None and ref.startswith("media:")
    found = runtime.media.resolve(ref)
    assert found is not None
    assert await hass.async_add_executor_job(Path(found.path).read_bytes) == JPEG
    assert runtime.state.get(STATE_MIGRATED_TO) == blocked["id"]
