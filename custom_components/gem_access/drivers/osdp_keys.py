"""The OSDP secure channel keys (SCBK), one per reader, kept like the other secrets.

A reader's key opens its secure channel: whoever has it can impersonate the reader on the bus or
read its traffic. Keys live in their own private Store (``.storage/gem_access.osdp_keys``, like the
credential secret), never in the configuration records, the websocket API, diagnostics or logs;
the reader's record only tells whether a key is set (``has_key``). A key is given by the admin
(a reader delivered with a known key) or made here for install mode, where the reader receives it
from the control panel (``osdp_KEYSET``).
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterable
from typing import Final

from homeassistant.core import HomeAssistant
from homeassistant.helpers.storage import Store

from .osdp import SCBK_BYTES, OsdpReaderSpec

OSDP_KEYS_STORAGE_KEY: Final = "gem_access.osdp_keys"
_HEX_KEY_RE: Final = re.compile(r"[0-9a-fA-F]{32}")


def parse_scbk(value: str) -> bytes:
    """A key as the admin types it: 32 hex digits (spaces and ``:`` allowed); ValueError if not."""
    if not isinstance(value, str):
        raise TypeError("an OSDP key is a string of 32 hex digits")
    cleaned = re.sub(r"[\s:]", "", value)
    if not _HEX_KEY_RE.fullmatch(cleaned):
        raise ValueError("an OSDP key is a string of 32 hex digits")
    return bytes.fromhex(cleaned)


class OsdpKeyStore:
    """Per-reader SCBKs in a private Store; nothing here ever returns a key to a caller outside."""

    def __init__(self, hass: HomeAssistant) -> None:
        """Nothing is read until ``async_load``."""
        self._store: Store[dict[str, dict[str, str]]] = Store(
            hass, 1, OSDP_KEYS_STORAGE_KEY, private=True, atomic_writes=True
        )
        self._keys: dict[str, bytes] = {}

    def __repr__(self) -> str:
        """Never the keys."""
        return f"OsdpKeyStore({len(self._keys)} keys)"

    async def async_load(self) -> None:
        """Read the keys; a damaged entry is ignored (that reader then has no key)."""
        data = await self._store.async_load() or {}
        keys: dict[str, bytes] = {}
        for device_id, value in (data.get("keys") or {}).items():
            try:
                keys[device_id] = parse_scbk(value)
            except (TypeError, ValueError):
                continue
        self._keys = keys

    def has_key(self, device_id: str) -> bool:
        """Whether the reader has a key (what its record may show)."""
        return device_id in self._keys

    def key(self, device_id: str) -> bytes | None:
        """The reader's key, for the driver only."""
        return self._keys.get(device_id)

    async def async_set_key(self, device_id: str, key: bytes | str | None) -> None:
        """Set (bytes or 32 hex digits) or remove (None) a reader's key."""
        if key is None:
            if self._keys.pop(device_id, None) is not None:
                await self._async_save()
            return
        raw = parse_scbk(key) if isinstance(key, str) else bytes(key)
        if len(raw) != SCBK_BYTES:
            raise ValueError("an OSDP key has 16 bytes")
        self._keys[device_id] = raw
        await self._async_save()

    async def async_ensure_key(self, device_id: str) -> bytes:
        """The reader's key, made at random first if it has none (install mode)."""
        key = self._keys.get(device_id)
        if key is None:
            key = secrets.token_bytes(SCBK_BYTES)
            self._keys[device_id] = key
            await self._async_save()
        return key

    async def async_keep_only(self, device_ids: Iterable[str]) -> None:
        """Forget the keys of readers that no longer exist."""
        keep = set(device_ids)
        gone = [device_id for device_id in self._keys if device_id not in keep]
        for device_id in gone:
            del self._keys[device_id]
        if gone:
            await self._async_save()

    async def async_reader_spec(
        self, device_id: str, address: int, install_mode: bool
    ) -> OsdpReaderSpec:
        """The bus's view of one reader; install mode makes a key when the reader has none."""
        key = await self.async_ensure_key(device_id) if install_mode else self.key(device_id)
        return OsdpReaderSpec(device_id, address, key, install_mode)

    async def _async_save(self) -> None:
        await self._store.async_save({"keys": {d: k.hex() for d, k in self._keys.items()}})
