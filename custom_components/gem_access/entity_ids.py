"""The logbook's view of an Access Log row: which entity it belongs to, and nothing personal.

The logbook finds a line for an entity's (and its device's) page by the ``entity_id`` in the
event's data, and every Home Assistant account can read the logbook. So each row is also fired
as ``gem_access_logbook``: the reader's or door's entity, the reader and door names and the
outcome, with no person and a duress grant as an ordinary grant. ``gem_access_event`` (the
contract's event, with the names) is not described in the logbook.
(No imports of the runtime here: access.py uses this module.)
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from homeassistant.const import Platform
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers import entity_registry as er

from .const import DOMAIN

EVENT_LOGBOOK: Final = "gem_access_logbook"
# what the logbook line needs; user and details stay in gem_access_event
LOGBOOK_FIELDS: Final = ("access_type", "result", "reason", "device_name", "door_name")


@callback
def row_entity_id(hass: HomeAssistant, entry_id: str, row: Mapping[str, Any]) -> str | None:
    """The entity an Access Log row belongs to, for the logbook and the bus event.

    A reader's decision belongs to the reader's event entity; a forced or held-open door to that
    problem sensor; a lockdown start or end to the lockdown switch. The logbook finds a line on
    an entity's (and its device's) page by this ``entity_id`` in the event data.
    """
    if row.get("device_id"):
        platform, unique_id = Platform.EVENT, f"{entry_id}-{row['device_id']}-access"
    elif row.get("door_id") and row.get("result") in ("forced", "held_open"):
        platform = Platform.BINARY_SENSOR
        unique_id = f"{entry_id}-{row['door_id']}-{row['result']}"
    elif row.get("reason") == "lockdown" and not row.get("door_id"):
        platform, unique_id = Platform.SWITCH, f"{entry_id}-lockdown"
    else:
        return None
    return er.async_get(hass).async_get_entity_id(platform, DOMAIN, unique_id)


@callback
def logbook_event_data(hass: HomeAssistant, entry_id: str, row: Mapping[str, Any]) -> dict[str, Any]:
    """The logbook event of a row: public fields only, duress shown as an ordinary grant."""
    data = {key: row.get(key) for key in LOGBOOK_FIELDS}
    if data["reason"] == "duress":
        data["reason"] = "success"
    data["entity_id"] = row_entity_id(hass, entry_id, row)
    return data
