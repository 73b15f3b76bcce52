"""Access Log values: filters, new entries and the contract's row dict.

Pure Python (no Home Assistant, no SQLAlchemy) so the websocket API, the CSV export and the
live subscription can share one definition of what a row looks like and what a filter means.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from datetime import UTC, datetime, tzinfo
from typing import Any, Final, TypedDict

from ..core.codes import MatchStatus
from .schema import (
    ACCESS_TYPE_LENGTH,
    HA_ID_LENGTH,
    ID_LENGTH,
    MATCH_STATUS_LENGTH,
    NAME_LENGTH,
    REASON_LENGTH,
    RESULT_LENGTH,
)

DEFAULT_LIMIT: Final = 100
MAX_LIMIT: Final = 1000

# The contract's row fields, in display (and CSV) order.
ROW_FIELDS: Final = (
    "id",
    "timestamp",
    "user_id",
    "user_name",
    "device_id",
    "device_name",
    "door_id",
    "door_name",
    "access_type",
    "result",
    "reason",
    "action_details",
    "match_score",
    "match_status",
    "has_snapshot",
)

# Audit fields (schema v2) that follow the contract's fields in every row dict: the Home
# Assistant user who asked for the event and the context id of that call; None when the
# event came from a reader or a door, or was logged before v2.
AUDIT_FIELDS: Final = ("ha_user_id", "context_id")

# Filter keys shared by log/list, log/subscribe and the CSV export.
EQUALITY_FILTER_FIELDS: Final = (
    "user_id",
    "device_id",
    "door_id",
    "access_type",
    "result",
    "reason",
)


class LogUpdate(TypedDict, total=False):
    """Fields that may change after a row is written (the face-scoring pipeline's output)."""

    match_score: int | None
    match_status: str
    snapshot: str | None
    action_details: str | None


UPDATABLE_FIELDS: Final = frozenset({"match_score", "match_status", "snapshot", "action_details"})


def clamp_limit(limit: int | None) -> int:
    """Return a page size within 1..MAX_LIMIT (None means the default)."""
    if limit is None:
        return DEFAULT_LIMIT
    return max(1, min(int(limit), MAX_LIMIT))


def _require_aware(name: str, value: datetime | None) -> None:
    if value is not None and value.utcoffset() is None:
        raise ValueError(f"{name} must be a timezone-aware datetime")


def _check_length(name: str, value: str | None, limit: int, *, required: bool = False) -> None:
    if value is None:
        if required:
            raise ValueError(f"{name} is required")
        return
    if required and not value:
        raise ValueError(f"{name} is required")
    if len(value) > limit:
        raise ValueError(f"{name} is longer than {limit} characters")


def check_match_score(value: int | None) -> None:
    """Reject scores outside the contract's 0-100 integer range."""
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 100:
        raise ValueError("match_score must be an integer 0-100 or None")


def check_match_status(value: str) -> None:
    """Reject a status that cannot be stored."""
    _check_length("match_status", value, MATCH_STATUS_LENGTH, required=True)


def update_values(fields: Mapping[str, Any]) -> dict[str, Any]:
    """Validate a LogUpdate and return column values (plain str; "" snapshot means none)."""
    unknown = set(fields) - UPDATABLE_FIELDS
    if unknown:
        raise ValueError(f"Access Log fields cannot be updated: {sorted(unknown)}")
    if "match_score" in fields:
        check_match_score(fields["match_score"])
    if "match_status" in fields:
        check_match_status(fields["match_status"])
    values = {key: str(value) if isinstance(value, str) else value for key, value in fields.items()}
    if values.get("snapshot") == "":
        values["snapshot"] = None
    return values


def _truncate(value: str | None) -> str | None:
    return None if value is None else value[:NAME_LENGTH]


class FilterValueError(ValueError):
    """A filter's start or end that is no ISO 8601 date/time; ``field`` names which."""

    def __init__(self, field: str, value: str) -> None:
        """Keep the field for the caller's translated error."""
        super().__init__(f"{field} is not an ISO 8601 date/time: {value!r}")
        self.field = field


def _parse_when(value: Any, default_tz: tzinfo, field: str) -> datetime | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        when = value
    elif isinstance(value, str):
        try:
            when = datetime.fromisoformat(value)
        except ValueError as err:  # malformed, or well-formed but impossible (2026-02-30)
            raise FilterValueError(field, value) from err
    else:
        raise TypeError(f"not a date/time: {value!r}")
    if when.utcoffset() is None:
        when = when.replace(tzinfo=default_tz)
    return when


@dataclass(frozen=True, slots=True, kw_only=True)
class LogFilter:
    """Which rows to show. Every None field means "no filter on this field".

    The time window is half-open: ``start <= timestamp < end``. Inclusive start and
    exclusive end let consecutive windows (days, quick ranges) tile without overlap.
    Both bounds must be timezone-aware and are compared as instants (UTC).

    ``result="granted"`` includes duress rows: they are stored as granted/duress.
    """

    user_id: str | None = None
    device_id: str | None = None
    door_id: str | None = None
    access_type: str | None = None
    result: str | None = None
    reason: str | None = None
    start: datetime | None = None
    end: datetime | None = None

    def __post_init__(self) -> None:
        """Refuse naive datetimes: their instant is ambiguous."""
        _require_aware("start", self.start)
        _require_aware("end", self.end)

    @classmethod
    def from_params(cls, params: Mapping[str, Any], *, default_tz: tzinfo = UTC) -> LogFilter:
        """Build a filter from websocket or query-string parameters.

        The one parser of filters (the websocket commands and the CSV export both use it).
        Unknown keys are ignored and empty strings mean "no filter", so a query string
        like ``?user_id=&result=denied`` works. ``start``/``end`` accept datetimes or ISO
        8601 strings; naive values are taken in ``default_tz`` (pass HA's time zone). A
        malformed date raises FilterValueError naming the field.
        """
        values: dict[str, Any] = {}
        for key in EQUALITY_FILTER_FIELDS:
            value = params.get(key)
            values[key] = None if value is None or value == "" else str(value)
        values["start"] = _parse_when(params.get("start"), default_tz, "start")
        values["end"] = _parse_when(params.get("end"), default_tz, "end")
        return cls(**values)

    @property
    def start_ts(self) -> float | None:
        """Start as epoch seconds."""
        return None if self.start is None else self.start.timestamp()

    @property
    def end_ts(self) -> float | None:
        """End as epoch seconds."""
        return None if self.end is None else self.end.timestamp()

    def equality_filters(self) -> dict[str, str]:
        """The field filters that are set."""
        return {
            key: value
            for key in EQUALITY_FILTER_FIELDS
            if (value := getattr(self, key)) is not None
        }

    def matches(self, row: Mapping[str, Any]) -> bool:
        """Whether a contract row dict passes this filter (for live pushes).

        Same semantics as the SQL in queries.list_entries.
        """
        for key, value in self.equality_filters().items():
            if row.get(key) != value:
                return False
        if self.start is None and self.end is None:
            return True
        ts = datetime.fromisoformat(row["timestamp"]).timestamp()
        if self.start_ts is not None and ts < self.start_ts:
            return False
        return self.end_ts is None or ts < self.end_ts


@dataclass(frozen=True, slots=True, kw_only=True)
class NewLogEntry:
    """One access event about to be written.

    Ids and codes are validated against the column widths (an overlong one is a bug);
    names are display copies of user-edited config, so they are truncated instead of
    failing the write.
    """

    timestamp: datetime
    result: str
    reason: str
    access_type: str | None = None
    user_id: str | None = None
    user_name: str | None = None
    device_id: str | None = None
    device_name: str | None = None
    door_id: str | None = None
    door_name: str | None = None
    action_details: str | None = None
    match_score: int | None = None
    match_status: str = MatchStatus.OFF
    snapshot: str | None = None
    # the audit trail: the HA user who asked (service call, remote unlock, lockdown switch)
    # and the id of the HA context of that call
    ha_user_id: str | None = None
    context_id: str | None = None

    def __post_init__(self) -> None:
        """Validate against the schema; normalise names and empty snapshots."""
        if self.timestamp.utcoffset() is None:
            raise ValueError("timestamp must be a timezone-aware datetime")
        _check_length("result", self.result, RESULT_LENGTH, required=True)
        _check_length("reason", self.reason, REASON_LENGTH, required=True)
        _check_length("access_type", self.access_type, ACCESS_TYPE_LENGTH)
        for key in ("user_id", "device_id", "door_id"):
            _check_length(key, getattr(self, key), ID_LENGTH)
        for key in AUDIT_FIELDS:
            _check_length(key, getattr(self, key), HA_ID_LENGTH)
        check_match_score(self.match_score)
        check_match_status(self.match_status)
        for key in ("user_name", "device_name", "door_name"):
            object.__setattr__(self, key, _truncate(getattr(self, key)))
        if self.snapshot == "":
            object.__setattr__(self, "snapshot", None)

    def column_values(self) -> dict[str, Any]:
        """Values for an INSERT into the log table.

        StrEnum members become plain str so every DB driver binds them the same way.
        """
        values: dict[str, Any] = {}
        for field in fields(self):
            value = getattr(self, field.name)
            if field.name == "timestamp":
                values["ts"] = value.timestamp()
            elif isinstance(value, str):
                values[field.name] = str(value)
            else:
                values[field.name] = value
        return values

    def to_row(self, log_id: int) -> dict[str, Any]:
        """The contract row this entry becomes once stored under ``log_id``."""
        values = self.column_values()
        values["id"] = log_id
        values["has_snapshot"] = self.snapshot is not None
        return row_to_dict(values)


def timestamp_to_iso(ts: float) -> str:
    """Epoch seconds to the contract's ISO 8601 UTC string (always with microseconds)."""
    return datetime.fromtimestamp(ts, UTC).isoformat(timespec="microseconds")


def row_to_dict(row: Mapping[Any, Any]) -> dict[str, Any]:
    """Turn a log-table row (with ``ts`` and ``has_snapshot``) into the contract's row dict.

    The snapshot itself never goes into a row: it can be hundreds of KiB and is fetched
    on demand by id. The audit fields follow the contract's; a mapping without them (a
    caller selecting only the contract's columns) gives None.
    """
    score = row["match_score"]
    return {
        "id": int(row["id"]),
        "timestamp": timestamp_to_iso(row["ts"]),
        "user_id": row["user_id"],
        "user_name": row["user_name"],
        "device_id": row["device_id"],
        "device_name": row["device_name"],
        "door_id": row["door_id"],
        "door_name": row["door_name"],
        "access_type": row["access_type"],
        "result": row["result"],
        "reason": row["reason"],
        "action_details": row["action_details"],
        "match_score": None if score is None else int(score),
        "match_status": row["match_status"],
        # SQLite returns 0/1 for the IS NOT NULL expression, PostgreSQL a bool.
        "has_snapshot": bool(row["has_snapshot"]),
        "ha_user_id": row.get("ha_user_id"),
        "context_id": row.get("context_id"),
    }
