"""What the integration writes while it runs and must find again after a restart.

Lockdown, the open doors' times, contacts whose outage was already logged, how far the move of
old snapshots to files got. It has its own file, apart from the configuration: a door opening
never rewrites the admin's records and credential hashes, and an edit in the panel never
rewrites this.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from homeassistant.core import HomeAssistant
from homeassistant.helpers.storage import Store

RUNTIME_STORAGE_KEY = "gem_access.runtime"
RUNTIME_STORAGE_VERSION = 1
# door contacts flap: their writes are batched like the configuration's
SAVE_DELAY_S = 1.0

type StateData = dict[str, Any]


class RuntimeState:
    """Small named values, saved a moment after each change and at once on unload."""

    def __init__(self, hass: HomeAssistant) -> None:
        """Create the store (nothing is loaded yet)."""
        self._store: Store[StateData] = Store(
            hass, RUNTIME_STORAGE_VERSION, RUNTIME_STORAGE_KEY, private=True, atomic_writes=True
        )
        self._data: StateData = {}

    async def async_load(self) -> None:
        """Read the file; a first start has none."""
        self._data = dict(await self._store.async_load() or {})

    async def async_adopt(self, legacy: Mapping[str, Any]) -> None:
        """Take over the state older versions kept in the configuration, written at once.

        Values already here are newer (a crash after this write but before the configuration
        lost its copy brings the same values again) and win.
        """
        self._data = {**legacy, **self._data}
        await self._store.async_save(self._data)

    def get(self, key: str, default: Any = None) -> Any:
        """Read one value."""
        return self._data.get(key, default)

    def set(self, key: str, value: Any) -> None:
        """Change one value; it is written shortly after (not at all when it did not change)."""
        if key in self._data and self._data[key] == value:
            return
        self._data = {**self._data, key: value}
        self._store.async_delay_save(lambda: self._data, SAVE_DELAY_S)

    async def async_flush(self) -> None:
        """Write now (on unload, and where a value must not be lost to a crash)."""
        await self._store.async_save(self._data)
