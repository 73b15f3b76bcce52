"""Config flow (single instance), options flow for the settings, diagnostics and logbook."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from unittest.mock import patch

import voluptuous as vol
from homeassistant import config_entries
from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.components.diagnostics import (
    get_diagnostics_for_config_entry,
)
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

from custom_components.gem_access.const import DOMAIN
from custom_components.gem_access.logbook import describe_access

from .conftest import CARD_BOB, PIN_ALICE, PIN_ALICE_DURESS, PIN_BOB, Site, leaks, present


async def test_user_flow_creates_one_entry(hass: HomeAssistant, recorder_mock: Any) -> None:
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": config_entries.SOURCE_USER}
    )
    assert result["type"] is FlowResultType.FORM
    result = await hass.config_entries.flow.async_configure(result["flow_id"], {})
    assert result["type"] is FlowResultType.CREATE_ENTRY
    await hass.async_block_till_done()
    again = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": config_entries.SOURCE_USER}
    )
    assert again["type"] is FlowResultType.ABORT
    assert again["reason"] == "single_instance_allowed"


async def test_options_flow_edits_settings(hass: HomeAssistant, site: Site) -> None:
    entry = site.entry
    result = await hass.config_entries.options.async_init(entry.entry_id)
    assert result["type"] is FlowResultType.FORM
    base = {
        "retention_days": 365,
        "cooldown_failures": 3,
        "cooldown_window_s": 30,
        "cooldown_s": 60,
        "forced_grace_s": 8,
        "default_held_open_threshold_sec": 45,
        "facial_recognition_enabled": True,
        "privacy_acknowledged": False,
    }
    # enabling facial recognition needs the privacy acknowledgement: refused, nothing changed
    refused = await hass.config_entries.options.async_configure(result["flow_id"], base)
    assert refused["type"] is FlowResultType.FORM
    assert refused["errors"] == {"base": "privacy_acknowledgement_required"}
    assert entry.runtime_data.config.settings["retention_days"] == 0
    done = await hass.config_entries.options.async_configure(
        refused["flow_id"], {**base, "privacy_acknowledged": True}
    )
    assert done["type"] is FlowResultType.CREATE_ENTRY
    settings = entry.runtime_data.config.settings
    assert settings["retention_days"] == 365
    assert settings["facial_recognition_enabled"] is True
    await hass.async_block_till_done()
    # the engine uses the new cooldown at once
    for _ in range(3):
        await present(hass, site.ids["keypad"], "pin", "0000")
    assert (await present(hass, site.ids["keypad"], "pin", PIN_ALICE))["reason"] == "cooldown"


def _unchanged(form: dict[str, Any]) -> dict[str, Any]:
    """What the frontend sends when the form is saved as shown: defaults and suggested values.

    An empty field (no default, no suggestion) is left out of the submission.
    """
    values: dict[str, Any] = {}
    for key in form["data_schema"].schema:
        if key.default is not vol.UNDEFINED:
            values[str(key)] = key.default()
        elif (suggested := (key.description or {}).get("suggested_value")) is not None:
            values[str(key)] = suggested
    return values


async def test_options_keep_no_held_open_default(hass: HomeAssistant, site: Site) -> None:
    config = site.entry.runtime_data.config
    await config.async_update_settings({"default_held_open_threshold_sec": None})
    form = await hass.config_entries.options.async_init(site.entry.entry_id)
    shown = _unchanged(form)
    assert "default_held_open_threshold_sec" not in shown  # an empty field, not "60"
    done = await hass.config_entries.options.async_configure(form["flow_id"], shown)
    assert done["type"] is FlowResultType.CREATE_ENTRY
    # saving unchanged does not turn held-open alarms back on
    assert config.settings["default_held_open_threshold_sec"] is None
    # a number is shown as it is and kept; emptying the field turns the default off
    await config.async_update_settings({"default_held_open_threshold_sec": 45})
    form = await hass.config_entries.options.async_init(site.entry.entry_id)
    shown = _unchanged(form)
    assert shown["default_held_open_threshold_sec"] == 45
    await hass.config_entries.options.async_configure(form["flow_id"], shown)
    assert config.settings["default_held_open_threshold_sec"] == 45
    form = await hass.config_entries.options.async_init(site.entry.entry_id)
    emptied = {k: v for k, v in _unchanged(form).items() if k != "default_held_open_threshold_sec"}
    await hass.config_entries.options.async_configure(form["flow_id"], emptied)
    assert config.settings["default_held_open_threshold_sec"] is None


async def test_options_show_the_privacy_acknowledgement_truthfully(
    hass: HomeAssistant, site: Site
) -> None:
    config = site.entry.runtime_data.config
    options = hass.config_entries.options
    form = await options.async_init(site.entry.entry_id)
    shown = _unchanged(form)
    assert shown["privacy_acknowledged"] is False
    assert shown["facial_recognition_enabled"] is False
    # turning facial recognition on needs the box ticked in the same save
    refused = await options.async_configure(
        form["flow_id"], {**shown, "facial_recognition_enabled": True}
    )
    assert refused["errors"] == {"base": "privacy_acknowledgement_required"}
    assert config.settings["facial_recognition_enabled"] is False
    done = await options.async_configure(
        refused["flow_id"],
        {**shown, "facial_recognition_enabled": True, "privacy_acknowledged": True},
    )
    assert done["type"] is FlowResultType.CREATE_ENTRY
    # reopened, the box shows the acknowledgement on record (it used to show it unticked)
    form = await options.async_init(site.entry.entry_id)
    shown = _unchanged(form)
    assert shown["privacy_acknowledged"] is True
    assert shown["facial_recognition_enabled"] is True
    # saving unchanged keeps it on
    await options.async_configure(form["flow_id"], shown)
    assert config.settings["facial_recognition_enabled"] is True
    assert config.settings["privacy_acknowledged"] is True
    # withdrawing the acknowledgement while leaving recognition on is refused, nothing changes
    form = await options.async_init(site.entry.entry_id)
    refused = await options.async_configure(
        form["flow_id"], {**_unchanged(form), "privacy_acknowledged": False}
    )
    assert refused["errors"] == {"base": "privacy_acknowledgement_required"}
    assert config.settings["privacy_acknowledged"] is True
    # withdrawn together with recognition: stored, and shown unticked next time
    await options.async_configure(
        refused["flow_id"],
        {**_unchanged(form), "privacy_acknowledged": False, "facial_recognition_enabled": False},
    )
    assert config.settings["privacy_acknowledged"] is False
    assert config.settings["facial_recognition_enabled"] is False
    form = await options.async_init(site.entry.entry_id)
    assert _unchanged(form)["privacy_acknowledged"] is False


async def test_options_abort_when_the_entry_is_not_loaded(
    hass: HomeAssistant, gem_entry: MockConfigEntry, hass_client: ClientSessionGenerator
) -> None:
    # unloaded: runtime_data still holds the old objects, which must not be edited
    assert await hass.config_entries.async_unload(gem_entry.entry_id)
    await hass.async_block_till_done()
    result = await hass.config_entries.options.async_init(gem_entry.entry_id)
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "not_loaded"
    # failed to load: there is no runtime_data at all
    failed = MockConfigEntry(domain=DOMAIN, title="GEM Access")
    failed.add_to_hass(hass)
    with patch("custom_components.gem_access.ConfigStore.async_load", side_effect=OSError("disk")):
        assert not await hass.config_entries.async_setup(failed.entry_id)
    assert failed.state is ConfigEntryState.SETUP_ERROR
    result = await hass.config_entries.options.async_init(failed.entry_id)
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "not_loaded"
    # diagnostics of the failed entry say so instead of failing
    diagnostics = await get_diagnostics_for_config_entry(hass, hass_client, failed)
    assert diagnostics["state"] == ConfigEntryState.SETUP_ERROR.value
    strings = json.loads(
        (Path(__file__).parents[2] / "custom_components/gem_access/strings.json").read_text()
    )
    assert "not running" in strings["options"]["abort"]["not_loaded"]


async def test_diagnostics_are_redacted(
    hass: HomeAssistant, site: Site, hass_client: ClientSessionGenerator
) -> None:
    await present(hass, site.ids["keypad"], "pin", PIN_ALICE)
    diagnostics = await get_diagnostics_for_config_entry(hass, hass_client, site.entry)
    text = json.dumps(diagnostics)
    for secret in (PIN_ALICE, PIN_ALICE_DURESS, PIN_BOB, CARD_BOB.lstrip("0"), "Alice"):
        assert not leaks(secret, text)
    stored = site.entry.runtime_data.config.data["users"][site.ids["alice"]]
    assert stored["pins"][0] not in text  # not even the hashes
    assert diagnostics["recent_rows"][0]["result"] == "granted"
    assert len(diagnostics["users"]) == 2


async def test_diagnostics_name_no_one_even_through_ids(
    hass: HomeAssistant, site: Site, hass_client: ClientSessionGenerator
) -> None:
    config = site.entry.runtime_data.config
    # a door named after its occupant, watched by an entity named after her too
    office = await config.async_create(
        "doors", {"name": "Carol's office", "actuator_entity_id": "lock.carols_office"}
    )
    await config.async_create("devices", {"name": "Carol keypad", "door_id": office["id"]})
    await present(hass, site.ids["keypad"], "pin", PIN_ALICE)
    await present(hass, site.ids["reader"], "rfid", CARD_BOB)
    diagnostics = await get_diagnostics_for_config_entry(hass, hass_client, site.entry)
    text = json.dumps(diagnostics).lower()
    people = ("alice", "bob", "carol")
    # ids are slugs of names: no name or slug of a user, door, reader, rule or entity anywhere
    slugs = [*site.ids.values(), office["id"], "front_door_contact", "front_lock", "back_strike"]
    for word in (*people, "front", "back", "keypad", "reader", "staff", "welcome", *slugs):
        assert word not in text, word
    # still useful: references between records line up through the pseudonyms
    users = {u["id"] for u in diagnostics["users"]}
    (rule,) = diagnostics["rules"]
    assert set(rule["user_ids"]) == users
    assert {row["user_id"] for row in diagnostics["recent_rows"]} == users
    doors = {d["id"] for d in diagnostics["doors"]}
    assert {d["door_id"] for d in diagnostics["devices"]} == doors
    assert rule["schedule"] == [] and rule["script_entity_id"].startswith("script.")
    assert diagnostics["credential_key"] == "ok"


def test_logbook_hides_duress_and_people() -> None:
    granted = {
        "result": "granted",
        "reason": "success",
        "user_name": "Alice",
        "device_name": "Front keypad",
        "access_type": "pin",
    }
    assert describe_access({**granted, "reason": "duress"}) == describe_access(granted)
    denied = describe_access({**granted, "result": "denied", "reason": "cooldown"})
    assert "denied" in denied and "Front keypad" in denied
    # every HA user can read the logbook; who came and went is for admins (the Access Log)
    assert "Alice" not in describe_access(granted) + denied
    # a duress PIN refused by a lockdown reads like any lockdown refusal
    in_lockdown = {**granted, "result": "denied", "reason": "lockdown"}
    assert describe_access({**in_lockdown, "action_details": "duress PIN during lockdown"}) == (
        describe_access(in_lockdown)
    )
    lockdown = {"result": "denied", "reason": "lockdown", "device_name": None, "door_name": None}
    assert describe_access(lockdown) == "lockdown started"
    assert describe_access({**lockdown, "result": "granted"}) == "lockdown ended"
