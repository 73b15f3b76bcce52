"""Schema v1 -> v2 (the audit columns) on a real recorder database holding v1 rows."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import sqlalchemy as sa
from homeassistant.components.recorder.core import Recorder
from homeassistant.core import HomeAssistant
from homeassistant.helpers.recorder import get_instance, session_scope
from sqlalchemy.dialects import mysql, postgresql, sqlite
from sqlalchemy.engine import Dialect

from custom_components.gem_access.logstore import queries
from custom_components.gem_access.logstore.rows import LogFilter, NewLogEntry
from custom_components.gem_access.logstore.schema import (
    MIGRATIONS,
    SCHEMA_VERSION,
    add_column_sql,
)
from custom_components.gem_access.logstore.store import LogStore

T0 = datetime(2026, 11, 26, 14, 0, 0, 123456, tzinfo=UTC)
HA_USER = "0123456789abcdef0123456789abcdef"
CONTEXT = "01JQ8Z6XKQ3V9TQ8N1B2C3D4E5"

# --- the v1 tables exactly as the v1 code created them (schema.py at schema version 1) ---
_v1 = sa.MetaData()
_V1_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
_V1_LONG_TEXT = sa.Text().with_variant(mysql.LONGTEXT, "mysql", "mariadb")
_MYSQL = {
    "mysql_engine": "InnoDB",
    "mysql_default_charset": "utf8mb4",
    "mysql_collate": "utf8mb4_unicode_ci",
}
V1_LOG = sa.Table(
    "gem_access_log",
    _v1,
    sa.Column("id", _V1_ID, primary_key=True, autoincrement=True),
    sa.Column("ts", sa.Double(), nullable=False),
    sa.Column("user_id", sa.String(64)),
    sa.Column("user_name", sa.String(255)),
    sa.Column("device_id", sa.String(64)),
    sa.Column("device_name", sa.String(255)),
    sa.Column("door_id", sa.String(64)),
    sa.Column("door_name", sa.String(255)),
    sa.Column("access_type", sa.String(8)),
    sa.Column("result", sa.String(16), nullable=False),
    sa.Column("reason", sa.String(32), nullable=False),
    sa.Column("action_details", _V1_LONG_TEXT),
    sa.Column("match_score", sa.SmallInteger()),
    sa.Column("match_status", sa.String(16), nullable=False, default="off", server_default="off"),
    sa.Column("snapshot", _V1_LONG_TEXT),
    sa.Index("ix_gem_access_log_user_id_id", "user_id", "id"),
    sa.Index("ix_gem_access_log_device_id_id", "device_id", "id"),
    sa.Index("ix_gem_access_log_door_id_id", "door_id", "id"),
    sa.Index("ix_gem_access_log_result_id", "result", "id"),
    sa.Index("ix_gem_access_log_reason_id", "reason", "id"),
    sa.Index("ix_gem_access_log_access_type_id", "access_type", "id"),
    sa.Index("ix_gem_access_log_ts", "ts"),
    sqlite_autoincrement=True,
    **_MYSQL,
)
V1_SCHEMA = sa.Table(
    "gem_access_schema",
    _v1,
    sa.Column("id", sa.SmallInteger(), primary_key=True, autoincrement=False),
    sa.Column("schema_version", sa.Integer(), nullable=False),
    **_MYSQL,
)


def _v1_row(i: int, **fields: Any) -> dict[str, Any]:
    return {
        "ts": (T0 + timedelta(minutes=i)).timestamp(),
        "user_id": "u1",
        "user_name": "Alice",
        "device_id": "d1",
        "device_name": "Front keypad",
        "door_id": "door1",
        "door_name": "Front door",
        "access_type": "pin",
        "result": "granted",
        "reason": "success",
        "action_details": f"row {i}",
        "match_score": None,
        "match_status": "off",
        "snapshot": None,
        **fields,
    }


async def _run(hass: HomeAssistant, job: Any) -> Any:
    def run() -> Any:
        with session_scope(session=get_instance(hass).get_session()) as session:
            return job(session.connection())

    return await get_instance(hass).async_add_executor_job(run)


def _create_v1(conn: sa.Connection) -> None:
    """What the v1 code's first setup did, then some access events and a purge."""
    _v1.create_all(conn)
    conn.execute(sa.insert(V1_SCHEMA).values(id=1, schema_version=1))
    rows = [_v1_row(i) for i in range(5)]
    rows[1].update(result="denied", reason="unknown_credential", user_id=None, user_name=None)
    rows[2].update(snapshot="data:image/jpeg;base64,AAAA", match_score=87, match_status="scored")
    conn.execute(sa.insert(V1_LOG), rows)
    # the newest id goes: v2 must still never hand it out again (SQLite AUTOINCREMENT kept)
    conn.execute(sa.delete(V1_LOG).where(V1_LOG.c.id == 5))


async def test_upgrade_from_v1_keeps_rows_and_records_the_audit_trail(
    hass: HomeAssistant, recorder_mock: Recorder
) -> None:
    await _run(hass, _create_v1)
    before = await _run(
        hass, lambda conn: conn.execute(sa.select(V1_LOG).order_by(V1_LOG.c.id)).mappings().all()
    )
    assert [row["id"] for row in before] == [1, 2, 3, 4]

    store = LogStore(hass)
    await store.async_setup()
    # v1 -> v2 -> v3 -> v4 -> v5 in one setup
    assert store.schema_version == SCHEMA_VERSION == 5
    assert await _run(hass, queries.schema_version) == 5
    columns = await _run(
        hass, lambda conn: {c["name"] for c in sa.inspect(conn).get_columns("gem_access_log")}
    )
    assert {"ha_user_id", "context_id"} <= columns

    # every v1 row is still there, unchanged, with no audit trail (nobody recorded it then)
    rows, next_before_id = await store.async_list(LogFilter(), 100)
    assert next_before_id is None
    assert [row["id"] for row in rows] == [4, 3, 2, 1]
    for row, old in zip(rows, reversed(before), strict=True):
        assert row["action_details"] == old["action_details"]
        assert row["timestamp"] == datetime.fromtimestamp(old["ts"], UTC).isoformat(
            timespec="microseconds"
        )
        assert (row["user_name"], row["result"], row["reason"]) == (
            old["user_name"],
            old["result"],
            old["reason"],
        )
        assert row["ha_user_id"] is None and row["context_id"] is None
    scored = await store.async_get(3)
    assert scored is not None
    assert (scored["match_score"], scored["match_status"], scored["has_snapshot"]) == (
        87,
        "scored",
        True,
    )
    assert await store.async_get_snapshot(3) == "data:image/jpeg;base64,AAAA"
    # filters still use their indexes' columns
    denied, _ = await store.async_list(LogFilter(result="denied"), 100)
    assert [row["id"] for row in denied] == [2]

    # new rows carry who asked; ids continue after the deleted v1 id
    new = await store.async_insert(
        NewLogEntry(
            timestamp=T0 + timedelta(hours=1),
            result="granted",
            reason="success",
            door_id="door1",
            door_name="Front door",
            action_details="remote unlock from Home Assistant",
            ha_user_id=HA_USER,
            context_id=CONTEXT,
        )
    )
    assert new["id"] > 5
    assert (new["ha_user_id"], new["context_id"]) == (HA_USER, CONTEXT)
    assert await store.async_get(new["id"]) == new
    rows, _ = await store.async_list(LogFilter(), 1)
    assert rows == [new]
    # a reader's row has no HA user
    reader = await store.async_insert(NewLogEntry(timestamp=T0, result="denied", reason="cooldown"))
    assert (reader["ha_user_id"], reader["context_id"]) == (None, None)

    # a second setup (restart) migrates nothing and loses nothing
    again = LogStore(hass)
    await again.async_setup()
    assert await again.async_last_id() == reader["id"]
    assert await again.async_count(LogFilter()) == 6


async def test_migration_step_is_idempotent(hass: HomeAssistant, recorder_mock: Recorder) -> None:
    """MySQL commits DDL at once: a crash before the version bump must not break the retry."""
    await _run(hass, _create_v1)
    await _run(hass, MIGRATIONS[2])  # the columns exist, the version still says 1
    assert await _run(hass, queries.schema_version) == 1
    store = LogStore(hass)
    await store.async_setup()
    assert store.schema_version == SCHEMA_VERSION
    assert await store.async_count(LogFilter()) == 4


@pytest.mark.parametrize(
    ("dialect", "expected"),
    [
        (sqlite.dialect(), "ALTER TABLE gem_access_log ADD COLUMN ha_user_id VARCHAR(64)"),
        (
            postgresql.dialect(),  # type: ignore[no-untyped-call]
            "ALTER TABLE gem_access_log ADD COLUMN ha_user_id VARCHAR(64)",
        ),
        (mysql.dialect(), "ALTER TABLE gem_access_log ADD COLUMN ha_user_id VARCHAR(64)"),
    ],
)
def test_add_column_ddl_per_dialect(dialect: Dialect, expected: str) -> None:
    """Plain ADD COLUMN of a nullable column on every backend: no table rewrite, no copy."""
    assert add_column_sql(dialect, "ha_user_id") == expected
    assert add_column_sql(dialect, "context_id") == expected.replace("ha_user_id", "context_id")
    with pytest.raises(ValueError, match="nullable"):
        add_column_sql(dialect, "match_status")
