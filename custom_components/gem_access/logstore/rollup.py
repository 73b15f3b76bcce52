"""The rollup and last-seen tables (schema v3), kept equal to the log rows they summarise.

Why: the Reports view sums months of rows per hour, per reader, per user. Summing the log itself
costs a scan of every row in the range (a million rows for two years of a busy site); the rollup
holds one row per (period, dimension, key, result) instead, and a query reads only the rows of
one dimension and grain (bench/log.py prints their count).

What is kept:
- grain 0, UTC hours, for every row (dimension "") and per reader, door, reason and access type:
  the time series (hour, day and week buckets in any whole-hour time zone, the hour-of-week grid);
- grain 1, UTC days, and grain 2, 32-day blocks, for the same dimensions and per user: the totals
  and top lists over long ranges. Users get no hourly rows: at a hundred people those would be
  nearly as many as the log.
- ``gem_access_last``: the newest granted and denied row per user and the newest row per reader.
- ``gem_access_log_pairs`` (v5): per 32-day block, a person's rows by reader and reason, a
  reader's by person and reason, a door's by person, reason and reader (``PAIR_DIMS``): the top
  lists under a person, reader or door filter.

Maintenance happens in the same transaction as the change to the log (``count_rows`` for the
rollup and the pairs alike): ``add_row`` from
``queries.insert_entry``, ``forget`` from ``queries.delete_batch`` (before the rows go, with the
same WHERE), so a commit never leaves the two apart; the purge's last batch also drops the
last-seen entries below its cutoff (``forget_last_before``). The v2 -> v3 migration only creates the
tables and records a marker (``start_backfill``): rows with an id at or below it are not counted
yet. The store's background job counts them in id windows, one short transaction each
(``backfill_window``); until it is done stats.py reads the log table, and ``last_seen_map`` adds
the uncounted rows itself.

Rows keep their result, so duress (``granted``/``duress``) counts as granted everywhere here.
SQLAlchemy Core only: upserts in each dialect's own syntax (SQLite and PostgreSQL ``ON CONFLICT``,
MySQL/MariaDB ``ON DUPLICATE KEY``).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from functools import cache
from typing import Any, Final

from sqlalchemy import (
    ColumnElement,
    Connection,
    Select,
    bindparam,
    case,
    delete,
    func,
    insert,
    select,
    text,
    tuple_,
    update,
)
from sqlalchemy.dialects import mysql, postgresql, sqlite
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import TextClause

from .schema import hours_table, last_table, log_table, pairs_table, rollup_table, schema_table

type Executor = Session | Connection

HOUR: Final = 3600
DAY: Final = 86400
# 32-day blocks counted from the epoch: two years are 23 of them, so a top list over two years
# sums a few thousand rows instead of every day of every person.
BLOCK: Final = 32 * DAY
GRAIN_HOUR: Final = 0
GRAIN_DAY: Final = 1
GRAIN_BLOCK: Final = 2
GRAIN_SECONDS: Final = {GRAIN_HOUR: HOUR, GRAIN_DAY: DAY, GRAIN_BLOCK: BLOCK}
# Dimensions are log columns; "" is every row (key "").
ALL: Final = ""
HOUR_DIMS: Final = (ALL, "device_id", "door_id", "reason", "access_type")
DAY_DIMS: Final = (ALL, "user_id", "device_id", "door_id", "reason", "access_type")
GRAIN_DIMS: Final = {GRAIN_HOUR: HOUR_DIMS, GRAIN_DAY: DAY_DIMS, GRAIN_BLOCK: DAY_DIMS}

# The pairs table (schema v5): per 32-day block, a person's, a reader's or a door's rows by the
# column a top list under that filter shows. Blocks only: per day there are nearly as many pairs
# as rows.
PAIR_DIMS: Final = (
    ("user_id", "device_id"),
    ("user_id", "reason"),
    ("device_id", "user_id"),
    ("device_id", "reason"),
    ("door_id", "user_id"),
    ("door_id", "reason"),
    ("door_id", "device_id"),
)

LAST_USER_GRANTED: Final = "user_granted"
LAST_USER_DENIED: Final = "user_denied"
LAST_DEVICE: Final = "device"

# The log columns a rollup delta needs, in this order.
ROW_COLUMNS: Final = ("ts", "user_id", "device_id", "door_id", "access_type", "result", "reason")
_INDEX: Final = {name: i for i, name in enumerate(ROW_COLUMNS)}
# Log ids per backfill transaction: the store sizes each window by the last one's time (as purge
# batches), starting at BACKFILL_FIRST_WINDOW and never above BACKFILL_WINDOW, so each holds the
# write lock (SQLite's, shared with the recorder) for a fraction of a second and access events
# and the recorder interleave.
BACKFILL_FIRST_WINDOW: Final = 1_000
BACKFILL_WINDOW: Final = 20_000
# The backfill marker is this row of the schema table (the version row is id 1): its
# ``schema_version`` column holds the highest log id not yet counted in the rollup.
BACKFILL_ROW_ID: Final = 2

type Delta = Counter[tuple[int, str, str, int, str]]
# (dim, key, group_dim, period_ts, group_key, result)
type PairDelta = Counter[tuple[str, str, str, int, str, str]]

_c = log_table.c
_r = rollup_table.c
_l = last_table.c
_h = hours_table.c
_p = pairs_table.c


def deltas(rows: Iterable[Sequence[Any]], sign: int = 1) -> Delta:
    """The rollup changes for these rows (``ROW_COLUMNS`` tuples), each counted ``sign`` times."""
    out: Delta = Counter()
    for row in rows:
        ts = float(row[0])
        result = str(row[_INDEX["result"]])
        for grain, dims in GRAIN_DIMS.items():
            size = GRAIN_SECONDS[grain]
            period = int(ts // size) * size
            for dim in dims:
                if dim == ALL:
                    out[(grain, ALL, ALL, period, result)] += sign
                    continue
                key = row[_INDEX[dim]]
                if key is not None:
                    out[(grain, dim, str(key), period, result)] += sign
    return out


def pair_deltas(rows: Iterable[Sequence[Any]], sign: int = 1) -> PairDelta:
    """The pairs-table changes for log rows given as ROW_COLUMNS tuples (see ``deltas``)."""
    out: PairDelta = Counter()
    for row in rows:
        period = int(float(row[0]) // BLOCK) * BLOCK
        result = str(row[_INDEX["result"]])
        for dim, group_dim in PAIR_DIMS:
            key, group_key = row[_INDEX[dim]], row[_INDEX[group_dim]]
            if key is not None and group_key is not None:
                out[(dim, str(key), group_dim, period, str(group_key), result)] += sign
    return out


def last_seen(rows: Iterable[Sequence[Any]]) -> dict[tuple[str, str], float]:
    """The newest timestamp per (kind, key) among these rows."""
    out: dict[tuple[str, str], float] = {}

    def see(kind: str, key: Any, ts: float) -> None:
        if key is not None and ts > out.get((kind, str(key)), float("-inf")):
            out[(kind, str(key))] = ts

    for row in rows:
        ts = float(row[0])
        result = row[_INDEX["result"]]
        if result == "granted":
            see(LAST_USER_GRANTED, row[_INDEX["user_id"]], ts)
        elif result == "denied":
            see(LAST_USER_DENIED, row[_INDEX["user_id"]], ts)
        see(LAST_DEVICE, row[_INDEX["device_id"]], ts)
    return out


def hour_bounds(rows: Iterable[Sequence[Any]]) -> dict[int, tuple[int, int]]:
    """{UTC hour start: (lowest id, highest id)} of rows given as ``(ts, ..., id)`` tuples."""
    out: dict[int, tuple[int, int]] = {}
    for row in rows:
        hour = int(float(row[0]) // HOUR) * HOUR
        log_id = int(row[-1])
        seen = out.get(hour)
        out[hour] = (
            (log_id, log_id) if seen is None else (min(seen[0], log_id), max(seen[1], log_id))
        )
    return out


def dialect_name(session: Executor) -> str:
    bind = session.get_bind() if isinstance(session, Session) else session
    return bind.dialect.name


def _upsert(session: Executor, table: Any, rows: list[dict[str, Any]], keys: Sequence[str]) -> None:
    """Insert ``rows``; on a key clash add ``n`` (rollup) or keep the newer ``ts`` (last seen).

    One statement with bound parameters run as an executemany: compiled once (and cached), so a
    purge batch or a backfill window costs one round of driver calls, not one compile per row.
    """
    name = dialect_name(session)
    if name in ("mysql", "mariadb"):
        my = mysql.insert(table)
        stmt: Any = my.on_duplicate_key_update(_merge(table, my.inserted))
    else:
        ins = (postgresql.insert if name == "postgresql" else sqlite.insert)(table)
        stmt = ins.on_conflict_do_update(
            index_elements=list(keys), set_=_merge(table, ins.excluded)
        )
    session.execute(stmt, rows)


def _merge(table: Any, new: Any) -> dict[str, ColumnElement[Any]]:
    if table is rollup_table or table is pairs_table:
        return {"n": table.c.n + new.n}
    if table is hours_table:
        return {
            "low_id": case((new.low_id < table.c.low_id, new.low_id), else_=table.c.low_id),
            "high_id": case((new.high_id > table.c.high_id, new.high_id), else_=table.c.high_id),
        }
    return {"ts": case((new.ts > table.c.ts, new.ts), else_=table.c.ts)}


def apply(session: Executor, delta: Delta) -> None:
    """Add ``delta`` to the rollup; rows that reach zero are removed."""
    changes = [(key, n) for key, n in delta.items() if n]
    if not changes:
        return
    rows = [
        {"grain": g, "dim": d, "key": k, "period_ts": p, "result": r, "n": n}
        for (g, d, k, p, r), n in changes
    ]
    _upsert(session, rollup_table, rows, _ROLLUP_KEY)
    _delete_emptied(session, rollup_table, _ROLLUP_KEY, [key for key, n in changes if n < 0])


_ROLLUP_KEY: Final = ("grain", "dim", "key", "period_ts", "result")
# Keys per DELETE on PostgreSQL and MySQL/MariaDB: a few thousand bound values.
_EMPTIED_CHUNK: Final = 500


@cache
def _emptied_statement(table: Any, columns: tuple[str, ...]) -> Any:
    keys = (table.c[name] == bindparam(f"k{i}") for i, name in enumerate(columns))
    return delete(table).where(*keys, table.c.n <= 0)


def _delete_emptied(
    session: Executor, table: Any, columns: Sequence[str], keys: Sequence[tuple[Any, ...]]
) -> None:
    """Remove the rows of these primary keys whose count reached zero.

    Only the rows just decremented can have: one primary-key lookup each (a period-range DELETE
    read every key's rows of up to 32 days). SQLite runs them as one executemany, in process;
    elsewhere each statement of an executemany is a round trip to the server (a purge batch
    decrements about a thousand keys: most of a batch's time on PostgreSQL), so there a few
    DELETEs name hundreds of keys each.
    """
    if not keys:
        return
    if dialect_name(session) == "sqlite":
        stmt = _emptied_statement(table, tuple(columns))
        session.execute(stmt, [{f"k{i}": v for i, v in enumerate(key)} for key in keys])
        return
    if dialect_name(session) == "postgresql":
        # One statement, the keys as one array per column: PostgreSQL plans a row IN list as an
        # OR of every key (24 ms for 234 keys) and a literal VALUES list costs a compile per
        # batch; arrays joined through unnest are one cached statement and index lookups.
        arrays = {f"k{i}": [key[i] for key in keys] for i in range(len(columns))}
        session.execute(_pg_emptied_statement(table, tuple(columns)), arrays)
        return
    for stmt in mysql_emptied_deletes(table, columns, keys):
        session.execute(stmt)


def mysql_emptied_deletes(
    table: Any, columns: Sequence[str], keys: Sequence[tuple[Any, ...]]
) -> list[Any]:
    """MySQL/MariaDB: the DELETEs of ``_delete_emptied``, hundreds of keys in each.

    A row IN list of a single key is written as plain equalities: MariaDB 10.11 plans
    ``(a, b, ...) IN ((1, 2, ...))`` as a scan of the whole table (the rollup has a row per
    hour and key: 412-778 ms for one purge batch at 1M rows), two keys or more as PRIMARY ranges.
    """
    cols = [table.c[name] for name in columns]
    statements = []
    for start in range(0, len(keys), _EMPTIED_CHUNK):
        chunk = keys[start : start + _EMPTIED_CHUNK]
        if len(chunk) == 1:
            match = [col == value for col, value in zip(cols, chunk[0], strict=True)]
        else:
            match = [tuple_(*cols).in_(chunk)]
        statements.append(delete(table).where(*match, table.c.n <= 0))
    return statements


@cache
def _pg_emptied_statement(table: Any, columns: tuple[str, ...]) -> TextClause:
    arrays = ", ".join(
        f"CAST(:k{i} AS {'bigint' if name in ('period_ts', 'grain') else 'text'}[])"
        for i, name in enumerate(columns)
    )
    names = [f'"{name}"' for name in columns]
    matches = " AND ".join(f"t.{name} = v.{name}" for name in names)
    # only our own table and column names go into the text; the keys are bound
    return text(
        f'DELETE FROM "{table.name}" AS t USING unnest({arrays}) AS v({", ".join(names)}) '  # noqa: S608
        f"WHERE {matches} AND t.n <= 0"
    )


def apply_pairs(session: Executor, delta: PairDelta) -> None:
    """Add ``delta`` to the pairs table; rows that reach zero are removed (as ``apply``)."""
    changes = [(key, n) for key, n in delta.items() if n]
    if not changes:
        return
    rows = [
        {"dim": d, "key": k, "group_dim": gd, "period_ts": p, "group_key": gk, "result": r, "n": n}
        for (d, k, gd, p, gk, r), n in changes
    ]
    _upsert(session, pairs_table, rows, _PAIR_KEY)
    _delete_emptied(session, pairs_table, _PAIR_KEY, [key for key, n in changes if n < 0])


_PAIR_KEY: Final = ("dim", "key", "group_dim", "period_ts", "group_key", "result")


def count_rows(session: Executor, rows: Sequence[Sequence[Any]], sign: int = 1) -> None:
    """Add (``sign`` 1) or remove (-1) log rows, as ROW_COLUMNS tuples, in rollup and pairs."""
    apply(session, deltas(rows, sign))
    apply_pairs(session, pair_deltas(rows, sign))


def _store_last(session: Executor, seen: Mapping[tuple[str, str], float]) -> None:
    rows = [{"kind": kind, "key": key, "ts": ts} for (kind, key), ts in seen.items()]
    if rows:
        _upsert(session, last_table, rows, ("kind", "key"))


def _store_bounds(session: Executor, bounds: Mapping[int, tuple[int, int]]) -> None:
    rows = [
        {"period_ts": hour, "low_id": low, "high_id": high} for hour, (low, high) in bounds.items()
    ]
    if rows:
        _upsert(session, hours_table, rows, ("period_ts",))


def add_row(session: Executor, values: Mapping[str, Any], log_id: int) -> None:
    """Count one new log row (its INSERT column values, its id) in the v3/v4 tables."""
    row = (values["ts"], *(values.get(name) for name in ROW_COLUMNS[1:]), log_id)
    count_rows(session, [row])
    _store_last(session, last_seen([row]))
    _store_bounds(session, hour_bounds([row]))


def forget(session: Executor, *where: ColumnElement[bool]) -> None:
    """Uncount the log rows matching ``where``, which the caller deletes next in this transaction.

    Only the rollup: last-seen entries go with ``forget_last_before`` once the purge is done.
    """
    rows = session.execute(select(*(_c[name] for name in ROW_COLUMNS), _c.id).where(*where)).all()
    if not rows:
        return
    # rows the backfill has not reached yet were never counted
    pending = backfill_pending(session)
    counted = rows if pending is None else [row for row in rows if row[-1] > pending]
    count_rows(session, counted, -1)


def forget_last_before(session: Executor, cutoff_ts: float) -> None:
    """Drop last-seen entries older than a purge's cutoff, once every log row below it is gone.

    Exact then: an entry is the newest row of its person or reader, so an entry below the
    cutoff names a deleted row and one at or above it a kept row. One short statement over a
    table of a row per person and reader, instead of matching each purge batch's entries.
    """
    session.execute(delete(last_table).where(_l.ts < cutoff_ts))
    # hours wholly before the cutoff hold no row any more
    session.execute(delete(hours_table).where(_h.period_ts + HOUR <= cutoff_ts))


def id_window(session: Executor, start: float | None, end: float | None) -> tuple[int, int] | None:
    """Ids that include every log row with ``start <= ts < end``, from the hours table.

    ``(low, high)``, ``(1, 0)`` when no row can be in the range; None when the table cannot say
    (rows not counted yet by the backfill). The caller keeps its ts conditions: the window may
    hold rows outside the range.
    """
    if backfill_pending(session) is not None:
        return None
    params: dict[str, float] = {}
    if start is not None:
        params["after"] = start - HOUR
    if end is not None:
        params["before"] = end
    low, high = session.execute(_ID_WINDOW[(start is not None, end is not None)], params).one()
    if low is None:
        return (1, 0)
    return int(low), int(high)


def _id_window_statement(after: bool, before: bool) -> Select[tuple[Any, Any]]:
    clauses: list[ColumnElement[bool]] = []
    if after:
        clauses.append(_h.period_ts > bindparam("after"))
    if before:
        clauses.append(_h.period_ts < bindparam("before"))
    return select(func.min(_h.low_id), func.max(_h.high_id)).where(*clauses)


# Built once: the planner asks for a window per query and a report runs dozens of queries, and
# building a statement costs SQLAlchemy more than the database needs to answer this one.
_ID_WINDOW: Final = {
    (after, before): _id_window_statement(after, before)
    for after in (False, True)
    for before in (False, True)
}
_BACKFILL_MARKER: Final = select(schema_table.c.schema_version).where(
    schema_table.c.id == BACKFILL_ROW_ID
)


def backfill_pending(session: Executor) -> int | None:
    """The backfill marker: log rows with ``id <=`` this are not counted yet; None when all are."""
    value = session.execute(_BACKFILL_MARKER).scalar()
    return None if value is None else int(value)


def start_backfill(conn: Connection) -> None:
    """The v2 -> v3 step: create the v3 tables and mark every stored row as not yet counted.

    No row is read here: the migration runs in one transaction holding SQLite's only write
    lock (the recorder's too), and counting a million rows takes tens of seconds. The store's
    background job (``backfill_window``) counts them afterwards in short transactions.
    Starts from empty tables, so a retry after an interrupted migration (MySQL commits DDL at
    once) cannot count a row twice.
    """
    for table in (rollup_table, last_table, hours_table, pairs_table):
        table.create(conn, checkfirst=True)
        conn.execute(delete(table))
    conn.execute(delete(schema_table).where(schema_table.c.id == BACKFILL_ROW_ID))
    high = conn.execute(select(func.max(_c.id))).scalar()
    if high is not None:
        conn.execute(insert(schema_table).values(id=BACKFILL_ROW_ID, schema_version=int(high)))


def backfill_window(session: Executor, window: int | None = None) -> bool:
    """Count the next ``window`` ids below the marker and move it down; True when all are done.

    Newest ids first, so the marker is one number (everything at or below it is uncounted) and
    a restart resumes where it stopped. Rows inserted since the migration have higher ids and
    were counted by ``add_row``; the last-seen upsert keeps the newer of the two timestamps.
    """
    high = backfill_pending(session)
    if high is None:
        return True
    low = high - (window or BACKFILL_WINDOW)
    columns = [_c[name] for name in ROW_COLUMNS]
    rows = session.execute(select(*columns, _c.id).where(_c.id > low, _c.id <= high)).all()
    count_rows(session, rows)
    _store_last(session, last_seen(rows))
    _store_bounds(session, hour_bounds(rows))
    remaining = session.execute(select(func.max(_c.id)).where(_c.id <= low)).scalar()
    marker = schema_table.c.id == BACKFILL_ROW_ID
    if remaining is None:
        session.execute(delete(schema_table).where(marker))
        return True
    session.execute(update(schema_table).where(marker).values(schema_version=int(remaining)))
    return False


def create_and_backfill(conn: Connection, window: int | None = None) -> None:
    """Rebuild both tables from every stored row in one transaction (bench/log.py, offline).

    Never from the migration or the running store: this holds the write lock for the whole scan.
    """
    start_backfill(conn)
    while not backfill_window(conn, window):
        pass


def last_seen_map(session: Executor, kinds: Sequence[str]) -> dict[str, dict[str, float]]:
    """``{kind: {key: ts}}`` for these kinds (the whole table is one row per person/reader)."""
    out: dict[str, dict[str, float]] = {kind: {} for kind in kinds}
    for kind, key, ts in session.execute(select(_l.kind, _l.key, _l.ts).where(_l.kind.in_(kinds))):
        out[str(kind)][str(key)] = float(ts)
    pending = backfill_pending(session)
    if pending is not None:
        # Rows the backfill has not counted yet: read from the log (only until it finishes).
        def see(kind: str, key: Any, ts: Any) -> None:
            if kind in out and key is not None and float(ts) > out[kind].get(str(key), -math.inf):
                out[kind][str(key)] = float(ts)

        uncounted = _c.id <= pending
        if LAST_USER_GRANTED in out or LAST_USER_DENIED in out:
            stmt = (
                select(_c.result, _c.user_id, func.max(_c.ts))
                .where(uncounted, _c.result.in_(("granted", "denied")))
                .group_by(_c.result, _c.user_id)
            )
            for result, key, ts in session.execute(stmt):
                see(LAST_USER_GRANTED if result == "granted" else LAST_USER_DENIED, key, ts)
        if LAST_DEVICE in out:
            stmt = select(_c.device_id, func.max(_c.ts)).where(uncounted).group_by(_c.device_id)
            for key, ts in session.execute(stmt):
                see(LAST_DEVICE, key, ts)
    return out
