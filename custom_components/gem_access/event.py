"""Per-reader event entity: granted, denied, duress, error — what automations listen to."""

from __future__ import annotations

from typing import Any

from homeassistant.components.event import EventEntity
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers.dispatcher import async_dispatcher_connect
from homeassistant.helpers.entity_platform import AddEntitiesCallback

from .const import SIGNAL_ACCESS_EVENT
from .core.codes import Reason, Result
from .entity import GemAccessEntity, async_track_items, item_device_info
from .types import GemAccessConfigEntry

PARALLEL_UPDATES = 0
EVENT_TYPES = ["granted", "denied", "duress", "error"]


async def async_setup_entry(
    hass: HomeAssistant, entry: GemAccessConfigEntry, async_add_entities: AddEntitiesCallback
) -> None:
    """One event entity per reader."""
    async_track_items(
        hass,
        entry,
        "devices",
        "device",
        lambda device_id: [ReaderEvent(entry, device_id)],
        async_add_entities,
    )


def event_type(row: dict[str, Any]) -> str | None:
    """Map a log row to the reader's event type."""
    if row["result"] == Result.GRANTED and row["reason"] == Reason.DURESS:
        return "duress"
    if row["result"] in ("granted", "denied", "error"):
        return str(row["result"])
    return None


class ReaderEvent(GemAccessEntity, EventEntity):
    """Fires for every decision at one reader."""

    _attr_event_types = EVENT_TYPES

    def __init__(self, entry: GemAccessConfigEntry, device_id: str) -> None:
        """Bind to one reader."""
        super().__init__(entry, "access", device_id)
        record = entry.runtime_data.config.data["devices"][device_id]
        self._attr_device_info = item_device_info(entry, "device", device_id, record["name"])

    async def async_added_to_hass(self) -> None:
        """Listen for this reader's rows."""
        await super().async_added_to_hass()
        self.async_on_remove(
            async_dispatcher_connect(
                self.hass, SIGNAL_ACCESS_EVENT.format(self.entry.entry_id), self._row
            )
        )

    @callback
    def _row(self, row: dict[str, Any]) -> None:
        if row["device_id"] != self.item_id:
            return
        kind = event_type(row)
        if kind is None:
            return
        self._trigger_event(
            kind,
            {
                "log_id": row["id"],
                "user_id": row["user_id"],
                "user_name": row["user_name"],
                "access_type": row["access_type"],
                "reason": row["reason"],
                "door_id": row["door_id"],
            },
        )
        self.async_write_ha_state()
