"""Pure tests of the Access Log value types (no Home Assistant, no database)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest

from custom_components.gem_access.core.codes import MatchStatus, Result
from custom_components.gem_access.logstore.rows import (
    AUDIT_FIELDS,
    DEFAULT_LIMIT,
    MAX_LIMIT,
    ROW_FIELDS,
    LogFilter,
    NewLogEntry,
    clamp_limit,
    row_to_dict,
    timestamp_to_iso,
)
from custom_components.gem_access.logstore.schema import (
    MIGRATIONS,
    SCHEMA_VERSION,
    log_table,
)

PLUS_2 = timezone(timedelta(hours=2))


def test_timestamp_iso_is_utc_with_microseconds() -> None:
    when = datetime(2026, 11, 26, 16, 0, 0, 123456, tzinfo=PLUS_2)
    assert timestamp_to_iso(when.timestamp()) == "2026-11-26T14:00:00.123456+00:00"
    whole = datetime(2026, 11, 26, 14, 0, tzinfo=UTC)
    assert timestamp_to_iso(whole.timestamp()) == "2026-11-26T14:00:00.000000+00:00"


def test_entry_to_row_matches_contract() -> None:
    entry = NewLogEntry(
        timestamp=datetime(2026, 11, 26, 16, 0, 0, 123456, tzinfo=PLUS_2),
        result=Result.GRANTED,
        reason="success",
        access_type="pin",
        user_id="u1",
        user_name="Alice",
        snapshot="data:image/jpeg;base64,AAAA",
        ha_user_id="0123456789abcdef0123456789abcdef",
        context_id="01JQ8Z6XKQ3V9TQ8N1B2C3D4E5",
    )
    row = entry.to_row(7)
    # the contract's fields, then the audit trail's
    assert tuple(row) == ROW_FIELDS + AUDIT_FIELDS
    assert row["ha_user_id"] == "0123456789abcdef0123456789abcdef"
    assert row["context_id"] == "01JQ8Z6XKQ3V9TQ8N1B2C3D4E5"
    assert row["id"] == 7
    assert row["timestamp"] == "2026-11-26T14:00:00.123456+00:00"
    assert row["result"] == "granted"
    assert type(row["result"]) is str
    assert row["match_status"] == "off"
    assert row["match_score"] is None
    assert row["has_snapshot"] is True
    assert "snapshot" not in row


def test_entry_validation() -> None:
    now = datetime.now(UTC)
    with pytest.raises(ValueError, match="timezone-aware"):
        NewLogEntry(timestamp=datetime(2026, 1, 1), result="granted", reason="success")
    with pytest.raises(ValueError, match="result"):
        NewLogEntry(timestamp=now, result="", reason="success")
    with pytest.raises(ValueError, match="user_id"):
        NewLogEntry(timestamp=now, result="granted", reason="success", user_id="x" * 65)
    with pytest.raises(ValueError, match="context_id"):
        NewLogEntry(timestamp=now, result="granted", reason="success", context_id="x" * 65)
    with pytest.raises(ValueError, match="access_type"):
        NewLogEntry(timestamp=now, result="granted", reason="success", access_type="keypad_pin")
    for score in (101, -1, True, 50.5):
        with pytest.raises(ValueError, match="match_score"):
            NewLogEntry(timestamp=now, result="granted", reason="success", match_score=score)  # type: ignore[arg-type]
    entry = NewLogEntry(
        timestamp=now,
        result="granted",
        reason="success",
        user_name="n" * 300,
        snapshot="",
        match_score=0,
        match_status=MatchStatus.SCORED,
    )
    assert entry.user_name == "n" * 255
    assert entry.snapshot is None
    assert entry.column_values()["match_status"] == "scored"


def test_row_to_dict_normalises_driver_values() -> None:
    base: dict[str, Any] = {column.name: None for column in log_table.columns}
    base.update(id=3, ts=0.5, result="denied", reason="cooldown", match_status="off")
    assert row_to_dict({**base, "has_snapshot": 0})["has_snapshot"] is False
    row = row_to_dict({**base, "has_snapshot": 1, "match_score": 42})
    assert row["has_snapshot"] is True
    assert row["match_score"] == 42
    assert row["timestamp"] == "1970-01-01T00:00:00.500000+00:00"
    assert row["ha_user_id"] is None and row["context_id"] is None
    # a v1-shaped mapping (no audit columns) still makes a row
    v1 = {k: v for k, v in base.items() if k not in AUDIT_FIELDS}
    assert row_to_dict({**v1, "has_snapshot": 0})["context_id"] is None


def test_clamp_limit() -> None:
    assert clamp_limit(None) == DEFAULT_LIMIT
    assert clamp_limit(0) == 1
    assert clamp_limit(-3) == 1
    assert clamp_limit(50) == 50
    assert clamp_limit(10**6) == MAX_LIMIT


def test_filter_requires_aware_datetimes() -> None:
    with pytest.raises(ValueError, match="start"):
        LogFilter(start=datetime(2026, 1, 1))
    with pytest.raises(ValueError, match="end"):
        LogFilter(end=datetime(2026, 1, 1))


def test_filter_from_params() -> None:
    filt = LogFilter.from_params(
        {
            "user_id": "",
            "result": "denied",
            "start": "2026-11-26T00:00:00+01:00",
            "end": "2026-11-27T00:00:00",
            "limit": 50,
        },
        default_tz=PLUS_2,
    )
    assert filt.user_id is None
    assert filt.result == "denied"
    assert filt.start == datetime(2026, 11, 25, 23, 0, tzinfo=UTC)
    assert filt.end == datetime(2026, 11, 26, 22, 0, tzinfo=UTC)
    assert filt.equality_filters() == {"result": "denied"}
    with pytest.raises(TypeError):
        LogFilter.from_params({"start": 12})


def test_filter_matches_half_open_window() -> None:
    start = datetime(2026, 11, 26, 10, 0, tzinfo=UTC)
    filt = LogFilter(result="granted", start=start, end=start + timedelta(hours=1))
    row = NewLogEntry(timestamp=start, result="granted", reason="duress").to_row(1)
    assert filt.matches(row)
    assert not filt.matches({**row, "result": "denied"})
    late = NewLogEntry(timestamp=start + timedelta(hours=1), result="granted", reason="x").to_row(2)
    assert not filt.matches(late)
    early = NewLogEntry(
        timestamp=start - timedelta(microseconds=1), result="granted", reason="x"
    ).to_row(3)
    assert not filt.matches(early)
    assert LogFilter().matches(early)


def test_every_schema_version_has_a_migration() -> None:
    assert set(MIGRATIONS) == set(range(2, SCHEMA_VERSION + 1))
