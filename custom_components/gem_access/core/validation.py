"""Validation of user, door, reader, rule and settings records (pure: no HA imports).

Each ``clean_*`` takes the fields a client sent and the current record (for updates) and returns the full
stored record, or raises ``RecordError`` with a translation key; nothing is changed on error.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any, Protocol
from urllib.parse import urlsplit

from . import schedules
from .credentials import CredentialError, CredentialHasher
from .drivers import DRIVER_DESCRIPTIONS, DRIVERS, TEXT_MAX
from .models import DEFAULT_SETTINGS

ENTITY_ID_RE = re.compile(r"^(?P<domain>[a-z0-9_]+)\.[a-z0-9_]+$")
NAME_MAX = 100


class SupportsOwnerLookup(Protocol):
    """``hash -> user id`` lookups (a dict, or a view over the credential index)."""

    def get(self, digest: str, default: None = None, /) -> str | None:
        """The owner of a credential hash."""
        ...


class RecordError(ValueError):
    """A record field that cannot be stored."""

    def __init__(self, key: str, code: str = "invalid_format", **placeholders: object) -> None:
        """Carry the translation key and placeholders."""
        super().__init__(key)
        self.key = key
        self.code = code
        self.placeholders = {k: str(v) for k, v in placeholders.items()}


def _name(value: Any) -> str:
    if not isinstance(value, str) or not value.strip() or len(value.strip()) > NAME_MAX:
        raise RecordError("invalid_name", max=NAME_MAX)
    return value.strip()


def _bool(field: str, value: Any) -> bool:
    if not isinstance(value, bool):
        raise RecordError("invalid_field", field=field)
    return value


def _entity(field: str, value: Any, domains: tuple[str, ...]) -> str | None:
    if value in (None, ""):
        return None
    match = ENTITY_ID_RE.match(value) if isinstance(value, str) else None
    if not match or match.group("domain") not in domains:
        raise RecordError("invalid_entity", field=field, domains=", ".join(domains))
    return str(value)


def _number(
    field: str,
    value: Any,
    *,
    minimum: float,
    maximum: float,
    optional: bool = False,
    integer: bool = False,
) -> Any:
    if value is None and optional:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise RecordError("invalid_number", field=field, min=minimum, max=maximum)
    if integer and not float(value).is_integer():
        raise RecordError("invalid_number", field=field, min=minimum, max=maximum)
    if not minimum <= value <= maximum:
        raise RecordError("invalid_number", field=field, min=minimum, max=maximum)
    return int(value) if integer else value


def _validity(field: str, value: Any) -> str | None:
    """A date (whole local day) or an ISO datetime with offset; stored as given (normalised)."""
    if value in (None, ""):
        return None
    if isinstance(value, str):
        try:
            if len(value) == 10:
                return date.fromisoformat(value).isoformat()
            parsed = datetime.fromisoformat(value)
        except ValueError:
            pass
        else:
            if parsed.tzinfo is not None:
                return parsed.isoformat()
    raise RecordError("invalid_date", field=field)


def parse_validity(value: str | None) -> date | datetime | None:
    """Turn a stored validity bound back into a date or an aware datetime."""
    if value is None:
        return None
    return date.fromisoformat(value) if len(value) == 10 else datetime.fromisoformat(value)


def _id_list(field: str, value: Any, known: dict[str, Any], missing_key: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise RecordError("invalid_field", field=field)
    for item in value:
        if item not in known:
            raise RecordError(missing_key, code="not_found", id=item)
    return list(dict.fromkeys(value))


def _only(data: dict[str, Any], allowed: set[str]) -> None:
    unknown = set(data) - allowed
    if unknown:
        raise RecordError("unknown_field", field=", ".join(sorted(unknown)))


USER_FIELDS = {
    "name",
    "enabled",
    "valid_from",
    "valid_until",
    "facial_recognition_enabled",
    "pins",
    "duress_pin",
    "rfid_cards",
}


def clean_user(
    data: dict[str, Any],
    current: dict[str, Any] | None,
    hasher: CredentialHasher,
    owners: SupportsOwnerLookup,
    user_id: str,
) -> dict[str, Any]:
    """Validate a user; ``owners`` maps every stored credential hash to its user id."""
    _only(data, USER_FIELDS)
    record: dict[str, Any] = (
        dict(current)
        if current
        else {
            "enabled": True,
            "valid_from": None,
            "valid_until": None,
            "facial_recognition_enabled": True,
            "pins": [],
            "duress_pins": [],
            "rfid_cards": [],
        }
    )
    if "name" in data or current is None:
        record["name"] = _name(data.get("name"))
    if "enabled" in data:
        record["enabled"] = _bool("enabled", data["enabled"])
    if "facial_recognition_enabled" in data:
        record["facial_recognition_enabled"] = _bool(
            "facial_recognition_enabled", data["facial_recognition_enabled"]
        )
    for field in ("valid_from", "valid_until"):
        if field in data:
            record[field] = _validity(field, data[field])
    start, end = parse_validity(record["valid_from"]), parse_validity(record["valid_until"])
    if start is not None and end is not None and _after(start, end):
        raise RecordError("invalid_validity")
    try:
        if "pins" in data:
            if not isinstance(data["pins"], list) or len(data["pins"]) > 10:
                raise RecordError("invalid_field", field="pins")
            record["pins"] = list(dict.fromkeys(hasher.pin(p) for p in data["pins"]))
        if "duress_pin" in data:
            value = data["duress_pin"]
            record["duress_pins"] = [] if value in (None, "") else [hasher.pin(value)]
        if "rfid_cards" in data:
            if not isinstance(data["rfid_cards"], list) or len(data["rfid_cards"]) > 20:
                raise RecordError("invalid_field", field="rfid_cards")
            record["rfid_cards"] = list(dict.fromkeys(hasher.card(c) for c in data["rfid_cards"]))
    except CredentialError as err:
        raise RecordError(err.key) from None
    own_pins = record["pins"] + record["duress_pins"]
    if len(set(own_pins)) != len(own_pins):
        raise RecordError("duress_pin_same_as_pin", code="conflict")
    for digest in own_pins + record["rfid_cards"]:
        owner = owners.get(digest)
        if owner is not None and owner != user_id:
            # never say whose it is: that would leak another user's PIN
            raise RecordError("credential_in_use", code="conflict")
    return record


def _after(start: date | datetime, end: date | datetime) -> bool:
    """Whether a validity start lies after its end (two datetimes compare as instants)."""
    if isinstance(start, datetime) and isinstance(end, datetime):
        return start > end
    as_date = [v.date() if isinstance(v, datetime) else v for v in (start, end)]
    return as_date[0] > as_date[1]


def public_user(record: dict[str, Any]) -> dict[str, Any]:
    """The user as APIs show it: credentials replaced by counts."""
    return {
        "id": record["id"],
        "name": record["name"],
        "enabled": record["enabled"],
        "valid_from": record.get("valid_from"),
        "valid_until": record.get("valid_until"),
        "facial_recognition_enabled": record.get("facial_recognition_enabled", True),
        "facial_recognition_embedding_error": record.get("facial_recognition_embedding_error"),
        "has_photo": bool(record.get("has_photo", False)),
        "facial_recognition_enrolled": bool(record.get("facial_recognition_enrolled", False)),
        "pin_count": len(record.get("pins", [])),
        "has_duress_pin": bool(record.get("duress_pins")),
        "rfid_card_count": len(record.get("rfid_cards", [])),
    }


DOOR_FIELDS = {
    "name",
    "contact_entity_id",
    "actuator_entity_id",
    "strike_time_s",
    "held_open_threshold_sec",
}


def clean_door(data: dict[str, Any], current: dict[str, Any] | None) -> dict[str, Any]:
    """Validate a door."""
    _only(data, DOOR_FIELDS)
    record: dict[str, Any] = (
        dict(current)
        if current
        else {
            "contact_entity_id": None,
            "actuator_entity_id": None,
            "strike_time_s": 5,
            "held_open_threshold_sec": None,
        }
    )
    if "name" in data or current is None:
        record["name"] = _name(data.get("name"))
    if "contact_entity_id" in data:
        record["contact_entity_id"] = _entity(
            "contact_entity_id", data["contact_entity_id"], ("binary_sensor",)
        )
    if "actuator_entity_id" in data:
        record["actuator_entity_id"] = _entity(
            "actuator_entity_id", data["actuator_entity_id"], ("lock", "switch")
        )
    if "strike_time_s" in data:
        record["strike_time_s"] = _number(
            "strike_time_s", data["strike_time_s"], minimum=1, maximum=300
        )
    if "held_open_threshold_sec" in data:
        record["held_open_threshold_sec"] = _number(
            "held_open_threshold_sec",
            data["held_open_threshold_sec"],
            minimum=5,
            maximum=86400,
            optional=True,
        )
    return record


DEVICE_FIELDS = {
    "name",
    "door_id",
    "driver",
    "driver_options",
    "camera_entity_id",
    "nvr_device_id",
    "nvr_camera",
    "rex_allowed",
}


def clean_device(
    data: dict[str, Any], current: dict[str, Any] | None, doors: dict[str, Any]
) -> dict[str, Any]:
    """Validate an access device (reader)."""
    _only(data, DEVICE_FIELDS)
    record: dict[str, Any] = (
        dict(current)
        if current
        else {
            "driver": "virtual",
            "driver_options": {},
            "camera_entity_id": None,
            "nvr_device_id": None,
            "nvr_camera": None,
            "rex_allowed": False,
        }
    )
    if "name" in data or current is None:
        record["name"] = _name(data.get("name"))
    if "rex_allowed" in data:
        record["rex_allowed"] = _bool("rex_allowed", data["rex_allowed"])
    record.setdefault("rex_allowed", False)
    if "door_id" in data or current is None:
        door_id = data.get("door_id")
        if not isinstance(door_id, str) or door_id not in doors:
            raise RecordError("unknown_door", code="not_found", id=door_id)
        record["door_id"] = door_id
    if "driver" in data:
        if data["driver"] not in DRIVERS:
            raise RecordError("invalid_driver", drivers=", ".join(DRIVERS))
        if data["driver"] != record["driver"] and "driver_options" not in data:
            # options belong to one driver: a new driver starts without the old one's
            record["driver_options"] = {}
        record["driver"] = data["driver"]
    if "driver_options" in data:
        if not isinstance(data["driver_options"], dict):
            raise RecordError("invalid_field", field="driver_options")
        record["driver_options"] = dict(data["driver_options"])
    # --- driver options, checked per driver (core/drivers.py) ---
    if "driver" in data or "driver_options" in data:
        record["driver_options"] = clean_driver_options(record["driver"], record["driver_options"])
    if "camera_entity_id" in data:
        record["camera_entity_id"] = _entity(
            "camera_entity_id", data["camera_entity_id"], ("camera",)
        )
    for field in ("nvr_device_id", "nvr_camera"):
        if field in data:
            value = data[field]
            if value is not None and (not isinstance(value, str) or len(value) > 255):
                raise RecordError("invalid_field", field=field)
            record[field] = value or None
    return record


PORT_MAX = TEXT_MAX


def clean_driver_options(driver: str, options: dict[str, Any]) -> dict[str, Any]:
    """Validate the options of one driver against its description (``core/drivers.py``).

    Unknown options are refused, required ones must be there, numbers are in their range, a
    select is one of its choices, text is trimmed and bounded. By meaning: a ``serial_port`` is a
    port pyserial may open (``_serial_port``); an ``ha_device`` is the scanner an HA tag reader
    counts (required: a tag id is no secret, tag entities and the recorder show it to every HA
    account and a mobile-app webhook can send any tag id, so only the named scanner may open the
    door); a ``hex_key`` is 16 bytes in hex. Options left out are not stored: the driver uses the
    description's default.
    """
    description = DRIVER_DESCRIPTIONS.get(driver)
    if description is None:
        raise RecordError("invalid_driver", drivers=", ".join(DRIVERS))
    _only_options(options, {o.key for o in description.options})
    cleaned: dict[str, Any] = {}
    for option in description.options:
        field = f"driver_options.{option.key}"
        value = options.get(option.key)
        if option.type == "select" and isinstance(value, str):
            value = value.strip() or None
        if value is None or (
            option.type == "text" and isinstance(value, str) and not value.strip()
        ):
            if option.required:
                raise RecordError(option.missing_error, field=field)
            continue
        if option.type == "number":
            cleaned[option.key] = _number(
                field,
                value,
                minimum=option.min if option.min is not None else float("-inf"),
                maximum=option.max if option.max is not None else float("inf"),
                integer=option.integer,
            )
        elif option.type == "bool":
            if not isinstance(value, bool):
                raise RecordError("invalid_field", field=field)
            cleaned[option.key] = value
        elif option.type == "select":
            if value not in {choice for choice, _label in option.choices}:
                raise RecordError("invalid_field", field=field)
            cleaned[option.key] = value
        else:
            if not isinstance(value, str) or len(value) > TEXT_MAX:
                raise RecordError("invalid_field", field=field)
            text = value.strip()
            if option.kind == "serial_port":
                text = _serial_port(text)
            elif option.kind == "hex_key" and not re.fullmatch(r"[0-9A-Fa-f]{32}", text):
                raise RecordError("invalid_field", field=field)
            cleaned[option.key] = text
    return cleaned


# What pyserial may open: a device node, a Windows COM port, or a TCP serial converter (raw
# socket or RFC 2217), with no URL options. Its other handlers are refused: ``spy://`` and
# ``alt://`` wrap another port, ``loop://`` reads back what was written (a keypad that answers
# itself), ``hwgrep://`` opens whatever port matches a pattern.
_COM_PORT_RE = re.compile(r"^(?:\\\\\.\\)?COM[1-9][0-9]{0,2}$", re.IGNORECASE)
_NETWORK_PORT_RE = re.compile(
    r"^(?P<scheme>socket|rfc2217)://(?P<host>[A-Za-z0-9](?:[A-Za-z0-9.-]{0,252})|\[[0-9A-Fa-f:.]+\])"
    r":(?P<port>[0-9]{1,5})$",
    re.IGNORECASE,
)


def _serial_port(port: str) -> str:
    """A device path (``/dev/...``), ``COMn``, ``socket://host:port`` or ``rfc2217://host:port``."""
    if port.startswith("/"):
        # no "..": the path must stay a device node under /dev whatever it is resolved against
        if (
            port.startswith("/dev/")
            and len(port) > len("/dev/")
            and ".." not in port.split("/")
            and all(ch.isprintable() and not ch.isspace() for ch in port)
        ):
            return port
    elif _COM_PORT_RE.match(port):
        return port
    else:
        match = _NETWORK_PORT_RE.match(port)
        if match and 1 <= int(match["port"]) <= 65535:
            return f"{match['scheme'].lower()}://{match['host']}:{int(match['port'])}"
    raise RecordError("invalid_serial_port", field="driver_options.port")


def _only_options(options: dict[str, Any], allowed: set[str]) -> None:
    unknown = set(options) - allowed
    if unknown:
        raise RecordError(
            "unknown_field",
            field=", ".join(f"driver_options.{k}" for k in sorted(map(str, unknown))),
        )


RULE_FIELDS = {
    "name",
    "enabled",
    "device_ids",
    "user_ids",
    "schedule",
    "script_entity_id",
    "duress_script_entity_id",
    "held_open_threshold_sec",
}


def clean_rule(
    data: dict[str, Any],
    current: dict[str, Any] | None,
    devices: dict[str, Any],
    users: dict[str, Any],
) -> dict[str, Any]:
    """Validate an access rule."""
    _only(data, RULE_FIELDS)
    record: dict[str, Any] = (
        dict(current)
        if current
        else {
            "enabled": True,
            "device_ids": [],
            "user_ids": [],
            "schedule": [],
            "script_entity_id": None,
            "duress_script_entity_id": None,
            "held_open_threshold_sec": None,
        }
    )
    if "name" in data or current is None:
        record["name"] = _name(data.get("name"))
    if "enabled" in data:
        record["enabled"] = _bool("enabled", data["enabled"])
    if "device_ids" in data:
        record["device_ids"] = _id_list("device_ids", data["device_ids"], devices, "unknown_device")
    if "user_ids" in data:
        record["user_ids"] = _id_list("user_ids", data["user_ids"], users, "unknown_user")
    if "schedule" in data:
        raw = data["schedule"]
        if not isinstance(raw, list) or not all(isinstance(w, dict) for w in raw):
            raise RecordError("invalid_field", field="schedule")
        try:
            schedules.parse_schedule(raw)
        except schedules.ScheduleError as err:
            raise RecordError(err.key, **err.placeholders) from None
        record["schedule"] = [
            {"days": [d.lower() for d in w["days"]], "start": w["start"], "end": w["end"]}
            for w in raw
        ]
    for field in ("script_entity_id", "duress_script_entity_id"):
        if field in data:
            record[field] = _entity(field, data[field], ("script",))
    if "held_open_threshold_sec" in data:
        record["held_open_threshold_sec"] = _number(
            "held_open_threshold_sec",
            data["held_open_threshold_sec"],
            minimum=5,
            maximum=86400,
            optional=True,
        )
    return record


SETTINGS_LIMITS: dict[str, tuple[float, float, bool]] = {
    # field: (minimum, maximum, optional)
    "retention_days": (0, 36500, False),
    "snapshot_retention_days": (0, 36500, False),
    "cooldown_failures": (0, 100, False),
    "cooldown_window_s": (1, 86400, False),
    "cooldown_s": (0, 86400, False),
    "forced_grace_s": (0, 300, False),
    "default_held_open_threshold_sec": (5, 86400, True),
    "match_green_threshold": (1, 100, False),
    "match_amber_threshold": (0, 100, False),
    # red flags: a burst needs 2+ rows, repeated means 2+, history at most a year
    "flag_denied_burst_count": (2, 1000, False),
    "flag_denied_burst_minutes": (1, 1440, False),
    "flag_unknown_credential_count": (1, 1000, False),
    "flag_failing_user_count": (1, 1000, False),
    "flag_unusual_hours_days": (1, 365, False),
    "flag_unusual_hours_min_grants": (0, 100000, False),
    "flag_device_error_count": (1, 1000, False),
}
# recorded by the server from the connection that acknowledged; a client cannot write them
SERVER_SETTINGS = frozenset({"privacy_acknowledged_by", "privacy_acknowledged_at"})


def _check_snapshot_retention(record: dict[str, Any]) -> None:
    """Pictures cannot outlive their rows: with a row retention, the snapshot one is at most it."""
    keep_rows = int(record.get("retention_days") or 0)
    keep_snapshots = int(record.get("snapshot_retention_days") or 0)
    if keep_rows > 0 and keep_snapshots > keep_rows:
        raise RecordError(
            "snapshot_retention_too_long", snapshot_days=keep_snapshots, retention_days=keep_rows
        )


def clean_settings(data: dict[str, Any], current: dict[str, Any]) -> dict[str, Any]:
    """Validate a settings update."""
    _only(data, set(DEFAULT_SETTINGS) - SERVER_SETTINGS)
    record = {**DEFAULT_SETTINGS, **current}
    for field, (minimum, maximum, optional) in SETTINGS_LIMITS.items():
        if field in data:
            record[field] = _number(
                field,
                data[field],
                minimum=minimum,
                maximum=maximum,
                optional=optional,
                integer=True,
            )
    _check_snapshot_retention(record)
    if record["match_amber_threshold"] > record["match_green_threshold"]:
        raise RecordError("invalid_match_thresholds")
    if "privacy_acknowledged" in data:
        record["privacy_acknowledged"] = _bool("privacy_acknowledged", data["privacy_acknowledged"])
    if "facial_recognition_enabled" in data:
        enable = _bool("facial_recognition_enabled", data["facial_recognition_enabled"])
        # BIPA / GDPR art. 9: the admin re-acknowledges in the same request that turns it on
        turning_on = enable and not current.get("facial_recognition_enabled")
        if turning_on and data.get("privacy_acknowledged") is not True:
            raise RecordError("privacy_acknowledgement_required")
        record["facial_recognition_enabled"] = enable
    if "frigate_url" in data:
        record["frigate_url"] = clean_server_url("frigate_url", data["frigate_url"])
    return record


SERVER_URL_MAX = 2048


def clean_server_url(field: str, value: Any) -> str | None:
    """An http(s) base URL of a server on the network (an NVR), stored without a trailing slash.

    Only scheme, host, port and a path prefix: user-info would keep a password in plain settings that the
    panel shows, and a query or fragment could not be joined with the API paths appended to it.
    """
    if value in (None, ""):
        return None
    if not isinstance(value, str) or len(value) > SERVER_URL_MAX:
        raise RecordError("invalid_server_url", field=field)
    text = value.strip()
    try:
        parsed = urlsplit(text)
        parsed.port  # noqa: B018 - raises ValueError on a malformed port
    except ValueError:
        raise RecordError("invalid_server_url", field=field) from None
    if (
        parsed.scheme not in ("http", "https")
        or not parsed.hostname
        or "@" in parsed.netloc
        or parsed.query
        or parsed.fragment
        or "?" in text
        or "#" in text
        or any(ch.isspace() or ch == "\\" for ch in text)
    ):
        raise RecordError("invalid_server_url", field=field)
    return text.rstrip("/")
