"""SQL for the Access Log: SQLAlchemy Core only, no Home Assistant.

Functions taking a ``Session`` or ``Connection`` run inside the caller's transaction and
never commit; the caller decides the transaction's extent. ``delete_older_than`` is the
exception: it opens one short transaction per batch so a large purge never holds a long
write lock (SQLite has a single writer, shared with the recorder).
"""

from __future__ import annotations

import contextlib
import sqlite3
import time
from collections.abc import Callable, Collection, Mapping
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Final, Protocol, Unpack

from sqlalchemy import (
    ColumnElement,
    Connection,
    Engine,
    Select,
    case,
    delete,
    event,
    func,
    insert,
    inspect,
    select,
    update,
)
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session
from sqlalchemy.sql import operators
from sqlalchemy.sql.elements import UnaryExpression

from . import rollup
from .errors import SchemaTooNewError
from .rows import (
    DEFAULT_LIMIT,
    ROW_FIELDS,
    LogFilter,
    LogUpdate,
    NewLogEntry,
    clamp_limit,
    row_to_dict,
    update_values,
)
from .schema import (
    MIGRATIONS,
    SCHEMA_ROW_ID,
    SCHEMA_TABLE,
    SCHEMA_VERSION,
    Migration,
    log_table,
    metadata,
    schema_table,
)

# A purge transaction may hold the write lock (SQLite's only one, shared with the recorder) for at
# most 250 ms. What a row costs to delete varies tenfold with the table's size, the cache and the
# disk (every row also leaves seven indexes): at 10M rows on SQLite 2,000 rows took up to 3 s. So
# purge batches are sized by time: the first is DELETE_BATCH_SIZE rows, each next one is scaled
# so that it should take PURGE_BATCH_TARGET_S (grown at most 2x per step, so one fast batch on a
# warm cache cannot overshoot), within DELETE_BATCH_MIN..DELETE_BATCH_MAX rows. The target is a
# fifth of the limit: at 10M rows a batch sized for 80 ms still took 274 ms once (pages of the
# seven indexes not in the cache), 3.4x its estimate.
DELETE_BATCH_SIZE: Final = 100
DELETE_BATCH_MIN: Final = 20
DELETE_BATCH_MAX: Final = 20_000
PURGE_BATCH_TARGET_S: Final = 0.05

type Executor = Session | Connection


class FilterLike(Protocol):
    """What the planner reads of a filter: ``LogFilter`` or a ``TsRange``."""

    @property
    def start_ts(self) -> float | None: ...

    @property
    def end_ts(self) -> float | None: ...

    def equality_filters(self) -> dict[str, str]: ...


# The prefix of a row's ``snapshot`` when the image lives in a file (media/store.py REF_PREFIX;
# kept here so this module stays free of Home Assistant, and pinned equal by a test), and of a
# legacy in-row data URI.
MEDIA_REF_PREFIX: Final = "media:"
DATA_URI_PREFIX: Final = "data:"

_c = log_table.c

# Everything but the snapshot: list pages stay small however large the stored images are.
_ROW_COLUMNS: Final = (
    *(column for column in log_table.columns if column.name != "snapshot"),
    _c.snapshot.is_not(None).label("has_snapshot"),
)


# --- schema ---------------------------------------------------------------------------


def create_or_migrate(
    bind: Engine | Connection,
    *,
    target_version: int = SCHEMA_VERSION,
    migrations: Mapping[int, Migration] = MIGRATIONS,
) -> int:
    """Create the tables or migrate them to ``target_version``; return the version.

    Idempotent. A Connection already in a transaction (e.g. ``session.connection()``) is
    used as is and the caller commits; otherwise a transaction is opened and committed here.
    """
    if isinstance(bind, Engine):
        with bind.begin() as conn:
            return _create_or_migrate(conn, target_version, migrations)
    if bind.in_transaction():
        return _create_or_migrate(bind, target_version, migrations)
    with bind.begin():
        return _create_or_migrate(bind, target_version, migrations)


def _read_schema_version(conn: Connection) -> int | None:
    if not inspect(conn).has_table(SCHEMA_TABLE):
        return None
    version = conn.execute(
        select(schema_table.c.schema_version).where(schema_table.c.id == SCHEMA_ROW_ID)
    ).scalar()
    return None if version is None else int(version)


def _create_or_migrate(
    conn: Connection, target_version: int, migrations: Mapping[int, Migration]
) -> int:
    current = _read_schema_version(conn)
    if current is None:
        # A fresh database (or one interrupted between creating the tables and writing the
        # version row, which is why create_all keeps checkfirst on).
        metadata.create_all(conn, checkfirst=True)
        conn.execute(insert(schema_table).values(id=SCHEMA_ROW_ID, schema_version=target_version))
        return target_version
    if current > target_version:
        raise SchemaTooNewError(current, target_version)
    for version in range(current + 1, target_version + 1):
        step = migrations.get(version)
        if step is None:
            raise RuntimeError(f"No Access Log migration to schema version {version}")
        step(conn)
        conn.execute(
            update(schema_table)
            .where(schema_table.c.id == SCHEMA_ROW_ID)
            .values(schema_version=version)
        )
    return target_version


def schema_version(session: Executor) -> int | None:
    """The version recorded in the database, None before the first setup."""
    conn = session.connection() if isinstance(session, Session) else session
    return _read_schema_version(conn)


# --- writes ---------------------------------------------------------------------------


def insert_entry(session: Executor, entry: NewLogEntry) -> int:
    """Insert one row and return its id (visible to others once the caller commits)."""
    values = entry.column_values()
    result = session.execute(insert(log_table).values(values))
    log_id = int(result.inserted_primary_key[0])
    rollup.add_row(session, values, log_id)
    return log_id


def update_entry(
    session: Executor, log_id: int, **fields: Unpack[LogUpdate]
) -> dict[str, Any] | None:
    """Change the post-decision fields of a row; return the updated row, None if absent."""
    values = update_values(fields)
    if values:
        session.execute(update(log_table).where(_c.id == log_id).values(values))
    return get_entry(session, log_id)


def delete_batch(session: Executor, cutoff_ts: float, batch_size: int) -> int:
    """Delete up to ``batch_size`` of the oldest-id rows with ``ts < cutoff_ts``.

    A range bounded by the batch's highest id rather than ``id IN (...)``: no bind-variable
    limit to respect and the same statement works on every backend (MySQL refuses LIMIT
    inside an IN subquery).

    On SQLite both statements walk the primary key from the oldest id (the ts index is
    switched off with the unary ``+``): left to itself SQLite reads every ts index entry
    below the cutoff (and sorts them) for each batch, so a batch of a large purge cost as
    much as the whole remaining range. The last, partial batch (no boundary) uses the ts
    index, which then holds fewer than ``batch_size`` entries below the cutoff.
    """
    ts = _no_index(_c.ts) if _dialect_name(session) == "sqlite" else _c.ts
    # Fewer than a batch left (the purge's last batch)? Asked of the ts index, at most
    # batch_size entries: the primary-key walk below would otherwise read every younger row
    # to the end of the table looking for a boundary that is not there (655 ms at 10M rows).
    below = select(_c.id).where(_c.ts < cutoff_ts).limit(batch_size).subquery()
    left = session.execute(select(func.count()).select_from(below)).scalar() or 0
    boundary = (
        None
        if left < batch_size
        else session.execute(
            select(_c.id).where(ts < cutoff_ts).order_by(_c.id).offset(batch_size - 1).limit(1)
        ).scalar()
    )
    if boundary is None:
        stmt = delete(log_table).where(_c.ts < cutoff_ts)
    else:
        stmt = delete(log_table).where(_c.id <= boundary, ts < cutoff_ts)
    rollup.forget(session, stmt.whereclause)  # type: ignore[arg-type]
    result = session.execute(stmt)
    if boundary is None:
        # the purge's last batch: no row below the cutoff is left
        rollup.forget_last_before(session, cutoff_ts)
    return int(result.rowcount)


def defer_wal_checkpoint(session: Session) -> None:
    """On SQLite, keep this transaction's commit from running a WAL checkpoint itself.

    SQLite checkpoints inside the call that commits once the WAL passes its autocheckpoint
    size, which after a purge batch means copying every page the batch touched into the
    database file and syncing it: up to a second at 10M rows, all of it spent inside our
    write (and so in front of the next access event). The setting is per connection and
    restored as soon as the transaction ends; the caller runs ``wal_checkpoint`` afterwards,
    outside the write. A no-op elsewhere.
    """
    if _dialect_name(session) != "sqlite":
        return
    connection = session.connection()
    previous = int(connection.exec_driver_sql("PRAGMA wal_autocheckpoint").scalar() or 0)
    connection.exec_driver_sql("PRAGMA wal_autocheckpoint=0")
    driver = connection.connection.driver_connection
    restored = False

    def restore(_session: Session) -> None:
        nonlocal restored
        if not restored and driver is not None:
            restored = True
            # a connection broken meanwhile is discarded by the pool, its setting with it
            with contextlib.suppress(sqlite3.Error):
                driver.execute(f"PRAGMA wal_autocheckpoint={previous}")

    event.listen(session, "after_commit", restore, once=True)
    event.listen(session, "after_rollback", restore, once=True)


def wal_checkpoint(session: Session) -> tuple[int, int] | None:
    """SQLite: copy the WAL into the database file without waiting for anyone.

    PASSIVE takes no write lock: writers (the recorder, the next access event) go on while it
    runs. Returns (WAL pages, pages checkpointed), or None elsewhere or when it could not run.
    """
    if _dialect_name(session) != "sqlite":
        return None
    try:
        row = session.connection().exec_driver_sql("PRAGMA wal_checkpoint(PASSIVE)").one_or_none()
    except OperationalError:
        # another checkpoint or a backup holds the file: SQLite's own autocheckpoint catches up
        return None
    if row is None or row[0]:
        return None
    return int(row[1]), int(row[2])


def next_batch_size(size: int, elapsed_s: float, target_s: float = PURGE_BATCH_TARGET_S) -> int:
    """The purge batch after one of ``size`` rows that took ``elapsed_s`` (commit included).

    Proportional to the measured rate, at most doubling, within DELETE_BATCH_MIN..MAX.
    """
    scaled = size * target_s / max(elapsed_s, 1e-4)
    return max(DELETE_BATCH_MIN, min(DELETE_BATCH_MAX, 2 * size, int(scaled)))


def delete_older_than(
    session_factory: Callable[[], AbstractContextManager[Session]],
    cutoff: datetime,
    batch_size: int | None = None,
) -> int:
    """Delete every row strictly older than ``cutoff``; return how many went.

    ``session_factory`` yields a session and commits it on exit (``sessionmaker.begin``, or
    HA's ``session_scope``); each batch is its own transaction. Batches are time-boxed
    (``next_batch_size``) unless ``batch_size`` fixes them. Exact either way: a batch deletes
    the oldest ``size`` rows below the cutoff, and the purge ends at the first batch that
    finds fewer.
    """
    if cutoff.utcoffset() is None:
        raise ValueError("cutoff must be a timezone-aware datetime")
    if batch_size is not None and batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    cutoff_ts = cutoff.timestamp()
    size = batch_size or DELETE_BATCH_SIZE
    total = 0
    while True:
        started = time.perf_counter()
        with session_factory() as session:
            deleted = delete_batch(session, cutoff_ts, size)
        total += deleted
        if deleted < size:
            return total
        if batch_size is None:
            size = next_batch_size(size, time.perf_counter() - started)


# --- media housekeeping -----------------------------------------------------------------
#
# Event media live in files (media/store.py); the row keeps ``media:...``. These queries serve the
# nightly sweep and the migration of legacy in-row data URIs. Each takes a bounded list of ids or
# an id window, so every statement is a short primary-key lookup or range, whatever the table size.


def media_refs(session: Executor, ids: Collection[int]) -> dict[int, str | None]:
    """For each of ``ids`` that exists: the media reference its snapshot holds, else None.

    Rows missing from the result are gone (purged). Only ``media:`` values are returned: a
    legacy in-row data URI can be megabytes and is never read here.
    """
    if not ids:
        return {}
    ref = case((_c.snapshot.startswith(MEDIA_REF_PREFIX), _c.snapshot), else_=None)
    rows = session.execute(select(_c.id, ref).where(_c.id.in_(list(ids))))
    return {int(row[0]): None if row[1] is None else str(row[1]) for row in rows}


def clear_media_snapshots(session: Executor, ids: Collection[int]) -> int:
    """Set ``snapshot`` to NULL on those of ``ids`` that hold a media reference; return the count.

    Rows holding an https URL or a data URI are left alone: only our own files expire.
    """
    if not ids:
        return 0
    result = session.execute(
        update(log_table)
        .where(_c.id.in_(list(ids)), _c.snapshot.startswith(MEDIA_REF_PREFIX))
        .values(snapshot=None)
    )
    return int(result.rowcount)


def inline_snapshot_rows(
    session: Executor, after_id: int, up_to_id: int
) -> list[tuple[int, float]]:
    """(id, ts) of the rows in ``after_id < id <= up_to_id`` whose snapshot is an in-row data URI.

    A primary-key range: the caller walks the table in windows, so no statement scans it whole.
    The payloads are not read here (they can be megabytes each): ``get_snapshot`` fetches one.
    """
    stmt = (
        select(_c.id, _c.ts)
        .where(_c.id > after_id, _c.id <= up_to_id, _c.snapshot.startswith(DATA_URI_PREFIX))
        .order_by(_c.id)
    )
    return [(int(row[0]), float(row[1])) for row in session.execute(stmt)]


def replace_inline_snapshots(session: Executor, refs: Mapping[int, str]) -> set[int]:
    """Point rows that still hold a data URI at their migrated file; return the ids changed.

    A row purged or changed meanwhile is not touched (and not returned): the caller then
    deletes the file it wrote for it.
    """
    changed: set[int] = set()
    for log_id, ref in refs.items():
        result = session.execute(
            update(log_table)
            .where(_c.id == log_id, _c.snapshot.startswith(DATA_URI_PREFIX))
            .values(snapshot=ref)
        )
        if result.rowcount:
            changed.add(log_id)
    return changed


# --- reads ----------------------------------------------------------------------------


def _filter_clauses(filt: FilterLike) -> list[ColumnElement[bool]]:
    clauses: list[ColumnElement[bool]] = [
        _c[key] == value for key, value in filt.equality_filters().items()
    ]
    if filt.start_ts is not None:
        clauses.append(_c.ts >= filt.start_ts)
    if filt.end_ts is not None:
        clauses.append(_c.ts < filt.end_ts)
    return clauses


def get_entry(session: Executor, log_id: int) -> dict[str, Any] | None:
    """One row in contract form, None if absent."""
    row = session.execute(select(*_ROW_COLUMNS).where(_c.id == log_id)).mappings().first()
    return None if row is None else row_to_dict(row)


def rows_with_match_status(
    session: Executor, status: str, since: datetime, max_id: int, limit: int
) -> list[dict[str, Any]]:
    """Rows at or after ``since`` (the ts index) up to ``max_id`` whose face match is ``status``."""
    found = session.execute(
        select(*_ROW_COLUMNS)
        .where(_c.ts >= since.timestamp(), _c.id <= max_id, _c.match_status == status)
        .order_by(_c.id)
        .limit(limit)
    ).mappings()
    return [row_to_dict(row) for row in found]


def get_snapshot(session: Executor, log_id: int) -> str | None:
    """The stored snapshot (data URI or https URL) of a row, None if none or no row."""
    value = session.execute(select(_c.snapshot).where(_c.id == log_id)).scalar()
    return None if value is None else str(value)


# --- query planning (SQLite) ------------------------------------------------------------
#
# Every filter index is (column, id), so "WHERE column = ? AND id < ? ORDER BY id DESC LIMIT n"
# walks one index backwards and stops after n matches. Two things make that walk long, and
# SQLite's planner (no statistics on this table) can see neither:
# - a date range: the walk does not know that ids grow with time, so once fewer than n rows
#   match inside the range it reads every older row of the index to the end;
# - several equality filters: it picks one of their indexes blindly, e.g. a busy user's
#   (100k rows) instead of reason=duress (1k rows).
# So on SQLite a page query first turns the date range into the exact id range of its rows
# (an index-only scan of the ts index, done only while the range holds at most
# _RANGE_PROBE_ROWS rows; a wider range is dense enough that the walk stops early), and with
# several equality filters counts (capped, index-only) how many rows each one's index would
# visit in that id window and walks the smallest. The other filters' index use is switched off
# with SQLite's unary "+" so the plan cannot change under us. The id bounds only narrow the
# walk; the ts conditions stay in the WHERE, so the result is the same whatever the data.
# PostgreSQL and MySQL keep statistics (and bitmap-AND indexes) and choose among the equality
# indexes well, but they cannot know either that ids grow with time: for a range with an end (a
# past week) PostgreSQL walked the primary key back from the newest row through every younger
# row (134 ms at 1M rows). So they get the same exact id window (their ts index answers it
# index-only too) and otherwise the plain query.

# With equality filters or an end date a bounded window saves a long walk: probe up to this
# many rows of the range (an index-only scan, ~1 ms per 10k rows on SQLite).
_RANGE_PROBE_ROWS: Final = 100_000
# SQLite: a week at 10M rows (two years of a busy site) holds 96k-110k rows; past the probe the
# walk of a rare user's index read that user's whole history (1.4 s for "user + denied + 7 days").
# Index-only, so the largest probe costs ~15 ms.
_RANGE_PROBE_ROWS_SQLITE: Final = 150_000
# A start date alone: the newest-first walk of the table finds a page at once whenever the
# range holds more than a page; the probe only helps a small range, so keep it cheap.
_RANGE_PROBE_ROWS_PLAIN: Final = 2_000
# How far each equality index is counted when choosing which to walk.
_CHOICE_COUNT_CAP: Final = 20_000


def _dialect_name(session: Executor) -> str:
    bind = session.get_bind() if isinstance(session, Session) else session
    return bind.dialect.name


def _no_index(column: ColumnElement[Any]) -> ColumnElement[Any]:
    """SQLite's documented idiom: ``+column`` is the same value but cannot use an index."""
    return UnaryExpression(column, operator=operators.custom_op("+"))


def _id_window(
    session: Executor, filt: FilterLike, before_id: int | None, probe_rows: int
) -> tuple[int, int] | None | bool:
    """The exact (min id, max id) of the rows in the date range, if it is small enough.

    None when the range holds no row (the page is empty); False when it holds more than
    ``probe_rows`` rows (then no bound is derived).

    From schema v4 on the hours table answers at once, at any size (a superset of the rows'
    ids, which the ts conditions then narrow); the probe remains for a log the background
    backfill has not finished.
    """
    bounds = rollup.id_window(session, filt.start_ts, filt.end_ts)
    if bounds is not None:
        low_id, high_id = bounds
        if low_id > high_id or (before_id is not None and low_id >= before_id):
            return None
        return bounds
    clauses: list[ColumnElement[bool]] = []
    if filt.start_ts is not None:
        clauses.append(_c.ts >= filt.start_ts)
    if filt.end_ts is not None:
        clauses.append(_c.ts < filt.end_ts)
    # Only the ts index serves this (index-only: it holds the rowid).
    inner = select(_c.id.label("id")).where(*clauses).limit(probe_rows + 1).subquery()
    count, low, high = session.execute(
        select(func.count(), func.min(inner.c.id), func.max(inner.c.id))
    ).one()
    if count > probe_rows:
        return False
    if not count or (before_id is not None and low >= before_id):
        return None
    return int(low), int(high)


def _sqlite_clauses(
    session: Executor, filt: FilterLike, before_id: int | None
) -> list[ColumnElement[bool]] | None:
    """WHERE clauses that steer SQLite to the cheapest walk (see above); None: no rows."""
    equality = filt.equality_filters()
    clauses: list[ColumnElement[bool]] = []
    window: tuple[int, int] | None | bool = False
    if filt.start_ts is not None or filt.end_ts is not None:
        wide = bool(equality) or filt.end_ts is not None
        window = _id_window(
            session, filt, before_id, _RANGE_PROBE_ROWS_SQLITE if wide else _RANGE_PROBE_ROWS_PLAIN
        )
        if window is None:
            return None
    id_clauses: list[ColumnElement[bool]] = []
    if before_id is not None:
        id_clauses.append(_c.id < before_id)
    if isinstance(window, tuple):
        low, high = window
        id_clauses += [_c.id >= low, _c.id <= high]
    drive: str | None = None
    if len(equality) > 1:
        counts = {}
        for key, value in equality.items():
            inner = (
                select(_c.id).where(_c[key] == value, *id_clauses).limit(_CHOICE_COUNT_CAP)
            ).subquery()
            counts[key] = session.execute(select(func.count()).select_from(inner)).scalar() or 0
            if not counts[key]:
                return None
        drive = min(counts, key=lambda key: counts[key])
    elif equality:
        drive = next(iter(equality))
    for key, value in equality.items():
        column = _c[key] if key == drive or drive is None else _no_index(_c[key])
        clauses.append(column == value)
    # The ts conditions stay (exactness); unindexed so the window or the filter index drives.
    ts = _no_index(_c.ts) if (window or drive is not None) else _c.ts
    if filt.start_ts is not None:
        clauses.append(ts >= filt.start_ts)
    if filt.end_ts is not None:
        clauses.append(ts < filt.end_ts)
    return clauses + id_clauses


def _page_clauses(
    session: Executor, filt: FilterLike, before_id: int | None
) -> list[ColumnElement[bool]] | None:
    """The WHERE clauses of a newest-first page; None when the page is known to be empty."""
    if _dialect_name(session) == "sqlite":
        return _sqlite_clauses(session, filt, before_id)
    clauses = _filter_clauses(filt)
    if before_id is not None:
        clauses.append(_c.id < before_id)
    if filt.start_ts is not None or filt.end_ts is not None:
        # A range with an end needs the window whatever its size; so do equality filters with a
        # start on MariaDB/MySQL, which otherwise walked a rare user's whole (user_id, id) index
        # (p99 1.1 s at 1M rows for "user + denied + 7 days"). PostgreSQL combines its indexes
        # well there (bitmap AND), and a large probe (it reads the heap until a vacuum) cost it
        # more than it saved. A start alone only gains when the range is small (else it is dense
        # and the newest-first walk of the primary key fills a page at once).
        wide = filt.end_ts is not None or (
            bool(filt.equality_filters()) and _dialect_name(session) != "postgresql"
        )
        window = _id_window(
            session, filt, before_id, _RANGE_PROBE_ROWS if wide else _RANGE_PROBE_ROWS_PLAIN
        )
        if window is None:
            return None
        if isinstance(window, tuple):
            clauses += [_c.id >= window[0], _c.id <= window[1]]
    return clauses


@dataclass(frozen=True, slots=True)
class TsRange:
    """Equality filters over ``start_ts <= ts < end_ts`` in epoch seconds (no datetime round trip)."""

    fields: Mapping[str, str]
    start_ts: float | None
    end_ts: float | None

    def equality_filters(self) -> dict[str, str]:
        return dict(self.fields)


def range_clauses(
    session: Executor, fields: Mapping[str, str], start_ts: float | None, end_ts: float | None
) -> list[ColumnElement[bool]] | None:
    """The planned WHERE clauses for these filters over a range (None: no row can match).

    The page planner's choice (id window, driving index) for aggregate queries: stats.py.
    """
    return _page_clauses(session, TsRange(fields, start_ts, end_ts), None)


def page_statement(
    session: Executor, filt: LogFilter, limit: int, before_id: int | None = None
) -> Select[Any] | None:
    """The SELECT of a newest-first page of ``limit`` rows, as ``list_entries`` runs it.

    None when the page is known to be empty. Public so tests can EXPLAIN the plan chosen.
    """
    clauses = _page_clauses(session, filt, before_id)
    if clauses is None:
        return None
    stmt = select(*_ROW_COLUMNS).order_by(_c.id.desc()).limit(limit)
    return stmt.where(*clauses) if clauses else stmt


def list_entries(
    session: Executor,
    filt: LogFilter,
    limit: int | None = DEFAULT_LIMIT,
    before_id: int | None = None,
) -> tuple[list[dict[str, Any]], int | None]:
    """A page of rows, newest id first, and the ``before_id`` of the next page.

    Keyset paging (``id < before_id``) instead of OFFSET: each page costs the same however
    deep, and rows written while paging cannot shift the pages (they have higher ids).
    One extra row is fetched to know whether another page exists without a COUNT.
    """
    size = clamp_limit(limit)
    stmt = page_statement(session, filt, size + 1, before_id)
    if stmt is None:
        return [], None
    fetched = session.execute(stmt).mappings().all()
    rows = [row_to_dict(row) for row in fetched[:size]]
    next_before_id = rows[-1]["id"] if len(fetched) > size else None
    return rows, next_before_id


# The columns an export reads, in this order (no snapshot, no row dicts: plain tuples).
EXPORT_COLUMNS: Final = tuple(
    # the row's fields as stored: the raw ts for the timestamp, no has_snapshot
    "ts" if name == "timestamp" else name
    for name in ROW_FIELDS
    if name != "has_snapshot"
)


def export_page(
    session: Executor, filt: LogFilter, limit: int, before_id: int | None = None
) -> tuple[list[tuple[Any, ...]], int | None]:
    """Up to ``limit`` rows as tuples (Row objects, EXPORT_COLUMNS order), newest first, and the next
    ``before_id`` (None after the last page). The same rows, order and paging as
    ``list_entries``, without building row dicts: the CSV export's bulk read.
    """
    if limit < 1:
        raise ValueError("limit must be at least 1")
    clauses = _page_clauses(session, filt, before_id)
    if clauses is None:
        return [], None
    stmt = select(*(_c[name] for name in EXPORT_COLUMNS)).order_by(_c.id.desc()).limit(limit + 1)
    if clauses:
        stmt = stmt.where(*clauses)
    # all() fetches the page in one driver call; iterating the result fetched row by row
    fetched = list(session.execute(stmt).tuples().all())
    if len(fetched) > limit:
        del fetched[limit:]
        return fetched, int(fetched[-1][0])
    return fetched, None


def count_entries(session: Executor, filt: LogFilter) -> int:
    """Number of rows matching a filter (the delete dialog and the dashboard card need it)."""
    count = session.execute(
        select(func.count()).select_from(log_table).where(*_filter_clauses(filt))
    ).scalar()
    return int(count or 0)


def count_since(session: Executor, since: datetime) -> int:
    """Number of rows with ``ts >= since``."""
    if since.utcoffset() is None:
        raise ValueError("since must be a timezone-aware datetime")
    count = session.execute(
        select(func.count()).select_from(log_table).where(_c.ts >= since.timestamp())
    ).scalar()
    return int(count or 0)


def last_id(session: Executor) -> int | None:
    """The newest row id, None when the log is empty."""
    value = session.execute(select(func.max(_c.id))).scalar()
    return None if value is None else int(value)


def _latest_names(session: Executor, key: str, name: str) -> list[tuple[str, str | None]]:
    """Each distinct non-null ``key`` with the ``name`` on its newest row.

    Built from the rows, not the config, so people and readers removed from the config
    stay selectable for as long as their rows exist. The (key, id) index serves the
    GROUP BY MAX(id).
    """
    key_col = _c[key]
    newest = (
        select(key_col.label("key"), func.max(_c.id).label("max_id"))
        .where(key_col.is_not(None))
        .group_by(key_col)
        .subquery()
    )
    stmt = select(newest.c.key, _c[name]).join_from(newest, log_table, _c.id == newest.c.max_id)
    pairs = [(str(row[0]), row[1]) for row in session.execute(stmt)]
    pairs.sort(key=lambda pair: ((pair[1] or pair[0]).casefold(), pair[0]))
    return pairs


def distinct_users(session: Executor) -> list[tuple[str, str | None]]:
    """(user_id, latest recorded user_name) for every user seen in the log."""
    return _latest_names(session, "user_id", "user_name")


def distinct_devices(session: Executor) -> list[tuple[str, str | None]]:
    """(device_id, latest recorded device_name) for every reader seen in the log."""
    return _latest_names(session, "device_id", "device_name")


def distinct_doors(session: Executor) -> list[tuple[str, str | None]]:
    """(door_id, latest recorded door_name) for every door seen in the log."""
    return _latest_names(session, "door_id", "door_name")
