"""Describe GEM Access events in the logbook."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from homeassistant.components.logbook import (
    LOGBOOK_ENTRY_ENTITY_ID,
    LOGBOOK_ENTRY_MESSAGE,
    LOGBOOK_ENTRY_NAME,
)
from homeassistant.core import Event, HomeAssistant, callback

from .const import DOMAIN, NAME
from .entity_ids import EVENT_LOGBOOK


@callback
def async_describe_events(
    hass: HomeAssistant,
    async_describe_event: Callable[[str, str, Callable[[Event], dict[str, str]]], None],
) -> None:
    """Describe access events."""

    @callback
    def describe(event: Event) -> dict[str, str]:
        line = {
            LOGBOOK_ENTRY_NAME: str(event.data.get("door_name") or NAME),
            LOGBOOK_ENTRY_MESSAGE: describe_access(event.data),
        }
        if entity_id := event.data.get("entity_id"):
            line[LOGBOOK_ENTRY_ENTITY_ID] = str(entity_id)
        return line

    async_describe_event(DOMAIN, EVENT_LOGBOOK, describe)


def describe_access(data: Mapping[str, Any]) -> str:
    """One line for a log row.

    The logbook is readable by every Home Assistant user, while the Access Log is for admins:
    so the line names the reader and the outcome, never the person, and a duress grant reads
    exactly like any other grant.
    """
    where = data.get("device_name") or data.get("door_name") or "door"
    result, reason = data.get("result"), data.get("reason")
    if reason == "lockdown" and not data.get("device_name") and not data.get("door_name"):
        # the switch's own rows (access.async_set_lockdown): denied = started, granted = ended
        return "lockdown started" if result == "denied" else "lockdown ended"
    if result == "forced":
        return "was forced open"
    if result == "held_open":
        return "was held open"
    if result == "granted" and data.get("access_type") == "rex":
        return f"exit request at {where}"
    if result == "granted":
        return f"access granted at {where}"
    if result == "denied":
        return f"access denied at {where} ({reason})"
    return f"access error at {where} ({reason})"
