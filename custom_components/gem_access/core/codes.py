"""The public vocabulary of access events (DESIGN.md, public contract)."""

from __future__ import annotations

from enum import StrEnum


class AccessType(StrEnum):
    """How a credential reached the reader."""

    PIN = "pin"
    RFID = "rfid"
    REX = "rex"


class Result(StrEnum):
    """Outcome recorded on a log row."""

    GRANTED = "granted"
    DENIED = "denied"
    FORCED = "forced"
    HELD_OPEN = "held_open"
    ERROR = "error"


class Reason(StrEnum):
    """Detail behind a result."""

    SUCCESS = "success"
    UNKNOWN_CREDENTIAL = "unknown_credential"
    USER_DISABLED = "user_disabled"
    NOT_AUTHORIZED = "not_authorized"
    RULE_DISABLED = "rule_disabled"
    OUTSIDE_SCHEDULE = "outside_schedule"
    SCHEDULE_DAY = "schedule_day"
    COOLDOWN = "cooldown"
    LOCKDOWN = "lockdown"
    DURESS = "duress"
    FORCED_DOOR = "forced_door"
    HELD_OPEN = "held_open"
    ACTION_FAILED = "action_failed"
    DEVICE_ERROR = "device_error"
    EXPIRED = "expired"


class MatchStatus(StrEnum):
    """Facial-recognition status of a log row."""

    SCORED = "scored"
    PENDING = "pending"
    OFF = "off"
    OPT_OUT = "opt_out"
    NO_PHOTO = "no_photo"
    NO_FACE = "no_face"
    ANONYMOUS = "anonymous"
    ERROR = "error"


WEEKDAYS: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
