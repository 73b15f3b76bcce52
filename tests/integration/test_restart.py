"""A real stop and start of Home Assistant keeps configuration, lockdown and log rows."""

from __future__ import annotations

from typing import Any

import pytest
from homeassistant import loader
from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_test_home_assistant,
)

from custom_components.gem_access.const import DOMAIN
from custom_components.gem_access.logstore.rows import LogFilter

from .conftest import leaks


async def start(hass: HomeAssistant, entry_data: dict[str, Any] | None) -> MockConfigEntry:
    """Set GEM Access up in a fresh HA instance."""
    hass.data.pop(loader.DATA_CUSTOM_COMPONENTS, None)
    entry = MockConfigEntry(
        domain=DOMAIN, title="GEM Access", unique_id=DOMAIN, **(entry_data or {})
    )
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    return entry


@pytest.mark.parametrize("persistent_database", [True])
# time-of-day listeners (midnight reset, nightly purge) are still scheduled when a test HA stops
@pytest.mark.parametrize("expected_lingering_timers", [True])
async def test_configuration_and_log_survive_restart(
    async_test_recorder: Any, hass_storage: dict[str, Any]
) -> None:
    async with async_test_home_assistant() as hass, async_test_recorder(hass):
        entry = await start(hass, None)
        config = entry.runtime_data.config
        door = await config.async_create("doors", {"name": "Gate"})
        keypad = await config.async_create(
            "devices", {"name": "Gate keypad", "door_id": door["id"]}
        )
        user = await config.async_create("users", {"name": "Carol", "pins": ["24680"]})
        await config.async_create(
            "rules", {"name": "All", "device_ids": [keypad["id"]], "user_ids": [user["id"]]}
        )
        granted = await hass.services.async_call(
            DOMAIN,
            "present_credential",
            {"device_id": keypad["id"], "access_type": "pin", "credential": "24680"},
            blocking=True,
            return_response=True,
        )
        await entry.runtime_data.controller.async_set_lockdown(True)
        entry_id = entry.entry_id
        await hass.async_stop()
    # the PIN is stored only as a keyed hash
    assert not leaks("24680", str(hass_storage))

    async with async_test_home_assistant() as hass, async_test_recorder(hass):
        entry = await start(hass, {"entry_id": entry_id})
        runtime = entry.runtime_data
        assert [u["name"] for u in runtime.config.list_public("users")] == ["Carol"]
        rows, _ = await runtime.logs.async_list(LogFilter(), 10, None)
        assert [(r["result"], r["reason"], r["user_name"]) for r in rows] == [
            ("denied", "lockdown", None),  # the lockdown's start, audited
            ("granted", "success", "Carol"),
        ]
        assert rows[1]["id"] == granted["log_id"]
        # lockdown survived, and the credential still works once it is lifted
        assert hass.states.get("switch.gem_access_lockdown").state == "on"
        denied = await hass.services.async_call(
            DOMAIN,
            "present_credential",
            {"device_id": keypad["id"], "access_type": "pin", "credential": "24680"},
            blocking=True,
            return_response=True,
        )
        assert denied["reason"] == "lockdown"
        await runtime.controller.async_set_lockdown(False)
        again = await hass.services.async_call(
            DOMAIN,
            "present_credential",
            {"device_id": keypad["id"], "access_type": "pin", "credential": "24680"},
            blocking=True,
            return_response=True,
        )
        assert again["result"] == "granted" and again["log_id"] > granted["log_id"]
        await hass.async_stop()
