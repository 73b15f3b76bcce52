"""Per-door lock: shows whether GEM has the door released, and unlocks it remotely (logged)."""

from __future__ import annotations

from typing import Any

from homeassistant.components.lock import LockEntity, LockState
from homeassistant.const import ATTR_CODE
from homeassistant.core import Event, EventStateChangedData, HomeAssistant, callback
from homeassistant.helpers.dispatcher import async_dispatcher_connect
from homeassistant.helpers.entity_platform import AddEntitiesCallback
from homeassistant.helpers.event import async_track_state_change_event

from . import actions
from .const import SIGNAL_DOOR_STATE
from .core.models import Door
from .doors import state_unknown
from .entity import GemAccessEntity, async_track_items, item_device_info
from .errors import GemAccessError
from .types import GemAccessConfigEntry

PARALLEL_UPDATES = 1
# a GEM PIN (4-12 digits, core/credentials.py) or nothing
PIN_CODE_FORMAT = r"^(?:\d{4,12})?$"


async def async_setup_entry(
    hass: HomeAssistant, entry: GemAccessConfigEntry, async_add_entities: AddEntitiesCallback
) -> None:
    """One lock per door."""
    async_track_items(
        hass, entry, "doors", "door", lambda door_id: [DoorLock(entry, door_id)], async_add_entities
    )


class DoorLock(GemAccessEntity, LockEntity):
    """Locked unless the door's actuator is released (lock unlocked or strike energised)."""

    # HA's lock dialog then offers a keypad; empty is allowed for admins and automations
    _attr_code_format = PIN_CODE_FORMAT

    def __init__(self, entry: GemAccessConfigEntry, door_id: str) -> None:
        """Bind to one door."""
        super().__init__(entry, "door_lock", door_id)
        record = entry.runtime_data.config.data["doors"][door_id]
        self._attr_device_info = item_device_info(entry, "door", door_id, record["name"])
        self._unsub_actuator: Any = None

    @property
    def _door(self) -> Door | None:
        return self.runtime.controller.engine.config.doors.get(self.item_id or "")

    @property
    def available(self) -> bool:
        """A door whose actuator cannot be read is unavailable, never shown as locked."""
        door = self._door
        if door is None:
            return False
        if door.actuator_entity_id:
            return not state_unknown(self.hass.states.get(door.actuator_entity_id))
        return True

    @property
    def is_locked(self) -> bool | None:
        """Follow the actuator when there is one, else GEM's own strike timer."""
        door = self._door
        if door is None:
            return None
        if door.actuator_entity_id:
            state = self.hass.states.get(door.actuator_entity_id)
            if state is None:
                return None
            if door.actuator_entity_id.startswith("lock."):
                return state.state != LockState.UNLOCKED
            return state.state != "on"
        return not bool(self.runtime.doors.released.get(door.id, False))

    async def async_added_to_hass(self) -> None:
        """Follow the door and its actuator."""
        await super().async_added_to_hass()
        self.async_on_remove(
            async_dispatcher_connect(
                self.hass, SIGNAL_DOOR_STATE.format(self.entry.entry_id), self._door_changed
            )
        )
        self._track_actuator()
        self.async_on_remove(self._untrack_actuator)

    def _track_actuator(self) -> None:
        self._untrack_actuator()
        door = self._door
        if door is not None and door.actuator_entity_id:
            self._unsub_actuator = async_track_state_change_event(
                self.hass, [door.actuator_entity_id], self._actuator_changed
            )

    @callback
    def _actuator_changed(self, _event: Event[EventStateChangedData]) -> None:
        self.async_write_ha_state()

    @callback
    def _untrack_actuator(self) -> None:
        if self._unsub_actuator:
            self._unsub_actuator()
            self._unsub_actuator = None

    @callback
    def _door_changed(self, door_id: str) -> None:
        if door_id == self.item_id:
            self._track_actuator()
            self.async_write_ha_state()

    async def async_unlock(self, **kwargs: Any) -> None:
        """Remote unlock: released for the strike time, logged with who asked.

        Admins and automations need no code; other HA users give a GEM PIN as ``code``.
        """
        door = self._door
        if door is None:
            raise GemAccessError("unknown_door", "not_found", id=self.item_id)
        code = kwargs.get(ATTR_CODE)
        row = await self.runtime.controller.async_remote_unlock(
            door, self._context, code if isinstance(code, str) else None
        )
        if row["result"] != "granted":
            raise GemAccessError("unlock_failed", "action_failed", details=row["action_details"])
        self.async_write_ha_state()

    async def async_lock(self, **kwargs: Any) -> None:
        """Secure the door now."""
        door = self._door
        if door is None:
            raise GemAccessError("unknown_door", "not_found", id=self.item_id)
        self.runtime.doors.released[door.id] = False
        await actions.async_secure(self.hass, door, self._context)
        self.async_write_ha_state()
