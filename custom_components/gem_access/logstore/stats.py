"""Access Log statistics for the Reports view (``gem_access/log/stats``).

Every figure is a sum of counts per (time unit, key, result), read from the rollup (rollup.py)
where it holds them and from the log table otherwise, and always exact:

- a range is cut at whole UTC hours, days and 32-day blocks: the partial hours at its ends are
  counted from the log (the ts index; under an hour of rows each), the rest from the coarsest
  rollup rows that fit (one statement per piece: SQLite walks an index for a range, not for an
  OR of ranges);
- the rollup answers a filter with no field, or one of ``device_id``, ``door_id``, ``reason``,
  ``access_type`` (each with or without ``result``), for the time series and totals; the top
  lists come from it when the filter has no field other than ``result`` (or names the listed
  field itself). A ``user_id`` filter, or two fields together, are counted on the log table with
  grouped queries (its per-column indexes serve them; one person's rows are few). Top lists
  under one person, reader or door filter come from the pairs table (rollup.PAIR_DIMS) over the
  whole 32-day blocks of the range and from one grouped log pass over the days around them.
  Time zones whose offset is not whole hours (India, Nepal, ...) are counted from the log too,
  in quarter hours, since a UTC hour there straddles two local hours.

Buckets follow Home Assistant's time zone: ``day`` and ``week`` (Monday first) start at local
midnight, so a DST day is 23 or 25 hours long; ``hour`` buckets are the real hours (a fall-back
day has 25). Every bucket of the range is present, empty ones with zeros. Duress rows are
``granted`` (they are stored so).
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections.abc import Mapping
from datetime import date, datetime, timedelta, tzinfo
from functools import cache
from typing import Any, Final

from sqlalchemy import BigInteger, ColumnElement, Select, bindparam, case, cast, func, select
from sqlalchemy.sql import operators
from sqlalchemy.sql.elements import UnaryExpression

from . import queries, rollup
from .rows import LogFilter, timestamp_to_iso
from .schema import log_table, pairs_table, rollup_table

type Executor = rollup.Executor
type Counts = dict[tuple[int | None, str | None], list[int]]

RESULTS: Final = ("granted", "denied", "forced", "held_open", "error")
BUCKETS: Final = ("hour", "day", "week")
# Two years of hours and a little more; beyond that a chart is unreadable and the reply huge.
MAX_BUCKETS: Final = 20_000
TOP_N: Final = 10
TOP_DIMS: Final = {"top_users": "user_id", "top_devices": "device_id", "top_reasons": "reason"}
_NAME_COLUMNS: Final = {"user_id": "user_name", "device_id": "device_name", "door_id": "door_name"}
QUARTER: Final = 900

_c = log_table.c
_EPOCH_DATE: Final = date(1970, 1, 1)
_r = rollup_table.c
_p = pairs_table.c
_ROLLUP_SUMS: Final = tuple(
    func.sum(case((_r.result == result, _r.n), else_=0)) for result in RESULTS
)


class TooManyBucketsError(ValueError):
    """The range holds more buckets than a chart can show; pick a coarser bucket."""


def _dialect(session: Executor) -> str:
    return rollup.dialect_name(session)


def _no_index(column: ColumnElement[Any]) -> ColumnElement[Any]:
    """SQLite's documented idiom: ``+column`` is the same value but cannot use an index."""
    return UnaryExpression(column, operator=operators.custom_op("+"))


def _unit_expr(session: Executor, unit: int) -> ColumnElement[Any]:
    """The start (epoch seconds) of the ``unit``-second period holding ``ts``; ts is positive."""
    return _floor_div(_dialect(session), _c.ts, unit) * unit


def whole_hour_zone(tz: tzinfo, start: float, end: float) -> bool:
    """Whether local hours are UTC hours over [start, end] (every offset a whole number of hours).

    Sampled at the ends and once a week between, enough to meet any zone's offsets.
    """
    step = 7 * rollup.DAY
    ts = start
    while True:
        offset = datetime.fromtimestamp(ts, tz).utcoffset()
        if offset is not None and offset.total_seconds() % rollup.HOUR:
            return False
        if ts >= end:
            return True
        ts = min(ts + step, end)


def _rollup_plan(filt: LogFilter, group: str | None) -> tuple[str, str | None] | None:
    """(dimension, key) of the rollup rows that answer ``filt`` grouped by ``group``, or None."""
    fields = {k: v for k, v in filt.equality_filters().items() if k != "result"}
    if not fields:
        return (group or rollup.ALL), None
    if len(fields) > 1:
        return None
    ((dim, key),) = fields.items()
    if group is not None and group != dim:
        return None
    return dim, key


def _segments(
    start: float, end: float, grains: tuple[int, ...]
) -> list[tuple[int | None, float, float]]:
    """[start, end) cut into (grain, from, to) pieces, the coarsest ``grains`` in the middle.

    ``grains`` run finest first; the pieces no grain covers whole (None) are counted on the log.
    """
    if not grains or start >= end:
        return [(None, start, end)] if start < end else []
    grain = grains[-1]
    size = rollup.GRAIN_SECONDS[grain]
    low = math.ceil(start / size) * size
    high = math.floor(end / size) * size
    if low >= high:
        return _segments(start, end, grains[:-1])
    return [
        *_segments(start, low, grains[:-1]),
        (grain, low, high),
        *_segments(high, end, grains[:-1]),
    ]


def counts(
    session: Executor,
    filt: LogFilter,
    start: float,
    end: float,
    *,
    group: str | None = None,
    unit: int | None = None,
    use_rollup: bool = True,
) -> tuple[Counts, bool]:
    """Row counts in [start, end) matching ``filt`` (its own dates ignored).

    ``{(period, key): [n per RESULTS]}``. ``unit``: by periods of that many seconds (3600 or 900),
    else period None. ``group``: by that column's value (rows without one are left out), else key
    None. ``use_rollup`` False: the log table only (the rollup backfill is not done). The flag
    says whether the rollup served the bulk of it.
    """
    out: Counts = {}
    plan = _rollup_plan(filt, group) if use_rollup else None
    if unit is not None and unit != rollup.HOUR:
        plan = None
    if plan is not None and unit is not None and plan[0] not in rollup.HOUR_DIMS:
        plan = None
    if plan is None:
        _log_counts(session, filt, [(start, end)], group, unit, out)
        return out, False
    dim, key = plan
    grains = (rollup.GRAIN_HOUR,) if unit is not None else tuple(rollup.GRAIN_SECONDS)
    raw: list[tuple[float, float]] = []
    by_grain: dict[int, list[tuple[float, float]]] = {}
    for grain, low, high in _segments(start, end, grains):
        if grain is None or dim not in rollup.GRAIN_DIMS[grain]:
            raw.append((low, high))
        else:
            by_grain.setdefault(grain, []).append((low, high))
    if raw:
        _log_counts(session, filt, raw, group, unit, out)
    for grain, ranges in by_grain.items():
        _rollup_counts(session, filt, grain, dim, key, ranges, group, unit, out)
    return out, True


def _collect(out: Counts, rows: Any, unit: int | None, group: str | None) -> None:
    """Add query rows ``(period?, key?, n per RESULTS...)`` into ``out``.

    Rows become plain tuples first (``Row._tuple()``, SQLAlchemy's public spelling): indexing
    and slicing a Row costs tens of microseconds each, and a two-year series has 17,520 rows.
    """
    width = (unit is not None) + (group is not None)
    for row in rows:
        values = row._tuple()
        period = int(values[0]) if unit is not None else None
        key = None if group is None else str(values[width - 1])
        sums = [int(n or 0) for n in values[width:]]
        target = out.get((period, key))
        if target is None:
            out[(period, key)] = sums
        else:
            for i, n in enumerate(sums):
                target[i] += n


@cache
def _rollup_statement(
    sqlite: bool, by_period: bool, grouped: bool, keyed: bool, by_result: bool, key_range: bool
) -> Select[Any]:
    """The rollup SELECT of one shape, built once: values are bound at execution.

    Building and cache-keying a statement with five CASE sums costs SQLAlchemy several times
    what SQLite needs to answer it; a 90-day reply runs dozens of them.
    """
    columns: list[ColumnElement[Any]] = []
    if by_period:
        columns.append(_r.period_ts)
    if grouped:
        columns.append(_r.key)
    clauses = [_r.grain == bindparam("grain"), _r.dim == bindparam("dim")]
    if keyed:
        clauses.append(_r.key == bindparam("key"))
    if by_result:
        # never an index column here: with it, SQLite walked every period of the dimension in
        # primary-key order for "denied" top lists instead of the period range
        clauses.append((_no_index(_r.result) if sqlite else _r.result) == bindparam("result"))
    # One key's counts are a range of the primary key (grain, dim, key, period), where the rows
    # live; without statistics SQLite could still take the covering period index and read
    # every key's rows of the range: "+" keeps it off that one.
    period = _no_index(_r.period_ts) if key_range else _r.period_ts
    clauses += [period >= bindparam("low"), period < bindparam("high")]
    # a row per period or key with a column per result: fewer rows to fetch than one per result
    stmt = select(*columns, *_ROLLUP_SUMS).where(*clauses)
    if grouped:
        # Every key of a dimension over a period range: the period index fits. GROUP BY key alone
        # would let SQLite (no statistics on our tables) walk the primary key instead, for its
        # order, reading the dimension's rows of every period; with result too no index gives
        # that order, and the range decides.
        return stmt.group_by(*columns, _r.result)
    return stmt.group_by(*columns) if columns else stmt


def _rollup_counts(
    session: Executor,
    filt: LogFilter,
    grain: int,
    dim: str,
    key: str | None,
    ranges: list[tuple[float, float]],
    group: str | None,
    unit: int | None,
    out: Counts,
) -> None:
    sqlite = _dialect(session) == "sqlite"
    keyed = key is not None or dim == rollup.ALL
    stmt = _rollup_statement(
        sqlite,
        unit is not None,
        group is not None,
        keyed,
        filt.result is not None,
        sqlite and key is not None and group is None,
    )
    params: dict[str, Any] = {"grain": grain, "dim": dim}
    if keyed:
        params["key"] = key or rollup.ALL
    if filt.result is not None:
        params["result"] = filt.result
    # One statement per range: SQLite walks an index for a range but not for an OR of ranges.
    for low, high in ranges:
        rows = session.execute(stmt, {**params, "low": low, "high": high}).all()
        _collect(out, rows, unit, group)


def _log_counts(
    session: Executor,
    filt: LogFilter,
    ranges: list[tuple[float, float]],
    group: str | None,
    unit: int | None,
    out: Counts,
) -> None:
    columns: list[ColumnElement[Any]] = []
    if unit is not None:
        columns.append(_unit_expr(session, unit).label("period"))
    if group is not None:
        columns.append(_c[group])
    sums = [func.sum(case((_c.result == result, 1), else_=0)) for result in RESULTS]
    sqlite = _dialect(session) == "sqlite"
    fields = filt.equality_filters()
    for low, high in ranges:
        # The page planner's clauses: the range as an id window (hours table) and the filter
        # index it bounds, so "one reader, 90 days" reads that reader's rows of 90 days, not of
        # every day it has rows (SQLite has no statistics to see that on its own).
        clauses = queries.range_clauses(session, fields, low, high)
        if clauses is None:
            continue
        if group is not None:
            # never an index walk of its own: nearly every row has a value
            clauses.append((_no_index(_c[group]) if sqlite else _c[group]).is_not(None))
        stmt = select(*columns, *sums).where(*clauses)
        if columns:
            stmt = stmt.group_by(*columns)
        _collect(out, session.execute(stmt).all(), unit, group)


def _log_grouped(
    session: Executor, filt: LogFilter, start: float, end: float, dims: list[str]
) -> dict[str, Counts]:
    """Per-key counts for each of ``dims`` in [start, end), from one grouped log query.

    ``{dim: {(None, key): [n per RESULTS]}}``; rows without a value of a dim are left out of
    that dim only.
    """
    out: dict[str, Counts] = {dim: {} for dim in dims}
    clauses = queries.range_clauses(session, filt.equality_filters(), start, end)
    if clauses is None:
        return out
    sums = [func.sum(case((_c.result == result, 1), else_=0)) for result in RESULTS]
    columns = [_c[dim] for dim in dims]
    stmt = select(*columns, *sums).where(*clauses).group_by(*columns)
    width = len(dims)
    for row in session.execute(stmt).all():
        values = row._tuple()
        sums_row = [int(n or 0) for n in values[width:]]
        for i, dim in enumerate(dims):
            if values[i] is None:
                continue
            target = out[dim].setdefault((None, str(values[i])), [0] * len(RESULTS))
            _accumulate(target, sums_row)
    return out


def _pair_plan(filt: LogFilter, group: str) -> tuple[str, str] | None:
    """(filter column, value) of the pairs rows that list ``group`` under ``filt``, or None."""
    fields = {k: v for k, v in filt.equality_filters().items() if k != "result"}
    if len(fields) != 1:
        return None
    ((dim, key),) = fields.items()
    return (dim, key) if (dim, group) in rollup.PAIR_DIMS else None


def _whole_blocks(start: float, end: float) -> tuple[int, int]:
    """[low, high): the 32-day blocks wholly inside [start, end) (low >= high: none)."""
    return math.ceil(start / rollup.BLOCK) * rollup.BLOCK, math.floor(
        end / rollup.BLOCK
    ) * rollup.BLOCK


@cache
def _pair_statement(by_result: bool) -> Select[Any]:
    """One list of one reader or door over a block range: a primary-key range of the pairs."""
    clauses = [
        _p.dim == bindparam("dim"),
        _p.key == bindparam("key"),
        _p.group_dim == bindparam("group_dim"),
        _p.period_ts >= bindparam("low"),
        _p.period_ts < bindparam("high"),
    ]
    if by_result:
        clauses.append(_p.result == bindparam("result"))
    sums = [func.sum(case((_p.result == result, _p.n), else_=0)) for result in RESULTS]
    return select(_p.group_key, *sums).where(*clauses).group_by(_p.group_key)


def _paired_counts(
    session: Executor,
    filt: LogFilter,
    start: float,
    end: float,
    paired: Mapping[str, tuple[str, str]],
) -> dict[str, Counts]:
    """Per-key counts of each listed column in ``paired`` ({group: (dim, key)}) in [start, end).

    Whole blocks from the pairs table; the days before the first and after the last whole
    block from one grouped pass over the log rows each (those of up to 31 days, not 730).
    """
    low, high = _whole_blocks(start, end)
    groups = list(paired)
    out: dict[str, Counts] = {group: {} for group in groups}
    for edge_start, edge_end in ((start, low), (high, end)):
        if edge_start < edge_end:
            for group, part in _log_grouped(session, filt, edge_start, edge_end, groups).items():
                for period_key, values in part.items():
                    _accumulate(out[group].setdefault(period_key, [0] * len(RESULTS)), values)
    stmt = _pair_statement(filt.result is not None)
    for group, (dim, key) in paired.items():
        params: dict[str, Any] = {
            "dim": dim,
            "key": key,
            "group_dim": group,
            "low": low,
            "high": high,
        }
        if filt.result is not None:
            params["result"] = filt.result
        _collect(out[group], session.execute(stmt, params).all(), None, group)
    return out


def _series_dim(filt: LogFilter) -> tuple[str, str | None] | None:
    """The hourly rollup rows (dimension, key) that hold ``filt``'s series, or None."""
    plan = _rollup_plan(filt, None)
    if plan is None or plan[0] not in rollup.HOUR_DIMS:
        return None
    return plan


def offset_stretches(tz: tzinfo, low: int, high: int) -> list[tuple[int, int, int]]:
    """[low, high) (whole UTC hours) cut where ``tz``'s UTC offset changes: (from, to, offset s).

    Sampled daily, each change then found to the hour by bisection (zones that change
    offset more than once a day do not exist).
    """

    def offset(ts: int) -> int:
        value = datetime.fromtimestamp(ts, tz).utcoffset()
        return int(value.total_seconds()) if value is not None else 0

    out: list[tuple[int, int, int]] = []
    begin, current = low, offset(low)
    ts = low
    while ts < high:
        step_end = min(ts + rollup.DAY, high)
        after = offset(step_end) if step_end < high else current
        if after != current:
            # the first hour in (ts, step_end] with the new offset
            lo, hi = ts // rollup.HOUR, step_end // rollup.HOUR
            while hi - lo > 1:
                mid = (lo + hi) // 2
                if offset(mid * rollup.HOUR) == current:
                    lo = mid
                else:
                    hi = mid
            change = hi * rollup.HOUR
            out.append((begin, change, current))
            begin, current = change, offset(change)
        ts = step_end
    if begin < high:
        out.append((begin, high, current))
    return out


def _floor_div(dialect: str, expr: ColumnElement[Any], unit: int) -> ColumnElement[Any]:
    if dialect == "sqlite":
        return cast(expr / unit, BigInteger)  # integer division of positive integers
    return cast(func.floor(expr / unit), BigInteger)


# 1970-01-01 (epoch day 0) was a Thursday: Monday-first weekday 3.
_EPOCH_WEEKDAY: Final = 3


@cache
def _local_statements(dialect: str, by_result: bool, key_range: bool) -> tuple[Select[Any], ...]:
    """(local-day sums, hour-of-week sums) of one hourly rollup key over a stretch of one UTC
    offset, built once (see ``_rollup_statement``)."""
    sqlite = dialect == "sqlite"
    clauses = [
        _r.grain == rollup.GRAIN_HOUR,
        _r.dim == bindparam("dim"),
        _r.key == bindparam("key"),
    ]
    if by_result:
        clauses.append((_no_index(_r.result) if sqlite else _r.result) == bindparam("result"))
    # one key's rows are a range of the primary key (see _rollup_statement)
    period = _no_index(_r.period_ts) if key_range else _r.period_ts
    clauses += [period >= bindparam("low"), period < bindparam("high")]
    local = _r.period_ts + bindparam("offset", type_=BigInteger)
    day = _floor_div(dialect, local, rollup.DAY).label("day")
    how = ((_floor_div(dialect, local, rollup.HOUR) + _EPOCH_WEEKDAY * 24) % 168).label("how")
    return (
        select(day, *_ROLLUP_SUMS).where(*clauses).group_by(day),
        select(how, func.sum(_r.n)).where(*clauses).group_by(how),
    )


def _local_series(
    session: Executor,
    filt: LogFilter,
    low: int,
    high: int,
    tz: tzinfo,
    starts: list[float],
    bucket_counts: list[list[int]],
    totals: list[int],
    grid: list[list[int]],
) -> None:
    """Add the hourly rollup's [low, high) into local-day buckets, totals and the week grid."""
    plan = _series_dim(filt)
    if plan is None or low >= high:
        return
    dim, key = plan
    # local date (days since 1970-01-01) of each bucket start, for day and week buckets alike
    bucket_days = [(datetime.fromtimestamp(ts, tz).date() - _EPOCH_DATE).days for ts in starts]
    dialect = _dialect(session)
    by_day, by_hour_of_week = _local_statements(
        dialect, filt.result is not None, dialect == "sqlite" and key is not None
    )
    params: dict[str, Any] = {"dim": dim, "key": key or rollup.ALL}
    if filt.result is not None:
        params["result"] = filt.result
    for begin, finish, off in offset_stretches(tz, low, high):
        bound = {**params, "low": begin, "high": finish, "offset": off}
        for number, *values in session.execute(by_day, bound).tuples():
            counted = [int(n or 0) for n in values]
            _accumulate(totals, counted)
            index = bisect_right(bucket_days, int(number)) - 1
            if index >= 0:
                _accumulate(bucket_counts[index], counted)
        for cell, n in session.execute(by_hour_of_week, bound).tuples():
            grid[int(cell) // 24][int(cell) % 24] += int(n or 0)


def _as_counts(values: list[int]) -> dict[str, int]:
    return dict(zip(RESULTS, values, strict=True))


def _accumulate(target: list[int], values: list[int]) -> None:
    for i, n in enumerate(values):
        target[i] += n


def bucket_starts(bucket: str, start: float, end: float, tz: tzinfo) -> list[float]:
    """Epoch starts of the local ``bucket`` periods that cover [start, end)."""
    if bucket not in BUCKETS:
        raise ValueError(f"bucket must be one of {BUCKETS}")
    if bucket == "hour":
        if (end - start) / rollup.HOUR > MAX_BUCKETS:
            raise TooManyBucketsError(bucket)
        # local hours are UTC hours in whole-hour zones; elsewhere the local hour's own start
        local = datetime.fromtimestamp(start, tz)
        first = local.replace(minute=0, second=0, microsecond=0).timestamp()
        return [float(ts) for ts in range(int(first), math.ceil(end), rollup.HOUR)] or [first]
    local = datetime.fromtimestamp(start, tz)
    day = local.date()
    if bucket == "week":
        day -= timedelta(days=day.weekday())
    step = timedelta(days=7 if bucket == "week" else 1)
    if (end - start) / step.total_seconds() > MAX_BUCKETS:
        raise TooManyBucketsError(bucket)
    starts: list[float] = []
    while True:
        # local midnight of each day: calendar arithmetic, so DST days are 23 or 25 hours
        ts = datetime(day.year, day.month, day.day, tzinfo=tz).timestamp()
        if ts >= end and starts:
            return starts
        starts.append(ts)
        day += step


def _newest_names(session: Executor, dim: str, keys: list[str]) -> dict[str, str | None]:
    """The name on the newest row of each key (people and readers no longer configured)."""
    name_column = _NAME_COLUMNS.get(dim)
    if name_column is None:
        return {}
    # one index seek per key (at most TOP_N): a GROUP BY would read every row of those keys
    stmt = _newest_name_statement(dim, name_column)
    return {key: session.execute(stmt, {"key": key}).scalar() for key in keys}


@cache
def _newest_name_statement(dim: str, name_column: str) -> Select[Any]:
    return (
        select(_c[name_column]).where(_c[dim] == bindparam("key")).order_by(_c.id.desc()).limit(1)
    )


def _top(
    session: Executor,
    dim: str,
    per_key: Counts,
    names: Mapping[str, str],
) -> list[dict[str, Any]]:
    by_key: dict[str, dict[str, int]] = {
        key: _as_counts(values) for (_, key), values in per_key.items() if key is not None
    }

    def rank(item: tuple[str, dict[str, int]]) -> int:
        # reasons rank by what went wrong (the top *denial* reasons), not by how often it went right
        return sum(n for result, n in item[1].items() if dim != "reason" or result != "granted")

    candidates = [item for item in by_key.items() if rank(item) > 0]
    candidates.sort(key=lambda item: (-rank(item), item[0]))
    top = candidates[:TOP_N]
    missing = [key for key, _ in top if key not in names]
    found = _newest_names(session, dim, missing) if dim != "reason" else {}
    return [
        {"id": key, "name": names.get(key) or found.get(key) or key, "counts": item_counts}
        for key, item_counts in top
    ]


def compute_stats(
    session: Executor,
    filt: LogFilter,
    bucket: str,
    tz: tzinfo,
    now: datetime,
    names: Mapping[str, Mapping[str, str]] | None = None,
) -> dict[str, Any]:
    """The ``log/stats`` reply for ``filt`` (see the module docstring).

    Without ``start`` the range begins at the oldest row, without ``end`` it ends ``now``.
    ``names``: current names by dimension (``user_id``, ``device_id``) from the configuration;
    keys it lacks take the name on their newest row.
    """
    names = names or {}
    end = filt.end_ts if filt.end_ts is not None else now.timestamp()
    if filt.start_ts is not None:
        start = filt.start_ts
    else:
        oldest = session.execute(select(func.min(_c.ts))).scalar()
        start = float(oldest) if oldest is not None and oldest < end else end - rollup.DAY
    start = min(start, end)
    starts = bucket_starts(bucket, start, end, tz)
    whole = whole_hour_zone(tz, start, end)
    unit = rollup.HOUR if whole else QUARTER
    # While the v3 backfill runs, old rows are missing from the rollup: count on the log table
    # (slower, exact) until it is complete.
    ready = rollup.backfill_pending(session) is None

    bucket_counts = [[0] * len(RESULTS) for _ in starts]
    totals = [0] * len(RESULTS)
    grid = [[0] * 24 for _ in range(7)]
    hourly = bucket != "hour" and whole and ready and _series_dim(filt) is not None
    if hourly:
        # Whole local days from the hourly rollup, summed by the database per stretch of one
        # UTC offset: a few hundred rows for two years instead of 17,520 hours bucketed here.
        low = math.ceil(start / rollup.HOUR) * rollup.HOUR
        high = max(low, math.floor(end / rollup.HOUR) * rollup.HOUR)
        edges = [(start, min(low, end)), (high, end)] if low < end else [(start, end)]
        _local_series(session, filt, low, high, tz, starts, bucket_counts, totals, grid)
        series_rollup = True
        series: Counts = {}
        for edge_start, edge_end in edges:
            if edge_start < edge_end:
                part, _ = counts(session, filt, edge_start, edge_end, unit=unit, use_rollup=ready)
                series.update(part)
    else:
        series, series_rollup = counts(session, filt, start, end, unit=unit, use_rollup=ready)
    for (period, _), values in series.items():
        if period is None:
            continue
        _accumulate(totals, values)
        index = bisect_right(starts, period) - 1
        if index >= 0:
            _accumulate(bucket_counts[index], values)
        local = datetime.fromtimestamp(period, tz)
        grid[local.weekday()][local.hour] += sum(values)

    length = end - start
    previous = [0] * len(RESULTS)
    if length > 0:
        prev_counts, _ = counts(session, filt, start - length, start, use_rollup=ready)
        for values in prev_counts.values():
            _accumulate(previous, values)

    reply: dict[str, Any] = {
        "buckets": [
            {"start": timestamp_to_iso(ts), "counts": _as_counts(c)}
            for ts, c in zip(starts, bucket_counts, strict=True)
        ],
        "totals": _as_counts(totals),
        "by_hour_of_week": grid,
        "previous": _as_counts(previous),
    }
    served: dict[str, bool] = {"series": series_rollup}
    # Lists the rollup cannot answer: under one reader or door filter from the pairs table over
    # whole 32-day blocks, else from one pass over the log rows, grouped by all of their
    # columns at once (a reader's two years are read once, not once per list).
    low_block, high_block = _whole_blocks(start, end)
    paired: dict[str, tuple[str, str]] = {}
    on_log: list[str] = []
    for dim in TOP_DIMS.values():
        if ready and _rollup_plan(filt, dim) is not None:
            continue
        pair = _pair_plan(filt, dim) if ready and low_block < high_block else None
        if pair is not None:
            paired[dim] = pair
        else:
            on_log.append(dim)
    from_log = _log_grouped(session, filt, start, end, on_log) if on_log else {}
    from_pairs = _paired_counts(session, filt, start, end, paired) if paired else {}
    for field, dim in TOP_DIMS.items():
        if dim in from_log:
            per_key, from_rollup = from_log[dim], False
        elif dim in from_pairs:
            per_key, from_rollup = from_pairs[dim], True
        else:
            per_key, from_rollup = counts(session, filt, start, end, group=dim, use_rollup=ready)
        served[field] = from_rollup
        reply[field] = _top(session, dim, per_key, names.get(dim, {}))
        if dim == "user_id":
            reply["unique_users"] = len(
                {key for (_, key), values in per_key.items() if key is not None and any(values)}
            )
    reply["start"] = timestamp_to_iso(start)
    reply["end"] = timestamp_to_iso(end)
    reply["bucket"] = bucket
    reply["rollup"] = served
    return reply
