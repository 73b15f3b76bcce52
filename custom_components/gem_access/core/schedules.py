"""Weekly schedule windows evaluated on local wall-clock time.

Wall-clock semantics are what people mean by "Mon-Fri 08:00-18:00": on a DST change day the window still
opens at 08:00 local time, and a time that does not exist locally (spring forward) simply never occurs.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import datetime
from enum import Enum

from .codes import WEEKDAYS
from .models import ScheduleWindow

_TIME_RE = re.compile(r"(?:[01][0-9]|2[0-3]):[0-5][0-9]|24:00")


class ScheduleError(ValueError):
    """A schedule window that cannot be understood."""

    def __init__(self, key: str, **placeholders: str) -> None:
        """Carry a translation key and its placeholders."""
        super().__init__(key)
        self.key = key
        self.placeholders = placeholders


class ScheduleVerdict(Enum):
    """Outcome of checking a time against a schedule."""

    ALLOWED = "allowed"
    OUTSIDE_HOURS = "outside_schedule"  # the day is covered, the hour is not
    WRONG_DAY = "schedule_day"  # no window touches this day at all


def parse_time(value: str) -> int:
    """Return minutes after midnight for "HH:MM" (24:00 allowed as an end)."""
    if not isinstance(value, str) or not _TIME_RE.fullmatch(value):
        raise ScheduleError("invalid_time", value=str(value))
    hours, minutes = value.split(":")
    return int(hours) * 60 + int(minutes)


def parse_window(raw: dict[str, object]) -> ScheduleWindow:
    """Validate one stored window ``{days, start, end}``."""
    days_raw = raw.get("days")
    if not isinstance(days_raw, list | tuple) or not days_raw:
        raise ScheduleError("invalid_days", value=str(days_raw))
    days: set[int] = set()
    for day in days_raw:
        if not isinstance(day, str) or day.lower() not in WEEKDAYS:
            raise ScheduleError("invalid_days", value=str(day))
        days.add(WEEKDAYS.index(day.lower()))
    start = parse_time(str(raw.get("start")))
    end = parse_time(str(raw.get("end")))
    if start == 1440:
        raise ScheduleError("invalid_time", value="24:00")
    if start == end:
        raise ScheduleError("empty_window", start=str(raw.get("start")), end=str(raw.get("end")))
    if end == 0:
        # "until 00:00" means until midnight, not an overnight window with an empty tail
        end = 1440
    return ScheduleWindow(days=frozenset(days), start_min=start, end_min=end)


def parse_schedule(raw: Iterable[dict[str, object]]) -> tuple[ScheduleWindow, ...]:
    """Validate a whole stored schedule."""
    return tuple(parse_window(window) for window in raw)


def check(schedule: Sequence[ScheduleWindow], local_now: datetime) -> ScheduleVerdict:
    """Check a local (time-zone aware) time against a schedule; empty means always."""
    if not schedule:
        return ScheduleVerdict.ALLOWED
    today = local_now.weekday()
    yesterday = (today - 1) % 7
    minute = local_now.hour * 60 + local_now.minute
    day_touched = False
    for window in schedule:
        overnight = window.end_min < window.start_min
        if today in window.days:
            day_touched = True
            end = 1440 if overnight else window.end_min
            if window.start_min <= minute < end:
                return ScheduleVerdict.ALLOWED
        if overnight and yesterday in window.days:
            # the early-morning tail of a window that started last night
            day_touched = True
            if minute < window.end_min:
                return ScheduleVerdict.ALLOWED
    return ScheduleVerdict.OUTSIDE_HOURS if day_touched else ScheduleVerdict.WRONG_DAY
