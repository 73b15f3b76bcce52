"""End to end: a PIN at a reader opens the door, is logged, announced and shown."""

from __future__ import annotations

from homeassistant.core import HomeAssistant

from .conftest import PIN_ALICE, Site, present


async def test_pin_grant_unlocks_and_logs(hass: HomeAssistant, site: Site) -> None:
    events = []
    hass.bus.async_listen("gem_access_event", events.append)
    response = await present(hass, site.ids["keypad"], "pin", PIN_ALICE)
    assert response["result"] == "granted"
    assert response["reason"] == "success"
    assert response["user_id"] == site.ids["alice"]
    await hass.async_block_till_done()
    assert hass.states.get("lock.front_lock").state == "unlocked"
    assert events and events[0].data["log_id"] == response["log_id"]
    rows, _ = await site.entry.runtime_data.logs.async_list(
        __import__(
            "custom_components.gem_access.logstore.rows", fromlist=["LogFilter"]
        ).LogFilter(),
        10,
        None,
    )
    assert rows[0]["id"] == response["log_id"]
