"""Fixtures that set up GEM Access on a real HA with a real recorder database."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from homeassistant.core import HomeAssistant
from homeassistant.setup import async_setup_component
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.gem_access.const import DOMAIN

type WsCall = Callable[..., Awaitable[dict[str, Any]]]


@dataclass
class Site:
    """What the standard test site contains."""

    entry: MockConfigEntry
    ids: dict[str, str] = field(default_factory=dict)


async def setup_helpers(hass: HomeAssistant) -> None:
    """Real HA entities for the door: a contact, a lock, a strike switch and scripts."""
    assert await async_setup_component(
        hass,
        "input_boolean",
        {
            "input_boolean": {
                "front_contact": {"name": "Front contact"},
                "strike": {"name": "Strike"},
                "front_unlocked": {"name": "Front unlocked"},
            }
        },
    )
    assert await async_setup_component(
        hass,
        "template",
        {
            "template": [
                {
                    "binary_sensor": [
                        {
                            "name": "Front door contact",
                            "unique_id": "front_contact",
                            "device_class": "door",
                            "state": "{{ is_state('input_boolean.front_contact', 'on') }}",
                        }
                    ]
                }
            ]
        },
    )
    assert await async_setup_component(
        hass,
        "switch",
        {
            "switch": [
                {
                    "platform": "template",
                    "switches": {
                        "back_strike": {
                            "value_template": "{{ is_state('input_boolean.strike', 'on') }}",
                            "turn_on": {
                                "action": "input_boolean.turn_on",
                                "target": {"entity_id": "input_boolean.strike"},
                            },
                            "turn_off": {
                                "action": "input_boolean.turn_off",
                                "target": {"entity_id": "input_boolean.strike"},
                            },
                        }
                    },
                }
            ],
        },
    )
    assert await async_setup_component(
        hass,
        "lock",
        {
            "lock": [
                {
                    "platform": "template",
                    "name": "Front lock",
                    "value_template": "{{ not is_state('input_boolean.front_unlocked', 'on') }}",
                    "lock": {
                        "action": "input_boolean.turn_off",
                        "target": {"entity_id": "input_boolean.front_unlocked"},
                    },
                    "unlock": {
                        "action": "input_boolean.turn_on",
                        "target": {"entity_id": "input_boolean.front_unlocked"},
                    },
                }
            ]
        },
    )
    assert await async_setup_component(
        hass,
        "script",
        {
            "script": {
                "welcome": {
                    "sequence": [
                        {
                            "event": "test_welcome",
                            "event_data": {"user": "{{ user_name }}", "result": "{{ result }}"},
                        }
                    ]
                },
                "duress_alarm": {
                    "sequence": [
                        {"event": "test_duress", "event_data": {"user": "{{ user_name }}"}}
                    ]
                },
            }
        },
    )
    await hass.async_block_till_done()


async def add_gem_entry(hass: HomeAssistant) -> MockConfigEntry:
    """Set GEM Access up the way the config flow leaves it, on what is in ``.storage`` now."""
    await setup_helpers(hass)
    entry = MockConfigEntry(domain=DOMAIN, title="GEM Access", unique_id=DOMAIN)
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    return entry


@pytest.fixture
async def gem_entry(hass: HomeAssistant, recorder_mock: Any) -> MockConfigEntry:
    """GEM Access set up with an empty configuration."""
    await hass.config.async_set_time_zone("Europe/Berlin")
    return await add_gem_entry(hass)


PIN_ALICE = "1234"
PIN_ALICE_DURESS = "9999"
PIN_BOB = "5678"
CARD_BOB = "0012345678"


@pytest.fixture
async def site(hass: HomeAssistant, gem_entry: MockConfigEntry) -> Site:
    """Two doors (a lock, a strike), two readers, two users, a rule with a schedule."""
    config = gem_entry.runtime_data.config
    front = await config.async_create(
        "doors",
        {
            "name": "Front door",
            "contact_entity_id": "binary_sensor.front_door_contact",
            "actuator_entity_id": "lock.front_lock",
            "strike_time_s": 5,
            "held_open_threshold_sec": 30,
        },
    )
    back = await config.async_create(
        "doors",
        {"name": "Back door", "actuator_entity_id": "switch.back_strike", "strike_time_s": 3},
    )
    keypad = await config.async_create("devices", {"name": "Front keypad", "door_id": front["id"]})
    reader = await config.async_create("devices", {"name": "Back reader", "door_id": back["id"]})
    # the button inside the front door: the only reader that may send exit requests (REX)
    exit_button = await config.async_create(
        "devices", {"name": "Front exit", "door_id": front["id"], "rex_allowed": True}
    )
    alice = await config.async_create(
        "users", {"name": "Alice", "pins": [PIN_ALICE], "duress_pin": PIN_ALICE_DURESS}
    )
    bob = await config.async_create(
        "users", {"name": "Bob", "pins": [PIN_BOB], "rfid_cards": [CARD_BOB]}
    )
    rule = await config.async_create(
        "rules",
        {
            "name": "Staff",
            "device_ids": [keypad["id"], reader["id"]],
            "user_ids": [alice["id"], bob["id"]],
            "script_entity_id": "script.welcome",
            "duress_script_entity_id": "script.duress_alarm",
        },
    )
    await hass.async_block_till_done()
    return Site(
        gem_entry,
        {
            "front": front["id"],
            "back": back["id"],
            "keypad": keypad["id"],
            "reader": reader["id"],
            "exit": exit_button["id"],
            "alice": alice["id"],
            "bob": bob["id"],
            "rule": rule["id"],
        },
    )


async def present(
    hass: HomeAssistant,
    device_id: str,
    access_type: str,
    credential: str | None = None,
    **extra: Any,
) -> dict[str, Any]:
    """Call the present_credential service and return its response."""
    data: dict[str, Any] = {"device_id": device_id, "access_type": access_type, **extra}
    if credential is not None:
        data["credential"] = credential
    return await hass.services.async_call(
        DOMAIN, "present_credential", data, blocking=True, return_response=True
    )


def leaks(secret: str, text: str) -> bool:
    """Whether ``secret`` stands in ``text`` as a value of its own.

    Short PINs also occur by chance as digits inside timestamps and ids ("...:07.912345"), which
    is not a leak; a leaked credential is bounded by quotes, spaces or punctuation.
    """
    return re.search(rf"(?<![0-9A-Za-z]){re.escape(secret)}(?![0-9A-Za-z])", text) is not None


async def add_camera(hass: HomeAssistant, name: str, image: Path) -> str:
    """A real ``local_file`` camera showing ``image``; returns its entity id."""
    entry = MockConfigEntry(
        domain="local_file", title=name, options={"name": name, "file_path": str(image)}
    )
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    entity_id = f"camera.{name.lower().replace(' ', '_')}"
    assert hass.states.get(entity_id) is not None
    return entity_id
