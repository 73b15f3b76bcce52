"""Door contacts: forced openings, held-open reminders, and a restart with the door open."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.common import async_fire_time_changed

from custom_components.gem_access.logstore.rows import LogFilter

from .conftest import PIN_ALICE, Site, present

CONTACT = "input_boolean.front_contact"


async def door_rows(site: Site) -> list[dict[str, Any]]:
    """Forced / held-open rows, oldest first."""
    found, _ = await site.entry.runtime_data.logs.async_list(LogFilter(), 1000, None)
    return [r for r in reversed(found) if r["result"] in ("forced", "held_open")]


async def set_contact(hass: HomeAssistant, is_open: bool) -> None:
    """Open or close the demo contact (the template door sensor follows it)."""
    await hass.services.async_call(
        "input_boolean",
        "turn_on" if is_open else "turn_off",
        {"entity_id": CONTACT},
        blocking=True,
    )
    await hass.async_block_till_done()
    await hass.async_block_till_done()


async def advance(hass: HomeAssistant, freezer: FrozenDateTimeFactory, seconds: float) -> None:
    """Let time pass and run whatever timers fell due."""
    freezer.tick(timedelta(seconds=seconds))
    async_fire_time_changed(hass)
    await hass.async_block_till_done()
    await hass.async_block_till_done()


async def test_opening_without_unlock_is_forced(hass: HomeAssistant, site: Site) -> None:
    events: list[Any] = []
    hass.bus.async_listen("gem_access_event", events.append)
    await set_contact(hass, True)
    rows = await door_rows(site)
    assert [(r["result"], r["reason"], r["access_type"]) for r in rows] == [
        ("forced", "forced_door", None)
    ]
    assert rows[0]["door_id"] == site.ids["front"]
    assert hass.states.get("binary_sensor.front_door_forced").state == "on"
    assert hass.states.get("binary_sensor.front_door_door").state == "on"
    assert events[-1].data["result"] == "forced"
    await set_contact(hass, False)
    assert hass.states.get("binary_sensor.front_door_forced").state == "off"
    assert hass.states.get("binary_sensor.front_door_door").state == "off"


async def test_opening_within_grace_is_not_forced(
    hass: HomeAssistant, site: Site, freezer: FrozenDateTimeFactory
) -> None:
    await present(hass, site.ids["keypad"], "pin", PIN_ALICE)
    await advance(hass, freezer, 9)
    await set_contact(hass, True)
    assert await door_rows(site) == []
    assert hass.states.get("binary_sensor.front_door_forced").state == "off"


async def test_exit_request_authorises_opening(hass: HomeAssistant, site: Site) -> None:
    await present(hass, site.ids["keypad"], "rex")
    await set_contact(hass, True)
    assert await door_rows(site) == []


async def test_opening_after_grace_is_forced(
    hass: HomeAssistant, site: Site, freezer: FrozenDateTimeFactory
) -> None:
    await present(hass, site.ids["keypad"], "pin", PIN_ALICE)
    await advance(hass, freezer, 11)
    await set_contact(hass, True)
    assert [r["result"] for r in await door_rows(site)] == ["forced"]


async def test_held_open_reminds_until_closed(
    hass: HomeAssistant, site: Site, freezer: FrozenDateTimeFactory
) -> None:
    # door threshold 30 s (site fixture)
    await present(hass, site.ids["keypad"], "pin", PIN_ALICE)
    await set_contact(hass, True)
    await advance(hass, freezer, 29)
    assert await door_rows(site) == []
    assert hass.states.get("binary_sensor.front_door_held_open").state == "off"
    await advance(hass, freezer, 2)
    rows = await door_rows(site)
    assert [(r["result"], r["reason"]) for r in rows] == [("held_open", "held_open")]
    assert hass.states.get("binary_sensor.front_door_held_open").state == "on"
    # re-armed: one reminder per threshold while the door stays open
    await advance(hass, freezer, 30)
    await advance(hass, freezer, 30)
    assert len(await door_rows(site)) == 3
    await set_contact(hass, False)
    assert hass.states.get("binary_sensor.front_door_held_open").state == "off"
    await advance(hass, freezer, 120)
    assert len(await door_rows(site)) == 3


async def test_rule_threshold_beats_door_and_default(
    hass: HomeAssistant, site: Site, freezer: FrozenDateTimeFactory
) -> None:
    config = site.entry.runtime_data.config
    await config.async_update("rules", site.ids["rule"], {"held_open_threshold_sec": 10})
    await present(hass, site.ids["keypad"], "pin", PIN_ALICE)
    await set_contact(hass, True)
    await advance(hass, freezer, 11)
    assert [r["result"] for r in await door_rows(site)] == ["held_open"]
    await set_contact(hass, False)
    # without a grant (forced), the door's own 30 s applies; without it, the default setting
    await config.async_update("doors", site.ids["front"], {"held_open_threshold_sec": None})
    await config.async_update_settings({"default_held_open_threshold_sec": 20})
    await advance(hass, freezer, 60)
    await set_contact(hass, True)
    await advance(hass, freezer, 19)
    assert [r["result"] for r in await door_rows(site)] == ["held_open", "forced"]
    await advance(hass, freezer, 2)
    assert [r["result"] for r in await door_rows(site)] == ["held_open", "forced", "held_open"]


async def test_restart_with_door_open_keeps_timing(
    hass: HomeAssistant, site: Site, freezer: FrozenDateTimeFactory
) -> None:
    await present(hass, site.ids["keypad"], "pin", PIN_ALICE)
    await set_contact(hass, True)
    await advance(hass, freezer, 20)
    assert await hass.config_entries.async_reload(site.entry.entry_id)
    await hass.async_block_till_done()
    # not forced after the restart, and the held-open report comes 30 s after the real opening
    assert await door_rows(site) == []
    assert hass.states.get("binary_sensor.front_door_door").state == "on"
    await advance(hass, freezer, 9)
    assert await door_rows(site) == []
    await advance(hass, freezer, 2)
    assert [r["result"] for r in await door_rows(site)] == ["held_open"]
