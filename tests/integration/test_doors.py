"""Door contacts: forced openings, held-open reminders, a restart with the door open, contact outages."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.const import EVENT_HOMEASSISTANT_STARTED
from homeassistant.core import CoreState, HomeAssistant
from homeassistant.helpers import issue_registry as ir
from pytest_homeassistant_custom_component.common import async_fire_time_changed

from custom_components.gem_access.const import DOMAIN
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
    assert hass.states.get("binary_sensor.front_door").state == "on"
    assert events[-1].data["result"] == "forced"
    await set_contact(hass, False)
    assert hass.states.get("binary_sensor.front_door_forced").state == "off"
    assert hass.states.get("binary_sensor.front_door").state == "off"


async def test_opening_within_grace_is_not_forced(
    hass: HomeAssistant, site: Site, freezer: FrozenDateTimeFactory
) -> None:
    await present(hass, site.ids["keypad"], "pin", PIN_ALICE)
    await advance(hass, freezer, 9)
    await set_contact(hass, True)
    assert await door_rows(site) == []
    assert hass.states.get("binary_sensor.front_door_forced").state == "off"


async def test_exit_request_authorises_opening(hass: HomeAssistant, site: Site) -> None:
    await present(hass, site.ids["exit"], "rex")
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
    assert hass.states.get("binary_sensor.front_door").state == "on"
    await advance(hass, freezer, 9)
    assert await door_rows(site) == []
    await advance(hass, freezer, 2)
    assert [r["result"] for r in await door_rows(site)] == ["held_open"]


# --- one grant, one opening ---------------------------------------------------------------------

CONTACT_SENSOR = "binary_sensor.front_door_contact"
ACTUATOR = "lock.front_lock"
GEM_LOCK = "lock.front_door_lock"
DOOR_SENSORS = (
    "binary_sensor.front_door",
    "binary_sensor.front_door_forced",
    "binary_sensor.front_door_held_open",
)


async def door_event_rows(site: Site) -> list[tuple[str, str, str | None]]:
    """(result, reason, action_details) of the rows no reader made (door events), oldest first."""
    found, _ = await site.entry.runtime_data.logs.async_list(LogFilter(), 1000, None)
    return [
        (r["result"], r["reason"], r["action_details"])
        for r in reversed(found)
        if r["device_id"] is None and r["result"] in ("forced", "held_open", "error")
    ]


async def set_contact_state(hass: HomeAssistant, state: str) -> None:
    """Make the contact sensor report ``state`` directly (unavailable, unknown, on, off)."""
    hass.states.async_set(CONTACT_SENSOR, state, {"device_class": "door"})
    await hass.async_block_till_done()
    await hass.async_block_till_done()


def contact_issue(hass: HomeAssistant, site: Site) -> ir.IssueEntry | None:
    return ir.async_get(hass).async_get_issue(DOMAIN, f"contact_unavailable_{site.ids['front']}")


async def test_one_grant_admits_one_opening(hass: HomeAssistant, site: Site) -> None:
    assert (await present(hass, site.ids["keypad"], "pin", PIN_ALICE))["result"] == "granted"
    await set_contact(hass, True)
    await set_contact(hass, False)
    assert await door_rows(site) == []
    # someone follows through the same grant: the door opens a second time
    await set_contact(hass, True)
    rows = await door_rows(site)
    assert [(r["result"], r["reason"]) for r in rows] == [("forced", "forced_door")]
    assert hass.states.get("binary_sensor.front_door_forced").state == "on"


async def test_unlock_that_failed_authorises_nothing(hass: HomeAssistant, site: Site) -> None:
    hass.states.async_set(ACTUATOR, "unavailable")
    response = await present(hass, site.ids["keypad"], "pin", PIN_ALICE)
    assert (response["result"], response["reason"]) == ("error", "action_failed")
    await set_contact(hass, True)
    assert [r["result"] for r in await door_rows(site)] == ["forced"]


async def test_door_without_actuator_is_released_at_once(hass: HomeAssistant, site: Site) -> None:
    config = site.entry.runtime_data.config
    await config.async_update("doors", site.ids["front"], {"actuator_entity_id": None})
    await present(hass, site.ids["keypad"], "pin", PIN_ALICE)
    await set_contact(hass, True)
    assert await door_rows(site) == []


# --- contact outages ------------------------------------------------------------------------------


async def test_contact_outage_is_logged_once_and_raises_an_issue(
    hass: HomeAssistant, site: Site
) -> None:
    events: list[Any] = []
    hass.bus.async_listen("gem_access_event", events.append)
    await set_contact_state(hass, "unavailable")
    await set_contact_state(hass, "unknown")
    await set_contact_state(hass, "unavailable")
    assert await door_event_rows(site) == [
        ("error", "device_error", f"door contact unavailable: {CONTACT_SENSOR}")
    ]
    [row], _ = await site.entry.runtime_data.logs.async_list(LogFilter(), 10, None)
    assert (row["device_id"], row["door_id"]) == (None, site.ids["front"])
    assert events[-1].data["reason"] == "device_error"
    issue = contact_issue(hass, site)
    assert issue is not None
    assert issue.translation_key == "contact_unavailable"
    assert issue.severity is ir.IssueSeverity.ERROR
    # nobody can tell whether the door is open: the door sensors say so
    for entity_id in DOOR_SENSORS:
        assert hass.states.get(entity_id).state == "unavailable", entity_id

    await set_contact_state(hass, "off")
    assert contact_issue(hass, site) is None
    assert [hass.states.get(e).state for e in DOOR_SENSORS] == ["off", "off", "off"]
    # a new outage is a new row
    await set_contact_state(hass, "unavailable")
    assert [r[1] for r in await door_event_rows(site)] == ["device_error", "device_error"]


async def test_door_closed_before_outage_and_open_after_is_forced(
    hass: HomeAssistant, site: Site
) -> None:
    await set_contact_state(hass, "unavailable")
    await set_contact_state(hass, "on")
    rows = await door_event_rows(site)
    assert [r[:2] for r in rows] == [("error", "device_error"), ("forced", "forced_door")]
    assert "came back" in (rows[1][2] or "")
    assert hass.states.get("binary_sensor.front_door_forced").state == "on"
    assert hass.states.get("binary_sensor.front_door").state == "on"
    assert contact_issue(hass, site) is None


async def test_grant_during_outage_admits_the_opening_found_after(
    hass: HomeAssistant, site: Site, freezer: FrozenDateTimeFactory
) -> None:
    await set_contact_state(hass, "unavailable")
    assert (await present(hass, site.ids["keypad"], "pin", PIN_ALICE))["result"] == "granted"
    await advance(hass, freezer, 60)
    await set_contact_state(hass, "on")
    assert [r[:2] for r in await door_event_rows(site)] == [("error", "device_error")]
    assert hass.states.get("binary_sensor.front_door_forced").state == "off"


async def test_outage_is_not_logged_again_after_a_reload(hass: HomeAssistant, site: Site) -> None:
    await set_contact_state(hass, "unavailable")
    assert await hass.config_entries.async_reload(site.entry.entry_id)
    await hass.async_block_till_done()
    assert len(await door_event_rows(site)) == 1
    assert contact_issue(hass, site) is not None
    assert hass.states.get("binary_sensor.front_door").state == "unavailable"
    # what was known before the outage (closed) survives the reload
    await set_contact_state(hass, "on")
    assert [r[:2] for r in await door_event_rows(site)][1:] == [("forced", "forced_door")]
    assert contact_issue(hass, site) is None


async def test_lock_secured_after_strike_while_contact_unavailable(
    hass: HomeAssistant, site: Site, freezer: FrozenDateTimeFactory
) -> None:
    await present(hass, site.ids["keypad"], "pin", PIN_ALICE)
    assert hass.states.get(ACTUATOR).state == "unlocked"
    await set_contact(hass, True)
    await set_contact_state(hass, "unavailable")
    await advance(hass, freezer, 6)  # strike time 5 s
    assert hass.states.get(ACTUATOR).state == "locked"


async def test_lock_waiting_for_close_is_secured_when_contact_goes(
    hass: HomeAssistant, site: Site, freezer: FrozenDateTimeFactory
) -> None:
    await present(hass, site.ids["keypad"], "pin", PIN_ALICE)
    await set_contact(hass, True)
    await advance(hass, freezer, 6)
    # a bolt thrown into an open door jams it: GEM waits for the close...
    assert hass.states.get(ACTUATOR).state == "unlocked"
    # ...which it can no longer see
    await set_contact_state(hass, "unavailable")
    assert hass.states.get(ACTUATOR).state == "locked"


# --- entities tell the truth -----------------------------------------------------------------------


async def test_gem_lock_is_unavailable_with_its_actuator(hass: HomeAssistant, site: Site) -> None:
    assert hass.states.get(GEM_LOCK).state == "locked"
    for state in ("unavailable", "unknown"):
        hass.states.async_set(ACTUATOR, state)
        await hass.async_block_till_done()
        assert hass.states.get(GEM_LOCK).state == "unavailable", state
    hass.states.async_remove(ACTUATOR)
    await hass.async_block_till_done()
    assert hass.states.get(GEM_LOCK).state == "unavailable"
    hass.states.async_set(ACTUATOR, "locked")
    await hass.async_block_till_done()
    assert hass.states.get(GEM_LOCK).state == "locked"


async def test_contact_unavailable_at_start_up_is_judged_once_ha_has_started(
    hass: HomeAssistant, site: Site
) -> None:
    assert await hass.config_entries.async_unload(site.entry.entry_id)
    await set_contact_state(hass, "unavailable")
    hass.set_state(CoreState.starting)
    assert await hass.config_entries.async_setup(site.entry.entry_id)
    await hass.async_block_till_done()
    # restored entities are unavailable until their integration loads: not an outage yet
    assert await door_event_rows(site) == []
    assert contact_issue(hass, site) is None
    hass.set_state(CoreState.running)
    hass.bus.async_fire(EVENT_HOMEASSISTANT_STARTED)
    await hass.async_block_till_done()
    assert [r[:2] for r in await door_event_rows(site)] == [("error", "device_error")]
    assert contact_issue(hass, site) is not None
