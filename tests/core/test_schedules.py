"""Schedule parsing and wall-clock evaluation, including overnight windows and DST change days."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from custom_components.gem_access.core.models import ScheduleWindow
from custom_components.gem_access.core.schedules import (
    ScheduleError,
    ScheduleVerdict,
    check,
    parse_schedule,
    parse_time,
    parse_window,
)

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")
ALLOWED = ScheduleVerdict.ALLOWED
OUTSIDE = ScheduleVerdict.OUTSIDE_HOURS
WRONG_DAY = ScheduleVerdict.WRONG_DAY

# 2024-06-03 is a Monday (no DST change anywhere near it)
MON = datetime(2024, 6, 3, tzinfo=BERLIN).date()


def local(day_offset: int, hh: int, mm: int, tz: ZoneInfo = BERLIN) -> datetime:
    """A local wall-clock time on Monday 2024-06-03 + day_offset."""
    d = MON + timedelta(days=day_offset)
    return datetime(d.year, d.month, d.day, hh, mm, tzinfo=tz)


def sched(*windows: dict[str, object]) -> tuple[ScheduleWindow, ...]:
    return parse_schedule(list(windows))


def win(days: list[str], start: str, end: str) -> dict[str, object]:
    return {"days": days, "start": start, "end": end}


# --- parsing -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "minutes"),
    [("00:00", 0), ("07:05", 425), ("12:30", 750), ("23:59", 1439), ("24:00", 1440)],
)
def test_parse_time_valid(value: str, minutes: int) -> None:
    assert parse_time(value) == minutes


@pytest.mark.parametrize(
    "value",
    ["25:00", "7:00", "24:01", "23:60", "12:5", "1200", "12-00", "", " 12:00", "ab:cd", None, 720],
)
def test_parse_time_invalid(value: object) -> None:
    with pytest.raises(ScheduleError) as err:
        parse_time(value)  # type: ignore[arg-type]
    assert err.value.key == "invalid_time"


@pytest.mark.parametrize("value", ["07:00\n", "0\u0667:0\u0660"])
def test_parse_time_rejects_trailing_newline_and_non_ascii_digits(value: str) -> None:
    with pytest.raises(ScheduleError):
        parse_time(value)


def test_parse_window_valid() -> None:
    window = parse_window(win(["Mon", "fri", "mon"], "08:00", "18:00"))
    assert window == ScheduleWindow(days=frozenset({0, 4}), start_min=480, end_min=1080)


def test_parse_window_overnight_and_end_of_day() -> None:
    assert parse_window(win(["sun"], "22:00", "06:00")).end_min == 360
    assert parse_window(win(["sun"], "00:00", "24:00")).end_min == 1440


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        (win([], "08:00", "18:00"), "invalid_days"),
        (win(["monday"], "08:00", "18:00"), "invalid_days"),
        (win(["mon", "xyz"], "08:00", "18:00"), "invalid_days"),
        (win([0], "08:00", "18:00"), "invalid_days"),  # type: ignore[list-item]
        ({"days": "mon", "start": "08:00", "end": "18:00"}, "invalid_days"),
        ({"start": "08:00", "end": "18:00"}, "invalid_days"),
        (win(["mon"], "25:00", "18:00"), "invalid_time"),
        (win(["mon"], "7:00", "18:00"), "invalid_time"),
        (win(["mon"], "08:00", "18:60"), "invalid_time"),
        (win(["mon"], "24:00", "06:00"), "invalid_time"),
        ({"days": ["mon"], "end": "18:00"}, "invalid_time"),
        (win(["mon"], "08:00", "08:00"), "empty_window"),
        (win(["mon"], "00:00", "00:00"), "empty_window"),
    ],
)
def test_parse_window_errors(raw: dict[str, object], key: str) -> None:
    with pytest.raises(ScheduleError) as err:
        parse_window(raw)
    assert err.value.key == key
    with pytest.raises(ScheduleError) as err:
        parse_schedule([win(["tue"], "08:00", "09:00"), raw])
    assert err.value.key == key


def test_parse_schedule_empty() -> None:
    assert parse_schedule([]) == ()


# --- check: plain windows ----------------------------------------------------------------------


@pytest.mark.parametrize("when", [local(0, 0, 0), local(2, 3, 33), local(6, 23, 59)])
def test_empty_schedule_always_allowed(when: datetime) -> None:
    assert check((), when) is ALLOWED


@pytest.mark.parametrize(
    ("when", "verdict"),
    [
        (local(0, 7, 59), OUTSIDE),
        (local(0, 8, 0), ALLOWED),  # start inclusive
        (local(0, 12, 0), ALLOWED),
        (local(0, 17, 59), ALLOWED),
        (local(0, 18, 0), OUTSIDE),  # end exclusive
        (local(4, 8, 0), ALLOWED),  # friday
        (local(5, 12, 0), WRONG_DAY),  # saturday
        (local(6, 12, 0), WRONG_DAY),  # sunday
    ],
)
def test_weekday_window(when: datetime, verdict: ScheduleVerdict) -> None:
    schedule = sched(win(["mon", "tue", "wed", "thu", "fri"], "08:00", "18:00"))
    assert check(schedule, when) is verdict


@pytest.mark.parametrize(
    ("when", "verdict"),
    [
        (local(0, 17, 59), OUTSIDE),
        (local(0, 18, 0), ALLOWED),
        (local(0, 23, 59), ALLOWED),
        (local(1, 0, 0), WRONG_DAY),  # a 24:00 end does not spill into the next day
    ],
)
def test_end_of_day_window(when: datetime, verdict: ScheduleVerdict) -> None:
    assert check(sched(win(["mon"], "18:00", "24:00")), when) is verdict


def test_several_windows_same_day() -> None:
    schedule = sched(win(["mon"], "08:00", "12:00"), win(["mon"], "13:00", "17:00"))
    assert check(schedule, local(0, 11, 59)) is ALLOWED
    assert check(schedule, local(0, 12, 30)) is OUTSIDE
    assert check(schedule, local(0, 13, 0)) is ALLOWED
    assert check(schedule, local(1, 13, 0)) is WRONG_DAY


# --- check: overnight windows ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("when", "verdict"),
    [
        (local(0, 21, 59), OUTSIDE),  # mon before start
        (local(0, 22, 0), ALLOWED),
        (local(0, 23, 0), ALLOWED),
        (local(1, 0, 0), ALLOWED),  # tue, tail of monday's window
        (local(1, 5, 59), ALLOWED),
        (local(1, 6, 0), OUTSIDE),  # end exclusive
        (local(1, 22, 30), OUTSIDE),  # tuesday night is not covered
        (local(0, 3, 0), OUTSIDE),  # monday early morning: sunday was not listed
        (local(2, 1, 0), WRONG_DAY),  # wednesday
        (local(6, 23, 0), WRONG_DAY),  # sunday
    ],
)
def test_overnight_window(when: datetime, verdict: ScheduleVerdict) -> None:
    assert check(sched(win(["mon"], "22:00", "06:00")), when) is verdict


@pytest.mark.parametrize(
    ("when", "verdict"),
    [
        (local(6, 21, 0), OUTSIDE),  # sunday
        (local(6, 22, 0), ALLOWED),
        (local(7, 5, 59), ALLOWED),  # the following monday
        (local(0, 5, 59), ALLOWED),  # this monday: the previous sunday's window
        (local(0, 6, 0), OUTSIDE),
        (local(1, 3, 0), WRONG_DAY),  # tuesday
        (local(5, 23, 0), WRONG_DAY),  # saturday
    ],
)
def test_sunday_overnight_spills_into_monday(when: datetime, verdict: ScheduleVerdict) -> None:
    assert check(sched(win(["sun"], "22:00", "06:00")), when) is verdict


def test_overnight_window_on_consecutive_days() -> None:
    schedule = sched(win(["mon", "tue"], "20:00", "04:00"))
    assert check(schedule, local(1, 3, 0)) is ALLOWED  # monday's tail
    assert check(schedule, local(1, 21, 0)) is ALLOWED  # tuesday's own
    assert check(schedule, local(2, 3, 59)) is ALLOWED  # tuesday's tail
    assert check(schedule, local(2, 4, 0)) is OUTSIDE
    assert check(schedule, local(3, 3, 0)) is WRONG_DAY


def test_window_ending_at_midnight_does_not_touch_next_day() -> None:
    schedule = sched(win(["mon"], "22:00", "00:00"))
    assert check(schedule, local(0, 23, 59)) is ALLOWED
    assert check(schedule, local(1, 10, 0)) is WRONG_DAY


def test_verdict_values_match_reason_codes() -> None:
    assert OUTSIDE.value == "outside_schedule"
    assert WRONG_DAY.value == "schedule_day"


# --- check: DST change days (wall-clock semantics) ---------------------------------------------


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


WORKDAY = sched(win(["sun"], "08:00", "18:00"))


@pytest.mark.parametrize(
    ("tz", "opens_utc", "closes_utc"),
    [
        # Berlin spring forward, Sun 2024-03-31: CEST (+02:00) from 03:00
        (BERLIN, utc(2024, 3, 31, 6, 0), utc(2024, 3, 31, 16, 0)),
        # Berlin fall back, Sun 2024-10-27: CET (+01:00) from 03:00 CEST
        (BERLIN, utc(2024, 10, 27, 7, 0), utc(2024, 10, 27, 17, 0)),
        # New York spring forward, Sun 2024-03-10: EDT (-04:00)
        (NEW_YORK, utc(2024, 3, 10, 12, 0), utc(2024, 3, 10, 22, 0)),
        # New York fall back, Sun 2024-11-03: EST (-05:00)
        (NEW_YORK, utc(2024, 11, 3, 13, 0), utc(2024, 11, 3, 23, 0)),
    ],
)
def test_window_opens_at_local_wall_clock_on_dst_days(
    tz: ZoneInfo, opens_utc: datetime, closes_utc: datetime
) -> None:
    minute = timedelta(minutes=1)
    assert check(WORKDAY, (opens_utc - minute).astimezone(tz)) is OUTSIDE
    assert check(WORKDAY, opens_utc.astimezone(tz)) is ALLOWED
    assert opens_utc.astimezone(tz).hour == 8
    assert check(WORKDAY, (closes_utc - minute).astimezone(tz)) is ALLOWED
    assert check(WORKDAY, closes_utc.astimezone(tz)) is OUTSIDE


def test_berlin_fall_back_repeated_hour_inside_window_both_times() -> None:
    schedule = sched(win(["sun"], "02:00", "03:00"))
    first = utc(2024, 10, 27, 0, 30).astimezone(BERLIN)  # 02:30 CEST
    second = utc(2024, 10, 27, 1, 30).astimezone(BERLIN)  # 02:30 CET
    assert (first.hour, first.minute, first.fold) == (2, 30, 0)
    assert (second.hour, second.minute, second.fold) == (2, 30, 1)
    assert check(schedule, first) is ALLOWED
    assert check(schedule, second) is ALLOWED
    # the whole two real hours are inside, the instant after is not
    assert check(schedule, utc(2024, 10, 27, 0, 0).astimezone(BERLIN)) is ALLOWED
    assert check(schedule, utc(2024, 10, 27, 1, 59).astimezone(BERLIN)) is ALLOWED
    assert check(schedule, utc(2024, 10, 27, 2, 0).astimezone(BERLIN)) is OUTSIDE
    assert check(schedule, utc(2024, 10, 26, 23, 59).astimezone(BERLIN)) is OUTSIDE


def test_new_york_fall_back_repeated_hour_inside_window_both_times() -> None:
    schedule = sched(win(["sun"], "01:00", "02:00"))
    first = utc(2024, 11, 3, 5, 30).astimezone(NEW_YORK)  # 01:30 EDT
    second = utc(2024, 11, 3, 6, 30).astimezone(NEW_YORK)  # 01:30 EST
    assert (first.hour, first.minute) == (second.hour, second.minute) == (1, 30)
    assert check(schedule, first) is ALLOWED
    assert check(schedule, second) is ALLOWED
    assert check(schedule, utc(2024, 11, 3, 7, 0).astimezone(NEW_YORK)) is OUTSIDE


@pytest.mark.parametrize(
    ("tz", "before_gap_utc"),
    [(BERLIN, utc(2024, 3, 31, 0, 59)), (NEW_YORK, utc(2024, 3, 10, 6, 59))],
)
def test_spring_forward_skipped_hour_never_occurs(tz: ZoneInfo, before_gap_utc: datetime) -> None:
    """A 02:00-03:00 window on the spring-forward day never matches (the hour does not exist)."""
    schedule = sched(win(["sun"], "02:00", "03:00"))
    before = before_gap_utc.astimezone(tz)
    after = (before_gap_utc + timedelta(minutes=1)).astimezone(tz)
    assert (before.hour, before.minute) == (1, 59)
    assert (after.hour, after.minute) == (3, 0)
    assert check(schedule, before) is OUTSIDE
    assert check(schedule, after) is OUTSIDE


@pytest.mark.parametrize(
    ("tz", "start_utc", "last_utc", "end_utc"),
    [
        # Berlin: Sat 22:00 CEST -> Sun 06:00 CET on the fall-back night (9 real hours)
        (BERLIN, utc(2024, 10, 26, 20, 0), utc(2024, 10, 27, 4, 59), utc(2024, 10, 27, 5, 0)),
        # Berlin: Sat 22:00 CET -> Sun 06:00 CEST on the spring-forward night (7 real hours)
        (BERLIN, utc(2024, 3, 30, 21, 0), utc(2024, 3, 31, 3, 59), utc(2024, 3, 31, 4, 0)),
        # New York: fall back
        (NEW_YORK, utc(2024, 11, 3, 2, 0), utc(2024, 11, 3, 10, 59), utc(2024, 11, 3, 11, 0)),
        # New York: spring forward
        (NEW_YORK, utc(2024, 3, 10, 3, 0), utc(2024, 3, 10, 9, 59), utc(2024, 3, 10, 10, 0)),
    ],
)
def test_overnight_window_across_dst_switch(
    tz: ZoneInfo, start_utc: datetime, last_utc: datetime, end_utc: datetime
) -> None:
    schedule = sched(win(["sat"], "22:00", "06:00"))
    minute = timedelta(minutes=1)
    assert check(schedule, (start_utc - minute).astimezone(tz)) is OUTSIDE
    assert check(schedule, start_utc.astimezone(tz)) is ALLOWED
    # every minute through the switch is inside
    t = start_utc
    while t <= last_utc:
        assert check(schedule, t.astimezone(tz)) is ALLOWED, t
        t += timedelta(minutes=7)
    assert check(schedule, last_utc.astimezone(tz)) is ALLOWED
    assert check(schedule, end_utc.astimezone(tz)) is OUTSIDE
    assert end_utc.astimezone(tz).hour == 6
