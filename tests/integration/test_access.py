"""The access path through a real HA: every reason code, duress, lockdown, cooldown, REX."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
from homeassistant.util import dt as dt_util
from pytest_homeassistant_custom_component.common import async_fire_time_changed

from custom_components.gem_access.logstore.rows import LogFilter

from .conftest import CARD_BOB, PIN_ALICE, PIN_ALICE_DURESS, PIN_BOB, Site, leaks, present

BERLIN_WED_10 = datetime(2026, 11, 25, 10, 0, tzinfo=dt_util.get_time_zone("Europe/Berlin"))


async def rows(site: Site, **filters: Any) -> list[dict[str, Any]]:
    """All rows, newest first."""
    found, _ = await site.entry.runtime_data.logs.async_list(LogFilter(**filters), 1000, None)
    return found


def listen(hass: HomeAssistant, event_type: str) -> list[Any]:
    """Collect bus events of one type."""
    seen: list[Any] = []
    hass.bus.async_listen(event_type, seen.append)
    return seen


async def update(site: Site, collection: str, item: str, **fields: Any) -> None:
    """Change a record through the store (the websocket path is tested elsewhere)."""
    await site.entry.runtime_data.config.async_update(collection, site.ids[item], fields)


async def test_grant_row_event_entity_and_script(hass: HomeAssistant, site: Site) -> None:
    welcome = listen(hass, "test_welcome")
    bus = listen(hass, "gem_access_event")
    response = await present(hass, site.ids["reader"], "rfid", CARD_BOB)
    await hass.async_block_till_done()
    assert response["result"] == "granted" and response["user_id"] == site.ids["bob"]
    # the strike switch was energised and the rule's script ran with the user
    assert hass.states.get("switch.back_strike").state == "on"
    assert welcome[0].data == {"user": "Bob", "result": "granted"}
    row = (await rows(site))[0]
    assert row["id"] == response["log_id"]
    assert row["user_name"] == "Bob" and row["device_name"] == "Back reader"
    assert row["door_name"] == "Back door" and row["access_type"] == "rfid"
    assert "switch.back_strike" in row["action_details"]
    data = bus[0].data
    assert set(data) == {
        "log_id",
        "timestamp",
        "access_type",
        "result",
        "reason",
        "user_id",
        "user_name",
        "device_id",
        "device_name",
        "door_id",
        "door_name",
        "action_details",
    }
    assert not leaks(CARD_BOB.lstrip("0"), str(data))
    event_state = hass.states.get("event.back_reader_access")
    assert event_state.attributes["event_type"] == "granted"
    # entity states are visible to every HA account: no person in them
    assert "Bob" not in str(event_state.attributes)
    assert site.ids["bob"] not in str(event_state.attributes)


async def test_card_with_other_leading_zeros_matches(hass: HomeAssistant, site: Site) -> None:
    assert (await present(hass, site.ids["reader"], "rfid", "12345678"))["result"] == "granted"


@pytest.mark.parametrize(
    ("credential", "access_type", "reason"),
    [
        ("0000", "pin", "unknown_credential"),
        (CARD_BOB, "pin", "unknown_credential"),  # a card number typed on a keypad
        (PIN_BOB, "rfid", "unknown_credential"),
        ("12", "pin", "unknown_credential"),  # malformed: never matches, never raises
    ],
)
async def test_unknown_credentials(
    hass: HomeAssistant, site: Site, credential: str, access_type: str, reason: str
) -> None:
    response = await present(hass, site.ids["keypad"], access_type, credential)
    assert (response["result"], response["reason"], response["user_id"]) == ("denied", reason, None)
    assert hass.states.get("lock.front_lock").state == "locked"


async def test_denial_reasons_through_config(hass: HomeAssistant, site: Site) -> None:
    keypad = site.ids["keypad"]

    await update(site, "users", "bob", enabled=False)
    assert (await present(hass, keypad, "pin", PIN_BOB))["reason"] == "user_disabled"
    await update(site, "users", "bob", enabled=True)

    yesterday = (dt_util.now() - timedelta(days=1)).date().isoformat()
    await update(site, "users", "bob", valid_until=yesterday)
    assert (await present(hass, keypad, "pin", PIN_BOB))["reason"] == "expired"
    await update(site, "users", "bob", valid_until=None)

    await update(site, "rules", "rule", user_ids=[site.ids["alice"]])
    assert (await present(hass, keypad, "pin", PIN_BOB))["reason"] == "not_authorized"

    await update(site, "rules", "rule", enabled=False)
    assert (await present(hass, keypad, "pin", PIN_ALICE))["reason"] == "rule_disabled"

    assert hass.states.get("lock.front_lock").state == "locked"
    reasons = [r["reason"] for r in await rows(site)]
    assert reasons == ["rule_disabled", "not_authorized", "expired", "user_disabled"]


# Frozen before hass starts (the marker puts ``freezer`` first): the whole test, setup included,
# lives on that Wednesday whatever the machine's date.
@pytest.mark.freeze_time(BERLIN_WED_10)
async def test_schedule_reasons(
    hass: HomeAssistant, site: Site, freezer: FrozenDateTimeFactory
) -> None:
    keypad = site.ids["keypad"]
    await update(
        site, "rules", "rule", schedule=[{"days": ["wed"], "start": "12:00", "end": "14:00"}]
    )
    assert (await present(hass, keypad, "pin", PIN_ALICE))["reason"] == "outside_schedule"
    await update(
        site, "rules", "rule", schedule=[{"days": ["sat", "sun"], "start": "08:00", "end": "20:00"}]
    )
    assert (await present(hass, keypad, "pin", PIN_ALICE))["reason"] == "schedule_day"
    # overnight window from Tuesday 22:00 still open at Wednesday 05:30, closed at 06:00
    await update(
        site, "rules", "rule", schedule=[{"days": ["tue"], "start": "22:00", "end": "06:00"}]
    )
    freezer.move_to(BERLIN_WED_10.replace(hour=5, minute=30))
    assert (await present(hass, keypad, "pin", PIN_ALICE))["result"] == "granted"
    freezer.move_to(BERLIN_WED_10.replace(hour=6, minute=0))
    assert (await present(hass, keypad, "pin", PIN_ALICE))["reason"] == "outside_schedule"


# 2026-10-25 is the autumn change in Berlin: 08:00 local is 07:00 UTC that day (was 06:00).
# Frozen there before hass starts, as above.
@pytest.mark.freeze_time("2026-10-25T06:30:00+00:00")  # 07:30 local
async def test_schedule_follows_local_time_across_dst(
    hass: HomeAssistant, site: Site, freezer: FrozenDateTimeFactory
) -> None:
    await update(
        site, "rules", "rule", schedule=[{"days": ["sun"], "start": "08:00", "end": "09:00"}]
    )
    assert (await present(hass, site.ids["keypad"], "pin", PIN_ALICE))[
        "reason"
    ] == "outside_schedule"
    freezer.move_to("2026-10-25T07:00:00+00:00")  # 08:00 local
    assert (await present(hass, site.ids["keypad"], "pin", PIN_ALICE))["result"] == "granted"


async def test_duress_looks_like_a_grant(hass: HomeAssistant, site: Site) -> None:
    welcome = listen(hass, "test_welcome")
    duress = listen(hass, "test_duress")
    normal = await present(hass, site.ids["keypad"], "pin", PIN_ALICE)
    await hass.async_block_till_done()
    unlocked_normally = hass.states.get("lock.front_lock").state
    await hass.services.async_call("lock", "lock", {"entity_id": "lock.front_lock"}, blocking=True)
    forced = await present(hass, site.ids["keypad"], "pin", PIN_ALICE_DURESS)
    await hass.async_block_till_done()
    # at the door: identical outcome (unlocked, same welcome script, same result)
    assert hass.states.get("lock.front_lock").state == unlocked_normally == "unlocked"
    assert forced["result"] == normal["result"] == "granted"
    assert [e.data for e in welcome] == [{"user": "Alice", "result": "granted"}] * 2
    # for automations and the audit: reason duress, duress script ran silently
    assert forced["reason"] == "duress" and forced["user_id"] == site.ids["alice"]
    assert [e.data for e in duress] == [{"user": "Alice"}]
    # every HA account and the tablet by the door see an ordinary grant
    keypad_event = hass.states.get("event.front_keypad_access").attributes
    assert keypad_event["event_type"] == "granted"
    assert "duress" not in str(keypad_event) and "Alice" not in str(keypad_event)
    assert (await rows(site))[0]["reason"] == "duress"


async def test_lockdown_denies_credentials_but_not_exit(hass: HomeAssistant, site: Site) -> None:
    await hass.services.async_call(
        "switch", "turn_on", {"entity_id": "switch.gem_access_lockdown"}, blocking=True
    )
    denied = await present(hass, site.ids["keypad"], "pin", PIN_ALICE)
    assert (denied["result"], denied["reason"]) == ("denied", "lockdown")
    assert hass.states.get("lock.front_lock").state == "locked"
    egress = await present(hass, site.ids["exit"], "rex")
    await hass.async_block_till_done()
    assert (egress["result"], egress["reason"], egress["user_id"]) == ("granted", "success", None)
    assert hass.states.get("lock.front_lock").state == "unlocked"
    assert (await rows(site))[0]["access_type"] == "rex"


async def test_cooldown_and_its_expiry(
    hass: HomeAssistant, site: Site, freezer: FrozenDateTimeFactory
) -> None:
    config = site.entry.runtime_data.config
    await config.async_update_settings(
        {"cooldown_failures": 3, "cooldown_window_s": 60, "cooldown_s": 120}
    )
    keypad, reader = site.ids["keypad"], site.ids["reader"]
    # an exit button that also reads PINs (inside a mantrap): its cooldown must not trap anyone
    await config.async_update("devices", keypad, {"rex_allowed": True})
    for _ in range(3):
        assert (await present(hass, keypad, "pin", "0000"))["reason"] == "unknown_credential"
    # the right PIN is refused now, without being evaluated; another reader is unaffected
    assert (await present(hass, keypad, "pin", PIN_ALICE))["reason"] == "cooldown"
    assert (await present(hass, keypad, "rex"))["result"] == "granted"
    assert (await present(hass, reader, "pin", PIN_BOB))["result"] == "granted"
    freezer.tick(timedelta(seconds=119))
    assert (await present(hass, keypad, "pin", PIN_ALICE))["reason"] == "cooldown"
    freezer.tick(timedelta(seconds=2))
    assert (await present(hass, keypad, "pin", PIN_ALICE))["result"] == "granted"


async def test_failing_actuator_is_an_error_row(hass: HomeAssistant, site: Site) -> None:
    await update(site, "doors", "front", actuator_entity_id="lock.does_not_exist")
    errors_seen = listen(hass, "gem_access_event")
    response = await present(hass, site.ids["keypad"], "pin", PIN_ALICE)
    assert (response["result"], response["reason"]) == ("error", "action_failed")
    row = (await rows(site))[0]
    assert "lock.does_not_exist" in row["action_details"]
    assert errors_seen[0].data["result"] == "error"
    assert hass.states.get("event.front_keypad_access").attributes["event_type"] == "error"


async def test_failing_script_is_an_error_row(hass: HomeAssistant, site: Site) -> None:
    await update(site, "rules", "rule", script_entity_id="script.missing")
    response = await present(hass, site.ids["keypad"], "pin", PIN_ALICE)
    assert (response["result"], response["reason"]) == ("error", "action_failed")


async def test_duress_survives_a_failing_action(hass: HomeAssistant, site: Site) -> None:
    await update(site, "doors", "front", actuator_entity_id="lock.does_not_exist")
    duress = listen(hass, "test_duress")
    response = await present(hass, site.ids["keypad"], "pin", PIN_ALICE_DURESS)
    await hass.async_block_till_done()
    assert (response["result"], response["reason"]) == ("granted", "duress")
    assert duress


async def test_switch_strike_released_for_strike_time(
    hass: HomeAssistant, site: Site, freezer: FrozenDateTimeFactory
) -> None:
    await present(hass, site.ids["reader"], "pin", PIN_BOB)
    await hass.async_block_till_done()
    assert hass.states.get("switch.back_strike").state == "on"
    assert hass.states.get("lock.back_door_lock").state == "unlocked"
    freezer.tick(timedelta(seconds=3.5))
    async_fire_time_changed(hass)
    await hass.async_block_till_done()
    await hass.async_block_till_done()  # the actuator's state change reaches the lock entity
    assert hass.states.get("switch.back_strike").state == "off"
    assert hass.states.get("lock.back_door_lock").state == "locked"


async def test_today_sensor_counts_and_links(hass: HomeAssistant, site: Site) -> None:
    await present(hass, site.ids["keypad"], "pin", PIN_ALICE)
    await present(hass, site.ids["keypad"], "pin", "0000")
    await hass.async_block_till_done()
    state = hass.states.get("sensor.gem_access_access_events_today")
    assert state.state == "2"
    assert state.attributes["url"] == "/gem-access?range=today"


async def test_remote_unlock_is_logged(hass: HomeAssistant, site: Site) -> None:
    await hass.services.async_call(
        "lock", "unlock", {"entity_id": "lock.front_door_lock"}, blocking=True
    )
    await hass.async_block_till_done()
    assert hass.states.get("lock.front_lock").state == "unlocked"
    row = (await rows(site))[0]
    assert (row["result"], row["door_id"], row["access_type"]) == (
        "granted",
        site.ids["front"],
        None,
    )
    assert "remote unlock" in row["action_details"]
