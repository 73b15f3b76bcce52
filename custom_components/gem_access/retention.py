"""Daily purge of log rows older than the ``retention_days`` setting (0 keeps them forever)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers.event import async_track_time_change

from .types import GemAccessConfigEntry

_LOGGER = logging.getLogger(__name__)


@callback
def async_setup_retention(hass: HomeAssistant, entry: GemAccessConfigEntry) -> Callable[[], None]:
    """Run the purge every night at 03:17 local time, away from the recorder's own 04:12 purge."""

    async def _purge(now: datetime) -> None:
        runtime = entry.runtime_data
        keep_days = int(runtime.config.settings.get("retention_days", 0))
        if keep_days <= 0:
            return
        deleted = await runtime.logs.async_delete_old(keep_days, now)
        if deleted:
            _LOGGER.info("Deleted %d access log rows older than %d days", deleted, keep_days)

    return async_track_time_change(hass, _purge, hour=3, minute=17, second=0)
