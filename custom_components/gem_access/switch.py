"""The lockdown switch: while on, every credential is refused (exit devices still open).

Anyone may turn it on; only admins and automations may turn it off (access.py checks).
"""

from __future__ import annotations

from typing import Any

from homeassistant.components.switch import SwitchEntity
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers.dispatcher import async_dispatcher_connect
from homeassistant.helpers.entity_platform import AddEntitiesCallback

from .const import SIGNAL_LOCKDOWN
from .entity import GemAccessEntity, hub_device_info
from .types import GemAccessConfigEntry

PARALLEL_UPDATES = 0


async def async_setup_entry(
    hass: HomeAssistant, entry: GemAccessConfigEntry, async_add_entities: AddEntitiesCallback
) -> None:
    """Add the lockdown switch."""
    async_add_entities([LockdownSwitch(entry)])


class LockdownSwitch(GemAccessEntity, SwitchEntity):
    """Lockdown on/off; the state is kept in the integration's storage across restarts."""

    def __init__(self, entry: GemAccessConfigEntry) -> None:
        """Attach to the hub device."""
        super().__init__(entry, "lockdown")
        self._attr_device_info = hub_device_info(entry)

    @property
    def is_on(self) -> bool:
        """Whether lockdown is active."""
        return self.runtime.controller.lockdown

    async def async_added_to_hass(self) -> None:
        """Follow lockdown changes made elsewhere."""
        await super().async_added_to_hass()
        self.async_on_remove(
            async_dispatcher_connect(
                self.hass, SIGNAL_LOCKDOWN.format(self.entry.entry_id), self._changed
            )
        )

    @callback
    def _changed(self, _active: bool) -> None:
        self.async_write_ha_state()

    async def async_turn_on(self, **kwargs: Any) -> None:
        """Start a lockdown: anyone may (a panic button); logged with who did it."""
        await self.runtime.controller.async_set_lockdown(True, self._context)

    async def async_turn_off(self, **kwargs: Any) -> None:
        """End the lockdown: admins and automations only; logged with who did it."""
        await self.runtime.controller.async_set_lockdown(False, self._context)
