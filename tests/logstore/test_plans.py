"""Query plans and purge transactions that hold on large logs, on each recorder database.

The page planner (queries.py) must keep every filter combination the panel can produce on an
index walk that stops after a page, whatever the table size: these tests EXPLAIN the exact
statement ``list_entries`` runs, on the database under test (SQLite by default, PostgreSQL or
MariaDB with --dburl), and check the access path, not timings. The purge must keep each
transaction short (its batches are sized by time) and still delete exactly what retention says.
"""

from __future__ import annotations

import itertools
import json
import random
import time
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
import sqlalchemy as sa
from homeassistant.core import HomeAssistant
from homeassistant.helpers.recorder import get_instance, session_scope
from sqlalchemy.orm import Session

from custom_components.gem_access.logstore import queries, rollup, schema
from custom_components.gem_access.logstore.rows import LogFilter
from custom_components.gem_access.logstore.store import LogStore

from .test_store import T0, bulk_insert, ids, make_entry, run_db

N_ROWS = 12_000
DAYS = 500
USERS = [f"u{n}" for n in range(40)]
DEVICES = [f"d{n}" for n in range(8)]
DOORS = ["door1", "door2", "door3", "door4"]
# (weight, result, reason): mostly grants, a few denials, rare duress and forced doors
OUTCOMES = [
    (85, "granted", "success"),
    (10, "denied", "unknown_credential"),
    (3, "denied", "outside_schedule"),
    (1, "forced", "forced_door"),
    (0.3, "granted", "duress"),
]
NOW = T0 + timedelta(days=DAYS)


def _rows(n: int) -> Iterator[dict[str, Any]]:
    """A log like the bench's: time-ordered ids over ``DAYS`` days, skewed users."""
    rng = random.Random(11)
    weights = [w for w, _, _ in OUTCOMES]
    user_weights = [1 / (1 + i) ** 0.7 for i in range(len(USERS))]
    for i in range(n):
        _, result, reason = rng.choices(OUTCOMES, weights)[0]
        device = rng.randrange(len(DEVICES))
        yield {
            "ts": T0 + timedelta(days=DAYS * i / n),
            "user_id": rng.choices(USERS, user_weights)[0],
            "device_id": DEVICES[device],
            "door_id": DOORS[device % len(DOORS)],
            "access_type": rng.choice(("pin", "rfid")),
            "result": result,
            "reason": reason,
        }


# Every kind of filter and the combinations investigators use: (name, filter).
FILTERS: list[tuple[str, LogFilter]] = [
    ("user", LogFilter(user_id="u3")),
    ("device", LogFilter(device_id="d2")),
    ("door", LogFilter(door_id="door1")),
    ("type", LogFilter(access_type="rfid")),
    ("result=denied", LogFilter(result="denied")),
    ("reason=duress", LogFilter(reason="duress")),
    ("result=forced", LogFilter(result="forced")),
    ("last 7 days", LogFilter(start=NOW - timedelta(days=7))),
    ("user+denied+7 days", LogFilter(user_id="u3", result="denied", start=NOW - timedelta(days=7))),
    (
        "door+denied+30 days",
        LogFilter(door_id="door2", result="denied", start=NOW - timedelta(days=30)),
    ),
    ("user+reason=duress", LogFilter(user_id="u0", reason="duress")),
    ("a past week", LogFilter(start=NOW - timedelta(days=400), end=NOW - timedelta(days=393))),
    (
        "user+denied, a past week",
        LogFilter(
            user_id="u3",
            result="denied",
            start=NOW - timedelta(days=400),
            end=NOW - timedelta(days=393),
        ),
    ),
    (
        "device+type+result+reason, a past month",
        LogFilter(
            device_id="d1",
            access_type="pin",
            result="denied",
            reason="unknown_credential",
            start=NOW - timedelta(days=200),
            end=NOW - timedelta(days=170),
        ),
    ),
]


def _explain(session: Session, stmt: sa.Executable) -> tuple[str, list[str]]:
    """(dialect, plan lines) of ``stmt`` as the database would run it."""
    conn = session.connection()
    dialect = conn.dialect.name
    sql = str(stmt.compile(dialect=conn.dialect, compile_kwargs={"literal_binds": True}))
    if dialect == "sqlite":
        rows = conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}").all()
        return dialect, [str(row[-1]) for row in rows]
    if dialect == "postgresql":
        plan = conn.exec_driver_sql(f"EXPLAIN (FORMAT JSON) {sql}").scalar()
        nodes: list[str] = []

        def walk(node: dict[str, Any]) -> None:
            nodes.append(f"{node['Node Type']} {node.get('Index Name', '')}".strip())
            for child in node.get("Plans", []):
                walk(child)

        walk((plan if isinstance(plan, list) else json.loads(plan))[0]["Plan"])
        return dialect, nodes
    # MySQL / MariaDB: one line per table access, "type key Extra".
    result = conn.exec_driver_sql(f"EXPLAIN {sql}").mappings().all()
    return dialect, [f"{row['type']} {row['key']} {row['Extra'] or ''}".strip() for row in result]


@pytest.fixture
async def big_log(hass: HomeAssistant, log_store: LogStore) -> LogStore:
    """``N_ROWS`` rows, with the optimiser statistics a live database would have."""

    def no_autovacuum(session: Session) -> None:
        # PostgreSQL's autovacuum would start on these rows and then hold up (as a process the
        # test role may not end) the DROP DATABASE after the test; ANALYZE below does its job.
        if session.connection().dialect.name == "postgresql":
            session.execute(sa.text("ALTER TABLE gem_access_log SET (autovacuum_enabled = false)"))

    await run_db(hass, no_autovacuum)
    await bulk_insert(hass, [make_entry(**row) for row in _rows(N_ROWS)])

    def analyze(session: Session) -> None:
        conn = session.connection()
        if conn.dialect.name == "postgresql":
            conn.exec_driver_sql("ANALYZE gem_access_log")
        elif conn.dialect.name == "mysql":
            conn.exec_driver_sql("ANALYZE TABLE gem_access_log").all()

    await run_db(hass, analyze)
    return log_store


@pytest.mark.parametrize(("name", "filt"), FILTERS, ids=[name for name, _ in FILTERS])
async def test_every_filter_walks_an_index(
    hass: HomeAssistant, big_log: LogStore, name: str, filt: LogFilter
) -> None:
    """No full-table scan and no sort of the matches: each page is a bounded index walk."""

    def plan(session: Session) -> tuple[str, list[str]] | None:
        stmt = queries.page_statement(session, filt, 101)
        return None if stmt is None else _explain(session, stmt)

    explained = await run_db(hass, plan)
    assert explained is not None, "every filter here matches rows"
    dialect, lines = explained
    text = "\n".join(lines)
    if dialect == "sqlite":
        # SEARCH = an index (or the rowid) is probed with a key or range; SCAN = a full walk.
        assert all(line.startswith("SEARCH gem_access_log") for line in lines), text
        assert "TEMP B-TREE" not in text, text  # newest-first comes from the index order
    elif dialect == "postgresql":
        assert "Seq Scan" not in text, text
        assert any("Index" in line for line in lines), text
    else:
        # ALL = a full table scan; filesort = every match read and sorted before the first row
        assert not any(line.split()[0] == "ALL" for line in lines), text
        assert "filesort" not in text, text


@pytest.mark.parametrize(
    ("filt", "index"),
    [
        # several equality filters: the rarest one's index drives, not the first one's
        (LogFilter(user_id="u0", reason="duress"), "ix_gem_access_log_reason_id"),
        (LogFilter(user_id="u39", result="granted"), "ix_gem_access_log_user_id_id"),
        # a past week: the rows' exact id window on the primary key, not the whole table
        (
            LogFilter(start=NOW - timedelta(days=400), end=NOW - timedelta(days=393)),
            "INTEGER PRIMARY KEY",
        ),
    ],
)
async def test_sqlite_planner_picks_the_cheapest_walk(
    hass: HomeAssistant, big_log: LogStore, filt: LogFilter, index: str
) -> None:
    """SQLite has no statistics here; the planner's own probes choose, and EXPLAIN shows it."""

    def plan(session: Session) -> tuple[str, list[str]] | None:
        stmt = queries.page_statement(session, filt, 101)
        return None if stmt is None else _explain(session, stmt)

    explained = await run_db(hass, plan)
    assert explained is not None
    dialect, lines = explained
    if dialect != "sqlite":
        pytest.skip("the explicit choice is SQLite's; the others choose from statistics")
    assert len(lines) == 1, lines
    assert index in lines[0], lines


async def test_sqlite_wide_recent_range_walks_back_without_sorting(
    hass: HomeAssistant, big_log: LogStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A start date: the newest-first walk of the rowid, bounded below by the hours table.

    Not the ts index (which would read the whole range and sort it): the range is dense, so
    the walk fills a page at once. The plan is fixed by the SQL, not left to chance, and needs
    no probe of the range (the probe is switched off here to show it).
    """
    monkeypatch.setattr(queries, "_RANGE_PROBE_ROWS_PLAIN", 10)
    filt = LogFilter(start=NOW - timedelta(days=30))

    def plan(session: Session) -> tuple[str, list[str]]:
        stmt = queries.page_statement(session, filt, 101)
        assert stmt is not None
        return _explain(session, stmt)

    dialect, lines = await run_db(hass, plan)
    if dialect != "sqlite":
        pytest.skip("SQLite's plan")
    assert len(lines) == 1 and lines[0].startswith(
        "SEARCH gem_access_log USING INTEGER PRIMARY KEY (rowid>"
    ), lines
    rows, _ = await big_log.async_list(filt, 100)
    assert len(rows) == 100
    assert all(filt.matches(row) for row in rows)


async def test_past_range_is_bounded_by_ids_on_every_database(
    hass: HomeAssistant, big_log: LogStore
) -> None:
    """A range with both ends carries the exact id window of its rows, on every dialect.

    Without it PostgreSQL walked the primary key back through every younger row (134 ms at
    1M rows); the window also makes an empty range an empty page without any walk.
    """
    filt = LogFilter(start=NOW - timedelta(days=400), end=NOW - timedelta(days=393))

    def sql(session: Session) -> str:
        stmt = queries.page_statement(session, filt, 101)
        assert stmt is not None
        return str(stmt.compile(compile_kwargs={"literal_binds": True}))

    text = await run_db(hass, sql)
    assert "gem_access_log.id >=" in text
    assert "gem_access_log.id <=" in text

    def plan(session: Session) -> tuple[str, list[str]]:
        stmt = queries.page_statement(session, filt, 101)
        assert stmt is not None
        return _explain(session, stmt)

    # ... and each database walks that window of its primary key, newest first
    dialect, lines = await run_db(hass, plan)
    primary = {"sqlite": "INTEGER PRIMARY KEY", "postgresql": "gem_access_log_pkey"}
    assert any(primary.get(dialect, "PRIMARY") in line for line in lines), lines
    rows, _ = await big_log.async_list(filt, 1000)
    assert rows
    assert all(filt.matches(row) for row in rows)

    def empty(session: Session) -> Any:
        return queries.page_statement(
            session, LogFilter(start=T0 - timedelta(days=9), end=T0 - timedelta(days=8)), 101
        )

    assert await run_db(hass, empty) is None


# --- purge ----------------------------------------------------------------------------


@pytest.mark.parametrize("how_many", [1, 3])
async def test_emptied_rollup_rows_go_by_primary_key_on_mariadb(
    hass: HomeAssistant, big_log: LogStore, how_many: int
) -> None:
    """Each purge batch removes the rollup and pairs rows its rows emptied, by their keys.

    MariaDB scanned the whole rollup for a row IN list of one key (a 412-778 ms purge batch
    at 1M rows); the statements must be key lookups however many keys there are.
    """

    def plans(session: Session) -> list[tuple[str, list[str]]]:
        conn = session.connection()
        if conn.dialect.name != "mysql":
            pytest.skip("the row IN lists are MySQL/MariaDB's form (others: executemany, unnest)")
        found = []
        for table, columns in (
            (schema.rollup_table, rollup._ROLLUP_KEY),
            (schema.pairs_table, rollup._PAIR_KEY),
        ):
            conn.exec_driver_sql(f"ANALYZE TABLE {table.name}").all()
            keys = [
                tuple(row)
                for row in session.execute(
                    sa.select(*(table.c[name] for name in columns)).limit(how_many)
                )
            ]
            assert len(keys) == how_many, f"{table.name} holds the log's counts"
            for stmt in rollup.mysql_emptied_deletes(table, columns, keys):
                found.append(_explain(session, stmt))
        return found

    for _dialect, lines in await run_db(hass, plans):
        assert lines and not any(line.split()[0] == "ALL" for line in lines), lines
        assert all("PRIMARY" in line for line in lines), lines




def test_batch_size_follows_the_measured_time() -> None:
    target = queries.PURGE_BATCH_TARGET_S
    # a batch that took 5x the target: the next one is a fifth
    assert queries.next_batch_size(1000, 5 * target) == 200
    # fast batches grow, but at most twice per step
    assert queries.next_batch_size(1000, target / 10) == 2000
    assert queries.next_batch_size(1000, target / 2) == 2000
    assert queries.next_batch_size(1000, target) == 1000
    # bounded both ways
    assert queries.next_batch_size(100, 1000.0) == queries.DELETE_BATCH_MIN
    assert queries.next_batch_size(queries.DELETE_BATCH_MAX, 0.0) == queries.DELETE_BATCH_MAX


async def test_slow_purge_shrinks_its_batches_and_stays_exact(
    hass: HomeAssistant, log_store: LogStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A disk where each row costs 2 ms: batches shrink to fit the time box, none is lost."""
    now = T0 + timedelta(days=30)
    old = [make_entry(T0 + timedelta(minutes=i)) for i in range(300)]
    recent = [make_entry(now - timedelta(hours=i)) for i in range(5)]
    await bulk_insert(hass, old + recent)

    sizes: list[int] = []
    real_batch = queries.delete_batch

    def slow_batch(session: Session, cutoff_ts: float, batch_size: int) -> int:
        sizes.append(batch_size)
        deleted = real_batch(session, cutoff_ts, batch_size)
        time.sleep(0.002 * deleted)
        return deleted

    monkeypatch.setattr(queries, "delete_batch", slow_batch)
    monkeypatch.setattr(queries, "DELETE_BATCH_SIZE", 100)

    assert await log_store.async_delete_old(7, now) == 300
    assert len(await ids(log_store)) == 5
    # 100 rows took ~200 ms; from then on each batch is sized for ~50 ms (25 rows at 2 ms)
    assert sizes[0] == 100
    assert all(size <= 50 for size in sizes[1:]), sizes
    # every batch but the last was full (the last finds the rest, or nothing)
    assert sum(sizes[:-1]) <= 300 <= sum(sizes)


async def test_fast_purge_grows_its_batches(hass: HomeAssistant, log_store: LogStore) -> None:
    now = T0 + timedelta(days=30)
    await bulk_insert(hass, [make_entry(T0 + timedelta(seconds=i)) for i in range(3000)])
    await bulk_insert(hass, [make_entry(now)])
    sizes: list[int] = []

    def count(session: Session, cutoff_ts: float, batch_size: int) -> int:
        sizes.append(batch_size)
        return real_batch(session, cutoff_ts, batch_size)

    real_batch = queries.delete_batch
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(queries, "delete_batch", count)
        patch.setattr(queries, "DELETE_BATCH_SIZE", 100)
        assert await log_store.async_delete_old(1, now) == 3000
    assert len(await ids(log_store)) == 1
    assert sizes[0] == 100
    assert all(b <= 2 * a for a, b in itertools.pairwise(sizes)), sizes
    assert max(sizes) > 100, sizes  # a few ms per batch here: they grew


@pytest.mark.parametrize("persistent_database", [True])
async def test_purge_batches_leave_the_wal_checkpoint_outside_their_commit(
    hass: HomeAssistant, log_store: LogStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SQLite: a batch's commit copies no pages into the database file (that took up to a
    second at 10M rows, inside our write); the purge checkpoints between batches instead and
    leaves each connection's autocheckpoint as it found it (0 left behind would grow the WAL
    file without end).
    """
    if get_instance(hass).dialect_name != "sqlite":
        pytest.skip("the WAL is SQLite's")
    now = T0 + timedelta(days=30)
    await bulk_insert(hass, [make_entry(T0 + timedelta(seconds=i)) for i in range(500)])
    await bulk_insert(hass, [make_entry(now)])

    def autocheckpoint(session: Session) -> int:
        return int(session.connection().exec_driver_sql("PRAGMA wal_autocheckpoint").scalar())

    before = await run_db(hass, autocheckpoint)
    assert before > 0
    during: list[int] = []
    real_batch = queries.delete_batch

    def spy(session: Session, cutoff_ts: float, batch_size: int) -> int:
        during.append(autocheckpoint(session))
        return real_batch(session, cutoff_ts, batch_size)

    monkeypatch.setattr(queries, "delete_batch", spy)
    monkeypatch.setattr(queries, "DELETE_BATCH_SIZE", 100)
    assert await log_store.async_delete_old(1, now) == 500
    assert len(during) >= 2 and set(during) == {0}

    # back as before on every DB worker's connection, and no page left un-copied in the WAL
    for _ in range(8):
        assert await run_db(hass, autocheckpoint) == before

    def pending_pages(session: Session) -> int:
        busy, log, copied = (
            session.connection().exec_driver_sql("PRAGMA wal_checkpoint(PASSIVE)").one()
        )
        assert busy == 0
        return int(log) - int(copied)

    assert await run_db(hass, pending_pages) == 0
    assert len(await ids(log_store)) == 1


async def test_delete_older_than_is_time_boxed_too(
    hass: HomeAssistant, log_store: LogStore
) -> None:
    await bulk_insert(hass, [make_entry(T0 + timedelta(seconds=i)) for i in range(700)])
    await bulk_insert(hass, [make_entry(T0 + timedelta(days=5))])

    def purge() -> int:
        return queries.delete_older_than(
            lambda: session_scope(session=get_instance(hass).get_session()), T0 + timedelta(days=1)
        )

    assert await get_instance(hass).async_add_executor_job(purge) == 700
    assert len(await ids(log_store)) == 1
