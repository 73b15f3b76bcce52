"""Validation of stored records: users, doors, readers, rules and settings."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from custom_components.gem_access.core.credentials import CredentialHasher, new_secret
from custom_components.gem_access.core.models import DEFAULT_SETTINGS
from custom_components.gem_access.core.validation import (
    RecordError,
    clean_device,
    clean_door,
    clean_driver_options,
    clean_rule,
    clean_settings,
    clean_user,
    parse_validity,
    public_user,
)


@pytest.fixture
def hasher() -> CredentialHasher:
    return CredentialHasher(new_secret())


def error_of(func: Any, *args: Any) -> RecordError:
    with pytest.raises(RecordError) as err:
        func(*args)
    return err.value


# --- users -------------------------------------------------------------------------------------


def test_new_user_defaults(hasher: CredentialHasher) -> None:
    record = clean_user({"name": "  Alice  "}, None, hasher, {}, "u1")
    assert record == {
        "name": "Alice",
        "enabled": True,
        "valid_from": None,
        "valid_until": None,
        "facial_recognition_enabled": True,
        "pins": [],
        "duress_pins": [],
        "rfid_cards": [],
    }


def test_user_credentials_stored_hashed_only(hasher: CredentialHasher) -> None:
    record = clean_user(
        {
            "name": "Alice",
            "pins": ["1234", "567890", "1234"],
            "duress_pin": "9999",
            "rfid_cards": ["00AB:CD", "12345678", "0012345678"],
        },
        None,
        hasher,
        {},
        "u1",
    )
    assert record["pins"] == [hasher.pin("1234"), hasher.pin("567890")]
    assert record["duress_pins"] == [hasher.pin("9999")]
    assert record["rfid_cards"] == [hasher.card("00abcd"), hasher.card("12345678")]
    assert "duress_pin" not in record
    dumped = json.dumps(record)
    for secret in ("1234", "567890", "9999", "00AB", "00abcd", "12345678"):
        # as a value of its own: a 64-hex-digit hash contains "1234" by chance now and then
        assert not re.search(rf"(?<![0-9A-Za-z]){secret}(?![0-9A-Za-z])", dumped)


def test_user_update_keeps_unsent_fields(hasher: CredentialHasher) -> None:
    current = clean_user(
        {"name": "Alice", "pins": ["1234"], "duress_pin": "9999"}, None, hasher, {}, "u1"
    )
    updated = clean_user({"enabled": False}, current, hasher, {}, "u1")
    assert updated["name"] == "Alice"
    assert updated["enabled"] is False
    assert updated["pins"] == current["pins"]
    assert updated["duress_pins"] == current["duress_pins"]
    cleared = clean_user({"duress_pin": None, "pins": []}, updated, hasher, {}, "u1")
    assert cleared["duress_pins"] == []
    assert cleared["pins"] == []
    assert clean_user({"duress_pin": ""}, current, hasher, {}, "u1")["duress_pins"] == []


def test_user_validity_stored_normalised(hasher: CredentialHasher) -> None:
    record = clean_user(
        {"name": "A", "valid_from": "2024-06-01", "valid_until": "2024-06-30T18:00:00+02:00"},
        None,
        hasher,
        {},
        "u1",
    )
    assert record["valid_from"] == "2024-06-01"
    assert record["valid_until"] == "2024-06-30T18:00:00+02:00"
    assert parse_validity(record["valid_until"]).utcoffset().total_seconds() == 7200
    same_day = clean_user(
        {"name": "A", "valid_from": "2024-06-01", "valid_until": "2024-06-01"},
        None,
        hasher,
        {},
        "u1",
    )
    assert same_day["valid_until"] == "2024-06-01"
    cleared = clean_user({"valid_from": None, "valid_until": ""}, record, hasher, {}, "u1")
    assert (cleared["valid_from"], cleared["valid_until"]) == (None, None)


@pytest.mark.parametrize(
    ("data", "key"),
    [
        ({}, "invalid_name"),
        ({"name": ""}, "invalid_name"),
        ({"name": "   "}, "invalid_name"),
        ({"name": "x" * 101}, "invalid_name"),
        ({"name": 5}, "invalid_name"),
        ({"name": "A", "bogus": 1}, "unknown_field"),
        ({"name": "A", "id": "u9"}, "unknown_field"),
        ({"name": "A", "duress_pins": ["1234"]}, "unknown_field"),
        ({"name": "A", "enabled": "yes"}, "invalid_field"),
        ({"name": "A", "enabled": 1}, "invalid_field"),
        ({"name": "A", "facial_recognition_enabled": None}, "invalid_field"),
        ({"name": "A", "valid_from": "2024-13-01"}, "invalid_date"),
        ({"name": "A", "valid_from": "yesterday"}, "invalid_date"),
        ({"name": "A", "valid_until": "2024-06-01T10:00:00"}, "invalid_date"),  # no offset
        ({"name": "A", "valid_until": 20240601}, "invalid_date"),
        (
            {"name": "A", "valid_from": "2024-06-02", "valid_until": "2024-06-01"},
            "invalid_validity",
        ),
        ({"name": "A", "pins": "1234"}, "invalid_field"),
        ({"name": "A", "pins": [str(1000 + i) for i in range(11)]}, "invalid_field"),
        ({"name": "A", "pins": ["123"]}, "invalid_pin"),
        ({"name": "A", "pins": ["1234567890123"]}, "invalid_pin"),
        ({"name": "A", "pins": ["12a4"]}, "invalid_pin"),
        ({"name": "A", "pins": [1234]}, "invalid_pin"),
        ({"name": "A", "duress_pin": "12"}, "invalid_pin"),
        ({"name": "A", "duress_pin": 9999}, "invalid_pin"),
        ({"name": "A", "rfid_cards": "12345678"}, "invalid_field"),
        ({"name": "A", "rfid_cards": [str(10000 + i) for i in range(21)]}, "invalid_field"),
        ({"name": "A", "rfid_cards": ["zz-top"]}, "invalid_card"),
        ({"name": "A", "rfid_cards": [""]}, "invalid_card"),
        ({"name": "A", "pins": ["1234"], "duress_pin": "1234"}, "duress_pin_same_as_pin"),
    ],
)
def test_user_errors(hasher: CredentialHasher, data: dict[str, Any], key: str) -> None:
    assert error_of(clean_user, data, None, hasher, {}, "u1").key == key


def test_duress_same_as_pin_is_a_conflict(hasher: CredentialHasher) -> None:
    err = error_of(
        clean_user, {"name": "A", "pins": ["1234"], "duress_pin": "1234"}, None, hasher, {}, "u1"
    )
    assert err.code == "conflict"
    current = clean_user(
        {"name": "A", "pins": ["1234"], "duress_pin": "9999"}, None, hasher, {}, "u1"
    )
    assert (
        error_of(clean_user, {"duress_pin": "1234"}, current, hasher, {}, "u1").key
        == "duress_pin_same_as_pin"
    )
    assert (
        error_of(clean_user, {"pins": ["9999"]}, current, hasher, {}, "u1").key
        == "duress_pin_same_as_pin"
    )


def test_error_never_echoes_credential(hasher: CredentialHasher) -> None:
    err = error_of(clean_user, {"name": "A", "pins": ["12x45"]}, None, hasher, {}, "u1")
    assert "12x45" not in str(err)
    assert "12x45" not in json.dumps(err.placeholders)


@pytest.mark.parametrize(
    "data",
    [
        {"name": "B", "pins": ["1234"]},
        {"name": "B", "duress_pin": "1234"},
        {"name": "B", "pins": ["9999"]},  # another user's duress PIN
        {"name": "B", "rfid_cards": ["0012345678"]},  # another user's card, other spelling
    ],
)
def test_credential_held_by_other_user(hasher: CredentialHasher, data: dict[str, Any]) -> None:
    alice = clean_user(
        {"name": "A", "pins": ["1234"], "duress_pin": "9999", "rfid_cards": ["12345678"]},
        None,
        hasher,
        {},
        "alice",
    )
    owners = {d: "alice" for d in alice["pins"] + alice["duress_pins"] + alice["rfid_cards"]}
    err = error_of(clean_user, data, None, hasher, owners, "bob")
    assert (err.key, err.code) == ("credential_in_use", "conflict")
    assert "alice" not in str(err.placeholders)
    # the owner may keep (re-send) their own credentials
    assert (
        clean_user({"pins": ["1234"], "rfid_cards": ["12345678"]}, alice, hasher, owners, "alice")[
            "pins"
        ]
        == alice["pins"]
    )


def test_same_digits_as_pin_and_card_do_not_clash(hasher: CredentialHasher) -> None:
    alice = clean_user({"name": "A", "pins": ["12345678"]}, None, hasher, {}, "alice")
    owners = dict.fromkeys(alice["pins"], "alice")
    bob = clean_user({"name": "B", "rfid_cards": ["12345678"]}, None, hasher, owners, "bob")
    assert bob["rfid_cards"] != alice["pins"]


def test_public_user_hides_credentials(hasher: CredentialHasher) -> None:
    record = clean_user(
        {
            "name": "Alice",
            "pins": ["1234", "5678"],
            "duress_pin": "9999",
            "rfid_cards": ["12345678"],
        },
        None,
        hasher,
        {},
        "u1",
    )
    record["id"] = "u1"
    shown = public_user(record)
    assert shown == {
        "id": "u1",
        "name": "Alice",
        "enabled": True,
        "valid_from": None,
        "valid_until": None,
        "facial_recognition_enabled": True,
        "facial_recognition_embedding_error": None,
        "has_photo": False,
        "facial_recognition_enrolled": False,
        "pin_count": 2,
        "has_duress_pin": True,
        "rfid_card_count": 1,
    }
    dumped = json.dumps(shown)
    for digest in record["pins"] + record["duress_pins"] + record["rfid_cards"]:
        assert digest not in dumped
    assert not {"pins", "duress_pins", "rfid_cards", "duress_pin"} & set(shown)


@pytest.mark.parametrize(
    ("valid_from", "valid_until", "ok"),
    [
        # an inverted range on one day is accepted (user can never pass)
        ("2024-06-01T18:00:00+00:00", "2024-06-01T10:00:00+00:00", False),
        # a valid range (22:30Z .. 23:00Z) is refused because the offsets put it on different dates
        ("2024-06-02T00:30:00+02:00", "2024-06-01T23:00:00+00:00", True),
    ],
)
def test_datetime_validity_order_compares_instants(
    hasher: CredentialHasher, valid_from: str, valid_until: str, ok: bool
) -> None:
    data = {"name": "A", "valid_from": valid_from, "valid_until": valid_until}
    if ok:
        clean_user(data, None, hasher, {}, "u1")
    else:
        assert error_of(clean_user, data, None, hasher, {}, "u1").key == "invalid_validity"


# --- doors -------------------------------------------------------------------------------------


def test_door_defaults_and_values() -> None:
    assert clean_door({"name": "Main"}, None) == {
        "name": "Main",
        "contact_entity_id": None,
        "actuator_entity_id": None,
        "strike_time_s": 5,
        "held_open_threshold_sec": None,
    }
    record = clean_door(
        {
            "name": "Main",
            "contact_entity_id": "binary_sensor.main_contact",
            "actuator_entity_id": "lock.main",
            "strike_time_s": 2.5,
            "held_open_threshold_sec": 30,
        },
        None,
    )
    assert record["actuator_entity_id"] == "lock.main"
    assert record["strike_time_s"] == 2.5
    assert (
        clean_door({"actuator_entity_id": "switch.relay_1"}, record)["actuator_entity_id"]
        == "switch.relay_1"
    )
    cleared = clean_door(
        {"actuator_entity_id": None, "contact_entity_id": "", "held_open_threshold_sec": None},
        record,
    )
    assert cleared["actuator_entity_id"] is None
    assert cleared["contact_entity_id"] is None
    assert cleared["held_open_threshold_sec"] is None
    assert cleared["name"] == "Main"


@pytest.mark.parametrize(
    ("data", "key"),
    [
        ({}, "invalid_name"),
        ({"name": "D", "color": "red"}, "unknown_field"),
        ({"name": "D", "contact_entity_id": "sensor.contact"}, "invalid_entity"),
        ({"name": "D", "contact_entity_id": "binary_sensor"}, "invalid_entity"),
        ({"name": "D", "contact_entity_id": "binary_sensor.Main"}, "invalid_entity"),
        ({"name": "D", "contact_entity_id": 5}, "invalid_entity"),
        ({"name": "D", "actuator_entity_id": "light.kitchen"}, "invalid_entity"),
        ({"name": "D", "actuator_entity_id": "script.open"}, "invalid_entity"),
        ({"name": "D", "strike_time_s": 0}, "invalid_number"),
        ({"name": "D", "strike_time_s": 301}, "invalid_number"),
        ({"name": "D", "strike_time_s": -1}, "invalid_number"),
        ({"name": "D", "strike_time_s": "5"}, "invalid_number"),
        ({"name": "D", "strike_time_s": True}, "invalid_number"),
        ({"name": "D", "strike_time_s": None}, "invalid_number"),
        ({"name": "D", "strike_time_s": float("nan")}, "invalid_number"),
        ({"name": "D", "held_open_threshold_sec": 4}, "invalid_number"),
        ({"name": "D", "held_open_threshold_sec": 86401}, "invalid_number"),
        ({"name": "D", "held_open_threshold_sec": -30}, "invalid_number"),
    ],
)
def test_door_errors(data: dict[str, Any], key: str) -> None:
    assert error_of(clean_door, data, None).key == key


# --- access devices ----------------------------------------------------------------------------

DOORS = {"d1": {"name": "Main"}}


def test_device_defaults_and_values() -> None:
    assert clean_device({"name": "Front", "door_id": "d1"}, None, DOORS) == {
        "name": "Front",
        "door_id": "d1",
        "driver": "virtual",
        "driver_options": {},
        "camera_entity_id": None,
        "nvr_device_id": None,
        "nvr_camera": None,
        "rex_allowed": False,
    }
    record = clean_device(
        {
            "name": "Front",
            "door_id": "d1",
            "driver": "osdp",
            "driver_options": {"port": "/dev/ttyUSB9", "address": 1},
            "camera_entity_id": "camera.front",
            "nvr_device_id": "frigate",
            "nvr_camera": "front",
        },
        None,
        DOORS,
    )
    assert record["driver"] == "osdp"
    assert record["driver_options"] == {"port": "/dev/ttyUSB9", "address": 1}
    updated = clean_device({"name": "Front 2", "nvr_camera": ""}, record, DOORS)
    assert updated["door_id"] == "d1"
    assert updated["nvr_camera"] is None


@pytest.mark.parametrize(
    ("data", "key", "code"),
    [
        ({"door_id": "d1"}, "invalid_name", "invalid_format"),
        ({"name": "R"}, "unknown_door", "not_found"),
        ({"name": "R", "door_id": "d9"}, "unknown_door", "not_found"),
        ({"name": "R", "door_id": None}, "unknown_door", "not_found"),
        ({"name": "R", "door_id": "d1", "driver": "wiegand"}, "invalid_driver", "invalid_format"),
        ({"name": "R", "door_id": "d1", "driver_options": []}, "invalid_field", "invalid_format"),
        (
            {"name": "R", "door_id": "d1", "camera_entity_id": "image.front"},
            "invalid_entity",
            "invalid_format",
        ),
        ({"name": "R", "door_id": "d1", "nvr_device_id": 5}, "invalid_field", "invalid_format"),
        (
            {"name": "R", "door_id": "d1", "nvr_camera": "x" * 256},
            "invalid_field",
            "invalid_format",
        ),
        ({"name": "R", "door_id": "d1", "ip": "1.2.3.4"}, "unknown_field", "invalid_format"),
    ],
)
def test_device_errors(data: dict[str, Any], key: str, code: str) -> None:
    err = error_of(clean_device, data, None, DOORS)
    assert (err.key, err.code) == (key, code)


def test_device_update_to_unknown_door_refused() -> None:
    record = clean_device({"name": "Front", "door_id": "d1"}, None, DOORS)
    assert error_of(clean_device, {"door_id": "d2"}, record, DOORS).key == "unknown_door"


# --- driver options ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("port", "stored"),
    [
        ("/dev/ttyUSB0", "/dev/ttyUSB0"),
        (
            " /dev/serial/by-id/usb-FTDI_keypad-if00-port0 ",
            "/dev/serial/by-id/usb-FTDI_keypad-if00-port0",
        ),
        ("/dev/pts/3", "/dev/pts/3"),
        ("COM3", "COM3"),
        ("com12", "com12"),
        ("\\\\.\\COM10", "\\\\.\\COM10"),
        ("socket://192.168.1.20:4001", "socket://192.168.1.20:4001"),
        ("SOCKET://keypad.local:4001", "socket://keypad.local:4001"),
        ("rfc2217://moxa-1.lan:950", "rfc2217://moxa-1.lan:950"),
        ("rfc2217://[fd00::20]:4001", "rfc2217://[fd00::20]:4001"),
    ],
)
def test_serial_port_accepts_devices_and_converters(port: str, stored: str) -> None:
    assert clean_driver_options("serial", {"port": port}) == {"port": stored}


@pytest.mark.parametrize(
    "port",
    [
        "loop://",
        "spy:///dev/ttyUSB0",
        "spy://socket://10.0.0.1:4001",
        "alt:///dev/ttyUSB0?class=PosixPollSerial",
        "hwgrep://FTDI",
        "hwgrep://.*",
        "cp2110://0001:0004:00",
        "file:///etc/passwd",
        "http://10.0.0.1:4001",
        "socket://10.0.0.1:4001?logging=debug",
        "rfc2217://10.0.0.1:4001/x",
        "socket://10.0.0.1",
        "socket://:4001",
        "socket://10.0.0.1:0",
        "socket://10.0.0.1:70000",
        "socket://user@10.0.0.1:4001",
        "/etc/passwd",
        "/dev/../etc/shadow",
        "/dev/",
        "/dev/tty USB0",
        "ttyUSB0",
        "COM0",
        "COM1;rm",
    ],
)
def test_serial_port_refuses_other_handlers(port: str) -> None:
    err = error_of(clean_driver_options, "serial", {"port": port})
    assert (err.key, err.code) == ("invalid_serial_port", "invalid_format")
    assert err.placeholders == {"field": "driver_options.port"}


def test_serial_port_checked_through_clean_device() -> None:
    data = {"name": "R", "door_id": "d1", "driver": "serial", "driver_options": {"port": "loop://"}}
    assert error_of(clean_device, data, None, DOORS).key == "invalid_serial_port"


@pytest.mark.parametrize("options", [{}, {"tag_device_id": None}, {"tag_device_id": "  "}])
def test_ha_tag_reader_must_name_its_scanner(options: dict[str, Any]) -> None:
    err = error_of(clean_driver_options, "ha_tag", options)
    assert (err.key, err.code) == ("tag_scanner_required", "invalid_format")
    assert err.placeholders == {"field": "driver_options.tag_device_id"}
    # switching a reader to ha_tag without options is refused the same way
    record = clean_device({"name": "Front", "door_id": "d1"}, None, DOORS)
    assert error_of(clean_device, {"driver": "ha_tag"}, record, DOORS).key == "tag_scanner_required"


def test_ha_tag_reader_pinned() -> None:
    assert clean_driver_options("ha_tag", {"tag_device_id": " 4f2a9c "}) == {
        "tag_device_id": "4f2a9c"
    }
    assert error_of(clean_driver_options, "ha_tag", {"tag_device_id": 5}).key == "invalid_field"
    assert error_of(clean_driver_options, "ha_tag", {"tag_device_id": "x" * 256}).key == (
        "invalid_field"
    )


# --- rules -------------------------------------------------------------------------------------

DEVICES = {"r1": {}, "r2": {}}
USERS = {"u1": {}, "u2": {}}


def test_rule_defaults_and_values() -> None:
    assert clean_rule({"name": "All"}, None, DEVICES, USERS) == {
        "name": "All",
        "enabled": True,
        "device_ids": [],
        "user_ids": [],
        "schedule": [],
        "script_entity_id": None,
        "duress_script_entity_id": None,
        "held_open_threshold_sec": None,
    }
    record = clean_rule(
        {
            "name": "Night",
            "device_ids": ["r1", "r2", "r1"],
            "user_ids": ["u2"],
            "schedule": [
                {"days": ["MON", "Tue"], "start": "22:00", "end": "06:00"},
                {"days": ["sat"], "start": "00:00", "end": "24:00"},
            ],
            "script_entity_id": "script.welcome",
            "duress_script_entity_id": "script.alarm",
            "held_open_threshold_sec": 45,
            "enabled": False,
        },
        None,
        DEVICES,
        USERS,
    )
    assert record["device_ids"] == ["r1", "r2"]
    assert record["schedule"] == [
        {"days": ["mon", "tue"], "start": "22:00", "end": "06:00"},
        {"days": ["sat"], "start": "00:00", "end": "24:00"},
    ]
    assert record["enabled"] is False
    assert clean_rule({"schedule": []}, record, DEVICES, USERS)["schedule"] == []


@pytest.mark.parametrize(
    ("data", "key", "code"),
    [
        ({}, "invalid_name", "invalid_format"),
        ({"name": "R", "priority": 1}, "unknown_field", "invalid_format"),
        ({"name": "R", "enabled": "true"}, "invalid_field", "invalid_format"),
        ({"name": "R", "device_ids": "r1"}, "invalid_field", "invalid_format"),
        ({"name": "R", "device_ids": [1]}, "invalid_field", "invalid_format"),
        ({"name": "R", "device_ids": ["r9"]}, "unknown_device", "not_found"),
        ({"name": "R", "user_ids": ["u1", "u9"]}, "unknown_user", "not_found"),
        ({"name": "R", "user_ids": None}, "invalid_field", "invalid_format"),
        ({"name": "R", "schedule": {"days": ["mon"]}}, "invalid_field", "invalid_format"),
        ({"name": "R", "schedule": ["mon 08:00-18:00"]}, "invalid_field", "invalid_format"),
        (
            {"name": "R", "schedule": [{"days": [], "start": "08:00", "end": "18:00"}]},
            "invalid_days",
            "invalid_format",
        ),
        (
            {"name": "R", "schedule": [{"days": ["funday"], "start": "08:00", "end": "18:00"}]},
            "invalid_days",
            "invalid_format",
        ),
        (
            {"name": "R", "schedule": [{"days": ["mon"], "start": "25:00", "end": "18:00"}]},
            "invalid_time",
            "invalid_format",
        ),
        (
            {"name": "R", "schedule": [{"days": ["mon"], "start": "7:00", "end": "18:00"}]},
            "invalid_time",
            "invalid_format",
        ),
        (
            {"name": "R", "schedule": [{"days": ["mon"], "start": "24:00", "end": "06:00"}]},
            "invalid_time",
            "invalid_format",
        ),
        (
            {"name": "R", "schedule": [{"days": ["mon"], "start": "08:00", "end": "08:00"}]},
            "empty_window",
            "invalid_format",
        ),
        ({"name": "R", "script_entity_id": "automation.x"}, "invalid_entity", "invalid_format"),
        (
            {"name": "R", "duress_script_entity_id": "lock.front"},
            "invalid_entity",
            "invalid_format",
        ),
        ({"name": "R", "held_open_threshold_sec": 2}, "invalid_number", "invalid_format"),
    ],
)
def test_rule_errors(data: dict[str, Any], key: str, code: str) -> None:
    err = error_of(clean_rule, data, None, DEVICES, USERS)
    assert (err.key, err.code) == (key, code)


def test_rule_error_does_not_change_current() -> None:
    current = clean_rule({"name": "R", "user_ids": ["u1"]}, None, DEVICES, USERS)
    snapshot = dict(current)
    error_of(clean_rule, {"name": "New", "user_ids": ["u9"]}, current, DEVICES, USERS)
    assert current == snapshot


# --- settings ----------------------------------------------------------------------------------


def test_settings_defaults_and_update() -> None:
    assert clean_settings({}, {}) == DEFAULT_SETTINGS
    record = clean_settings(
        {
            "retention_days": 30,
            "cooldown_failures": 0,
            "cooldown_s": 0,
            "forced_grace_s": 15,
            "default_held_open_threshold_sec": None,
            "cooldown_window_s": 120.0,
        },
        {},
    )
    assert record["retention_days"] == 30
    assert record["cooldown_failures"] == 0
    assert record["cooldown_window_s"] == 120
    assert isinstance(record["cooldown_window_s"], int)
    assert record["default_held_open_threshold_sec"] is None
    assert record["cooldown_s"] == 0


@pytest.mark.parametrize(
    "data",
    [
        {"retention_days": -1},
        {"retention_days": 1.5},
        {"retention_days": "30"},
        {"retention_days": None},
        {"retention_days": True},
        {"cooldown_failures": -1},
        {"cooldown_failures": 2.5},
        {"cooldown_failures": 101},
        {"cooldown_window_s": 0},
        {"cooldown_window_s": -60},
        {"cooldown_s": -1},
        {"cooldown_s": 0.5},
        {"forced_grace_s": -10},
        {"forced_grace_s": 301},
        {"default_held_open_threshold_sec": 0},
        {"default_held_open_threshold_sec": -5},
        {"default_held_open_threshold_sec": 60.5},
    ],
)
def test_settings_bad_numbers(data: dict[str, Any]) -> None:
    err = error_of(clean_settings, data, dict(DEFAULT_SETTINGS))
    assert err.key == "invalid_number"
    assert err.placeholders["field"] == next(iter(data))


@pytest.mark.parametrize(
    ("data", "key"),
    [
        ({"theme": "dark"}, "unknown_field"),
        ({"privacy_acknowledged": "yes"}, "invalid_field"),
        ({"facial_recognition_enabled": 1}, "invalid_field"),
    ],
)
def test_settings_other_errors(data: dict[str, Any], key: str) -> None:
    assert error_of(clean_settings, data, dict(DEFAULT_SETTINGS)).key == key


@pytest.mark.parametrize(
    "data",
    [
        {"facial_recognition_enabled": True},
        {"facial_recognition_enabled": True, "privacy_acknowledged": False},
        {"facial_recognition_enabled": True, "privacy_acknowledged": "true"},
    ],
)
def test_enabling_face_needs_acknowledgement_in_same_update(data: dict[str, Any]) -> None:
    current = {**DEFAULT_SETTINGS, "privacy_acknowledged": True}  # an old acknowledgement
    assert error_of(clean_settings, data, current).key in {
        "privacy_acknowledgement_required",
        "invalid_field",
    }
    assert (
        error_of(clean_settings, {"facial_recognition_enabled": True}, current).key
        == "privacy_acknowledgement_required"
    )


def test_enabling_face_with_acknowledgement() -> None:
    record = clean_settings(
        {"facial_recognition_enabled": True, "privacy_acknowledged": True}, dict(DEFAULT_SETTINGS)
    )
    assert record["facial_recognition_enabled"] is True
    assert record["privacy_acknowledged"] is True
    # already on: other updates and re-sending True need no new acknowledgement
    again = clean_settings({"facial_recognition_enabled": True, "retention_days": 7}, record)
    assert again["facial_recognition_enabled"] is True
    off = clean_settings({"facial_recognition_enabled": False}, record)
    assert off["facial_recognition_enabled"] is False
    with pytest.raises(RecordError):
        clean_settings({"facial_recognition_enabled": True}, off)


def test_user_error_does_not_change_current(hasher: CredentialHasher) -> None:
    current = clean_user({"name": "A", "pins": ["1234"]}, None, hasher, {}, "u1")
    snapshot = json.dumps(current, sort_keys=True)
    error_of(
        clean_user, {"name": "B", "pins": ["5678"], "duress_pin": "5678"}, current, hasher, {}, "u1"
    )
    assert json.dumps(current, sort_keys=True) == snapshot
