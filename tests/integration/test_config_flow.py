"""Config flow (single instance), options flow for the settings, diagnostics and logbook."""

from __future__ import annotations

import json
from typing import Any

from homeassistant import config_entries
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
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
