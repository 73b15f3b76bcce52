"""SQL for the Access Log: SQLAlchemy Core only, no Home Assistant.

Functions taking a ``Session`` or ``Connection`` run inside the caller's transaction and
never commit; the caller decides the transaction's extent. ``delete_older_than`` is the
exception: it opens one short transaction per batch so a large purge never holds a long
write lock (SQLite has a single writer, shared with the recorder).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from contextlib import AbstractContextManager
from datetime import datetime
from typing import Any, Final, Unpack

from sqlalchemy import (
    ColumnElement,
    Connection,
    Engine,
    delete,
    func,
    insert,
    inspect,
    select,
    update,
)
from sqlalchemy.orm import Session

from .errors import SchemaTooNewError
from .rows import (
    DEFAULT_LIMIT,
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

DELETE_BATCH_SIZE: Final = 5000

type Executor = Session | Connection

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
    result = session.execute(insert(log_table).values(entry.column_values()))
    return int(result.inserted_primary_key[0])


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
    """
    boundary = session.execute(
        select(_c.id).where(_c.ts < cutoff_ts).order_by(_c.id).offset(batch_size - 1).limit(1)
    ).scalar()
    stmt = delete(log_table).where(_c.ts < cutoff_ts)
    if boundary is not None:
        stmt = stmt.where(_c.id <= boundary)
    result = session.execute(stmt)
    return int(result.rowcount)


def delete_older_than(
    session_factory: Callable[[], AbstractContextManager[Session]],
    cutoff: datetime,
    batch_size: int = DELETE_BATCH_SIZE,
) -> int:
    """Delete every row strictly older than ``cutoff``; return how many went.

    ``session_factory`` yields a session and commits it on exit (``sessionmaker.begin``, or
    HA's ``session_scope``); each batch is its own transaction.
    """
    if cutoff.utcoffset() is None:
        raise ValueError("cutoff must be a timezone-aware datetime")
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    cutoff_ts = cutoff.timestamp()
    total = 0
    while True:
        with session_factory() as session:
            deleted = delete_batch(session, cutoff_ts, batch_size)
        total += deleted
        if deleted < batch_size:
            return total


# --- reads ----------------------------------------------------------------------------


def _filter_clauses(filt: LogFilter) -> list[ColumnElement[bool]]:
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


def get_snapshot(session: Executor, log_id: int) -> str | None:
    """The stored snapshot (data URI or https URL) of a row, None if none or no row."""
    value = session.execute(select(_c.snapshot).where(_c.id == log_id)).scalar()
    return None if value is None else str(value)


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
    clauses = _filter_clauses(filt)
    if before_id is not None:
        clauses.append(_c.id < before_id)
    stmt = select(*_ROW_COLUMNS).order_by(_c.id.desc()).limit(size + 1)
    if clauses:
        stmt = stmt.where(*clauses)
    fetched = session.execute(stmt).mappings().all()
    rows = [row_to_dict(row) for row in fetched[:size]]
    next_before_id = rows[-1]["id"] if len(fetched) > size else None
    return rows, next_before_id


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
