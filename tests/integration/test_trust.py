"""Who may open a door from Home Assistant: lock codes, the lockdown switch, REX, duress, brute force."""

from __future__ import annotations

import re
from typing import Any

import pytest
from homeassistant.auth.models import User
from homeassistant.core import Context, HomeAssistant
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers import issue_registry as ir
from pytest_homeassistant_custom_component.typing import WebSocketGenerator

from custom_components.gem_access.const import DOMAIN, STORAGE_KEY
from custom_components.gem_access.logstore.rows import LogFilter

from .conftest import (
    PIN_ALICE,
    PIN_ALICE_DURESS,
    PIN_BOB,
    Site,
    add_gem_entry,
    present,
)

GEM_LOCK = "lock.front_door_lock"
LOCKDOWN = "switch.gem_access_lockdown"


async def rows(site: Site, **filters: Any) -> list[dict[str, Any]]:
    found, _ = await site.entry.runtime_data.logs.async_list(LogFilter(**filters), 1000, None)
    return found


@pytest.fixture
async def tenant(hass: HomeAssistant, hass_owner_user: User) -> User:
    """An ordinary HA account (not an admin): it controls every entity, like a wall tablet.

    The owner exists first: HA makes the first user it creates the owner, an admin.
    """
    user = await hass.auth.async_create_user("Tenant", group_ids=["system-users"])
    assert not user.is_admin
    return user


async def unlock(hass: HomeAssistant, context: Context | None, code: str | None = None) -> None:
    data: dict[str, Any] = {"entity_id": GEM_LOCK}
    if code is not None:
        data["code"] = code
    await hass.services.async_call("lock", "unlock", data, blocking=True, context=context)
    await hass.async_block_till_done()


# --- remote unlock ------------------------------------------------------------------------------


async def test_lock_offers_a_keypad_that_also_accepts_no_code(hass: HomeAssistant, site: Site) -> None:
    code_format = hass.states.get(GEM_LOCK).attributes["code_format"]
    assert re.fullmatch(code_format, "")
    assert re.fullmatch(code_format, PIN_ALICE)
    assert not re.fullmatch(code_format, "12ab")


async def test_non_admin_needs_a_code(hass: HomeAssistant, site: Site, tenant: User) -> None:
    with pytest.raises(HomeAssistantError, match="PIN"):
        await unlock(hass, Context(user_id=tenant.id))
    assert hass.states.get("lock.front_lock").state == "locked"
    assert await rows(site) == []  # asking without a code is not an attempt


async def test_non_admin_with_a_wrong_code_is_refused_and_logged(
    hass: HomeAssistant, site: Site, tenant: User
) -> None:
    context = Context(user_id=tenant.id)
    with pytest.raises(HomeAssistantError, match="logged"):
        await unlock(hass, context, "0000")
    assert hass.states.get("lock.front_lock").state == "locked"
    row = (await rows(site))[0]
    assert (row["result"], row["reason"], row["door_id"]) == (
        "denied",
        "unknown_credential",
        site.ids["front"],
    )
    assert (row["ha_user_id"], row["context_id"]) == (tenant.id, context.id)
    assert "Tenant" in row["action_details"]
    # Bob's PIN is real but Bob has no rule at the front door's readers... he does (Staff): so
    # use a PIN of a user no rule covers at this door instead
    await site.entry.runtime_data.config.async_update(
        "rules", site.ids["rule"], {"device_ids": [site.ids["reader"]]}
    )
    with pytest.raises(HomeAssistantError):
        await unlock(hass, context, PIN_BOB)
    row = (await rows(site))[0]
    assert (row["reason"], row["user_id"]) == ("not_authorized", site.ids["bob"])
    assert hass.states.get("lock.front_lock").state == "locked"


async def test_wrong_codes_count_toward_a_cooldown(
    hass: HomeAssistant, site: Site, tenant: User
) -> None:
    await site.entry.runtime_data.config.async_update_settings(
        {"cooldown_failures": 3, "cooldown_window_s": 60, "cooldown_s": 120}
    )
    alarms: list[Any] = []
    hass.bus.async_listen("gem_access_brute_force", alarms.append)
    context = Context(user_id=tenant.id)
    for _ in range(3):
        with pytest.raises(HomeAssistantError):
            await unlock(hass, context, "0000")
    # now even the right PIN is refused from the HA dialog
    with pytest.raises(HomeAssistantError, match="Too many"):
        await unlock(hass, context, PIN_ALICE)
    assert hass.states.get("lock.front_lock").state == "locked"
    assert (await rows(site))[0]["reason"] == "cooldown"
    assert len(alarms) == 1 and alarms[0].data["door_id"] == site.ids["front"]


async def test_non_admin_with_a_valid_pin_unlocks_as_that_user(
    hass: HomeAssistant, site: Site, tenant: User
) -> None:
    context = Context(user_id=tenant.id)
    await unlock(hass, context, PIN_ALICE)
    assert hass.states.get("lock.front_lock").state == "unlocked"
    row = (await rows(site))[0]
    assert (row["result"], row["reason"], row["user_id"], row["access_type"]) == (
        "granted",
        "success",
        site.ids["alice"],
        "pin",
    )
    assert (row["ha_user_id"], row["context_id"]) == (tenant.id, context.id)
    assert "Tenant" in row["action_details"]


async def test_a_disabled_users_pin_does_not_unlock(
    hass: HomeAssistant, site: Site, tenant: User
) -> None:
    await site.entry.runtime_data.config.async_update("users", site.ids["alice"], {"enabled": False})
    with pytest.raises(HomeAssistantError):
        await unlock(hass, Context(user_id=tenant.id), PIN_ALICE)
    assert hass.states.get("lock.front_lock").state == "locked"
    assert (await rows(site))[0]["reason"] == "user_disabled"


async def test_admins_and_automations_unlock_without_a_code(
    hass: HomeAssistant, site: Site, hass_admin_user: User
) -> None:
    await unlock(hass, Context(user_id=hass_admin_user.id))
    assert hass.states.get("lock.front_lock").state == "unlocked"
    row = (await rows(site))[0]
    assert (row["result"], row["ha_user_id"]) == ("granted", hass_admin_user.id)
    await hass.services.async_call(
        "lock", "lock", {"entity_id": GEM_LOCK}, blocking=True, context=Context()
    )
    await unlock(hass, Context())  # an automation: no user
    assert hass.states.get("lock.front_lock").state == "unlocked"
    row = (await rows(site))[0]
    assert row["result"] == "granted" and row["ha_user_id"] is None
    assert "automation" in row["action_details"]


# --- lockdown -----------------------------------------------------------------------------------


async def test_anyone_starts_a_lockdown_only_admins_end_it(
    hass: HomeAssistant, site: Site, tenant: User, hass_admin_user: User
) -> None:
    await hass.services.async_call(
        "switch", "turn_on", {"entity_id": LOCKDOWN}, blocking=True, context=Context(user_id=tenant.id)
    )
    assert hass.states.get(LOCKDOWN).state == "on"
    started = (await rows(site))[0]
    assert (started["result"], started["reason"], started["ha_user_id"]) == (
        "denied",
        "lockdown",
        tenant.id,
    )
    assert "started by Tenant" in started["action_details"]
    with pytest.raises(HomeAssistantError, match="administrator"):
        await hass.services.async_call(
            "switch",
            "turn_off",
            {"entity_id": LOCKDOWN},
            blocking=True,
            context=Context(user_id=tenant.id),
        )
    assert hass.states.get(LOCKDOWN).state == "on"
    assert (await present(hass, site.ids["keypad"], "pin", PIN_ALICE))["reason"] == "lockdown"
    await hass.services.async_call(
        "switch",
        "turn_off",
        {"entity_id": LOCKDOWN},
        blocking=True,
        context=Context(user_id=hass_admin_user.id),
    )
    assert hass.states.get(LOCKDOWN).state == "off"
    ended = (await rows(site))[0]
    assert (ended["result"], ended["reason"], ended["ha_user_id"]) == (
        "granted",
        "lockdown",
        hass_admin_user.id,
    )
    # the whole story under one filter: start, the refusal, the end
    assert len(await rows(site, reason="lockdown")) == 3
    assert (await present(hass, site.ids["keypad"], "pin", PIN_ALICE))["result"] == "granted"


async def test_lockdown_refuses_a_non_admin_code(
    hass: HomeAssistant, site: Site, tenant: User
) -> None:
    await hass.services.async_call("switch", "turn_on", {"entity_id": LOCKDOWN}, blocking=True)
    with pytest.raises(HomeAssistantError, match="(?i)lockdown"):
        await unlock(hass, Context(user_id=tenant.id), PIN_ALICE)
    assert hass.states.get("lock.front_lock").state == "locked"


async def test_duress_pin_during_lockdown_keeps_the_door_shut_and_alarms(
    hass: HomeAssistant, site: Site
) -> None:
    duress: list[Any] = []
    hass.bus.async_listen("test_duress", duress.append)
    access: list[Any] = []
    hass.bus.async_listen("gem_access_event", access.append)
    await hass.services.async_call("switch", "turn_on", {"entity_id": LOCKDOWN}, blocking=True)
    response = await present(hass, site.ids["keypad"], "pin", PIN_ALICE_DURESS)
    await hass.async_block_till_done()
    assert (response["result"], response["reason"]) == ("denied", "lockdown")
    assert hass.states.get("lock.front_lock").state == "locked"
    assert [e.data for e in duress] == [{"user": "Alice"}]
    row = (await rows(site))[0]
    assert (row["result"], row["reason"], row["user_id"]) == ("denied", "lockdown", site.ids["alice"])
    assert "duress" in row["action_details"]
    # what every HA account sees: an ordinary lockdown refusal
    keypad = hass.states.get("event.front_keypad_access").attributes
    assert keypad["event_type"] == "denied" and "duress" not in str(keypad)


# --- REX ----------------------------------------------------------------------------------------


async def test_rex_only_from_exit_devices(
    hass: HomeAssistant, site: Site, hass_ws_client: WebSocketGenerator
) -> None:
    refused = await present(hass, site.ids["keypad"], "rex")
    assert (refused["result"], refused["reason"]) == ("denied", "not_authorized")
    await hass.async_block_till_done()
    assert hass.states.get("lock.front_lock").state == "locked"
    assert (await present(hass, site.ids["exit"], "rex"))["result"] == "granted"
    ws = await hass_ws_client(hass)
    await ws.send_json({"id": 1, "type": "gem_access/devices/list"})
    msg = await ws.receive_json()
    allowed = {d["id"]: d["rex_allowed"] for d in msg["result"]}
    assert allowed == {site.ids["keypad"]: False, site.ids["reader"]: False, site.ids["exit"]: True}


async def test_upgrade_keeps_existing_readers_as_exits_and_asks_for_review(
    hass: HomeAssistant, recorder_mock: Any, hass_storage: dict[str, Any]
) -> None:
    hass_storage[STORAGE_KEY] = {
        "version": 1,
        "minor_version": 1,
        "key": STORAGE_KEY,
        "data": {
            "users": {},
            "doors": {"front": {"id": "front", "name": "Front", "strike_time_s": 5}},
            "devices": {
                "keypad": {
                    "id": "keypad",
                    "name": "Keypad outside",
                    "door_id": "front",
                    "driver": "virtual",
                    "driver_options": {},
                }
            },
            "rules": {},
            "settings": {},
            "state": {},
        },
    }
    await hass.config.async_set_time_zone("Europe/Berlin")
    entry = await add_gem_entry(hass)
    # nobody is locked in by the upgrade
    assert (await present(hass, "keypad", "rex"))["result"] == "granted"
    issue = ir.async_get(hass).async_get_issue(DOMAIN, "rex_review")
    assert issue is not None and issue.translation_placeholders == {"devices": "Keypad outside"}
    await entry.runtime_data.config.async_update("devices", "keypad", {"rex_allowed": False})
    await hass.async_block_till_done()
    assert ir.async_get(hass).async_get_issue(DOMAIN, "rex_review") is None
    assert (await present(hass, "keypad", "rex"))["result"] == "denied"


# --- audit --------------------------------------------------------------------------------------


async def test_service_calls_record_the_ha_user_and_context(
    hass: HomeAssistant, site: Site, hass_admin_user: User
) -> None:
    context = Context(user_id=hass_admin_user.id)
    await hass.services.async_call(
        DOMAIN,
        "present_credential",
        {"device_id": site.ids["keypad"], "access_type": "pin", "credential": PIN_ALICE},
        blocking=True,
        return_response=True,
        context=context,
    )
    row = (await rows(site))[0]
    assert (row["ha_user_id"], row["context_id"]) == (hass_admin_user.id, context.id)
