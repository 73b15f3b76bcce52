"""A throw-away custom integration for bench/crash_durability.py: the recorder's live PRAGMAs.

Not part of the product and never installed anywhere but the bench's temporary config
directory: crash_durability.py copies this file to
``<config>/custom_components/gem_crash_probe/__init__.py`` (next to a symlink to the real
``gem_access``) and adds ``gem_crash_probe:`` to that configuration.yaml.

It registers one admin websocket command, ``gem_crash_probe/pragmas``, that runs
``PRAGMA journal_mode`` / ``synchronous`` / ... through a session of the recorder's own engine on
the recorder's DB executor -- the same pooled connections (and the same per-connection settings
the recorder applies when it opens them) that ``gem_access`` writes its rows through. A second
sqlite3 connection opened from outside cannot see ``synchronous``: it is per connection.
"""

from __future__ import annotations

from typing import Any

import voluptuous as vol
from homeassistant.components import websocket_api
from homeassistant.core import HomeAssistant
from homeassistant.helpers.recorder import get_instance
from homeassistant.helpers.typing import ConfigType
from sqlalchemy import text

DOMAIN = "gem_crash_probe"

MANIFEST = {
    "domain": DOMAIN,
    "name": "gem_access crash bench probe",
    "version": "0.0.1",
    "documentation": "https://example.invalid/gem_crash_probe",
    "codeowners": [],
    "dependencies": ["recorder", "websocket_api"],
    "iot_class": "local_push",
    "requirements": [],
}

CONFIG_SCHEMA = vol.Schema({DOMAIN: vol.Schema({})}, extra=vol.ALLOW_EXTRA)

_SYNCHRONOUS = {0: "OFF", 1: "NORMAL", 2: "FULL", 3: "EXTRA"}


def _pragmas(instance: Any) -> dict[str, Any]:
    session = instance.get_session()
    try:
        conn = session.connection()
        dialect = conn.dialect.name
        out: dict[str, Any] = {"dialect": dialect, "commit_interval": instance.commit_interval}
        if dialect == "sqlite":
            for name in (
                "journal_mode",
                "synchronous",
                "wal_autocheckpoint",
                "busy_timeout",
                "locking_mode",
            ):
                out[name] = conn.execute(text(f"PRAGMA {name}")).scalar()
            out["synchronous_name"] = _SYNCHRONOUS.get(out["synchronous"], str(out["synchronous"]))
        return out
    finally:
        session.close()


async def async_setup(hass: HomeAssistant, config: ConfigType) -> bool:
    """Register the command."""

    @websocket_api.require_admin
    @websocket_api.websocket_command({vol.Required("type"): f"{DOMAIN}/pragmas"})
    @websocket_api.async_response
    async def _ws_pragmas(hass: HomeAssistant, connection: Any, msg: dict[str, Any]) -> None:
        instance = get_instance(hass)
        await instance.async_db_ready
        result = await instance.async_add_executor_job(_pragmas, instance)
        connection.send_result(msg["id"], result)

    websocket_api.async_register_command(hass, _ws_pragmas)
    return True
