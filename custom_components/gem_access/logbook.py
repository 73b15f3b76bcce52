"""Describe GEM Access events in the logbook."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from homeassistant.components.logbook import LOGBOOK_ENTRY_MESSAGE, LOGBOOK_ENTRY_NAME
from homeassistant.core import Event, HomeAssistant, callback

from .const import DOMAIN, EVENT_ACCESS, NAME


@callback
def async_describe_events(
    hass: HomeAssistant,
    async_describe_event: Callable[[str, str, Callable[[Event], dict[str, str]]], None],
) -> None:
    """Describe access events."""

    @callback
    def describe(event: Event) -> dict[str, str]:
        return {
            LOGBOOK_ENTRY_NAME: str(event.data.get("door_name") or NAME),
            LOGBOOK_ENTRY_MESSAGE: describe_access(event.data),
        }

    async_describe_event(DOMAIN, EVENT_ACCESS, describe)


def describe_access(data: Mapping[str, Any]) -> str:
    """One line for a log row."""
    who = data.get("user_name") or "unknown user"
    where = data.get("device_name") or data.get("door_name") or "door"
    result, reason = data.get("result"), data.get("reason")
    if result == "forced":
        return "was forced open"
    if result == "held_open":
        return "was held open"
    if result == "granted" and data.get("access_type") == "rex":
        return f"exit request at {where}"
    if result == "granted":
        # the logbook is visible to every HA user: a duress grant reads as a normal grant here
        return f"access granted to {who} at {where}"
    if result == "denied":
        return f"access denied at {where} ({reason})"
    return f"access error at {where} ({reason})"
