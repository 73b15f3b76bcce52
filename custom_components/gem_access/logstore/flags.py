"""Red flags (``gem_access/log/flags``): patterns in the Access Log an investigator should look at.

Each flag is ``{kind, device_id?, user_id?, door_id?, count, first, last, filter}``; ``filter`` is the
``log/list`` filter that shows the rows behind it (from the first row to just after the last). The
thresholds are settings (``DEFAULT_SETTINGS`` in core/models.py). The rules, over the period asked
(by default the last 24 hours):

- ``denied_burst``: at one reader, ``flag_denied_burst_count`` (5) or more denials within
  ``flag_denied_burst_minutes`` (5) minutes: someone trying PINs or cards. Overlapping and adjacent
  bursts at a reader (no gap longer than the window) are one flag.
- ``unknown_credentials``: at one reader, ``flag_unknown_credential_count`` (3) or more denials for
  a credential nobody holds: a lost card, a cloned one, or probing.
- ``failing_user``: one person denied ``flag_failing_user_count`` (3) or more times, for any reason:
  a forgotten PIN, an expired validity or a schedule that is wrong.
- ``unusual_hours``: grants or denials at a door during a local hour of the day at which that door
  had no grant over the previous ``flag_unusual_hours_days`` (30) days; one flag per reader. Doors
  with fewer than ``flag_unusual_hours_min_grants`` (20) grants in those days have no usual
  hours yet and are skipped.
- ``forced``: any forced opening, one flag per door.
- ``held_open``: any held-open alarm, one flag per door.
- ``device_errors``: ``flag_device_error_count`` (1) or more error rows (action failed, reader or
  contact error) at a reader, or at a door for rows without a reader.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from datetime import datetime, tzinfo
from typing import Any, Final

from sqlalchemy import select

from ..core.models import DEFAULT_SETTINGS
from . import rollup
from .rows import LogFilter, timestamp_to_iso
from .schema import log_table
from .stats import QUARTER, counts, whole_hour_zone

# The end of a flag's filter lies this far after its last row, so the half-open range holds it.
_END_MARGIN_S: Final = 0.001

_c = log_table.c


def _setting(settings: Mapping[str, Any], name: str) -> int:
    value = settings.get(name)
    return int(DEFAULT_SETTINGS[name] if value is None else value)


def _flag(
    kind: str,
    times: list[float],
    *,
    device_id: str | None = None,
    user_id: str | None = None,
    door_id: str | None = None,
    **filters: str,
) -> dict[str, Any]:
    first, last = min(times), max(times)
    filt: dict[str, Any] = dict(filters)
    for key, value in (("device_id", device_id), ("user_id", user_id), ("door_id", door_id)):
        if value is not None:
            filt[key] = value
    filt["start"] = timestamp_to_iso(first)
    filt["end"] = timestamp_to_iso(last + _END_MARGIN_S)
    flag: dict[str, Any] = {"kind": kind}
    for key, value in (("device_id", device_id), ("user_id", user_id), ("door_id", door_id)):
        if value is not None:
            flag[key] = value
    flag.update(
        count=len(times),
        first=timestamp_to_iso(first),
        last=timestamp_to_iso(last),
        filter=filt,
    )
    return flag


def bursts(times: list[float], size: int, window_s: float) -> list[list[float]]:
    """Runs of sorted ``times`` where ``size`` or more fall within ``window_s`` seconds.

    A time belongs to a burst when some ``size`` consecutive times around it span at most the
    window; burst members closer than the window to each other form one run.
    """
    if size < 1 or len(times) < size:
        return []
    member = [False] * len(times)
    for end in range(size - 1, len(times)):
        if times[end] - times[end - size + 1] <= window_s:
            for i in range(end - size + 1, end + 1):
                member[i] = True
    runs: list[list[float]] = []
    for ts, inside in zip(times, member, strict=True):
        if not inside:
            continue
        if runs and ts - runs[-1][-1] <= window_s:
            runs[-1].append(ts)
        else:
            runs.append([ts])
    return runs


def _usual_hours(
    session: rollup.Executor, door_id: str, start: float, days: int, tz: tzinfo
) -> tuple[set[int], int]:
    """The local hours of day with a grant at ``door_id`` in the ``days`` before ``start``, and
    how many grants those days held."""
    low = start - days * rollup.DAY
    unit = rollup.HOUR if whole_hour_zone(tz, low, start) else QUARTER
    per_hour, _ = counts(
        session, LogFilter(door_id=door_id, result="granted"), low, start, unit=unit
    )
    hours: set[int] = set()
    total = 0
    for (period, _), values in per_hour.items():
        if period is not None and any(values):
            hours.add(_local_hour(period, tz))
            total += sum(values)
    return hours, total


def _local_hour(ts: float, tz: tzinfo) -> int:
    return datetime.fromtimestamp(ts, tz).hour


def compute_flags(
    session: rollup.Executor,
    start: float,
    end: float,
    settings: Mapping[str, Any],
    tz: tzinfo,
) -> list[dict[str, Any]]:
    """Every red flag in [start, end) (see the module docstring), most rows first."""
    rows = session.execute(
        select(_c.ts, _c.user_id, _c.device_id, _c.door_id, _c.result, _c.reason)
        .where(_c.ts >= start, _c.ts < end)
        .order_by(_c.ts)
    ).all()
    flags: list[dict[str, Any]] = []
    denied_at: dict[str, list[float]] = defaultdict(list)
    unknown_at: dict[str, list[float]] = defaultdict(list)
    denied_user: dict[str, list[float]] = defaultdict(list)
    forced: dict[str, list[float]] = defaultdict(list)
    held: dict[str, list[float]] = defaultdict(list)
    errors: dict[tuple[str, str], list[float]] = defaultdict(list)
    activity: dict[tuple[str, str | None], list[float]] = defaultdict(list)
    for raw_ts, user_id, device_id, door_id, result, reason in rows:
        ts = float(raw_ts)
        if result == "denied":
            if device_id is not None:
                denied_at[device_id].append(ts)
                if reason == "unknown_credential":
                    unknown_at[device_id].append(ts)
            if user_id is not None:
                denied_user[user_id].append(ts)
        elif result == "forced" and door_id is not None:
            forced[door_id].append(ts)
        elif result == "held_open" and door_id is not None:
            held[door_id].append(ts)
        elif result == "error":
            if device_id is not None:
                errors[("device_id", device_id)].append(ts)
            elif door_id is not None:
                errors[("door_id", door_id)].append(ts)
        if result in ("granted", "denied") and door_id is not None:
            activity[(door_id, device_id)].append(ts)

    burst_size = _setting(settings, "flag_denied_burst_count")
    window = _setting(settings, "flag_denied_burst_minutes") * 60
    for device_id, times in denied_at.items():
        for run in bursts(times, burst_size, window):
            flags.append(_flag("denied_burst", run, device_id=device_id, result="denied"))
    minimum = _setting(settings, "flag_unknown_credential_count")
    for device_id, times in unknown_at.items():
        if len(times) >= minimum:
            flags.append(
                _flag(
                    "unknown_credentials", times, device_id=device_id, reason="unknown_credential"
                )
            )
    minimum = _setting(settings, "flag_failing_user_count")
    for user_id, times in denied_user.items():
        if len(times) >= minimum:
            flags.append(_flag("failing_user", times, user_id=user_id, result="denied"))
    for door_id, times in forced.items():
        flags.append(_flag("forced", times, door_id=door_id, result="forced"))
    for door_id, times in held.items():
        flags.append(_flag("held_open", times, door_id=door_id, result="held_open"))
    minimum = _setting(settings, "flag_device_error_count")
    for (field, key), times in errors.items():
        if len(times) >= minimum:
            flags.append(_flag("device_errors", times, result="error", **{field: key}))
    flags += _unusual_hours_flags(session, activity, start, settings, tz)
    flags.sort(key=lambda flag: (-flag["count"], flag["kind"], flag["first"]))
    return flags


def _unusual_hours_flags(
    session: rollup.Executor,
    activity: Mapping[tuple[str, str | None], list[float]],
    start: float,
    settings: Mapping[str, Any],
    tz: tzinfo,
) -> list[dict[str, Any]]:
    days = _setting(settings, "flag_unusual_hours_days")
    min_grants = _setting(settings, "flag_unusual_hours_min_grants")
    usual: dict[str, tuple[set[int], int]] = {}
    flags = []
    for (door_id, device_id), times in activity.items():
        if door_id not in usual:
            usual[door_id] = _usual_hours(session, door_id, start, days, tz)
        hours, grants = usual[door_id]
        if grants < min_grants:
            continue
        odd = [ts for ts in times if _local_hour(ts, tz) not in hours]
        if odd:
            flags.append(_flag("unusual_hours", odd, device_id=device_id, door_id=door_id))
    return flags
