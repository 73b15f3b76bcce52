"""Per-reader event entity: granted, denied, error — what automations and wall tablets see.

Entity states are visible to every HA account (and to a tablet by the door), so the event carries
no person and no duress: a duress grant is an ordinary ``granted`` with reason ``success``.
Automations that need the user or the duress get them from ``gem_access_event``.
"""

from __future__ import annotations

from typing import Any

from homeassistant.components.event import EventEntity
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers.dispatcher import async_dispatcher_connect
from homeassistant.helpers.entity_platform import AddEntitiesCallback

from .const import SIGNAL_ACCESS_EVENT, SIGNAL_READER_STATUS
from .core.codes import Reason, Result
from .entity import GemAccessEntity, async_track_items, item_device_info
from .types import GemAccessConfigEntry

PARALLEL_UPDATES = 0
EVENT_TYPES = [Result.GRANTED.value, Result.DENIED.value, Result.ERROR.value]


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
    """Map a log row to the reader's event type (door events have none)."""
    if row["result"] in EVENT_TYPES:
        return str(row["result"])
    return None


def public_reason(reason: str | None) -> str | None:
    """The reason as every HA account may see it: a duress grant looks like any other grant."""
    return Reason.SUCCESS.value if reason == Reason.DURESS else reason


class ReaderEvent(GemAccessEntity, EventEntity):
    """Fires for every decision at one reader; unavailable while the reader's driver is offline."""

    _attr_event_types = EVENT_TYPES

    def __init__(self, entry: GemAccessConfigEntry, device_id: str) -> None:
        """Bind to one reader."""
        super().__init__(entry, "access", device_id)
        record = entry.runtime_data.config.data["devices"][device_id]
        self._attr_device_info = item_device_info(entry, "device", device_id, record["name"])

    async def async_added_to_hass(self) -> None:
        """Listen for this reader's rows and for its driver going up and down."""
        await super().async_added_to_hass()
        assert self.item_id is not None
        self._attr_available = self.runtime.readers.is_online(self.item_id)
        self.async_on_remove(
            async_dispatcher_connect(
                self.hass, SIGNAL_ACCESS_EVENT.format(self.entry.entry_id), self._row
            )
        )
        self.async_on_remove(
            async_dispatcher_connect(
                self.hass, SIGNAL_READER_STATUS.format(self.entry.entry_id), self._status
            )
        )

    @callback
    def _status(self, device_id: str, online: bool) -> None:
        if device_id != self.item_id or online == self._attr_available:
            return
        self._attr_available = online
        self.async_write_ha_state()

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
                "access_type": row["access_type"],
                "reason": public_reason(row["reason"]),
                "door_id": row["door_id"],
            },
        )
        self.async_write_ha_state()
