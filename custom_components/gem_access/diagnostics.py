"""Diagnostics: configuration and recent activity, with credentials and personal data redacted."""

from __future__ import annotations

from typing import Any

from homeassistant.components.diagnostics import async_redact_data
from homeassistant.core import HomeAssistant

from .logstore.rows import LogFilter
from .types import GemAccessConfigEntry

TO_REDACT = {
    "pins",
    "duress_pins",
    "rfid_cards",
    "secret",
    "name",
    "user_name",
    "facial_recognition_embedding",
    "snapshot",
    "driver_options",
    "valid_from",
    "valid_until",
}


async def async_get_config_entry_diagnostics(
    hass: HomeAssistant, entry: GemAccessConfigEntry
) -> dict[str, Any]:
    """Return redacted diagnostics."""
    runtime = entry.runtime_data
    data = runtime.config.data
    rows, _ = await runtime.logs.async_list(LogFilter(), 20, None)
    return {
        "settings": runtime.config.settings,
        "users": async_redact_data(list(data["users"].values()), TO_REDACT),
        "doors": list(data["doors"].values()),
        "devices": async_redact_data(list(data["devices"].values()), TO_REDACT),
        "rules": list(data["rules"].values()),
        "lockdown": runtime.controller.lockdown,
        "recent_rows": async_redact_data(rows, TO_REDACT),
    }
