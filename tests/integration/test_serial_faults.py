"""A Wiegand keypad with a stuck key: the endless PIN opens nothing, logs no attempt (it is no
one's credential), is counted for the installer in diagnostics, and the next PIN works. The
count goes with the reader when it is deleted."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.components.diagnostics import (
    get_diagnostics_for_config_entry,
)

from custom_components.gem_access.core.keypad import PIN_MAX_DIGITS

from .conftest import PIN_ALICE, Site
from .test_readers import Pty, add_reader, all_rows, keys, ptys, wait_port_open, wait_row

__all__ = ["ptys"]  # the fixture, used by name


async def dropped_frames(hass: HomeAssistant, hass_client: Any, site: Site) -> dict[str, Any]:
    diagnostics = await get_diagnostics_for_config_entry(hass, hass_client, site.entry)
    return {
        device_id: status["dropped_frames"]
        for device_id, status in diagnostics["driver_status"].items()
        if status.get("dropped_frames")
    }


async def test_a_stuck_key_is_counted_not_presented(
    hass: HomeAssistant, hass_client: Any, site: Site, ptys: Callable[[], Pty]
) -> None:
    pty = ptys()
    reader = await add_reader(site, "Gate", "front", "serial", port=pty.path, format="wiegand26")
    await wait_port_open(pty)

    pty.send(keys("1" * (PIN_MAX_DIGITS + 8) + "#"))
    pty.send(keys(PIN_ALICE + "#"))
    rows = await wait_row(hass, site, device_id=reader)
    assert [(r["result"], r["user_id"]) for r in rows] == [("granted", site.ids["alice"])]
    assert await pty.reply() == b"OK\n"
    assert len(await all_rows(site, device_id=reader)) == 1

    drops = await dropped_frames(hass, hass_client, site)
    assert list(drops.values()) == [{"keypad_overflow": 1}]

    await site.entry.runtime_data.config.async_delete("devices", reader)
    await hass.async_block_till_done()
    assert await dropped_frames(hass, hass_client, site) == {}
