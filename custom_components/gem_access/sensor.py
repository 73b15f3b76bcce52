"""Access events today, linking to the Access Log filtered to today."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from homeassistant.components.sensor import SensorEntity, SensorStateClass
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers.dispatcher import async_dispatcher_connect
from homeassistant.helpers.entity_platform import AddEntitiesCallback
from homeassistant.helpers.event import async_track_time_change
from homeassistant.util import dt as dt_util

from .const import SIGNAL_ACCESS_EVENT, TODAY_LOG_URL
from .entity import GemAccessEntity, hub_device_info
from .types import GemAccessConfigEntry

PARALLEL_UPDATES = 0


async def async_setup_entry(
    hass: HomeAssistant, entry: GemAccessConfigEntry, async_add_entities: AddEntitiesCallback
) -> None:
    """Add the counter."""
    async_add_entities([AccessEventsToday(entry)])


class AccessEventsToday(GemAccessEntity, SensorEntity):
    """Rows logged since local midnight (counted from the table, then kept up to date live)."""

    _attr_state_class = SensorStateClass.TOTAL

    def __init__(self, entry: GemAccessConfigEntry) -> None:
        """Attach to the hub device."""
        super().__init__(entry, "access_events_today")
        self._attr_device_info = hub_device_info(entry)
        self._attr_extra_state_attributes = {"url": TODAY_LOG_URL}
        self._midnight = dt_util.start_of_local_day()
        self._count = 0
        self._attr_native_value = 0
        self._attr_last_reset = self._midnight

    async def async_added_to_hass(self) -> None:
        """Count today's rows, then follow new ones and reset at midnight."""
        await super().async_added_to_hass()
        self.async_on_remove(
            async_dispatcher_connect(
                self.hass, SIGNAL_ACCESS_EVENT.format(self.entry.entry_id), self._row
            )
        )
        self.async_on_remove(
            async_track_time_change(self.hass, self._reset, hour=0, minute=0, second=0)
        )
        self._count = await self.runtime.logs.async_count_since(self._midnight)
        self._attr_native_value = self._count

    @callback
    def _row(self, row: dict[str, Any]) -> None:
        stamp = dt_util.parse_datetime(row["timestamp"])
        if stamp is not None and stamp >= self._midnight:
            self._count += 1
            self._attr_native_value = self._count
            self.async_write_ha_state()

    @callback
    def _reset(self, now: datetime) -> None:
        self._midnight = dt_util.start_of_local_day(now)
        self._attr_last_reset = self._midnight
        self._count = 0
        self._attr_native_value = 0
        self.async_write_ha_state()
