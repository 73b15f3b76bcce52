"""Runtime state (lockdown, open doors) lives in its own file, apart from the configuration."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
from homeassistant.helpers import issue_registry as ir
from pytest_homeassistant_custom_component.common import async_fire_time_changed

from custom_components.gem_access.config_store import ISSUE_CREDENTIAL_KEY, KEY_FINGERPRINT
from custom_components.gem_access.const import DOMAIN, STORAGE_KEY
from custom_components.gem_access.runtime_state import RUNTIME_STORAGE_KEY

from .conftest import PIN_ALICE, PIN_BOB, Site, present
from .test_doors import door_rows, set_contact

LOCKDOWN = "switch.gem_access_lockdown"


async def advance(hass: HomeAssistant, freezer: FrozenDateTimeFactory, seconds: float) -> None:
    """Let time pass: timers and delayed file writes fall due."""
    freezer.tick(timedelta(seconds=seconds))
    async_fire_time_changed(hass)
    await hass.async_block_till_done()
    await hass.async_block_till_done()


async def test_upgrade_moves_runtime_state_out_of_the_configuration(
    hass: HomeAssistant, site: Site, hass_storage: dict[str, Any], freezer: FrozenDateTimeFactory
) -> None:
    """An install from before the split keeps its lockdown, door times and key check."""
    config = site.entry.runtime_data.config
    side = await config.async_create("doors", {"name": "Side door"})
    await config.async_delete("doors", side["id"])
    await present(hass, site.ids["keypad"], "pin", PIN_ALICE)
    await set_contact(hass, True)
    await advance(hass, freezer, 20)
    await site.entry.runtime_data.controller.async_set_lockdown(True)
    assert await hass.config_entries.async_unload(site.entry.entry_id)
    await hass.async_block_till_done()

    # what the previous version wrote: one file, the runtime state under its "state" key
    stored = hass_storage[STORAGE_KEY]
    fingerprint = stored["data"].pop(KEY_FINGERPRINT)
    stored["minor_version"] = 2
    stored["data"]["state"] = {
        **hass_storage.pop(RUNTIME_STORAGE_KEY)["data"],
        KEY_FINGERPRINT: fingerprint,
        "retired_ids": stored["data"].pop("retired_ids"),
        "rex_review": [site.ids["exit"]],
    }
    assert stored["data"]["state"]["lockdown"] is True
    assert site.ids["front"] in stored["data"]["state"]["doors"]

    assert await hass.config_entries.async_setup(site.entry.entry_id)
    await hass.async_block_till_done()
    # the configuration file no longer holds runtime state; its facts stayed with it
    upgraded = hass_storage[STORAGE_KEY]
    assert upgraded["minor_version"] == 3
    assert "state" not in upgraded["data"]
    assert upgraded["data"][KEY_FINGERPRINT] == fingerprint
    assert hass_storage[RUNTIME_STORAGE_KEY]["data"]["lockdown"] is True
    # lockdown is still on: a valid PIN is refused
    assert hass.states.get(LOCKDOWN).state == "on"
    reply = await present(hass, site.ids["keypad"], "pin", PIN_BOB)
    assert (reply["result"], reply["reason"]) == ("denied", "lockdown")
    # the stored key fingerprint was kept and matched: no repair issue, and no id is reused
    assert ir.async_get(hass).async_get_issue(DOMAIN, ISSUE_CREDENTIAL_KEY) is None
    again = await site.entry.runtime_data.config.async_create("doors", {"name": "Side door"})
    assert again["id"] != side["id"]
    issue = ir.async_get(hass).async_get_issue(DOMAIN, "rex_review")
    assert issue is not None and issue.translation_placeholders == {"devices": "Front exit"}
    # the door's opening time survived: held open 30 s after the real opening, not after setup
    assert hass.states.get("binary_sensor.front_door").state == "on"
    await advance(hass, freezer, 9)
    assert await door_rows(site) == []
    await advance(hass, freezer, 2)
    assert [r["result"] for r in await door_rows(site)] == ["held_open"]


async def test_configuration_and_runtime_state_are_written_apart(
    hass: HomeAssistant, site: Site, hass_storage: dict[str, Any], freezer: FrozenDateTimeFactory
) -> None:
    """An edit in the panel leaves the runtime file alone; a lockdown leaves the configuration."""
    runtime = site.entry.runtime_data
    await runtime.config.async_flush()
    await runtime.state.async_flush()
    config_file = hass_storage[STORAGE_KEY]
    state_file = hass_storage[RUNTIME_STORAGE_KEY]

    await runtime.config.async_update("doors", site.ids["front"], {"name": "Front entrance"})
    await advance(hass, freezer, 5)
    assert hass_storage[STORAGE_KEY]["data"]["doors"][site.ids["front"]]["name"] == (
        "Front entrance"
    )
    assert hass_storage[RUNTIME_STORAGE_KEY] is state_file  # not written again
    config_file = hass_storage[STORAGE_KEY]

    await runtime.controller.async_set_lockdown(True)
    await advance(hass, freezer, 5)
    assert hass_storage[RUNTIME_STORAGE_KEY]["data"]["lockdown"] is True
    assert hass_storage[STORAGE_KEY] is config_file
