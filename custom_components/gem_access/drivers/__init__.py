"""Reader drivers behind one registry: one module per driver, the manager in ``manager.py``.

``serial`` (line protocol and Wiegand frames), ``ha_tag`` (HA tag scanners), ``virtual`` (the
``present_credential`` action) and ``osdp`` (``osdp_readers.py`` over ``osdp.py``). Each driver's
options are described once in ``core/drivers.py``.
"""

from __future__ import annotations

from typing import Any

import voluptuous as vol
from homeassistant.components import websocket_api
from homeassistant.components.websocket_api import ActiveConnection
from homeassistant.core import HomeAssistant, callback

from ..core.drivers import descriptions_json
from .base import INPUT_QUEUE_MAX, InputQueue, QueuedInput
from .manager import DRIVER_CLASSES, OFFLINE_REPAIR_S, ReaderManager

__all__ = [
    "DRIVER_CLASSES",
    "INPUT_QUEUE_MAX",
    "OFFLINE_REPAIR_S",
    "InputQueue",
    "QueuedInput",
    "ReaderManager",
    "async_register_websocket",
]

WS_DRIVERS_LIST = "gem_access/drivers/list"


@websocket_api.require_admin
@websocket_api.websocket_command({vol.Required("type"): WS_DRIVERS_LIST})
@callback
def ws_drivers_list(hass: HomeAssistant, connection: ActiveConnection, msg: dict[str, Any]) -> None:
    """The drivers and their options, as the panel's reader form shows them."""
    connection.send_result(msg["id"], {"drivers": descriptions_json()})


@callback
def async_register_websocket(hass: HomeAssistant) -> None:
    """Register ``gem_access/drivers/list``."""
    websocket_api.async_register_command(hass, ws_drivers_list)
