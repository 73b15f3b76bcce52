"""Retention: old log rows and their media go, nightly by the settings and on demand.

Nightly at 03:17 local time (away from the recorder's own 04:12 purge): rows older than
``retention_days`` (0 keeps them forever), then the media housekeeping: legacy in-row snapshots
moved to files, files of purged rows and orphans deleted, snapshots older than
``snapshot_retention_days`` (0 keeps them as long as their rows) expired.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import datetime

from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers.event import async_track_time_change
from homeassistant.helpers.start import async_at_started
from homeassistant.util import dt as dt_util

from .logstore.errors import LogStoreError
from .media.housekeeping import async_migrate_inline_snapshots, async_sweep_media, cutoff_days
from .types import GemAccessConfigEntry

_LOGGER = logging.getLogger(__name__)


async def async_delete_old_logs(
    hass: HomeAssistant, entry: GemAccessConfigEntry, keep_days: int, now: datetime | None = None
) -> int:
    """Delete rows strictly older than ``now - keep_days`` days and the media of those rows.

    Returns the number of rows deleted. The media sweep after it is best effort: its errors are
    logged, never raised (the rows are gone already; the nightly sweep finishes the job).
    """
    runtime = entry.runtime_data
    if now is None:
        now = dt_util.utcnow()
    deleted = await runtime.logs.async_delete_old(keep_days, now)
    if deleted:
        await async_sweep_media(hass, runtime.logs, runtime.media, now=now)
    return deleted


@callback
def async_setup_retention(hass: HomeAssistant, entry: GemAccessConfigEntry) -> Callable[[], None]:
    """Move legacy snapshots to files once started, and run the purge every night."""
    # one migration at a time: two runs over the same row could delete each other's file
    migration_lock = asyncio.Lock()

    async def _migrate() -> None:
        runtime = entry.runtime_data
        async with migration_lock:
            await async_migrate_inline_snapshots(hass, runtime.logs, runtime.media, runtime.state)

    @callback
    def _start_migration(_hass: HomeAssistant) -> None:
        # in the background: setup never waits for it, and readers still show unmigrated rows
        entry.async_create_background_task(hass, _migrate(), "gem_access snapshot migration")

    async def _nightly(now: datetime) -> None:
        runtime = entry.runtime_data
        settings = runtime.config.settings
        keep_days = int(settings.get("retention_days", 0))
        if keep_days > 0:
            try:
                deleted = await runtime.logs.async_delete_old(keep_days, now)
            except LogStoreError as err:
                _LOGGER.warning("Access log purge failed, it is retried next night: %s", err)
            else:
                if deleted:
                    _LOGGER.info(
                        "Deleted %d access log rows older than %d days", deleted, keep_days
                    )
        await _migrate()
        snapshot_days = int(settings.get("snapshot_retention_days", 0) or 0)
        await async_sweep_media(
            hass,
            runtime.logs,
            runtime.media,
            now=now,
            snapshot_cutoff=cutoff_days(now, snapshot_days),
        )

    unsubscribers = [
        async_at_started(hass, _start_migration),
        async_track_time_change(hass, _nightly, hour=3, minute=17, second=0),
    ]

    @callback
    def _unsubscribe() -> None:
        for unsubscribe in unsubscribers:
            unsubscribe()

    return _unsubscribe
