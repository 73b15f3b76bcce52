"""Red flags on a real recorder database: each kind raised by its pattern and not by less."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from homeassistant.core import HomeAssistant

from custom_components.gem_access.core.models import DEFAULT_SETTINGS
from custom_components.gem_access.core.validation import RecordError, clean_settings
from custom_components.gem_access.logstore import flags
from custom_components.gem_access.logstore.rows import LogFilter, NewLogEntry
from custom_components.gem_access.logstore.store import LogStore

from .test_stats import BERLIN, NOW, insert


def _last_local_three_pm(before: datetime) -> datetime:
    """The latest whole hour at or before ``before`` that is 15:00 on Berlin's clock."""
    when = before.replace(minute=0, second=0, microsecond=0)
    while when.astimezone(BERLIN).hour != 15:
        when -= timedelta(hours=1)
    return when


# A day ending at 15:00 in Berlin: every wall-clock time the tests use (03:20, 09:00 to 13:01)
# lies in [START, END - 1 h) on any date and at any time of day the suite runs (ending at NOW,
# the hour that holds 03:20 was missing when run between 02:00 and 03:00 UTC).
END = _last_local_three_pm(NOW)
START = END - timedelta(days=1)


def local(hour: int, minute: int) -> datetime:
    """The moment of that Berlin wall-clock time inside [START, END - 1 h) (a day has one)."""
    for back in range(3):
        day = (END - timedelta(hours=1)).astimezone(BERLIN).date() - timedelta(days=back)
        when = datetime(day.year, day.month, day.day, hour, minute, tzinfo=BERLIN).astimezone(UTC)
        if START <= when < END - timedelta(hours=1):
            return when
    raise AssertionError("no such time in the period")


def at_nine(day: datetime, days_back: int) -> datetime:
    """09:00 on Berlin's clock ``days_back`` calendar days before ``day``."""
    date = day.astimezone(BERLIN).date() - timedelta(days=days_back)
    return datetime(date.year, date.month, date.day, 9, 0, tzinfo=BERLIN).astimezone(UTC)


def row(when: datetime, result: str, reason: str, **fields: Any) -> NewLogEntry:
    door = {"d1": "door-a", "d2": "door-a", "d3": "door-b"}.get(fields.get("device_id", ""))
    fields.setdefault("door_id", door)
    return NewLogEntry(timestamp=when, result=result, reason=reason, **fields)


async def raise_flags(
    store: LogStore, settings: dict[str, Any] | None = None
) -> list[dict[str, Any]]:
    merged = {**DEFAULT_SETTINGS, **(settings or {})}
    return await store.async_run_read(
        lambda s: flags.compute_flags(s, START.timestamp(), END.timestamp(), merged, BERLIN)
    )


def kinds(found: list[dict[str, Any]], kind: str) -> list[dict[str, Any]]:
    return [flag for flag in found if flag["kind"] == kind]


async def test_each_flag_kind_raised_and_not(hass: HomeAssistant, log_store: LogStore) -> None:
    nine = local(9, 0)
    entries = [
        # usual hours of door-a: grants at 09:00 local on each of the previous 25 days (by the
        # calendar: 24-hour steps back across a DST change would land at 08:00 or 10:00)
        *(
            row(at_nine(nine, k), "granted", "success", device_id="d1", user_id="u9")
            for k in range(1, 26)
        ),
        # a burst of 5 denials in 4 minutes at d1; at d2 only 4 within the window, then a 5th late
        *(
            row(nine + timedelta(minutes=m), "denied", "outside_schedule", device_id="d1")
            for m in range(5)
        ),
        *(
            row(nine + timedelta(minutes=20 + 2 * m), "denied", "not_authorized", device_id="d2")
            for m in (0, 1, 2, 10)
        ),
        # 3 unknown credentials at d3 (door-b), 2 at d2
        *(
            row(nine + timedelta(hours=k), "denied", "unknown_credential", device_id="d3")
            for k in range(3)
        ),
        *(
            row(nine + timedelta(minutes=50 + k), "denied", "unknown_credential", device_id="d2")
            for k in range(2)
        ),
        # u1 denied 3 times across the day (and granted once), u2 twice
        *(
            row(nine + timedelta(minutes=5 * k), "denied", "expired", device_id="d2", user_id="u1")
            for k in range(3)
        ),
        row(nine + timedelta(minutes=30), "granted", "success", device_id="d1", user_id="u1"),
        *(
            row(nine + timedelta(minutes=k), "denied", "expired", device_id="d3", user_id="u2")
            for k in range(2)
        ),
        # a grant at 03:20 at d1: door-a never opens at that hour
        row(local(3, 20), "granted", "success", device_id="d1", user_id="u3"),
        # door events at door-b, one reader error at d3
        row(nine + timedelta(hours=2), "forced", "forced_door", door_id="door-b"),
        row(nine + timedelta(hours=3), "held_open", "held_open", door_id="door-b"),
        row(nine + timedelta(hours=3, minutes=1), "held_open", "held_open", door_id="door-b"),
        row(nine + timedelta(hours=4), "error", "device_error", device_id="d3"),
        # before the period: never flagged
        *(
            row(
                START - timedelta(hours=2, minutes=m),
                "denied",
                "unknown_credential",
                device_id="d1",
            )
            for m in range(6)
        ),
    ]
    await insert(hass, entries)
    found = await raise_flags(log_store)

    burst = kinds(found, "denied_burst")
    assert [(f["device_id"], f["count"]) for f in burst] == [("d1", 5)]
    assert burst[0]["first"] == nine.isoformat(timespec="microseconds")
    assert [(f["device_id"], f["count"]) for f in kinds(found, "unknown_credentials")] == [
        ("d3", 3)
    ]
    assert [(f["user_id"], f["count"]) for f in kinds(found, "failing_user")] == [("u1", 3)]
    assert [(f["device_id"], f["count"]) for f in kinds(found, "unusual_hours")] == [("d1", 1)]
    assert [(f["door_id"], f["count"]) for f in kinds(found, "forced")] == [("door-b", 1)]
    assert [(f["door_id"], f["count"]) for f in kinds(found, "held_open")] == [("door-b", 2)]
    assert [(f["device_id"], f["count"]) for f in kinds(found, "device_errors")] == [("d3", 1)]

    # each flag's filter lists exactly the rows behind it (unusual hours: its window)
    for flag in found:
        rows, _ = await log_store.async_list(LogFilter.from_params(flag["filter"]), 1000)
        if flag["kind"] != "unusual_hours":
            assert len(rows) == flag["count"], flag
        assert rows, flag

    # stricter thresholds: none of those is a flag any more
    stricter = await raise_flags(
        log_store,
        {
            "flag_denied_burst_count": 6,
            "flag_unknown_credential_count": 4,
            "flag_failing_user_count": 4,
            "flag_unusual_hours_min_grants": 30,
            "flag_device_error_count": 2,
        },
    )
    assert {f["kind"] for f in stricter} == {"forced", "held_open"}
    # a longer window joins d2's denials into a burst
    wider = await raise_flags(log_store, {"flag_denied_burst_minutes": 30})
    assert sorted(f["device_id"] for f in kinds(wider, "denied_burst")) == ["d1", "d2"]


async def test_no_flags_on_a_quiet_day(hass: HomeAssistant, log_store: LogStore) -> None:
    await insert(
        hass,
        [
            row(local(9, k), "granted", "success", device_id="d1", user_id="u1")
            for k in range(0, 50, 10)
        ],
    )
    assert await raise_flags(log_store) == []


def test_bursts_join_overlapping_windows() -> None:
    minute = 60.0
    # 0-4 and 8-12 are bursts 4 minutes apart: one run; 30-31 are too few
    times = [0, 1, 2, 3, 4, 8, 9, 10, 11, 12, 30, 31]
    runs = flags.bursts([t * minute for t in times], 5, 5 * minute)
    assert [len(run) for run in runs] == [10]
    assert flags.bursts([0.0, 1.0], 3, 10.0) == []


def test_flag_thresholds_are_validated_settings() -> None:
    settings = clean_settings({"flag_denied_burst_count": 8, "flag_unusual_hours_days": 14}, {})
    assert (settings["flag_denied_burst_count"], settings["flag_unusual_hours_days"]) == (8, 14)
    assert settings["flag_failing_user_count"] == DEFAULT_SETTINGS["flag_failing_user_count"]
    for bad in ({"flag_denied_burst_count": 1}, {"flag_unusual_hours_days": 0}, {"flag_x": 1}):
        with pytest.raises(RecordError):
            clean_settings(bad, {})
