"""The Access Log on a real recorder database (SQLite by default, PostgreSQL with --dburl)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
import sqlalchemy as sa
from homeassistant.components.recorder.core import Recorder
from homeassistant.core import HomeAssistant
from homeassistant.helpers.recorder import get_instance, session_scope
from sqlalchemy.orm import Session

from custom_components.gem_access.logstore import queries, rollup
from custom_components.gem_access.logstore.errors import LogStoreError, SchemaTooNewError
from custom_components.gem_access.logstore.rows import LogFilter, NewLogEntry
from custom_components.gem_access.logstore.schema import (
    SCHEMA_VERSION,
    log_table,
    schema_table,
)
from custom_components.gem_access.logstore.store import LogStore

T0 = datetime(2026, 11, 26, 14, 0, 0, 123456, tzinfo=UTC)
IST = timezone(timedelta(hours=5, minutes=30))
PST = timezone(timedelta(hours=-8))


def make_entry(ts: datetime = T0, **fields: Any) -> NewLogEntry:
    values: dict[str, Any] = {
        "result": "granted",
        "reason": "success",
        "access_type": "pin",
        "user_id": "u1",
        "user_name": "Alice",
        "device_id": "d1",
        "device_name": "Front keypad",
        "door_id": "door1",
        "door_name": "Front door",
    }
    values.update(fields)
    return NewLogEntry(timestamp=ts, **values)


async def run_db[T](hass: HomeAssistant, job: Callable[[Session], T]) -> T:
    """Run a job in its own committed session on the recorder's executor."""

    def _run() -> T:
        with session_scope(session=get_instance(hass).get_session()) as session:
            return job(session)

    return await get_instance(hass).async_add_executor_job(_run)


async def bulk_insert(hass: HomeAssistant, entries: list[NewLogEntry]) -> None:
    """Insert many rows in one statement (faster than the store for fixtures).

    The derived tables (rollup, last seen, hour id bounds) are then counted again from every
    row, as the background backfill would, so the store's reads find them in step.
    """

    def insert(session: Any) -> None:
        session.execute(sa.insert(log_table), [entry.column_values() for entry in entries])
        rollup.create_and_backfill(session.connection())

    await run_db(hass, insert)


async def ids(store: LogStore, filt: LogFilter | None = None) -> list[int]:
    rows, next_before_id = await store.async_list(filt, 1000)
    assert next_before_id is None
    return [row["id"] for row in rows]


# --- setup and schema ---------------------------------------------------------------


async def test_setup_creates_schema_and_is_idempotent(
    hass: HomeAssistant, log_store: LogStore
) -> None:
    assert log_store.schema_version == SCHEMA_VERSION
    row = await log_store.async_insert(make_entry())

    again = LogStore(hass)
    await again.async_setup()
    assert again.schema_version == SCHEMA_VERSION

    versions = await run_db(hass, lambda session: session.execute(sa.select(schema_table)).all())
    assert [(r.id, r.schema_version) for r in versions] == [(1, SCHEMA_VERSION)]
    assert await again.async_get(row["id"]) == row


async def test_migration_hook_and_too_new_schema(hass: HomeAssistant, log_store: LogStore) -> None:
    await log_store.async_insert(make_entry())
    steps: list[int] = []

    future = SCHEMA_VERSION + 1

    def to_future(conn: sa.Connection) -> None:
        steps.append(future)
        conn.execute(sa.text("ALTER TABLE gem_access_log ADD COLUMN extra INTEGER"))

    version = await run_db(
        hass,
        lambda session: queries.create_or_migrate(
            session.connection(), target_version=future, migrations={future: to_future}
        ),
    )
    assert version == future
    assert steps == [future]
    assert await run_db(hass, queries.schema_version) == future
    # Running it again migrates nothing.
    await run_db(
        hass,
        lambda session: queries.create_or_migrate(
            session.connection(), target_version=future, migrations={future: to_future}
        ),
    )
    assert steps == [future]

    # This code only knows SCHEMA_VERSION: refuse rather than write a newer layout.
    with pytest.raises(SchemaTooNewError):
        await LogStore(hass).async_setup()


async def test_setup_without_recorder(hass: HomeAssistant) -> None:
    with pytest.raises(LogStoreError):
        await LogStore(hass).async_setup()


async def test_use_before_setup(hass: HomeAssistant, recorder_mock: Recorder) -> None:
    store = LogStore(hass)
    with pytest.raises(LogStoreError):
        await store.async_list(LogFilter())
    with pytest.raises(LogStoreError):
        await store.async_insert(make_entry())


# --- insert -------------------------------------------------------------------------


@pytest.mark.parametrize("persistent_database", [True])
async def test_insert_is_committed_and_visible_elsewhere(
    hass: HomeAssistant, log_store: LogStore, recorder_db_url: str
) -> None:
    """On a file or server database a separate engine sees the row at once."""
    entry = make_entry(
        datetime(2026, 11, 26, 16, 0, 0, 123456, tzinfo=timezone(timedelta(hours=2))),
        snapshot="https://example.com/clip.mp4",
    )
    row = await log_store.async_insert(entry)
    assert row["timestamp"] == "2026-11-26T14:00:00.123456+00:00"
    assert row["has_snapshot"] is True

    def read_elsewhere() -> list[Any]:
        engine = sa.create_engine(recorder_db_url, poolclass=sa.pool.NullPool)
        try:
            with engine.connect() as conn:
                return list(conn.execute(sa.select(log_table)).mappings().all())
        finally:
            engine.dispose()

    found = await hass.async_add_executor_job(read_elsewhere)
    assert len(found) == 1
    assert found[0]["id"] == row["id"]
    assert found[0]["user_name"] == "Alice"
    assert found[0]["snapshot"] == "https://example.com/clip.mp4"
    # The row returned by insert is exactly what a later read returns.
    assert await log_store.async_get(row["id"]) == row


async def test_concurrent_inserts_get_ids_in_call_order(log_store: LogStore) -> None:
    rows = await asyncio.gather(
        *(log_store.async_insert(make_entry(T0 + timedelta(seconds=i))) for i in range(20))
    )
    got = [row["id"] for row in rows]
    assert got == sorted(got)
    assert len(set(got)) == 20
    assert await ids(log_store) == got[::-1]


async def test_ids_are_never_reused(log_store: LogStore) -> None:
    first = await log_store.async_insert(make_entry())
    second = await log_store.async_insert(make_entry())
    assert await log_store.async_last_id() == second["id"]
    assert await log_store.async_delete_old(0, T0 + timedelta(days=1)) == 2
    assert await log_store.async_last_id() is None
    third = await log_store.async_insert(make_entry())
    assert third["id"] > second["id"] > first["id"]


# --- list and filters ---------------------------------------------------------------


@pytest.fixture
async def filter_rows(log_store: LogStore) -> dict[str, int]:
    specs: list[tuple[str, dict[str, Any]]] = [
        ("alice_pin", {}),
        (
            "bob_denied",
            {
                "user_id": "u2",
                "user_name": "Bob",
                "device_id": "d2",
                "device_name": "Back reader",
                "door_id": "door2",
                "door_name": "Back door",
                "access_type": "rfid",
                "result": "denied",
                "reason": "not_authorized",
            },
        ),
        (
            "alice_duress",
            {"device_id": "d2", "door_id": "door2", "reason": "duress"},
        ),
        ("rex", {"user_id": None, "user_name": None, "access_type": "rex"}),
        (
            "forced",
            {
                "user_id": None,
                "user_name": None,
                "device_id": None,
                "device_name": None,
                "access_type": None,
                "result": "forced",
                "reason": "forced_door",
            },
        ),
        (
            "unknown",
            {
                "user_id": None,
                "user_name": None,
                "result": "denied",
                "reason": "unknown_credential",
            },
        ),
    ]
    out: dict[str, int] = {}
    for i, (name, fields) in enumerate(specs):
        row = await log_store.async_insert(make_entry(T0 + timedelta(minutes=i), **fields))
        out[name] = row["id"]
    return out


async def test_list_newest_first_without_snapshot(
    log_store: LogStore, filter_rows: dict[str, int]
) -> None:
    await log_store.async_update(filter_rows["rex"], snapshot="data:image/png;base64,AAAA")
    rows, next_before_id = await log_store.async_list(LogFilter())
    assert next_before_id is None
    assert [row["id"] for row in rows] == sorted(filter_rows.values(), reverse=True)
    assert all("snapshot" not in row for row in rows)
    assert [row["id"] for row in rows if row["has_snapshot"]] == [filter_rows["rex"]]
    assert rows[-1]["timestamp"] == "2026-11-26T14:00:00.123456+00:00"


@pytest.mark.parametrize(
    ("filt", "expected"),
    [
        (LogFilter(user_id="u1"), ["alice_pin", "alice_duress"]),
        (LogFilter(device_id="d2"), ["bob_denied", "alice_duress"]),
        (LogFilter(door_id="door1"), ["alice_pin", "rex", "forced", "unknown"]),
        (LogFilter(access_type="rex"), ["rex"]),
        (LogFilter(access_type="pin"), ["alice_pin", "alice_duress", "unknown"]),
        (LogFilter(result="granted"), ["alice_pin", "alice_duress", "rex"]),
        (LogFilter(result="denied"), ["bob_denied", "unknown"]),
        (LogFilter(result="forced"), ["forced"]),
        (LogFilter(reason="duress"), ["alice_duress"]),
        (LogFilter(user_id="u1", result="granted", reason="success"), ["alice_pin"]),
        (LogFilter(user_id="nobody"), []),
    ],
)
async def test_each_filter(
    log_store: LogStore,
    filter_rows: dict[str, int],
    filt: LogFilter,
    expected: list[str],
) -> None:
    want = sorted((filter_rows[name] for name in expected), reverse=True)
    assert await ids(log_store, filt) == want
    # The in-memory check used for live pushes agrees with the SQL.
    rows, _ = await log_store.async_list(LogFilter())
    assert [row["id"] for row in rows if filt.matches(row)] == want


async def test_date_range_in_other_offsets(log_store: LogStore) -> None:
    by_hour = {}
    for hour in range(6):
        row = await log_store.async_insert(make_entry(T0 + timedelta(hours=hour)))
        by_hour[hour] = row["id"]

    # 1 h after T0 written in +05:30, 4 h after T0 written in -08:00.
    start = (T0 + timedelta(hours=1)).astimezone(IST)
    end = (T0 + timedelta(hours=4)).astimezone(PST)
    assert start.utcoffset() == timedelta(hours=5, minutes=30)

    window = LogFilter(start=start, end=end)
    assert await ids(log_store, window) == [by_hour[3], by_hour[2], by_hour[1]]
    assert await ids(log_store, LogFilter(start=start)) == [by_hour[h] for h in (5, 4, 3, 2, 1)]
    assert await ids(log_store, LogFilter(end=end)) == [by_hour[h] for h in (3, 2, 1, 0)]
    just_after = LogFilter(start=start + timedelta(microseconds=1))
    assert by_hour[1] not in await ids(log_store, just_after)
    rows, _ = await log_store.async_list(LogFilter())
    assert [row["id"] for row in rows if window.matches(row)] == await ids(log_store, window)


# --- paging -------------------------------------------------------------------------


async def test_keyset_paging_with_inserts_between_pages(log_store: LogStore) -> None:
    original = [
        (await log_store.async_insert(make_entry(T0 + timedelta(seconds=i))))["id"]
        for i in range(25)
    ]
    seen: list[int] = []
    before_id: int | None = None
    pages = 0
    while True:
        rows, next_before_id = await log_store.async_list(LogFilter(), 10, before_id)
        pages += 1
        seen.extend(row["id"] for row in rows)
        # New rows arrive while the user scrolls.
        for _ in range(3):
            await log_store.async_insert(make_entry(T0 + timedelta(hours=1)))
        if next_before_id is None:
            break
        assert next_before_id == rows[-1]["id"]
        before_id = next_before_id
    assert pages == 3
    assert seen == sorted(original, reverse=True)
    assert len(seen) == len(set(seen))


async def test_paging_exact_multiple_and_filters(log_store: LogStore) -> None:
    await bulk_insert(
        log_store.hass,
        [
            make_entry(T0 + timedelta(seconds=i), result="denied" if i % 2 else "granted")
            for i in range(40)
        ],
    )
    # 20 denied rows, pages of 10: the second page is the last, with no phantom third.
    page1, next1 = await log_store.async_list(LogFilter(result="denied"), 10)
    page2, next2 = await log_store.async_list(LogFilter(result="denied"), 10, next1)
    assert next1 == page1[-1]["id"]
    assert next2 is None
    assert len(page1) == len(page2) == 10
    assert all(row["result"] == "denied" for row in page1 + page2)
    assert page1[-1]["id"] > page2[0]["id"]
    assert await log_store.async_list(LogFilter(), 10, 1) == ([], None)


async def test_limit_is_clamped(log_store: LogStore) -> None:
    await bulk_insert(log_store.hass, [make_entry(T0 + timedelta(seconds=i)) for i in range(1005)])
    rows, next_before_id = await log_store.async_list(LogFilter(), 5000)
    assert len(rows) == 1000
    assert next_before_id == rows[-1]["id"]
    for limit in (0, -5):
        rows, next_before_id = await log_store.async_list(LogFilter(), limit)
        assert len(rows) == 1
        assert next_before_id == rows[0]["id"]
    rows, _ = await log_store.async_list(LogFilter(), None)
    assert len(rows) == 100
    rows, _ = await log_store.async_list()
    assert len(rows) == 100


# --- update and snapshot ------------------------------------------------------------


async def test_update_and_snapshot(log_store: LogStore) -> None:
    row = await log_store.async_insert(make_entry(match_status="pending"))
    assert row["match_status"] == "pending"
    assert await log_store.async_get_snapshot(row["id"]) is None

    updated = await log_store.async_update(
        row["id"],
        match_score=87,
        match_status="scored",
        snapshot="data:image/jpeg;base64," + "A" * 200_000,
    )
    assert updated is not None
    assert updated["match_score"] == 87
    assert updated["match_status"] == "scored"
    assert updated["has_snapshot"] is True
    assert updated["timestamp"] == row["timestamp"]
    assert await log_store.async_get(row["id"]) == updated
    snapshot = await log_store.async_get_snapshot(row["id"])
    assert snapshot is not None
    assert len(snapshot) == len("data:image/jpeg;base64,") + 200_000

    cleared = await log_store.async_update(row["id"], snapshot=None, action_details="x")
    assert cleared is not None
    assert cleared["has_snapshot"] is False
    assert cleared["action_details"] == "x"
    assert cleared["match_score"] == 87

    assert await log_store.async_update(row["id"] + 100, match_score=1) is None
    assert await log_store.async_get(row["id"] + 100) is None
    assert await log_store.async_get_snapshot(row["id"] + 100) is None
    with pytest.raises(ValueError, match="match_score"):
        await log_store.async_update(row["id"], match_score=101)
    with pytest.raises(ValueError, match="cannot be updated"):
        await log_store.async_update(row["id"], result="denied")  # type: ignore[call-arg]
    assert await log_store.async_get(row["id"]) == cleared


# --- delete -------------------------------------------------------------------------


async def test_delete_old_is_strictly_older(log_store: LogStore) -> None:
    now = T0 + timedelta(days=10)
    offsets = {
        "3d": timedelta(days=3),
        "2d+1us": timedelta(days=2, microseconds=1),
        "2d": timedelta(days=2),
        "1d": timedelta(days=1),
        "1s": timedelta(seconds=1),
        "now": timedelta(0),
    }
    rows = {
        name: (await log_store.async_insert(make_entry(now - offset)))["id"]
        for name, offset in offsets.items()
    }
    # A cutoff given in another offset is the same instant.
    assert await log_store.async_delete_old(2, now.astimezone(IST)) == 2
    assert await ids(log_store) == [rows[n] for n in ("now", "1s", "1d", "2d")]
    assert await log_store.async_delete_old(2, now) == 0
    # keep_days 0 deletes everything before now, not the row written at now.
    assert await log_store.async_delete_old(0, now) == 3
    assert await ids(log_store) == [rows["now"]]
    with pytest.raises(ValueError, match="keep_days"):
        await log_store.async_delete_old(-1, now)


async def test_delete_old_in_batches(hass: HomeAssistant, log_store: LogStore) -> None:
    now = T0 + timedelta(days=30)
    old = [make_entry(T0 + timedelta(minutes=i)) for i in range(23)]
    recent = [make_entry(now - timedelta(hours=i)) for i in range(4)]
    await bulk_insert(hass, old + recent)

    assert await log_store.async_delete_old(7, now, batch_size=5) == 23
    assert len(await ids(log_store)) == 4
    assert await log_store.async_delete_old(7, now, batch_size=5) == 0


async def test_delete_older_than_commits_each_batch(
    hass: HomeAssistant, log_store: LogStore
) -> None:
    await bulk_insert(hass, [make_entry(T0 + timedelta(minutes=i)) for i in range(23)])
    await bulk_insert(hass, [make_entry(T0 + timedelta(days=5))])
    batches: list[int] = []

    def factory() -> AbstractContextManager[Session]:
        batches.append(len(batches) + 1)
        return session_scope(session=get_instance(hass).get_session())

    deleted = await get_instance(hass).async_add_executor_job(
        lambda: queries.delete_older_than(factory, T0 + timedelta(days=1), batch_size=5)
    )
    assert deleted == 23
    assert len(batches) == 5  # 5 + 5 + 5 + 5 + 3
    assert len(await ids(log_store)) == 1


# --- counts and filter choices ------------------------------------------------------


async def test_count_since_and_last_id(log_store: LogStore) -> None:
    assert await log_store.async_last_id() is None
    assert await log_store.async_count_since(T0) == 0
    last = None
    for hour in range(5):
        last = await log_store.async_insert(make_entry(T0 + timedelta(hours=hour)))
    assert last is not None
    assert await log_store.async_last_id() == last["id"]
    assert await log_store.async_count_since(T0) == 5
    assert await log_store.async_count_since((T0 + timedelta(hours=3)).astimezone(PST)) == 2
    assert await log_store.async_count_since(T0 + timedelta(hours=3, microseconds=1)) == 1
    assert await log_store.async_count_since(T0 + timedelta(days=1)) == 0


async def test_filter_choices_use_latest_names(log_store: LogStore) -> None:
    assert await log_store.async_filter_choices() == {"users": [], "devices": [], "doors": []}
    await log_store.async_insert(make_entry(user_id="u1", user_name="Alice"))
    # u2 was deleted from the config long ago: only its rows remember it.
    await log_store.async_insert(
        make_entry(user_id="u2", user_name="Bob", device_id="d2", device_name="Back")
    )
    await log_store.async_insert(make_entry(user_id="u1", user_name="Zoe (was Alice)"))
    await log_store.async_insert(make_entry(user_id=None, user_name=None, result="denied"))
    await log_store.async_insert(
        make_entry(user_id="u3", user_name="carol", device_id="d2", device_name="Back gate")
    )
    choices = await log_store.async_filter_choices()
    assert choices["users"] == [
        {"id": "u2", "name": "Bob"},
        {"id": "u3", "name": "carol"},
        {"id": "u1", "name": "Zoe (was Alice)"},
    ]
    assert choices["devices"] == [
        {"id": "d2", "name": "Back gate"},
        {"id": "d1", "name": "Front keypad"},
    ]
    assert choices["doors"] == [{"id": "door1", "name": "Front door"}]


# --- SQLite write lock (backups) ----------------------------------------------------


@pytest.mark.parametrize("persistent_database", [True])
async def test_insert_waits_out_a_database_lock(
    hass: HomeAssistant,
    log_store: LogStore,
    recorder_mock: Recorder,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A backup locks SQLite for longer than its 5 s busy timeout; the row still lands."""
    if recorder_mock.dialect_name != "sqlite":
        pytest.skip("Only SQLite is locked for backups")
    assert await recorder_mock.lock_database()
    try:
        task = hass.async_create_task(log_store.async_insert(make_entry()))
        await asyncio.sleep(6.5)
        assert not task.done()
    finally:
        recorder_mock.unlock_database()
    with caplog.at_level(logging.INFO):
        row = await asyncio.wait_for(task, 30)
    assert await log_store.async_get(row["id"]) == row
    assert "database is locked" in caplog.text
