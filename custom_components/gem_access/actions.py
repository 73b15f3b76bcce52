"""What a grant does in Home Assistant: open the door's actuator and run the rule's scripts."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from homeassistant.const import STATE_UNAVAILABLE, STATE_UNKNOWN
from homeassistant.core import Context, HomeAssistant
from homeassistant.exceptions import HomeAssistantError

from .core.models import Door

_LOGGER = logging.getLogger(__name__)

# A lock that has not answered in this time is treated as failed; the row then says so.
ACTION_TIMEOUT_S = 10.0


class ActionError(Exception):
    """An action could not be carried out; the text goes into the log row."""


async def _call(
    hass: HomeAssistant, domain: str, service: str, data: dict[str, Any], context: Context | None
) -> None:
    try:
        async with asyncio.timeout(ACTION_TIMEOUT_S):
            await hass.services.async_call(domain, service, data, blocking=True, context=context)
    except TimeoutError as err:
        raise ActionError(f"{domain}.{service} timed out") from err
    except (HomeAssistantError, ValueError) as err:
        raise ActionError(f"{domain}.{service} failed: {err}") from err


async def async_release(hass: HomeAssistant, door: Door, context: Context | None) -> str:
    """Unlock the door's lock or energise its strike; return what was done."""
    entity_id = door.actuator_entity_id
    if entity_id is None:
        return "no actuator configured"
    state = hass.states.get(entity_id)
    if state is None or state.state in (STATE_UNAVAILABLE, STATE_UNKNOWN):
        raise ActionError(f"{entity_id} is unavailable")
    if entity_id.startswith("lock."):
        await _call(hass, "lock", "unlock", {"entity_id": entity_id}, context)
        return f"unlocked {entity_id}"
    await _call(hass, "switch", "turn_on", {"entity_id": entity_id}, context)
    return f"energised {entity_id} for {door.strike_time_s:g} s"


async def async_secure(hass: HomeAssistant, door: Door, context: Context | None) -> None:
    """Lock the door again (end of the strike time); failures are logged, not raised."""
    entity_id = door.actuator_entity_id
    if entity_id is None or hass.states.get(entity_id) is None:
        return
    try:
        if entity_id.startswith("lock."):
            await _call(hass, "lock", "lock", {"entity_id": entity_id}, context)
        else:
            await _call(hass, "switch", "turn_off", {"entity_id": entity_id}, context)
    except ActionError as err:
        _LOGGER.warning("Could not secure door %s again: %s", door.name, err)


async def async_run_script(
    hass: HomeAssistant, script_entity_id: str, variables: dict[str, Any], context: Context | None
) -> None:
    """Start a script with variables; it runs on after this returns."""
    if hass.states.get(script_entity_id) is None:
        raise ActionError(f"{script_entity_id} does not exist")
    await _call(
        hass, "script", "turn_on", {"entity_id": script_entity_id, "variables": variables}, context
    )
