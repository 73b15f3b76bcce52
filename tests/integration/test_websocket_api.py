"""The panel's websocket API: admin only, CRUD round trips, clear errors on bad input, live log."""

from __future__ import annotations

import asyncio
import base64
import copy
import json
import re
from collections.abc import Callable
from typing import Any

import pytest
from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.typing import (
    MockHAClientWebSocket,
    WebSocketGenerator,
)

from .conftest import CARD_BOB, PIN_ALICE, PIN_ALICE_DURESS, PIN_BOB, Site, leaks, present

COLLECTIONS = ("users", "devices", "doors", "rules")
ID_FIELD = {"users": "user_id", "devices": "device_id", "doors": "door_id", "rules": "rule_id"}
JPEG = "data:image/jpeg;base64," + base64.b64encode(b"\xff\xd8\xff\xe0fake\xff\xd9").decode()
HEX64_RE = re.compile(r"^[0-9a-fA-F]{64}$")
# what a leaked Python object looks like in a message
PY_REPR_RE = re.compile(r"object at 0x|Traceback|\w+Error\(|<class |^\{'|^\['")


# --- helpers -------------------------------------------------------------------------------------


async def send(ws: MockHAClientWebSocket, type_: str, **payload: Any) -> dict[str, Any]:
    """Send one command and return its result message (skipping pushes of other subscriptions)."""
    await ws.send_json_auto_id({"type": type_, **payload})
    while True:
        msg = await asyncio.wait_for(ws.receive_json(), 5)
        if msg.get("type") == "result":
            return msg


async def ok(ws: MockHAClientWebSocket, type_: str, **payload: Any) -> Any:
    """Send a command that must succeed; return its result."""
    msg = await send(ws, type_, **payload)
    assert msg["success"], msg
    return msg["result"]


async def state(ws: MockHAClientWebSocket, site: Site) -> dict[str, Any]:
    """Everything a command could change, as an admin sees it and as it is stored."""
    out: dict[str, Any] = {}
    for collection in COLLECTIONS:
        out[collection] = sorted(
            await ok(ws, f"gem_access/{collection}/list"), key=lambda r: r["id"]
        )
    out["settings"] = await ok(ws, "gem_access/settings/get")
    out["log"] = (await ok(ws, "gem_access/log/list", limit=1000))["rows"]
    stored = site.entry.runtime_data.config.data
    # the stored records include the credential hashes: a refused change must not touch them
    out["stored"] = copy.deepcopy({k: stored[k] for k in (*COLLECTIONS, "settings")})
    return out


def walk(value: Any) -> list[Any]:
    """Every scalar in a JSON value, keys included."""
    if isinstance(value, dict):
        return [x for k, v in value.items() for x in (k, *walk(v))]
    if isinstance(value, list):
        return [x for v in value for x in walk(v)]
    return [value]


def assert_no_secrets(value: Any, *secrets: str, keys: bool = True) -> None:
    """No credential and nothing that looks like a credential hash in a response.

    With ``keys`` the credential fields themselves must not appear either (records); an error
    may name the field that was wrong.
    """
    text = json.dumps(value)
    for secret in (PIN_ALICE, PIN_ALICE_DURESS, PIN_BOB, CARD_BOB, *secrets):
        assert not leaks(secret, text), f"{secret!r} leaked in {text}"
    for scalar in walk(value):
        assert not (isinstance(scalar, str) and HEX64_RE.match(scalar)), f"hash leaked: {text}"
    if keys:
        for key in ("pins", "duress_pin", "duress_pins", "rfid_cards"):
            assert key not in walk(value), f"{key} returned in {text}"


def assert_readable_error(msg: dict[str, Any]) -> dict[str, Any]:
    """An error with a real code and a human message."""
    assert msg["success"] is False, msg
    error = msg["error"]
    assert error["code"] and error["code"] != "unknown_error", error
    message = error["message"]
    assert isinstance(message, str) and message.strip(), error
    assert " " in message.strip(), f"message looks like a bare key: {error}"
    assert error.get("translation_key") != message, error
    assert not PY_REPR_RE.search(message), f"Python repr in message: {error}"
    return error


@pytest.fixture
async def admin_ws(
    hass: HomeAssistant, site: Site, hass_ws_client: WebSocketGenerator
) -> MockHAClientWebSocket:
    """A websocket of the owner (admin); created after the entry is set up."""
    return await hass_ws_client(hass)


@pytest.fixture
async def spare_door(hass: HomeAssistant, site: Site) -> str:
    """A door no reader uses (so deleting it is allowed)."""
    door = await site.entry.runtime_data.config.async_create("doors", {"name": "Spare door"})
    await hass.async_block_till_done()
    return door["id"]


# --- 1. admin vs non-admin on every command ------------------------------------------------------

type Payload = Callable[[dict[str, Any]], dict[str, Any]]

COMMANDS: dict[str, Payload] = {
    "gem_access/users/list": lambda ids: {},
    "gem_access/users/create": lambda ids: {"name": "Carol", "pins": ["4321"]},
    "gem_access/users/update": lambda ids: {"user_id": ids["alice"], "name": "Alice B"},
    "gem_access/users/delete": lambda ids: {"user_id": ids["bob"]},
    "gem_access/devices/list": lambda ids: {},
    "gem_access/devices/create": lambda ids: {"name": "Side reader", "door_id": ids["front"]},
    "gem_access/devices/update": lambda ids: {"device_id": ids["keypad"], "name": "Keypad 2"},
    "gem_access/devices/delete": lambda ids: {"device_id": ids["reader"]},
    "gem_access/doors/list": lambda ids: {},
    "gem_access/doors/create": lambda ids: {"name": "Garage"},
    "gem_access/doors/update": lambda ids: {"door_id": ids["back"], "strike_time_s": 4},
    "gem_access/doors/delete": lambda ids: {"door_id": ids["spare"]},
    "gem_access/rules/list": lambda ids: {},
    "gem_access/rules/create": lambda ids: {"name": "Night", "device_ids": [ids["keypad"]]},
    "gem_access/rules/update": lambda ids: {"rule_id": ids["rule"], "enabled": False},
    "gem_access/rules/delete": lambda ids: {"rule_id": ids["rule"]},
    "gem_access/settings/get": lambda ids: {},
    "gem_access/drivers/list": lambda ids: {},
    "gem_access/settings/update": lambda ids: {"cooldown_s": 120},
    "gem_access/log/list": lambda ids: {},
    "gem_access/log/subscribe": lambda ids: {},
    "gem_access/log/delete_old": lambda ids: {"keep_days": 0},
    "gem_access/log/filter_choices": lambda ids: {},
    "gem_access/log/count": lambda ids: {"result": "denied"},
    "gem_access/log/stats": lambda ids: {"bucket": "hour"},
    "gem_access/log/flags": lambda ids: {},
    "gem_access/snapshot/get": lambda ids: {"log_id": ids["log"]},
    "gem_access/face/score": lambda ids: {"log_id": ids["log"]},
    "gem_access/face/delete_all": lambda ids: {"photos": True},
}
MUTATING = {c for c in COMMANDS if c.rsplit("/", 1)[1] in ("create", "update", "delete")} | {
    "gem_access/settings/update",
    "gem_access/log/delete_old",
}


@pytest.mark.parametrize("command", list(COMMANDS))
async def test_non_admin_is_refused_and_nothing_changes(
    hass: HomeAssistant,
    site: Site,
    spare_door: str,
    admin_ws: MockHAClientWebSocket,
    hass_ws_client: WebSocketGenerator,
    hass_read_only_access_token: str,
    command: str,
) -> None:
    # one log row (with a snapshot) that delete_old could remove and snapshot/get can show
    first = await present(hass, site.ids["keypad"], "pin", PIN_ALICE, snapshot=JPEG)
    await hass.async_block_till_done(wait_background_tasks=True)  # the snapshot is stored
    ids = {**site.ids, "spare": spare_door, "log": first["log_id"]}
    user_ws = await hass_ws_client(hass, hass_read_only_access_token)
    before = await state(admin_ws, site)

    msg = await send(user_ws, command, **COMMANDS[command](ids))
    assert msg["success"] is False
    assert msg["error"]["code"] == "unauthorized"
    assert "result" not in msg

    await hass.async_block_till_done()
    assert await state(admin_ws, site) == before
    if command == "gem_access/log/subscribe":
        # and no live rows are pushed to the refused subscriber
        await present(hass, ids["keypad"], "pin", PIN_BOB)
        with pytest.raises(TimeoutError):
            await asyncio.wait_for(user_ws.receive_json(), 0.2)


@pytest.mark.parametrize("command", list(COMMANDS))
async def test_admin_may_run_every_command(
    hass: HomeAssistant,
    site: Site,
    spare_door: str,
    admin_ws: MockHAClientWebSocket,
    command: str,
) -> None:
    first = await present(hass, site.ids["keypad"], "pin", PIN_ALICE, snapshot=JPEG)
    await hass.async_block_till_done(wait_background_tasks=True)  # the snapshot is stored
    ids = {**site.ids, "spare": spare_door, "log": first["log_id"]}
    before = await state(admin_ws, site)
    msg = await send(admin_ws, command, **COMMANDS[command](ids))
    assert msg["success"] is True, msg
    assert_no_secrets(msg, keys=False)
    await hass.async_block_till_done()
    after = await state(admin_ws, site)
    if command in MUTATING:
        assert after != before, f"{command} succeeded but changed nothing"
    else:
        assert after == before


async def test_every_gem_access_command_is_covered(hass: HomeAssistant, site: Site) -> None:
    """A new command must be added to COMMANDS, so its admin check is tested too."""
    registered = {c for c in hass.data["websocket_api"] if c.startswith("gem_access/")}
    assert registered == set(COMMANDS)


# --- 2. CRUD round trips -------------------------------------------------------------------------


async def test_user_crud_round_trip_never_returns_credentials(
    hass: HomeAssistant, site: Site, admin_ws: MockHAClientWebSocket
) -> None:
    created = await ok(
        admin_ws,
        "gem_access/users/create",
        name="Carol",
        pins=["4321", "24680"],
        duress_pin="1357",
        rfid_cards=["AB:CD:EF:01"],
        valid_from="2024-01-01",
        valid_until="2030-12-31",
    )
    secrets = ("4321", "24680", "1357", "abcdef01", "AB:CD:EF:01")
    assert_no_secrets(created, *secrets)
    assert created["id"]
    assert created["name"] == "Carol"
    assert created["enabled"] is True
    assert created["pin_count"] == 2
    assert created["has_duress_pin"] is True
    assert created["rfid_card_count"] == 1
    assert created["valid_from"] == "2024-01-01"
    assert created["valid_until"] == "2030-12-31"
    assert created["facial_recognition_enabled"] is True
    assert created["has_photo"] is False

    listed = await ok(admin_ws, "gem_access/users/list")
    assert_no_secrets(listed, *secrets)
    # the list adds what the log knows (no access yet for a new user)
    assert [u for u in listed if u["id"] == created["id"]] == [
        {**created, "last_access": None, "last_denied": None}
    ]
    alice = next(u for u in listed if u["id"] == site.ids["alice"])
    assert alice["pin_count"] == 1
    assert alice["has_duress_pin"] is True
    assert alice["rfid_card_count"] == 0
    bob = next(u for u in listed if u["id"] == site.ids["bob"])
    assert bob["rfid_card_count"] == 1
    assert bob["has_duress_pin"] is False

    updated = await ok(admin_ws, "gem_access/users/update", user_id=created["id"], enabled=False)
    assert_no_secrets(updated, *secrets)
    assert updated == {**created, "enabled": False}

    updated = await ok(
        admin_ws, "gem_access/users/update", user_id=created["id"], pins=["8642"], duress_pin=None
    )
    assert_no_secrets(updated, *secrets, "8642")
    assert updated == {**created, "enabled": False, "pin_count": 1, "has_duress_pin": False}
    assert [u for u in await ok(admin_ws, "gem_access/users/list") if u["id"] == created["id"]] == [
        {**updated, "last_access": None, "last_denied": None}
    ]

    # a second user with the same name gets its own id and does not replace the first
    twin = await ok(admin_ws, "gem_access/users/create", name="Carol")
    assert twin["id"] != created["id"]
    assert (twin["pin_count"], twin["enabled"]) == (0, True)
    listed = {u["id"]: u for u in await ok(admin_ws, "gem_access/users/list")}
    assert listed[created["id"]] == {**updated, "last_access": None, "last_denied": None}

    assert await ok(admin_ws, "gem_access/users/delete", user_id=created["id"]) is None
    listed = {u["id"]: u for u in await ok(admin_ws, "gem_access/users/list")}
    assert created["id"] not in listed
    assert twin["id"] in listed


async def test_changed_pin_takes_effect_at_the_reader(
    hass: HomeAssistant, site: Site, admin_ws: MockHAClientWebSocket
) -> None:
    updated = await ok(
        admin_ws, "gem_access/users/update", user_id=site.ids["alice"], pins=["24681357"]
    )
    assert_no_secrets(updated, "24681357")
    old = await present(hass, site.ids["keypad"], "pin", PIN_ALICE)
    assert (old["result"], old["reason"]) == ("denied", "unknown_credential")
    new = await present(hass, site.ids["keypad"], "pin", "24681357")
    assert (new["result"], new["user_id"]) == ("granted", site.ids["alice"])
    # the duress PIN was not touched by changing the PINs
    duress = await present(hass, site.ids["keypad"], "pin", PIN_ALICE_DURESS)
    assert (duress["result"], duress["reason"]) == ("granted", "duress")


async def test_device_crud_round_trip(
    hass: HomeAssistant, site: Site, admin_ws: MockHAClientWebSocket
) -> None:
    created = await ok(
        admin_ws,
        "gem_access/devices/create",
        name="Side reader",
        door_id=site.ids["back"],
        driver="virtual",
    )
    assert created["id"]
    assert created["name"] == "Side reader"
    assert created["door_id"] == site.ids["back"]
    assert created["driver"] == "virtual"
    assert created["driver_options"] == {}
    listed = await ok(admin_ws, "gem_access/devices/list")
    assert [d for d in listed if d["id"] == created["id"]] == [{**created, "last_event": None}]

    updated = await ok(
        admin_ws, "gem_access/devices/update", device_id=created["id"], door_id=site.ids["front"]
    )
    assert updated == {**created, "door_id": site.ids["front"]}
    listed = await ok(admin_ws, "gem_access/devices/list")
    assert [d for d in listed if d["id"] == created["id"]] == [{**updated, "last_event": None}]

    assert await ok(admin_ws, "gem_access/devices/delete", device_id=created["id"]) is None
    assert created["id"] not in {d["id"] for d in await ok(admin_ws, "gem_access/devices/list")}


async def test_door_crud_round_trip(
    hass: HomeAssistant, site: Site, admin_ws: MockHAClientWebSocket
) -> None:
    created = await ok(
        admin_ws,
        "gem_access/doors/create",
        name="Garage",
        contact_entity_id="binary_sensor.garage",
        actuator_entity_id="switch.garage",
        strike_time_s=7,
    )
    assert created["id"]
    assert created["name"] == "Garage"
    assert created["contact_entity_id"] == "binary_sensor.garage"
    assert created["actuator_entity_id"] == "switch.garage"
    assert created["strike_time_s"] == 7
    assert created["held_open_threshold_sec"] is None
    listed = await ok(admin_ws, "gem_access/doors/list")
    assert [d for d in listed if d["id"] == created["id"]] == [created]

    updated = await ok(
        admin_ws, "gem_access/doors/update", door_id=created["id"], held_open_threshold_sec=120
    )
    assert updated == {**created, "held_open_threshold_sec": 120}

    assert await ok(admin_ws, "gem_access/doors/delete", door_id=created["id"]) is None
    assert created["id"] not in {d["id"] for d in await ok(admin_ws, "gem_access/doors/list")}


async def test_rule_crud_round_trip_and_overnight_schedule(
    hass: HomeAssistant, site: Site, admin_ws: MockHAClientWebSocket
) -> None:
    night = [{"days": ["mon", "tue"], "start": "22:00", "end": "06:00"}]
    created = await ok(
        admin_ws,
        "gem_access/rules/create",
        name="Night shift",
        device_ids=[site.ids["keypad"]],
        user_ids=[site.ids["bob"]],
        schedule=night,
    )
    assert created["id"]
    assert created["name"] == "Night shift"
    assert created["enabled"] is True
    assert created["device_ids"] == [site.ids["keypad"]]
    assert created["user_ids"] == [site.ids["bob"]]
    assert created["schedule"] == night
    listed = await ok(admin_ws, "gem_access/rules/list")
    assert [r for r in listed if r["id"] == created["id"]] == [created]

    updated = await ok(admin_ws, "gem_access/rules/update", rule_id=created["id"], enabled=False)
    assert updated == {**created, "enabled": False}
    updated = await ok(admin_ws, "gem_access/rules/update", rule_id=created["id"], schedule=[])
    assert updated == {**created, "enabled": False, "schedule": []}

    assert await ok(admin_ws, "gem_access/rules/delete", rule_id=created["id"]) is None
    assert created["id"] not in {r["id"] for r in await ok(admin_ws, "gem_access/rules/list")}


async def test_settings_round_trip(
    hass: HomeAssistant, site: Site, admin_ws: MockHAClientWebSocket
) -> None:
    settings = await ok(admin_ws, "gem_access/settings/get")
    assert settings["facial_recognition_enabled"] is False
    assert (
        settings["cooldown_failures"],
        settings["cooldown_window_s"],
        settings["cooldown_s"],
        settings["forced_grace_s"],
    ) == (5, 60, 300, 10)
    updated = await ok(admin_ws, "gem_access/settings/update", retention_days=30, cooldown_s=60)
    assert updated == {**settings, "retention_days": 30, "cooldown_s": 60}
    assert await ok(admin_ws, "gem_access/settings/get") == updated


async def test_enabling_face_recognition_needs_privacy_acknowledgement(
    hass: HomeAssistant, site: Site, admin_ws: MockHAClientWebSocket
) -> None:
    before = await state(admin_ws, site)
    for payload in (
        {"facial_recognition_enabled": True},
        {"facial_recognition_enabled": True, "privacy_acknowledged": False},
    ):
        msg = await send(admin_ws, "gem_access/settings/update", **payload)
        error = assert_readable_error(msg)
        assert "privacy_acknowledged" in error["message"]
        assert await state(admin_ws, site) == before
    # an acknowledgement stored earlier does not count: it goes with the request that enables
    await ok(admin_ws, "gem_access/settings/update", privacy_acknowledged=True)
    error = assert_readable_error(
        await send(admin_ws, "gem_access/settings/update", facial_recognition_enabled=True)
    )
    assert error["translation_key"] == "privacy_acknowledgement_required"
    assert (await ok(admin_ws, "gem_access/settings/get"))["facial_recognition_enabled"] is False

    updated = await ok(
        admin_ws,
        "gem_access/settings/update",
        facial_recognition_enabled=True,
        privacy_acknowledged=True,
    )
    assert updated["facial_recognition_enabled"] is True
    assert (await ok(admin_ws, "gem_access/settings/get"))["facial_recognition_enabled"] is True
    # switching it off needs no acknowledgement; switching it on again does
    await ok(admin_ws, "gem_access/settings/update", facial_recognition_enabled=False)
    error = assert_readable_error(
        await send(admin_ws, "gem_access/settings/update", facial_recognition_enabled=True)
    )
    assert error["translation_key"] == "privacy_acknowledgement_required"


# --- 3. bad input on every command ----------------------------------------------------------------

# (command, payload from the site ids, expected error code, expected translation key or None)
BAD_INPUT: dict[str, tuple[str, Payload, str, str | None]] = {
    "user pin 3 digits": (
        "gem_access/users/create",
        lambda ids: {"name": "Eve", "pins": ["123"]},
        "invalid_format",
        "invalid_pin",
    ),
    "user pin 13 digits": (
        "gem_access/users/create",
        lambda ids: {"name": "Eve", "pins": ["1234567890123"]},
        "invalid_format",
        "invalid_pin",
    ),
    "user pin letters": (
        "gem_access/users/create",
        lambda ids: {"name": "Eve", "pins": ["12ab"]},
        "invalid_format",
        "invalid_pin",
    ),
    "user pin not a string": (
        "gem_access/users/create",
        lambda ids: {"name": "Eve", "pins": [4321]},
        "invalid_format",
        "invalid_pin",
    ),
    "user pins not a list": (
        "gem_access/users/create",
        lambda ids: {"name": "Eve", "pins": "4321"},
        "invalid_format",
        "invalid_field",
    ),
    "user pin held by another": (
        "gem_access/users/create",
        lambda ids: {"name": "Eve", "pins": [PIN_ALICE]},
        "conflict",
        "credential_in_use",
    ),
    "user pin is another's duress pin": (
        "gem_access/users/create",
        lambda ids: {"name": "Eve", "pins": [PIN_ALICE_DURESS]},
        "conflict",
        "credential_in_use",
    ),
    "user duress pin is another's pin": (
        "gem_access/users/create",
        lambda ids: {"name": "Eve", "pins": ["4444"], "duress_pin": PIN_BOB},
        "conflict",
        "credential_in_use",
    ),
    "user update to another's pin": (
        "gem_access/users/update",
        lambda ids: {"user_id": ids["bob"], "name": "Robert", "pins": [PIN_ALICE]},
        "conflict",
        "credential_in_use",
    ),
    "user duress equals own pin": (
        "gem_access/users/create",
        lambda ids: {"name": "Eve", "pins": ["4444"], "duress_pin": "4444"},
        "conflict",
        "duress_pin_same_as_pin",
    ),
    "user update duress to own pin": (
        "gem_access/users/update",
        lambda ids: {"user_id": ids["alice"], "duress_pin": PIN_ALICE},
        "conflict",
        "duress_pin_same_as_pin",
    ),
    "user card held by another": (
        "gem_access/users/create",
        lambda ids: {"name": "Eve", "rfid_cards": [CARD_BOB]},
        "conflict",
        "credential_in_use",
    ),
    "user card held by another, other spelling": (
        "gem_access/users/create",
        lambda ids: {"name": "Eve", "rfid_cards": ["12345678"]},
        "conflict",
        "credential_in_use",
    ),
    "user bad card": (
        "gem_access/users/create",
        lambda ids: {"name": "Eve", "rfid_cards": ["xyz!"]},
        "invalid_format",
        "invalid_card",
    ),
    "user empty name": (
        "gem_access/users/create",
        lambda ids: {"name": "", "pins": ["4321"]},
        "invalid_format",
        "invalid_name",
    ),
    "user blank name": (
        "gem_access/users/create",
        lambda ids: {"name": "   "},
        "invalid_format",
        "invalid_name",
    ),
    "user name too long": (
        "gem_access/users/create",
        lambda ids: {"name": "x" * 101},
        "invalid_format",
        "invalid_name",
    ),
    "user too many pins": (
        "gem_access/users/create",
        lambda ids: {"name": "Eve", "pins": [f"{n:04d}" for n in range(11)]},
        "invalid_format",
        "invalid_field",
    ),
    "user no name": (
        "gem_access/users/create",
        lambda ids: {"pins": ["4321"]},
        "invalid_format",
        "invalid_name",
    ),
    "user update empty name": (
        "gem_access/users/update",
        lambda ids: {"user_id": ids["alice"], "name": ""},
        "invalid_format",
        "invalid_name",
    ),
    "user unknown field": (
        "gem_access/users/create",
        lambda ids: {"name": "Eve", "colour": "red"},
        "invalid_format",
        "unknown_field",
    ),
    "user enabled not bool": (
        "gem_access/users/update",
        lambda ids: {"user_id": ids["alice"], "enabled": "no"},
        "invalid_format",
        "invalid_field",
    ),
    "user valid_from after valid_until": (
        "gem_access/users/create",
        lambda ids: {"name": "Eve", "valid_from": "2030-01-01", "valid_until": "2029-12-31"},
        "invalid_format",
        "invalid_validity",
    ),
    "user update makes validity inverted": (
        "gem_access/users/update",
        lambda ids: {
            "user_id": ids["alice"],
            "valid_from": "2031-01-01",
            "valid_until": "2030-01-01",
        },
        "invalid_format",
        "invalid_validity",
    ),
    "user bad date": (
        "gem_access/users/create",
        lambda ids: {"name": "Eve", "valid_from": "2024-13-45"},
        "invalid_format",
        "invalid_date",
    ),
    "user date words": (
        "gem_access/users/create",
        lambda ids: {"name": "Eve", "valid_until": "next tuesday"},
        "invalid_format",
        "invalid_date",
    ),
    "user update bad pin changes nothing": (
        "gem_access/users/update",
        lambda ids: {"user_id": ids["alice"], "name": "Renamed", "pins": ["12"]},
        "invalid_format",
        "invalid_pin",
    ),
    "user update unknown id": (
        "gem_access/users/update",
        lambda ids: {"user_id": "nobody", "name": "X"},
        "not_found",
        "unknown_user",
    ),
    "user delete unknown id": (
        "gem_access/users/delete",
        lambda ids: {"user_id": "nobody"},
        "not_found",
        "unknown_user",
    ),
    "device unknown door": (
        "gem_access/devices/create",
        lambda ids: {"name": "Side", "door_id": "no_such_door"},
        "not_found",
        "unknown_door",
    ),
    "device no door": (
        "gem_access/devices/create",
        lambda ids: {"name": "Side"},
        "not_found",
        "unknown_door",
    ),
    "device update unknown door": (
        "gem_access/devices/update",
        lambda ids: {"device_id": ids["keypad"], "door_id": "no_such_door"},
        "not_found",
        "unknown_door",
    ),
    "device bad driver": (
        "gem_access/devices/create",
        lambda ids: {"name": "Side", "door_id": ids["front"], "driver": "telepathy"},
        "invalid_format",
        "invalid_driver",
    ),
    "device camera not a camera": (
        "gem_access/devices/create",
        lambda ids: {"name": "Side", "door_id": ids["front"], "camera_entity_id": "light.x"},
        "invalid_format",
        "invalid_entity",
    ),
    "device empty name": (
        "gem_access/devices/create",
        lambda ids: {"name": "", "door_id": ids["front"]},
        "invalid_format",
        "invalid_name",
    ),
    "device update unknown id": (
        "gem_access/devices/update",
        lambda ids: {"device_id": "nothing", "name": "X"},
        "not_found",
        "unknown_device",
    ),
    "device delete unknown id": (
        "gem_access/devices/delete",
        lambda ids: {"device_id": "nothing"},
        "not_found",
        "unknown_device",
    ),
    "door contact wrong domain": (
        "gem_access/doors/create",
        lambda ids: {"name": "Garage", "contact_entity_id": "switch.x"},
        "invalid_format",
        "invalid_entity",
    ),
    "door actuator wrong domain": (
        "gem_access/doors/create",
        lambda ids: {"name": "Garage", "actuator_entity_id": "light.x"},
        "invalid_format",
        "invalid_entity",
    ),
    "door actuator not an entity id": (
        "gem_access/doors/create",
        lambda ids: {"name": "Garage", "actuator_entity_id": "lock"},
        "invalid_format",
        "invalid_entity",
    ),
    "door strike 0": (
        "gem_access/doors/create",
        lambda ids: {"name": "Garage", "strike_time_s": 0},
        "invalid_format",
        "invalid_number",
    ),
    "door strike text": (
        "gem_access/doors/create",
        lambda ids: {"name": "Garage", "strike_time_s": "abc"},
        "invalid_format",
        "invalid_number",
    ),
    "door update strike text": (
        "gem_access/doors/update",
        lambda ids: {"door_id": ids["front"], "strike_time_s": "abc"},
        "invalid_format",
        "invalid_number",
    ),
    "door held open negative": (
        "gem_access/doors/update",
        lambda ids: {"door_id": ids["front"], "held_open_threshold_sec": -1},
        "invalid_format",
        "invalid_number",
    ),
    "door update unknown id": (
        "gem_access/doors/update",
        lambda ids: {"door_id": "nothing", "name": "X"},
        "not_found",
        "unknown_door",
    ),
    "door delete unknown id": (
        "gem_access/doors/delete",
        lambda ids: {"door_id": "nothing"},
        "not_found",
        "unknown_door",
    ),
    "door delete in use": (
        "gem_access/doors/delete",
        lambda ids: {"door_id": ids["front"]},
        "in_use",
        "door_in_use",
    ),
    "rule unknown device": (
        "gem_access/rules/create",
        lambda ids: {"name": "R", "device_ids": ["ghost"]},
        "not_found",
        "unknown_device",
    ),
    "rule unknown user": (
        "gem_access/rules/create",
        lambda ids: {"name": "R", "user_ids": [ids["alice"], "ghost"]},
        "not_found",
        "unknown_user",
    ),
    "rule ids not a list": (
        "gem_access/rules/create",
        lambda ids: {"name": "R", "user_ids": ids["alice"]},
        "invalid_format",
        "invalid_field",
    ),
    "rule schedule 25:00": (
        "gem_access/rules/create",
        lambda ids: {
            "name": "R",
            "schedule": [{"days": ["mon"], "start": "08:00", "end": "25:00"}],
        },
        "invalid_format",
        "invalid_time",
    ),
    "rule schedule funday": (
        "gem_access/rules/create",
        lambda ids: {
            "name": "R",
            "schedule": [{"days": ["funday"], "start": "08:00", "end": "17:00"}],
        },
        "invalid_format",
        "invalid_days",
    ),
    "rule schedule no days": (
        "gem_access/rules/create",
        lambda ids: {"name": "R", "schedule": [{"days": [], "start": "08:00", "end": "17:00"}]},
        "invalid_format",
        "invalid_days",
    ),
    "rule schedule start equals end": (
        "gem_access/rules/create",
        lambda ids: {
            "name": "R",
            "schedule": [{"days": ["mon"], "start": "08:00", "end": "08:00"}],
        },
        "invalid_format",
        "empty_window",
    ),
    "rule schedule missing end": (
        "gem_access/rules/create",
        lambda ids: {"name": "R", "schedule": [{"days": ["mon"], "start": "08:00"}]},
        "invalid_format",
        "invalid_time",
    ),
    "rule schedule not a list": (
        "gem_access/rules/update",
        lambda ids: {"rule_id": ids["rule"], "schedule": "always"},
        "invalid_format",
        "invalid_field",
    ),
    "rule script not a script": (
        "gem_access/rules/update",
        lambda ids: {"rule_id": ids["rule"], "script_entity_id": "light.x"},
        "invalid_format",
        "invalid_entity",
    ),
    "rule update unknown user": (
        "gem_access/rules/update",
        lambda ids: {"rule_id": ids["rule"], "user_ids": ["ghost"]},
        "not_found",
        "unknown_user",
    ),
    "rule unknown field": (
        "gem_access/rules/create",
        lambda ids: {"name": "R", "door_ids": []},
        "invalid_format",
        "unknown_field",
    ),
    "rule update unknown id": (
        "gem_access/rules/update",
        lambda ids: {"rule_id": "nothing", "enabled": False},
        "not_found",
        "unknown_rule",
    ),
    "rule delete unknown id": (
        "gem_access/rules/delete",
        lambda ids: {"rule_id": "nothing"},
        "not_found",
        "unknown_rule",
    ),
    "settings face without acknowledgement": (
        "gem_access/settings/update",
        lambda ids: {"facial_recognition_enabled": True},
        "invalid_format",
        "privacy_acknowledgement_required",
    ),
    "settings negative retention": (
        "gem_access/settings/update",
        lambda ids: {"retention_days": -1},
        "invalid_format",
        "invalid_number",
    ),
    "settings cooldown text": (
        "gem_access/settings/update",
        lambda ids: {"cooldown_failures": "x"},
        "invalid_format",
        "invalid_number",
    ),
    "settings fractional cooldown": (
        "gem_access/settings/update",
        lambda ids: {"cooldown_failures": 2.5},
        "invalid_format",
        "invalid_number",
    ),
    "settings unknown field": (
        "gem_access/settings/update",
        lambda ids: {"retention": 5},
        "invalid_format",
        "unknown_field",
    ),
    "settings one bad field of two": (
        "gem_access/settings/update",
        lambda ids: {"cooldown_s": 10, "forced_grace_s": -5},
        "invalid_format",
        "invalid_number",
    ),
    "log list bad result": (
        "gem_access/log/list",
        lambda ids: {"result": "maybe"},
        "invalid_format",
        None,
    ),
    "log list bad start": (
        "gem_access/log/list",
        lambda ids: {"start": "yesterday-ish"},
        "invalid_format",
        "invalid_datetime",
    ),
    "log list bad end": (
        "gem_access/log/list",
        lambda ids: {"end": "2024-02-31"},
        "invalid_format",
        "invalid_datetime",
    ),
    "log list bad access_type": (
        "gem_access/log/list",
        lambda ids: {"access_type": "face"},
        "invalid_format",
        None,
    ),
    "log list before_id 0": (
        "gem_access/log/list",
        lambda ids: {"before_id": 0},
        "invalid_format",
        None,
    ),
    "log list limit 0": ("gem_access/log/list", lambda ids: {"limit": 0}, "invalid_format", None),
    "log list limit 5000": (
        "gem_access/log/list",
        lambda ids: {"limit": 5000},
        "invalid_format",
        None,
    ),
    "log subscribe bad result": (
        "gem_access/log/subscribe",
        lambda ids: {"result": "maybe"},
        "invalid_format",
        None,
    ),
    "log subscribe bad start": (
        "gem_access/log/subscribe",
        lambda ids: {"start": "soon"},
        "invalid_format",
        "invalid_datetime",
    ),
    "log delete_old negative": (
        "gem_access/log/delete_old",
        lambda ids: {"keep_days": -1},
        "invalid_format",
        "invalid_keep_days",
    ),
    "log delete_old fraction": (
        "gem_access/log/delete_old",
        lambda ids: {"keep_days": 1.5},
        "invalid_format",
        "invalid_keep_days",
    ),
    "log delete_old text": (
        "gem_access/log/delete_old",
        lambda ids: {"keep_days": "abc"},
        "invalid_format",
        "invalid_keep_days",
    ),
    "log delete_old missing": ("gem_access/log/delete_old", lambda ids: {}, "invalid_format", None),
}


BAD_GROUPS = sorted({command.split("/")[1] for command, *_ in BAD_INPUT.values()})


async def check_bad_input(
    hass: HomeAssistant, site: Site, ws: MockHAClientWebSocket, case: str
) -> None:
    """One bad request: a clear error, and nothing changed (config, hashes, log, reader)."""
    command, payload, code, key = BAD_INPUT[case]
    before = await state(ws, site)
    msg = await send(ws, command, **payload(site.ids))
    error = assert_readable_error(msg)
    assert error["code"] == code, error
    if key is not None:
        assert error.get("translation_key") == key, error
    assert_no_secrets(msg, keys=False)
    await hass.async_block_till_done()
    assert await state(ws, site) == before
    # and the old credentials still work exactly as before
    again = await present(hass, site.ids["keypad"], "pin", PIN_ALICE)
    assert (again["result"], again["user_id"]) == ("granted", site.ids["alice"])


@pytest.mark.parametrize("group", BAD_GROUPS)
async def test_bad_input_is_refused_clearly_and_changes_nothing(
    hass: HomeAssistant, site: Site, admin_ws: MockHAClientWebSocket, group: str
) -> None:
    """Every case of a group runs against one site (each case checks that nothing changed)."""
    await present(hass, site.ids["keypad"], "pin", PIN_ALICE)  # log rows delete_old must keep
    await present(hass, site.ids["reader"], "rfid", CARD_BOB)
    failures: dict[str, str] = {}
    for case, (command, *_) in BAD_INPUT.items():
        if command.split("/")[1] != group:
            continue
        try:
            await check_bad_input(hass, site, admin_ws, case)
        except AssertionError as err:
            failures[case] = str(err).splitlines()[0]
    assert not failures, json.dumps(failures, indent=1)


@pytest.mark.parametrize("command", ["gem_access/log/list", "gem_access/log/subscribe"])
async def test_impossible_log_date_is_refused_clearly(
    hass: HomeAssistant, site: Site, admin_ws: MockHAClientWebSocket, command: str
) -> None:
    msg = await send(admin_ws, command, end="2024-02-30T00:00:00")
    error = assert_readable_error(msg)
    assert (error["code"], error.get("translation_key")) == ("invalid_format", "invalid_datetime")


async def test_credential_conflict_does_not_name_the_holder(
    hass: HomeAssistant, site: Site, admin_ws: MockHAClientWebSocket
) -> None:
    for payload in (
        {"name": "Eve", "pins": [PIN_ALICE]},
        {"name": "Eve", "pins": ["4444"], "duress_pin": PIN_ALICE_DURESS},
        {"name": "Eve", "rfid_cards": [CARD_BOB]},
    ):
        msg = await send(admin_ws, "gem_access/users/create", **payload)
        error = assert_readable_error(msg)
        text = json.dumps(msg).lower()
        for holder in ("alice", "bob", site.ids["alice"], site.ids["bob"]):
            assert holder.lower() not in text, error


async def test_overnight_and_24h_end_schedules_are_accepted(
    hass: HomeAssistant, site: Site, admin_ws: MockHAClientWebSocket
) -> None:
    schedule = [
        {"days": ["fri", "sat"], "start": "22:00", "end": "06:00"},
        {"days": ["sun"], "start": "18:00", "end": "24:00"},
        {"days": ["MON"], "start": "00:00", "end": "23:59"},
    ]
    updated = await ok(
        admin_ws, "gem_access/rules/update", rule_id=site.ids["rule"], schedule=schedule
    )
    assert updated["schedule"][:2] == schedule[:2]
    assert updated["schedule"][2]["days"] == ["mon"]


async def test_valid_settings_limits_are_accepted(
    hass: HomeAssistant, site: Site, admin_ws: MockHAClientWebSocket
) -> None:
    updated = await ok(
        admin_ws,
        "gem_access/settings/update",
        retention_days=0,
        cooldown_failures=0,
        default_held_open_threshold_sec=None,
    )
    assert updated["retention_days"] == 0
    assert updated["cooldown_failures"] == 0
    assert updated["default_held_open_threshold_sec"] is None


# --- 4. deleting users and devices cleans the rules ------------------------------------------------


async def test_deleting_user_and_device_removes_them_from_rules(
    hass: HomeAssistant, site: Site, admin_ws: MockHAClientWebSocket
) -> None:
    other = await ok(
        admin_ws,
        "gem_access/rules/create",
        name="Bob only",
        device_ids=[site.ids["keypad"]],
        user_ids=[site.ids["bob"], site.ids["alice"]],
    )
    await ok(admin_ws, "gem_access/users/delete", user_id=site.ids["alice"])
    rules = {r["id"]: r for r in await ok(admin_ws, "gem_access/rules/list")}
    assert rules[site.ids["rule"]]["user_ids"] == [site.ids["bob"]]
    assert rules[other["id"]]["user_ids"] == [site.ids["bob"]]
    assert rules[site.ids["rule"]]["device_ids"] == [site.ids["keypad"], site.ids["reader"]]

    await ok(admin_ws, "gem_access/devices/delete", device_id=site.ids["keypad"])
    rules = {r["id"]: r for r in await ok(admin_ws, "gem_access/rules/list")}
    assert rules[site.ids["rule"]]["device_ids"] == [site.ids["reader"]]
    assert rules[other["id"]]["device_ids"] == []
    assert rules[site.ids["rule"]]["user_ids"] == [site.ids["bob"]]

    # the remaining configuration still works, and the deleted ones are gone for good
    assert (await present(hass, site.ids["reader"], "rfid", CARD_BOB))["result"] == "granted"
    gone = await present(hass, site.ids["reader"], "pin", PIN_ALICE)
    assert (gone["result"], gone["reason"]) == ("denied", "unknown_credential")
    # a rule can be saved again after its references were dropped
    await ok(admin_ws, "gem_access/rules/update", rule_id=other["id"], name="Renamed")


async def test_recreated_user_with_same_name_does_not_inherit_rules(
    hass: HomeAssistant, site: Site, admin_ws: MockHAClientWebSocket
) -> None:
    await ok(admin_ws, "gem_access/users/delete", user_id=site.ids["alice"])
    again = await ok(admin_ws, "gem_access/users/create", name="Alice", pins=[PIN_ALICE])
    rules = {r["id"]: r for r in await ok(admin_ws, "gem_access/rules/list")}
    assert again["id"] not in rules[site.ids["rule"]]["user_ids"]
    result = await present(hass, site.ids["keypad"], "pin", PIN_ALICE)
    assert (result["result"], result["reason"]) == ("denied", "not_authorized")


# --- 6. live log -----------------------------------------------------------------------------------


async def receive_event(ws: MockHAClientWebSocket, sub_id: int) -> dict[str, Any]:
    """The next event of one subscription."""
    while True:
        msg = await asyncio.wait_for(ws.receive_json(), 5)
        if msg.get("type") == "event" and msg["id"] == sub_id:
            return msg["event"]


async def no_event(ws: MockHAClientWebSocket) -> None:
    """Nothing else arrives."""
    with pytest.raises(TimeoutError):
        msg = await asyncio.wait_for(ws.receive_json(), 0.3)
        pytest.fail(f"unexpected message {msg}")


async def subscribe(ws: MockHAClientWebSocket, **filters: Any) -> tuple[int, dict[str, Any]]:
    """Start a live subscription; returns its id and result."""
    await ws.send_json_auto_id({"type": "gem_access/log/subscribe", **filters})
    msg = await asyncio.wait_for(ws.receive_json(), 5)
    assert msg["type"] == "result" and msg["success"], msg
    return msg["id"], msg["result"]


async def test_subscribe_pushes_new_rows_only(
    hass: HomeAssistant, site: Site, admin_ws: MockHAClientWebSocket
) -> None:
    earlier = await present(hass, site.ids["keypad"], "pin", PIN_ALICE)
    sub_id, result = await subscribe(admin_ws)
    assert result == {"last_id": earlier["log_id"]}
    await no_event(admin_ws)  # the row logged before subscribing is not pushed

    response = await present(hass, site.ids["reader"], "rfid", CARD_BOB)
    event = await receive_event(admin_ws, sub_id)
    assert event["type"] == "added"
    row = event["row"]
    assert row["id"] == response["log_id"] > result["last_id"]
    assert (row["result"], row["reason"], row["user_id"], row["device_id"], row["access_type"]) == (
        "granted",
        "success",
        site.ids["bob"],
        site.ids["reader"],
        "rfid",
    )
    assert_no_secrets(event)
    # the pushed row is the row the log lists
    listed = await ok(admin_ws, "gem_access/log/list", limit=1)
    assert listed["rows"] == [row]
    # older rows are reached with before_id = last_id + 1
    older = await ok(admin_ws, "gem_access/log/list", before_id=result["last_id"] + 1)
    assert [r["id"] for r in older["rows"]] == [earlier["log_id"]]

    # unsubscribing stops the pushes
    await ok(admin_ws, "unsubscribe_events", subscription=sub_id)
    await present(hass, site.ids["reader"], "rfid", CARD_BOB)
    await no_event(admin_ws)


async def test_subscribe_on_empty_log(
    hass: HomeAssistant, site: Site, admin_ws: MockHAClientWebSocket
) -> None:
    sub_id, result = await subscribe(admin_ws)
    assert result == {"last_id": 0}
    response = await present(hass, site.ids["exit"], "rex")
    event = await receive_event(admin_ws, sub_id)
    assert (event["type"], event["row"]["id"], event["row"]["access_type"]) == (
        "added",
        response["log_id"],
        "rex",
    )


async def test_subscribe_filters_apply(
    hass: HomeAssistant, site: Site, admin_ws: MockHAClientWebSocket
) -> None:
    denied_id, _ = await subscribe(admin_ws, result="denied")
    bob_id, _ = await subscribe(admin_ws, user_id=site.ids["bob"])
    await present(hass, site.ids["keypad"], "pin", PIN_ALICE)  # granted, alice: neither
    await present(hass, site.ids["keypad"], "pin", PIN_BOB)  # granted, bob
    wrong = await present(hass, site.ids["keypad"], "pin", "0000")  # denied, nobody
    assert wrong["result"] == "denied"
    await hass.async_block_till_done()

    received: dict[int, list[dict[str, Any]]] = {denied_id: [], bob_id: []}
    with pytest.raises(TimeoutError):
        while True:
            msg = await asyncio.wait_for(admin_ws.receive_json(), 0.3)
            assert msg["type"] == "event", msg
            received[msg["id"]].append(msg["event"])
    assert [(e["type"], e["row"]["id"]) for e in received[denied_id]] == [
        ("added", wrong["log_id"])
    ]
    assert [e["row"]["user_id"] for e in received[bob_id]] == [site.ids["bob"]]
    assert all(e["row"]["result"] == "denied" for e in received[denied_id])
