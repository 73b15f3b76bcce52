"""Per-door sensors: the door itself (open/closed), and forced / held-open problems."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from homeassistant.components.binary_sensor import (
    BinarySensorDeviceClass,
    BinarySensorEntity,
    BinarySensorEntityDescription,
)
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers.dispatcher import async_dispatcher_connect
from homeassistant.helpers.entity_platform import AddEntitiesCallback

from .const import SIGNAL_DOOR_STATE
from .core.door_monitor import DoorState
from .doors import state_unknown
from .entity import GemAccessEntity, async_track_items, item_device_info
from .types import GemAccessConfigEntry

PARALLEL_UPDATES = 0


@dataclass(frozen=True, kw_only=True)
class DoorSensorDescription(BinarySensorEntityDescription):
    """How one door sensor reads the monitor's state."""

    value_fn: Callable[[DoorState], bool]


DESCRIPTIONS: tuple[DoorSensorDescription, ...] = (
    DoorSensorDescription(
        key="door",
        translation_key="door",
        device_class=BinarySensorDeviceClass.DOOR,
        value_fn=lambda s: s.is_open,
    ),
    DoorSensorDescription(
        key="forced",
        translation_key="forced",
        device_class=BinarySensorDeviceClass.PROBLEM,
        value_fn=lambda s: s.is_open and s.forced,
    ),
    DoorSensorDescription(
        key="held_open",
        translation_key="held_open",
        device_class=BinarySensorDeviceClass.PROBLEM,
        value_fn=lambda s: s.is_open and s.held_open,
    ),
)


async def async_setup_entry(
    hass: HomeAssistant, entry: GemAccessConfigEntry, async_add_entities: AddEntitiesCallback
) -> None:
    """Three sensors per door."""
    async_track_items(
        hass,
        entry,
        "doors",
        "door",
        lambda door_id: [DoorBinarySensor(entry, door_id, d) for d in DESCRIPTIONS],
        async_add_entities,
    )


class DoorBinarySensor(GemAccessEntity, BinarySensorEntity):
    """A door state read from the door monitor."""

    entity_description: DoorSensorDescription

    def __init__(
        self, entry: GemAccessConfigEntry, door_id: str, description: DoorSensorDescription
    ) -> None:
        """Bind to one door."""
        super().__init__(entry, description.key, door_id)
        self.entity_description = description
        if description.key == "door":
            # the door's main entity carries the door's name: "Front door", not "Front door Door"
            self._attr_name = None
        record = entry.runtime_data.config.data["doors"][door_id]
        self._attr_device_info = item_device_info(entry, "door", door_id, record["name"])

    @property
    def available(self) -> bool:
        """Only a contact that reports open/closed right now tells anything about the door."""
        door = self.runtime.controller.engine.config.doors.get(self.item_id or "")
        if door is None or door.contact_entity_id is None:
            return False
        return not state_unknown(self.hass.states.get(door.contact_entity_id))

    @property
    def is_on(self) -> bool:
        """Read the monitor."""
        state = self.runtime.doors.monitor.doors.get(self.item_id or "")
        return bool(state and self.entity_description.value_fn(state))

    async def async_added_to_hass(self) -> None:
        """Follow door changes."""
        await super().async_added_to_hass()
        self.async_on_remove(
            async_dispatcher_connect(
                self.hass, SIGNAL_DOOR_STATE.format(self.entry.entry_id), self._changed
            )
        )

    @callback
    def _changed(self, door_id: str) -> None:
        if door_id == self.item_id:
            self.async_write_ha_state()
