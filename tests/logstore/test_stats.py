"""log/stats on a real recorder database: every figure equals the rows it summarises.

The rollup (schema v3) answers most filters; the log table the rest. Both must give the counts a
plain walk over the rows gives, for each filter and bucket, at DST changes, after a purge, after
a restart of the store and after the v2 -> v3 migration backfilled it.
"""

from __future__ import annotations

import random
import time
from collections import Counter
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from itertools import pairwise
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa
from homeassistant.core import HomeAssistant
from homeassistant.helpers.recorder import get_instance, session_scope

from custom_components.gem_access.logstore import queries, rollup, stats
from custom_components.gem_access.logstore.rows import LogFilter, NewLogEntry
from custom_components.gem_access.logstore.schema import (
    hours_table,
    last_table,
    log_table,
    pairs_table,
    rollup_table,
    schema_table,
)
from custom_components.gem_access.logstore.store import LogStore

BERLIN = ZoneInfo("Europe/Berlin")
USERS = [f"u{i}" for i in range(6)]
DEVICES = ["d1", "d2", "d3"]
DOOR_OF = {"d1": "door-a", "d2": "door-a", "d3": "door-b"}
OUTCOMES = [
    ("granted", "success"),
    ("granted", "success"),
    ("granted", "duress"),
    ("denied", "unknown_credential"),
    ("denied", "outside_schedule"),
    ("forced", "forced_door"),
    ("held_open", "held_open"),
    ("error", "device_error"),
]
# The hour after "now": tests never depend on the date they run on.
NOW = datetime.now(UTC).replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)


def make_entries(rng: random.Random, n: int, low: datetime, high: datetime) -> list[NewLogEntry]:
    """``n`` varied rows spread over [low, high)."""
    span = (high - low).total_seconds()
    entries = []
    for _ in range(n):
        result, reason = rng.choice(OUTCOMES)
        device = rng.choice(DEVICES)
        door_event = result in ("forced", "held_open")
        user = None if door_event or reason == "unknown_credential" else rng.choice(USERS)
        entries.append(
            NewLogEntry(
                timestamp=low + timedelta(seconds=rng.random() * span),
                result=result,
                reason=reason,
                access_type=None if door_event else rng.choice(("pin", "rfid")),
                user_id=user,
                user_name=None if user is None else f"Name {user}",
                device_id=None if door_event else device,
                device_name=None if door_event else f"Reader {device}",
                door_id=DOOR_OF[device],
                door_name=DOOR_OF[device],
            )
        )
    entries.sort(key=lambda e: e.timestamp)
    return entries


async def run(hass: HomeAssistant, job: Callable[[Any], Any], *, write: bool = False) -> Any:
    instance = get_instance(hass)

    def work() -> Any:
        with session_scope(session=instance.get_session(), read_only=not write) as session:
            return job(session)

    return await instance.async_add_executor_job(work)


async def insert(hass: HomeAssistant, entries: list[NewLogEntry]) -> None:
    def job(session: Any) -> None:
        for entry in entries:
            queries.insert_entry(session, entry)

    await run(hass, job, write=True)


async def all_rows(hass: HomeAssistant) -> list[dict[str, Any]]:
    def job(session: Any) -> list[dict[str, Any]]:
        columns = [log_table.c[name] for name in rollup.ROW_COLUMNS]
        stmt = sa.select(*columns, log_table.c.id)
        return [dict(row._mapping) for row in session.execute(stmt)]

    return await run(hass, job)


async def rollup_state(hass: HomeAssistant) -> tuple[Counter[Any], dict[Any, float]]:
    def job(session: Any) -> tuple[Counter[Any], dict[Any, float]]:
        counts = Counter(
            {
                (r.grain, r.dim, r.key, int(r.period_ts), r.result): int(r.n)
                for r in session.execute(sa.select(rollup_table))
            }
        )
        counts.update(
            {
                (r.dim, r.key, r.group_dim, int(r.period_ts), r.group_key, r.result): int(r.n)
                for r in session.execute(sa.select(pairs_table))
            }
        )
        last = {(r.kind, r.key): float(r.ts) for r in session.execute(sa.select(last_table))}
        return counts, last

    return await run(hass, job)


def expected_rollup(rows: list[dict[str, Any]]) -> tuple[Counter[Any], dict[Any, float]]:
    tuples = [tuple(row[name] for name in rollup.ROW_COLUMNS) for row in rows]
    expected: Counter[Any] = Counter()
    expected.update(rollup.deltas(tuples))
    expected.update(rollup.pair_deltas(tuples))
    return Counter({k: n for k, n in expected.items() if n}), rollup.last_seen(tuples)


def matching(rows: list[dict[str, Any]], filt: LogFilter, start: float, end: float) -> list[Any]:
    eq = filt.equality_filters()
    return [
        row for row in rows if start <= row["ts"] < end and all(row[k] == v for k, v in eq.items())
    ]


def tally(rows: list[dict[str, Any]]) -> dict[str, int]:
    out = dict.fromkeys(stats.RESULTS, 0)
    for row in rows:
        out[row["result"]] += 1
    return out


def check_stats(
    reply: dict[str, Any], rows: list[dict[str, Any]], filt: LogFilter, start: float, end: float
) -> None:
    """Every figure of ``reply`` against the rows themselves."""
    inside = matching(rows, filt, start, end)
    assert reply["totals"] == tally(inside)
    starts = [datetime.fromisoformat(b["start"]).timestamp() for b in reply["buckets"]]
    assert starts == sorted(starts)
    assert starts[0] <= start < (starts[1] if len(starts) > 1 else end + 1)
    bounds = [*starts[1:], float("inf")]
    for bucket, low, high in zip(reply["buckets"], starts, bounds, strict=True):
        assert bucket["counts"] == tally([r for r in inside if low <= r["ts"] < high])
    grid = [[0] * 24 for _ in range(7)]
    for row in inside:
        local = datetime.fromtimestamp(row["ts"], BERLIN)
        grid[local.weekday()][local.hour] += 1
    assert reply["by_hour_of_week"] == grid
    length = end - start
    assert reply["previous"] == tally(matching(rows, filt, start - length, start))
    assert reply["unique_users"] == len({r["user_id"] for r in inside if r["user_id"]})
    for field, dim in stats.TOP_DIMS.items():
        per_key: dict[str, list[dict[str, Any]]] = {}
        for row in inside:
            if row[dim] is not None:
                per_key.setdefault(row[dim], []).append(row)

        def rank(key: str, dim: str = dim, per_key: Any = per_key) -> int:
            counted = tally(per_key[key])
            return sum(n for r, n in counted.items() if dim != "reason" or r != "granted")

        keys = sorted((k for k in per_key if rank(k) > 0), key=lambda k: (-rank(k), k))
        assert [item["id"] for item in reply[field]] == keys[: stats.TOP_N], field
        for item in reply[field]:
            assert item["counts"] == tally(per_key[item["id"]])


FILTERS = [
    LogFilter(),
    LogFilter(result="denied"),
    LogFilter(device_id="d1"),
    LogFilter(door_id="door-a", result="granted"),
    LogFilter(reason="duress"),
    LogFilter(access_type="pin"),
    LogFilter(user_id="u1"),
    LogFilter(user_id="u2", reason="success"),
    LogFilter(device_id="d2", access_type="rfid"),
]


async def stats_reply(
    store: LogStore, filt: LogFilter, bucket: str, start: datetime, end: datetime
) -> dict[str, Any]:
    ranged = LogFilter(**{**filt.equality_filters(), "start": start, "end": end})
    return await store.async_run_read(lambda s: stats.compute_stats(s, ranged, bucket, BERLIN, NOW))


@pytest.mark.parametrize("bucket", ["hour", "day", "week"])
async def test_stats_equal_the_rows_for_each_filter(
    hass: HomeAssistant, log_store: LogStore, bucket: str
) -> None:
    rng = random.Random(7)
    await insert(hass, make_entries(rng, 600, NOW - timedelta(days=40), NOW))
    rows = await all_rows(hass)
    # not on hour or day boundaries: the partial hours at both ends come from the log table
    start = NOW - timedelta(days=17, minutes=43, seconds=11)
    end = NOW - timedelta(hours=2, minutes=12)
    for filt in FILTERS:
        reply = await stats_reply(log_store, filt, bucket, start, end)
        check_stats(reply, rows, filt, start.timestamp(), end.timestamp())
    # which filters the rollup answers, as the module docstring says
    plain = await stats_reply(log_store, LogFilter(device_id="d1"), bucket, start, end)
    assert plain["rollup"]["series"] is True
    assert plain["rollup"]["top_devices"] is True
    assert plain["rollup"]["top_users"] is False
    person = await stats_reply(log_store, LogFilter(user_id="u1"), bucket, start, end)
    assert person["rollup"]["series"] is False


async def test_person_reader_and_door_lists_over_months_come_from_whole_blocks(
    hass: HomeAssistant, log_store: LogStore
) -> None:
    """Top lists under one person, reader or door: whole 32-day blocks from the pairs table, the
    days around them from the log rows; the same figures as the rows, with or without a result.
    """
    await insert(hass, make_entries(random.Random(13), 900, NOW - timedelta(days=150), NOW))
    rows = await all_rows(hass)
    # at least two whole blocks inside, ragged ends on both sides
    start = NOW - timedelta(days=120, hours=5, minutes=7)
    end = NOW - timedelta(minutes=31)
    for filt in (
        LogFilter(user_id="u1"),
        LogFilter(user_id="u2", result="denied"),
        LogFilter(device_id="d1"),
        LogFilter(device_id="d2", result="granted"),
        LogFilter(door_id="door-a"),
        LogFilter(door_id="door-b", result="denied"),
    ):
        reply = await stats_reply(log_store, filt, "week", start, end)
        check_stats(reply, rows, filt, start.timestamp(), end.timestamp())
        assert reply["rollup"]["top_users"] is True, filt
        assert reply["rollup"]["top_reasons"] is True, filt
        assert reply["rollup"]["top_devices"] is True, filt
    # under three weeks holds no whole block: the log rows
    short = await stats_reply(
        log_store, LogFilter(device_id="d1"), "day", NOW - timedelta(days=20), NOW
    )
    assert short["rollup"]["top_users"] is False
    # the pairs follow a purge
    await log_store.async_delete_old(60, NOW)
    rows = await all_rows(hass)
    assert await rollup_state(hass) == expected_rollup(rows)
    reply = await stats_reply(log_store, LogFilter(door_id="door-a"), "day", start, end)
    check_stats(reply, rows, LogFilter(door_id="door-a"), start.timestamp(), end.timestamp())


async def test_stats_without_dates_span_the_whole_log(
    hass: HomeAssistant, log_store: LogStore
) -> None:
    await insert(hass, make_entries(random.Random(3), 80, NOW - timedelta(days=9), NOW))
    rows = await all_rows(hass)
    reply = await log_store.async_run_read(
        lambda s: stats.compute_stats(s, LogFilter(), "day", BERLIN, NOW)
    )
    assert sum(reply["totals"].values()) == len(rows)
    assert datetime.fromisoformat(reply["start"]).timestamp() == min(r["ts"] for r in rows)


def last_sunday(year: int, month: int) -> date:
    day = date(year, month, 31)
    return day - timedelta(days=(day.weekday() + 1) % 7)


@pytest.mark.parametrize(("month", "hours"), [(3, 23), (10, 25)])
async def test_dst_days_are_23_and_25_hours(
    hass: HomeAssistant, log_store: LogStore, month: int, hours: int
) -> None:
    day = last_sunday(NOW.year, month)
    # in UTC: arithmetic on Berlin datetimes would be wall-clock arithmetic
    midnight = datetime(day.year, day.month, day.day, tzinfo=BERLIN).astimezone(UTC)
    following = day + timedelta(days=1)
    next_midnight = datetime(following.year, following.month, following.day, tzinfo=BERLIN)
    next_midnight = next_midnight.astimezone(UTC)
    assert (next_midnight - midnight).total_seconds() == hours * 3600
    # one row in each real hour of that day, plus rows either side of it
    entries = [
        NewLogEntry(
            timestamp=midnight + timedelta(hours=h, minutes=30),
            result="granted",
            reason="success",
            device_id="d1",
            door_id="door-a",
        )
        for h in range(-3, hours + 3)
    ]
    await insert(hass, entries)
    rows = await all_rows(hass)
    start, end = midnight - timedelta(days=1), next_midnight + timedelta(days=1)
    for bucket in ("hour", "day", "week"):
        # every row, and one reader's rows (its own rollup key) on both sides of the change
        for filt in (LogFilter(), LogFilter(device_id="d1"), LogFilter(door_id="door-a")):
            reply = await stats_reply(log_store, filt, bucket, start, end)
            check_stats(reply, rows, filt, start.timestamp(), end.timestamp())
    days = (await stats_reply(log_store, LogFilter(), "day", start, end))["buckets"]
    starts = [datetime.fromisoformat(b["start"]) for b in days]
    assert starts[1] == midnight
    assert starts[2] - starts[1] == timedelta(hours=hours)
    assert [b["counts"]["granted"] for b in days] == [3, hours, 3]
    inside = (await stats_reply(log_store, LogFilter(), "hour", midnight, next_midnight))["buckets"]
    assert len(inside) == hours
    assert all(b["counts"]["granted"] == 1 for b in inside)


def test_offset_stretches_cut_at_the_dst_hour() -> None:
    """Two years of Berlin hours: four changes, each at 01:00 UTC, offsets +1 h / +2 h."""
    low = int(datetime(NOW.year - 2, 1, 1, tzinfo=UTC).timestamp())
    high = int(datetime(NOW.year, 1, 1, tzinfo=UTC).timestamp())
    stretches = stats.offset_stretches(BERLIN, low, high)
    assert stretches[0][0] == low and stretches[-1][1] == high
    assert [off for _, _, off in stretches] == [3600, 7200, 3600, 7200, 3600]
    for (_, end, off), (begin, _, next_off) in pairwise(stretches):
        assert end == begin and datetime.fromtimestamp(begin, UTC).hour == 1
        assert datetime.fromtimestamp(begin - 1, BERLIN).utcoffset() == timedelta(seconds=off)
        assert datetime.fromtimestamp(begin, BERLIN).utcoffset() == timedelta(seconds=next_off)
    assert stats.offset_stretches(ZoneInfo("Asia/Tokyo"), low, high) == [(low, high, 9 * 3600)]


async def hour_bounds(hass: HomeAssistant) -> dict[int, tuple[int, int]]:
    def job(session: Any) -> dict[int, tuple[int, int]]:
        return {
            int(r.period_ts): (int(r.low_id), int(r.high_id))
            for r in session.execute(sa.select(hours_table))
        }

    return await run(hass, job)


async def test_hour_bounds_hold_every_row(hass: HomeAssistant, log_store: LogStore) -> None:
    """Each row's id lies within its UTC hour's bounds, also for a row written late."""
    await insert(hass, make_entries(random.Random(5), 120, NOW - timedelta(days=3), NOW))
    # a row of two days ago written now (a kept row flushed after a database outage)
    await log_store.async_insert(
        NewLogEntry(timestamp=NOW - timedelta(days=2), result="granted", reason="success")
    )
    rows = await all_rows(hass)
    bounds = await hour_bounds(hass)
    for row in rows:
        low, high = bounds[int(row["ts"] // 3600) * 3600]
        assert low <= row["id"] <= high
    # a page of that past day still finds the late row (its hour's bounds took it in)
    day = LogFilter(
        start=NOW - timedelta(days=2, hours=1), end=NOW - timedelta(days=2) + timedelta(seconds=1)
    )
    listed, _ = await log_store.async_list(day, 500)
    assert max(r["id"] for r in listed) == max(r["id"] for r in rows)
    await log_store.async_delete_old(0, NOW + timedelta(days=1))
    assert await hour_bounds(hass) == {}


async def test_rollup_follows_purge_and_restart(hass: HomeAssistant, log_store: LogStore) -> None:
    rng = random.Random(11)
    await insert(hass, make_entries(rng, 400, NOW - timedelta(days=30), NOW))
    assert await rollup_state(hass) == expected_rollup(await all_rows(hass))
    # small batches: many purge transactions, each uncounting its own rows
    deleted = await log_store.async_delete_old(12, NOW - timedelta(minutes=17), batch_size=23)
    assert deleted > 0
    rows = await all_rows(hass)
    assert await rollup_state(hass) == expected_rollup(rows)
    # a new store on the same database (what a restart does) keeps and serves it
    restarted = LogStore(hass)
    await restarted.async_setup()
    start, end = NOW - timedelta(days=20, minutes=5), NOW
    for filt in FILTERS[:4]:
        reply = await stats_reply(restarted, filt, "day", start, end)
        check_stats(reply, rows, filt, start.timestamp(), end.timestamp())
    # and it keeps counting
    await insert(hass, make_entries(rng, 50, NOW - timedelta(days=2), NOW))
    assert await rollup_state(hass) == expected_rollup(await all_rows(hass))
    await log_store.async_delete_old(0, NOW + timedelta(days=1))
    assert await rollup_state(hass) == (Counter(), {})


async def _to_v2(hass: HomeAssistant, entries: list[NewLogEntry]) -> None:
    def job(session: Any) -> None:
        # a v2 database: rows but no rollup tables
        session.execute(sa.insert(log_table), [e.column_values() for e in entries])
        last_table.drop(session.connection())
        rollup_table.drop(session.connection())
        hours_table.drop(session.connection())
        pairs_table.drop(session.connection())
        session.execute(sa.update(schema_table).values(schema_version=2))

    await run(hass, job, write=True)


async def _migrate(hass: HomeAssistant) -> list[str]:
    """Run the v2 -> v3 -> v4 -> v5 migrations; the SQL statements they sent."""
    statements: list[str] = []

    def job(session: Any) -> int:
        conn = session.connection()

        def seen(*args: Any) -> None:
            statements.append(str(args[2]))

        sa.event.listen(conn, "before_cursor_execute", seen)
        try:
            return queries.create_or_migrate(conn)
        finally:
            sa.event.remove(conn, "before_cursor_execute", seen)

    assert await run(hass, job, write=True) == 5
    return statements


async def check_all_stats(store: LogStore, rows: list[dict[str, Any]], *, rollup: bool) -> None:
    start, end = NOW - timedelta(days=14, minutes=25), NOW - timedelta(minutes=3)
    for filt in FILTERS[:6]:
        reply = await stats_reply(store, filt, "day", start, end)
        check_stats(reply, rows, filt, start.timestamp(), end.timestamp())
        assert reply["rollup"]["series"] is rollup


async def test_migration_backfills_existing_rows(
    hass: HomeAssistant, log_store: LogStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    rng = random.Random(5)
    await _to_v2(hass, make_entries(rng, 300, NOW - timedelta(days=15), NOW))
    statements = await _migrate(hass)
    # the migration reads no log rows (it would hold the write lock for the whole scan): it
    # only creates the tables and marks every stored row as not yet counted
    assert any("gem_access_log_rollup" in sql for sql in statements)
    assert not [sql for sql in statements if "gem_access_log." in sql and "max(" not in sql]
    assert await rollup_state(hass) == (Counter(), {})
    assert await log_store.async_run_read(rollup.backfill_pending) is not None

    # meanwhile stats are exact (from the log table), new rows included
    await insert(hass, make_entries(rng, 40, NOW - timedelta(days=3), NOW))
    await check_all_stats(log_store, await all_rows(hass), rollup=False)
    # and the last-access lists see the uncounted rows
    rows = await all_rows(hass)
    _, last = expected_rollup(rows)
    kinds = (rollup.LAST_USER_GRANTED, rollup.LAST_USER_DENIED, rollup.LAST_DEVICE)
    seen = await log_store.async_run_read(lambda s: rollup.last_seen_map(s, kinds))
    assert {(kind, key): ts for kind, keys in seen.items() for key, ts in keys.items()} == last

    # the background job, in small windows (one write each)
    monkeypatch.setattr(rollup, "BACKFILL_WINDOW", 37)
    await log_store.async_backfill()
    assert await log_store.async_run_read(rollup.backfill_pending) is None
    assert await rollup_state(hass) == expected_rollup(rows)
    await check_all_stats(log_store, rows, rollup=True)


async def test_backfill_resumes_after_restart(
    hass: HomeAssistant, log_store: LogStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    rng = random.Random(9)
    await _to_v2(hass, make_entries(rng, 250, NOW - timedelta(days=15), NOW))
    await _migrate(hass)
    monkeypatch.setattr(rollup, "BACKFILL_WINDOW", 41)
    # two windows, then Home Assistant stops
    assert not await run(hass, rollup.backfill_window, write=True)
    assert not await run(hass, rollup.backfill_window, write=True)
    marker = await log_store.async_run_read(rollup.backfill_pending)
    assert marker is not None
    # new rows are counted as they come, a purge uncounts only what was counted
    await insert(hass, make_entries(rng, 30, NOW - timedelta(days=1), NOW))
    assert await log_store.async_delete_old(10, NOW, batch_size=17) > 0
    await check_all_stats(log_store, await all_rows(hass), rollup=False)

    restarted = LogStore(hass)
    await restarted.async_setup()  # starts the job, which resumes at the marker
    await hass.async_block_till_done(wait_background_tasks=True)
    assert await restarted.async_run_read(rollup.backfill_pending) is None
    rows = await all_rows(hass)
    assert await rollup_state(hass) == expected_rollup(rows)
    await check_all_stats(restarted, rows, rollup=True)
    await restarted.async_close()


async def test_backfill_windows_follow_the_database_speed(
    hass: HomeAssistant, log_store: LogStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A slow database gets smaller windows (each a write the next access event waits behind),
    a fast one larger ones; every row is counted once either way."""
    rng = random.Random(21)
    await _to_v2(hass, make_entries(rng, 1200, NOW - timedelta(days=15), NOW))
    await _migrate(hass)
    monkeypatch.setattr(rollup, "BACKFILL_WINDOW", 600)
    windows: list[int] = []
    real_window = rollup.backfill_window

    def slow_window(session: Any, window: int | None = None) -> bool:
        assert window is not None
        windows.append(window)
        done = real_window(session, window)
        time.sleep(0.0005 * window)  # 0.5 ms per id: 100 ids take the whole time box
        return done

    monkeypatch.setattr(rollup, "backfill_window", slow_window)
    await log_store.async_backfill()
    assert await log_store.async_run_read(rollup.backfill_pending) is None
    assert await rollup_state(hass) == expected_rollup(await all_rows(hass))
    # the first window took 5x its time box: the next ones are sized for it
    assert windows[0] == 600
    assert all(size <= 150 for size in windows[1:]), windows
