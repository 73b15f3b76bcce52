"""The Access Log at scale: insert rate, filtered first pages, deep pages, CSV export, purge.

    .venv/bin/python bench/log.py [--rows 1000000] [--db sqlite|postgresql://user:pw@host/db]
                                  [--reps 30] [--seed 1] [--keep] [-v]

What it does (see bench/README.md):
1. starts a real HA core in this process (bench/_ha.py): recorder on an on-disk SQLite file (WAL,
   the recorder's own settings) or on the PostgreSQL database given, http on 127.0.0.1, gem_access
   set up through its config flow;
2. synthesizes N realistic rows (100 users, 20 readers, 5 doors; ~85 % grants, ~12 % denials with
   varied reasons, a few duress / forced / held-open / errors; timestamps over the last two years
   with weekday and hour-of-day patterns, ids in time order as in production) and bulk-inserts them
   through the recorder's DB executor and sessions (executemany, one transaction per batch);
3. prints p50/p99 of the first page (limit 100) through ``LogStore.async_list`` for each filter
   combination, each repeated with different values where the filter has several;
4. page 1,000 by keyset (``before_id``) next to the same page by OFFSET (query written here, same
   filters and order, run the same way on the recorder's executor), with the ratio;
5. the CSV export through the real HTTP view (``GET /api/gem_access/log.csv`` on the running
   http server, a long-lived token of an admin user made through ``hass.auth``): rows/s and the
   peak RSS growth (VmRSS sampled every 5 ms in a thread);
6. the purge of about half the rows through ``LogStore.async_delete_old``: total time, batches,
   and the longest single transaction (every write transaction of the store is timed from the
   session's creation to its commit, on the DB worker thread).

Each figure is printed with its target and MET / MISSED. Missing a target is a finding, not an
error: the exit status is 1 only when something fails or a count is wrong.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gc
import logging
import math
import os
import random
import sys
import threading
import time
from collections.abc import Awaitable, Callable, Iterator, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Final

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _ha import BenchHA, run_in_ha_loop, running_home_assistant

TARGET_FIRST_PAGE_P99_MS = 50.0
TARGET_KEYSET_MS = 5.0
TARGET_KEYSET_RATIO = 50.0
TARGET_EXPORT_ROWS_S = 100_000.0
TARGET_EXPORT_RSS_MB = 50.0
TARGET_PURGE_TXN_MS = 250.0

N_USERS = 100
N_DOORS = 5
READERS_PER_DOOR = 4
DAYS_BACK = 730
INSERT_BATCH = 20_000
PAGE = 100
DEEP_PAGE = 1000

log = logging.getLogger("bench")

# (weight, result, reason) — what a busy office's log looks like
OUTCOMES: list[tuple[float, str, str]] = [
    (84.9, "granted", "success"),
    (0.1, "granted", "duress"),
    (5.0, "denied", "unknown_credential"),
    (2.5, "denied", "outside_schedule"),
    (1.2, "denied", "not_authorized"),
    (0.8, "denied", "schedule_day"),
    (0.6, "denied", "cooldown"),
    (0.5, "denied", "expired"),
    (0.4, "denied", "user_disabled"),
    (0.5, "denied", "lockdown"),
    (0.5, "denied", "rule_disabled"),
    (1.2, "held_open", "held_open"),
    (0.6, "forced", "forced_door"),
    (0.7, "error", "action_failed"),
    (0.5, "error", "device_error"),
]
# hour-of-day weights (local time): arrivals, lunch, departures, a little at night
HOUR_WEIGHTS = [
    0.3, 0.2, 0.2, 0.2, 0.3, 0.8, 3, 9, 14, 8, 5, 6,
    10, 9, 5, 5, 7, 11, 7, 3, 1.5, 1, 0.6, 0.4,
]  # fmt: skip


# --- the synthetic log ------------------------------------------------------------------------


class Site:
    """100 users, 5 doors with 4 readers each; users have a home door and favourite readers."""

    def __init__(self, rng: random.Random) -> None:
        self.doors = [
            (f"door-{i}", f"Door {i} ({name})")
            for i, name in enumerate(
                ("Main entrance", "Warehouse", "Server room", "Lab", "Garage"), start=1
            )
        ]
        self.readers = [
            (f"reader-{d}-{k}", f"{name} reader {k}", door_id, name)
            for d, (door_id, name) in enumerate(self.doors, start=1)
            for k in range(1, READERS_PER_DOOR + 1)
        ]
        self.users = [
            (f"user-{n:03d}", f"User {n:03d} {rng.choice(NAMES)}") for n in range(1, N_USERS + 1)
        ]
        # activity skew: a few people badge a lot, most a little (Zipf-like)
        self.user_weights = [1.0 / (1 + n) ** 0.7 for n in range(N_USERS)]
        rng.shuffle(self.user_weights)
        # each user mostly uses a few readers
        self.user_readers = [
            [*rng.sample(range(len(self.readers)), 3), rng.randrange(len(self.readers))]
            for _ in range(N_USERS)
        ]


NAMES = ["Anna", "Ben", "Chloé", "Dmitri", "Eva", "Farid", "Grace", "Hiro", "Ines", "José",
         'Kim "K" Lee', "Lena, R.", "Mats", "Noor", "=SUM(A1)", "Olga"]  # fmt: skip


def generate_rows(
    site: Site, rng: random.Random, n_rows: int, now: datetime, tz: Any
) -> Iterator[dict[str, Any]]:
    """N rows in timestamp order, generated day by day (constant memory, 10M rows are fine)."""
    start_day = (now - timedelta(days=DAYS_BACK)).astimezone(tz).date()
    days = [start_day + timedelta(days=i) for i in range(DAYS_BACK + 1)]
    day_w = [(1.0 if d.weekday() < 5 else 0.25) * rng.uniform(0.8, 1.2) for d in days]
    total_w = sum(day_w)
    outcome_w = [w for w, _, _ in OUTCOMES]
    hours = list(range(24))
    now_ts = now.timestamp()
    emitted = 0
    carry = 0.0
    for i, day in enumerate(days):
        exact = n_rows * day_w[i] / total_w + carry
        count = int(exact)
        carry = exact - count
        if i == len(days) - 1:
            count = n_rows - emitted
        if count <= 0:
            continue
        midnight = datetime(day.year, day.month, day.day, tzinfo=tz).timestamp()
        stamps = sorted(
            midnight + h * 3600 + rng.random() * 3600
            for h in rng.choices(hours, HOUR_WEIGHTS, k=count)
        )
        # the last day is "today": nothing may lie in the future
        stamps = [min(ts, now_ts - 1) for ts in stamps]
        stamps.sort()
        users = rng.choices(range(N_USERS), site.user_weights, k=count)
        outcomes = rng.choices(OUTCOMES, outcome_w, k=count)
        for ts, u, (_, result, reason) in zip(stamps, users, outcomes, strict=True):
            reader = site.readers[rng.choice(site.user_readers[u])]
            row: dict[str, Any] = {
                "ts": ts,
                "user_id": None,
                "user_name": None,
                "device_id": reader[0],
                "device_name": reader[1],
                "door_id": reader[2],
                "door_name": reader[3],
                "access_type": None,
                "result": result,
                "reason": reason,
                "action_details": None,
                "match_score": None,
                "match_status": "off",
                "snapshot": None,
            }
            if result in ("granted", "denied"):
                kind = rng.random()
                row["access_type"] = "rfid" if kind < 0.55 else "pin" if kind < 0.93 else "rex"
                if row["access_type"] != "rex" and reason != "unknown_credential":
                    row["user_id"], row["user_name"] = site.users[u]
                if result == "granted":
                    row["action_details"] = f"Unlocked {reader[3]} for 5 s"
                    if rng.random() < 0.1:
                        row["match_score"] = rng.randint(40, 99)
                        row["match_status"] = "scored"
            elif result == "error":
                row["access_type"] = rng.choice(("pin", "rfid"))
                row["action_details"] = (
                    f"lock.{reader[2].replace('-', '_')} did not respond"
                    if reason == "action_failed"
                    else "Reader offline: serial port closed"
                )
            else:  # door events: no reader, no user
                row["device_id"] = row["device_name"] = None
                if result == "held_open":
                    row["action_details"] = f"Open for {rng.randint(30, 900)} s"
            yield row
        emitted += count


# --- helpers ----------------------------------------------------------------------------------


def pct(values: Sequence[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return math.nan
    k = (len(ordered) - 1) * q
    lo, hi = math.floor(k), math.ceil(k)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def load() -> str:
    """The machine's load average: the figures are only as quiet as the machine."""
    one, five, _ = os.getloadavg()
    return f"load average {one:.1f} / {five:.1f}"


def verdict(ok: bool) -> str:
    return "MET" if ok else "MISSED"


def redact(url: str) -> str:
    from sqlalchemy import make_url

    return make_url(url).render_as_string(hide_password=True)


class RssSampler:
    """Peak VmRSS of this process, sampled in a thread (no psutil)."""

    def __init__(self, interval: float = 0.005) -> None:
        self.interval = interval
        self.peak_kb = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="rss-sampler", daemon=True)

    @staticmethod
    def rss_kb() -> int:
        with Path("/proc/self/status").open(encoding="ascii") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
        return 0

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak_kb = max(self.peak_kb, self.rss_kb())
            self._stop.wait(self.interval)

    def __enter__(self) -> RssSampler:
        self.baseline_kb = self.rss_kb()
        self.peak_kb = self.baseline_kb
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.peak_kb = max(self.peak_kb, self.rss_kb())


async def run_db[T](bench: BenchHA, job: Callable[[Any], T], *, write: bool = False) -> T:
    """Run ``job(session)`` on the recorder's DB executor, as the LogStore does."""
    from homeassistant.helpers.recorder import get_instance, session_scope

    instance = get_instance(bench.hass)

    def work() -> T:
        with session_scope(session=instance.get_session(), read_only=not write) as session:
            return job(session)

    return await instance.async_add_executor_job(work)


async def timed(call: Callable[[], Awaitable[Any]], reps: int) -> list[float]:
    out = []
    for i in range(reps):
        t0 = time.perf_counter()
        await call(i)  # type: ignore[call-arg]
        out.append(time.perf_counter() - t0)
    return out


# --- the phases -------------------------------------------------------------------------------


async def insert_rows(
    bench: BenchHA, site: Site, rng: random.Random, n_rows: int, now: datetime
) -> tuple[float, int]:
    from sqlalchemy import insert

    from custom_components.gem_access.logstore.schema import log_table

    tz = bench.hass.config.time_zone
    from zoneinfo import ZoneInfo

    rows = generate_rows(site, rng, n_rows, now, ZoneInfo(tz))
    stmt = insert(log_table)
    done = 0
    gen_s = 0.0
    db_s = 0.0
    t_start = time.perf_counter()
    while done < n_rows:
        t0 = time.perf_counter()
        batch = [next(rows) for _ in range(min(INSERT_BATCH, n_rows - done))]
        gen_s += time.perf_counter() - t0
        t0 = time.perf_counter()
        await run_db(bench, lambda s, b=batch: s.execute(stmt, b), write=True)
        db_s += time.perf_counter() - t0
        done += len(batch)
        if done % 200_000 < INSERT_BATCH:
            log.info("inserted %d rows", done)
    total = time.perf_counter() - t_start
    print(
        f"  insert: {done:,} rows in {total:.1f} s = {done / total:,.0f} rows/s overall; "
        f"DB time {db_s:.1f} s = {done / db_s:,.0f} rows/s (executemany, {INSERT_BATCH:,} rows "
        f"per transaction, 7+ indexes); row synthesis {gen_s:.1f} s"
    )
    return total, done


async def first_pages(
    bench: BenchHA, site: Site, rng: random.Random, reps: int, now: datetime
) -> list[str]:
    from functools import partial

    from custom_components.gem_access.logstore.queries import count_entries
    from custom_components.gem_access.logstore.rows import LogFilter

    logs = bench.entry.runtime_data.logs
    users = [u for u, _ in site.users]
    rng.shuffle(users)
    readers = [r[0] for r in site.readers]
    doors = [d for d, _ in site.doors]

    def since(i: int, days: int = 7) -> datetime:
        # a slightly different window each time (as "now" moves on)
        return now - timedelta(days=days, minutes=7 * i)

    combos: list[tuple[str, Callable[[int], LogFilter]]] = [
        ("none", lambda i: LogFilter()),
        ("user", lambda i: LogFilter(user_id=users[i % len(users)])),
        ("device", lambda i: LogFilter(device_id=readers[i % len(readers)])),
        ("result=denied", lambda i: LogFilter(result="denied")),
        ("access type", lambda i: LogFilter(access_type=("pin", "rfid", "rex")[i % 3])),
        ("last 7 days", lambda i: LogFilter(start=since(i))),
        (
            "user+result=denied+7 days",
            lambda i: LogFilter(user_id=users[i % len(users)], result="denied", start=since(i)),
        ),
        ("reason=duress", lambda i: LogFilter(reason="duress")),
        ("door", lambda i: LogFilter(door_id=doors[i % len(doors)])),
        # not required by the issue; shapes the panel can produce
        ("result=forced", lambda i: LogFilter(result="forced")),
        (
            "door+result=denied+30 days",
            lambda i: LogFilter(door_id=doors[i % len(doors)], result="denied", start=since(i, 30)),
        ),
        (
            "user+reason=duress",
            lambda i: LogFilter(user_id=users[i % len(users)], reason="duress"),
        ),
        (
            "a past week (start+end)",
            lambda i: LogFilter(start=since(i, 400), end=since(i, 393)),
        ),
        (
            "user+denied, a past week",
            lambda i: LogFilter(
                user_id=users[i % len(users)],
                result="denied",
                start=since(i, 400),
                end=since(i, 393),
            ),
        ),
    ]
    lines = []
    missed = []
    for name, make in combos:
        await logs.async_list(make(reps), PAGE)  # warm (different value)
        counts: list[int] = []

        async def call(
            i: int, make: Callable[[int], LogFilter] = make, counts: list[int] = counts
        ) -> None:
            rows, _ = await logs.async_list(make(i), PAGE)
            counts.append(len(rows))

        times = await timed(call, reps)
        # the page must hold what the table holds: min(PAGE, COUNT(*)) for the same filter
        want = min(PAGE, await run_db(bench, partial(count_entries, filt=make(0))))
        got = counts[0] if reps else want
        if got != want:
            missed.append(f"{name}: page of {got} rows != {want}")
        p50, p99 = pct(times, 0.5) * 1e3, pct(times, 0.99) * 1e3
        required = combos.index((name, make)) < 9
        ok = p99 <= TARGET_FIRST_PAGE_P99_MS
        if required and not ok:
            missed.append(name)
        lines.append(
            f"  {name:<28} p50 {p50:7.2f} ms  p99 {p99:7.2f} ms  max {max(times) * 1e3:7.2f} ms"
            f"  rows/page {min(counts)}-{max(counts)}"
            f"  {'target p99 <= 50 ms: ' + verdict(ok) if required else '(extra)'}"
        )
    print("\n".join(lines))
    return missed


def _offset_query(filt: Any, limit: int, offset: int) -> Any:
    """The same page by OFFSET: same columns, filters and order as queries.list_entries."""
    from custom_components.gem_access.logstore import queries

    stmt = select_rows().order_by(queries._c.id.desc()).limit(limit).offset(offset)
    clauses = queries._filter_clauses(filt)
    return stmt.where(*clauses) if clauses else stmt


def select_rows() -> Any:
    from sqlalchemy import select

    from custom_components.gem_access.logstore import queries

    return select(*queries._ROW_COLUMNS)


async def deep_page(bench: BenchHA, reps: int) -> list[str]:
    from sqlalchemy import select

    from custom_components.gem_access.logstore import queries
    from custom_components.gem_access.logstore.rows import LogFilter, row_to_dict

    logs = bench.entry.runtime_data.logs
    missed = []
    offset = (DEEP_PAGE - 1) * PAGE
    for name, filt in (("none", LogFilter()), ("result=denied", LogFilter(result="denied"))):
        # before_id of page 1,000 = the id of the last row of page 999, computed once
        def boundary(session: Any, filt: Any = filt) -> int | None:
            stmt = select(queries._c.id).order_by(queries._c.id.desc()).offset(offset - 1).limit(1)
            clauses = queries._filter_clauses(filt)
            if clauses:
                stmt = stmt.where(*clauses)
            return session.execute(stmt).scalar()

        before_id = await run_db(bench, boundary)
        if before_id is None:
            lines = f"  page {DEEP_PAGE} ({name}): fewer than {offset:,} rows, skipped"
            print(lines)
            continue

        def by_offset(session: Any, filt: Any = filt) -> list[dict[str, Any]]:
            fetched = session.execute(_offset_query(filt, PAGE + 1, offset)).mappings().all()
            return [row_to_dict(row) for row in fetched[:PAGE]]

        keyset_rows, _ = await logs.async_list(filt, PAGE, before_id)
        offset_rows = await run_db(bench, by_offset)
        same = [r["id"] for r in keyset_rows] == [r["id"] for r in offset_rows]
        # end to end: LogStore.async_list vs the OFFSET query run the same way (executor hop,
        # session, query, row dicts)
        keyset = await timed(lambda i, f=filt, b=before_id: logs.async_list(f, PAGE, b), reps)
        off_reps = max(10, reps // 3)
        by_off = await timed(lambda i: run_db(bench, by_offset), off_reps)

        # the database work alone, timed on the DB worker inside one session each
        def in_worker(
            session: Any, filt: Any = filt, before_id: int = before_id, off_reps: int = off_reps
        ) -> tuple[list[float], list[float]]:
            k, o = [], []
            for _ in range(reps):
                t0 = time.perf_counter()
                queries.list_entries(session, filt, PAGE, before_id)
                k.append(time.perf_counter() - t0)
            for _ in range(off_reps):
                t0 = time.perf_counter()
                by_offset(session)
                o.append(time.perf_counter() - t0)
            return k, o

        # and the two SQL statements alone (fetch all, no row dicts)
        def raw_sql(
            session: Any, filt: Any = filt, before_id: int = before_id, off_reps: int = off_reps
        ) -> tuple[list[float], list[float]]:
            keyset_stmt = (
                select_rows()
                .order_by(queries._c.id.desc())
                .limit(PAGE + 1)
                .where(*queries._filter_clauses(filt), queries._c.id < before_id)
            )
            offset_stmt = _offset_query(filt, PAGE + 1, offset)
            k, o = [], []
            for _ in range(reps):
                t0 = time.perf_counter()
                session.execute(keyset_stmt).all()
                k.append(time.perf_counter() - t0)
            for _ in range(off_reps):
                t0 = time.perf_counter()
                session.execute(offset_stmt).all()
                o.append(time.perf_counter() - t0)
            return k, o

        wk, wo = await run_db(bench, in_worker)
        rk, ro = await run_db(bench, raw_sql)
        rk50, ro50 = pct(rk, 0.5) * 1e3, pct(ro, 0.5) * 1e3
        k50, k99 = pct(keyset, 0.5) * 1e3, pct(keyset, 0.99) * 1e3
        o50, o99 = pct(by_off, 0.5) * 1e3, pct(by_off, 0.99) * 1e3
        wk50, wk99 = pct(wk, 0.5) * 1e3, pct(wk, 0.99) * 1e3
        wo50, wo99 = pct(wo, 0.5) * 1e3, pct(wo, 0.99) * 1e3
        ratio = o50 / k50
        wratio = wo50 / wk50
        ok_ms = k99 <= TARGET_KEYSET_MS
        ok_ratio = ratio >= TARGET_KEYSET_RATIO
        if not (ok_ms and ok_ratio):
            missed.append(f"page {DEEP_PAGE} {name}")
        print(
            f"  page {DEEP_PAGE:,} ({name}, rows {offset + 1:,}-{offset + PAGE:,}; same rows both ways: {same})\n"
            f"    end to end (LogStore.async_list / the OFFSET query on the same executor, session, row dicts):\n"
            f"      keyset before_id={before_id}: p50 {k50:6.2f} ms  p99 {k99:6.2f} ms ({reps} reps)"
            f"  target p99 <= {TARGET_KEYSET_MS:g} ms: {verdict(ok_ms)}\n"
            f"      OFFSET {offset:,}:            p50 {o50:6.2f} ms  p99 {o99:6.2f} ms ({off_reps} reps)\n"
            f"      ratio OFFSET/keyset (p50): {ratio:,.1f}x  target >= {TARGET_KEYSET_RATIO:g}x: {verdict(ok_ratio)}\n"
            f"    database work alone (timed on the DB worker: queries.list_entries vs the OFFSET query, both with row dicts):\n"
            f"      keyset p50 {wk50:6.3f} ms  p99 {wk99:6.3f} ms;  OFFSET p50 {wo50:6.2f} ms  p99 {wo99:6.2f} ms;"
            f"  ratio (p50) {wratio:,.1f}x  {'(>= 50x)' if wratio >= TARGET_KEYSET_RATIO else '(< 50x)'}\n"
            f"    the SQL statements alone (execute + fetch, no row dicts): keyset p50 {rk50:6.3f} ms;"
            f"  OFFSET p50 {ro50:6.2f} ms;  ratio {ro50 / rk50:,.1f}x"
        )
        if not same:
            missed.append(f"page {DEEP_PAGE} {name}: keyset and OFFSET disagree")
    return missed


async def export_csv(bench: BenchHA, expected_rows: int) -> list[str]:
    import aiohttp
    from homeassistant.auth.const import GROUP_ID_ADMIN
    from homeassistant.auth.models import TOKEN_TYPE_LONG_LIVED_ACCESS_TOKEN

    hass = bench.hass
    user = await hass.auth.async_create_user("Bench admin", group_ids=[GROUP_ID_ADMIN])
    refresh = await hass.auth.async_create_refresh_token(
        user,
        client_name="bench/log.py",
        token_type=TOKEN_TYPE_LONG_LIVED_ACCESS_TOKEN,
        access_token_expiration=timedelta(days=1),
    )
    token = hass.auth.async_create_access_token(refresh)
    url = f"http://127.0.0.1:{hass.http.server_port}/api/gem_access/log.csv"
    missed = []
    async with aiohttp.ClientSession() as client:
        # warm-up (and auth check) on a small range
        async with client.get(
            url, params={"result": "forced"}, headers={"Authorization": f"Bearer {token}"}
        ) as resp:
            if resp.status != 200:
                raise RuntimeError(f"export returned HTTP {resp.status}: {await resp.text()}")
            await resp.read()
        nbytes = 0
        newlines = 0
        with RssSampler() as rss:
            t0 = time.perf_counter()
            first_byte = None
            async with client.get(url, headers={"Authorization": f"Bearer {token}"}) as resp:
                async for chunk in resp.content.iter_chunked(1 << 16):
                    if first_byte is None:
                        first_byte = time.perf_counter() - t0
                    nbytes += len(chunk)
                    newlines += chunk.count(b"\n")
            elapsed = time.perf_counter() - t0
    # no synthetic value contains a line break, so line ends = header + rows
    rows = newlines - 1
    rate = rows / elapsed
    growth_mb = (rss.peak_kb - rss.baseline_kb) / 1024
    ok_rate = rate >= TARGET_EXPORT_ROWS_S
    ok_rss = growth_mb <= TARGET_EXPORT_RSS_MB
    if not ok_rate:
        missed.append("export rows/s")
    if not ok_rss:
        missed.append("export RSS")
    print(
        f"  export: {rows:,} rows ({nbytes / 1e6:,.1f} MB) in {elapsed:.2f} s, first byte after "
        f"{(first_byte or 0) * 1e3:.0f} ms\n"
        f"    {rate:,.0f} rows/s  target >= {TARGET_EXPORT_ROWS_S:,.0f}: {verdict(ok_rate)}\n"
        f"    peak RSS growth {growth_mb:.1f} MB (VmRSS {rss.baseline_kb / 1024:.0f} -> peak "
        f"{rss.peak_kb / 1024:.0f} MB, sampled every 5 ms; client in the same process)"
        f"  target <= {TARGET_EXPORT_RSS_MB:g} MB: {verdict(ok_rss)}"
    )
    if rows != expected_rows:
        missed.append(f"export row count {rows} != {expected_rows}")
        print(f"    ROW COUNT MISMATCH: {rows:,} exported, {expected_rows:,} in the table")
    return missed


async def purge_half(bench: BenchHA, n_rows: int) -> tuple[list[str], int]:
    from sqlalchemy import func, select

    from custom_components.gem_access.logstore import queries
    from custom_components.gem_access.logstore.schema import log_table
    from custom_components.gem_access.logstore.store import _timed_delete_batch

    logs = bench.entry.runtime_data.logs
    c = log_table.c
    median_ts = await run_db(
        bench,
        lambda s: s.execute(select(c.ts).order_by(c.id).offset(n_rows // 2).limit(1)).scalar(),
    )
    now = datetime.now(UTC)
    keep_days = max(0, round((now.timestamp() - median_ts) / 86400))
    expected = await run_db(
        bench,
        lambda s: s.execute(
            select(func.count())
            .select_from(log_table)
            .where(c.ts < now.timestamp() - keep_days * 86400)
        ).scalar(),
    )

    # time every write transaction of the store: session creation -> job -> commit, on the worker
    txn_s: list[float] = []
    stmt_s: list[float] = []
    original_run = logs._run_in_session
    original_batch = queries.delete_batch

    txn_spans: list[tuple[float, float]] = []

    def run_in_session(job: Any, read_only: bool) -> Any:
        t0 = time.perf_counter()
        try:
            return original_run(job, read_only)
        finally:
            # the purge's batches, not the access events written meanwhile
            if not read_only and getattr(job, "func", None) is _timed_delete_batch:
                t1 = time.perf_counter()
                txn_s.append(t1 - t0)
                txn_spans.append((t0, t1))

    slowest: list[tuple[float, int, int]] = []

    def delete_batch(session: Any, cutoff_ts: float, batch_size: int) -> int:
        t0 = time.perf_counter()
        try:
            return original_batch(session, cutoff_ts, batch_size)
        finally:
            stmt_s.append(time.perf_counter() - t0)
            slowest.append((stmt_s[-1], len(stmt_s), batch_size))

    # an access event every 50 ms through the product's own insert, as a door would write
    # during a nightly purge: how long does it wait behind the purge?
    insert_s: list[float] = []

    async def access_events() -> None:
        from custom_components.gem_access.logstore.rows import NewLogEntry

        while True:
            entry = NewLogEntry(
                timestamp=datetime.now(UTC),
                result="granted",
                reason="success",
                access_type="pin",
                device_id="bench-door-during-purge",
            )
            t_insert = time.perf_counter()
            await logs.async_insert(entry)
            insert_s.append(time.perf_counter() - t_insert)
            await asyncio.sleep(0.05)

    # Python's garbage collector stops every thread, the one holding the write lock included:
    # its pauses are printed beside the transactions they may have lengthened
    gc_pauses: list[tuple[float, int]] = []
    gc_spans: list[tuple[float, float]] = []
    gc_started = [0.0]

    def gc_timer(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            gc_started[0] = time.perf_counter()
        else:
            now_s = time.perf_counter()
            gc_pauses.append((now_s - gc_started[0], info["generation"]))
            gc_spans.append((gc_started[0], now_s))

    logs._run_in_session = run_in_session
    queries.delete_batch = delete_batch
    gc.callbacks.append(gc_timer)
    writer = asyncio.create_task(access_events())
    try:
        t0 = time.perf_counter()
        deleted = await logs.async_delete_old(keep_days, now)
        total = time.perf_counter() - t0
    finally:
        writer.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await writer
        gc.callbacks.remove(gc_timer)
        del logs._run_in_session
        queries.delete_batch = original_batch
    longest = max(txn_s) * 1e3 if txn_s else math.nan
    ok = longest <= TARGET_PURGE_TXN_MS
    print(
        f"  purge keep_days={keep_days}: {deleted:,} rows deleted (expected {expected:,}) in "
        f"{total:.2f} s = {deleted / total:,.0f} rows/s, {len(txn_s)} time-boxed transactions "
        f"(first {queries.DELETE_BATCH_SIZE:,} rows, aiming at "
        f"{queries.PURGE_BATCH_TARGET_S * 1e3:.0f} ms each)\n"
        f"    longest transaction {longest:.1f} ms (p50 {pct(txn_s, 0.5) * 1e3:.1f} ms; DELETE "
        f"statements alone max {max(stmt_s) * 1e3:.1f} ms)  target <= {TARGET_PURGE_TXN_MS:g} ms: "
        f"{verdict(ok)}"
    )
    slowest.sort(reverse=True)
    print(
        "    slowest batches (ms, batch number, rows): "
        + ", ".join(f"{t * 1e3:.0f} ms #{i} {size:,}" for t, i, size in slowest[:5])
    )
    if gc_pauses:
        worst = max(gc_pauses)
        print(
            f"    garbage collections meanwhile: {len(gc_pauses):,}, longest {worst[0] * 1e3:.1f} ms "
            f"(generation {worst[1]}), {sum(1 for _, g in gc_pauses if g == 2)} of generation 2"
        )
        # A collection stops every Python thread (the recorder's and our inserts' too): the time
        # the purge itself holds the write lock is each transaction less the pauses inside it.
        own = [
            (end - start) - sum(max(0.0, min(end, g1) - max(start, g0)) for g0, g1 in gc_spans)
            for start, end in txn_spans
        ]
        own_longest = max(own, default=0.0) * 1e3
        print(
            f"    longest transaction less the collector's pauses inside it {own_longest:.1f} ms  "
            f"target <= {TARGET_PURGE_TXN_MS:g} ms: {verdict(own_longest <= TARGET_PURGE_TXN_MS)}"
        )
    if insert_s:
        print(
            f"    {len(insert_s):,} access events written meanwhile (one per 50 ms): insert p50 "
            f"{pct(insert_s, 0.5) * 1e3:.1f} ms  p99 {pct(insert_s, 0.99) * 1e3:.1f} ms  "
            f"max {max(insert_s) * 1e3:.1f} ms"
        )
    missed = [] if ok else ["purge transaction"]
    if deleted != expected:
        missed.append(f"purge count {deleted} != {expected}")
    return missed, deleted


# --- Reports: rollup backfill, log/stats, log/flags (issue 10) ----------------------------------

TARGET_STATS_90D_P99_MS = 50.0
TARGET_STATS_2Y_P99_MS = 200.0


async def stats_and_flags(bench: BenchHA, site: Site, reps: int, now: datetime) -> list[str]:
    """Time log/stats and log/flags over the rollup the backfill after the insert filled.

    Stats and flags run through ``LogStore.async_run_read`` as the websocket commands do.
    """
    from functools import partial
    from zoneinfo import ZoneInfo

    from sqlalchemy import func, select

    from custom_components.gem_access.core.models import DEFAULT_SETTINGS
    from custom_components.gem_access.logstore import flags, queries, stats
    from custom_components.gem_access.logstore.rows import LogFilter
    from custom_components.gem_access.logstore.schema import pairs_table, rollup_table

    logs = bench.entry.runtime_data.logs
    tz = ZoneInfo(bench.hass.config.time_zone)

    def sizes(session: Any) -> tuple[int, int]:
        return tuple(  # type: ignore[return-value]
            int(session.execute(select(func.count()).select_from(table)).scalar() or 0)
            for table in (rollup_table, pairs_table)
        )

    rollup_rows, pair_rows = await run_db(bench, sizes)
    print(f"  rollup: {rollup_rows:,} rows; pairs: {pair_rows:,} rows")

    users = [u for u, _ in site.users]
    readers = [r[0] for r in site.readers]
    doors = [d for d, _ in site.doors]
    # the configured names, as the websocket command passes them (rows of people and readers
    # no longer configured take the name on their newest row instead)
    names = {
        "user_id": {u: name for u, name in site.users},
        "device_id": {r[0]: r[1] for r in site.readers},
    }
    combos: list[tuple[str, Callable[[int], dict[str, str]]]] = [
        ("none", lambda i: {}),
        ("device", lambda i: {"device_id": readers[i % len(readers)]}),
        ("result=denied", lambda i: {"result": "denied"}),
        ("door+result=denied", lambda i: {"door_id": doors[i % len(doors)], "result": "denied"}),
        ("user (log table)", lambda i: {"user_id": users[i % len(users)]}),
        (
            "user+reason (log table)",
            lambda i: {"user_id": users[i % len(users)], "reason": "outside_schedule"},
        ),
    ]
    missed: list[str] = []
    for days, bucket, target in (
        (90, "day", TARGET_STATS_90D_P99_MS),
        (730, "day", TARGET_STATS_2Y_P99_MS),
        (730, "week", TARGET_STATS_2Y_P99_MS),
    ):
        for name, make in combos:

            def job(i: int, make: Any = make, days: int = days, bucket: str = bucket) -> Any:
                # the panel's quick ranges end now; a minute apart each time, as "now" moves on
                end = now - timedelta(minutes=i)
                filt = LogFilter(**make(i), start=end - timedelta(days=days), end=end)
                return logs.async_run_read(
                    partial(
                        stats.compute_stats, filt=filt, bucket=bucket, tz=tz, now=now, names=names
                    )
                )

            await job(reps)  # warm
            times = await timed(job, reps)
            p50, p99 = pct(times, 0.5) * 1e3, pct(times, 0.99) * 1e3
            required = "log table" not in name
            ok = p99 <= target
            if required and not ok:
                missed.append(f"stats {days} d {name}")
            print(
                f"  stats {days:>3} d by {bucket:<4} {name:<24} p50 {p50:7.2f} ms  p99 {p99:7.2f} ms"
                f"  {f'target p99 <= {target:g} ms: ' + verdict(ok) if required else '(fallback, no target)'}",
                flush=True,
            )

    # exactness at scale: the 90-day totals equal a COUNT on the log table
    filt = LogFilter(start=now - timedelta(days=90), end=now)
    reply = await logs.async_run_read(
        partial(stats.compute_stats, filt=filt, bucket="day", tz=tz, now=now)
    )
    counted = await run_db(bench, partial(queries.count_entries, filt=filt))
    total = sum(reply["totals"].values())
    print(
        f"  90-day totals {total:,} vs COUNT(*) {counted:,}: {'equal' if total == counted else 'DIFFER'}"
    )
    if total != counted:
        missed.append(f"stats total {total} != {counted}")

    settings = dict(DEFAULT_SETTINGS)
    for days in (1, 7):

        def flag_job(i: int, days: int = days) -> Any:
            end = now - timedelta(minutes=i)
            return logs.async_run_read(
                partial(
                    flags.compute_flags,
                    start=(end - timedelta(days=days)).timestamp(),
                    end=end.timestamp(),
                    settings=settings,
                    tz=tz,
                )
            )

        found = await flag_job(reps)
        times = await timed(flag_job, reps)
        p50, p99 = pct(times, 0.5) * 1e3, pct(times, 0.99) * 1e3
        print(
            f"  flags over {days} d: p50 {p50:7.2f} ms  p99 {p99:7.2f} ms  ({len(found)} flags;"
            f" {', '.join(sorted({f['kind'] for f in found}))})"
        )
    return missed


async def backfill(bench: BenchHA) -> str:
    """Count every row into the derived tables in the product's own short transactions."""
    from custom_components.gem_access.logstore import rollup

    await run_db(bench, lambda s: rollup.start_backfill(s.connection()), write=True)
    return f"backfill of the rollup, pairs, last-seen and hour-bounds tables {await timed_backfill(bench)}"


async def timed_backfill(bench: BenchHA) -> str:
    """Run the store's own background recount, timing each of its transactions."""
    logs = bench.entry.runtime_data.logs
    txn_s: list[float] = []
    original_run = logs._run_in_session

    def run_in_session(job: Any, read_only: bool) -> Any:
        t_job = time.perf_counter()
        try:
            return original_run(job, read_only)
        finally:
            if not read_only:
                txn_s.append(time.perf_counter() - t_job)

    logs._run_in_session = run_in_session
    t0 = time.perf_counter()
    try:
        await logs.async_backfill()
    finally:
        del logs._run_in_session
    return (
        f"(the migration's background job): {time.perf_counter() - t0:.1f} s in {len(txn_s):,} "
        f"time-boxed transactions, longest {max(txn_s, default=0) * 1e3:.0f} ms "
        f"(p50 {pct(txn_s, 0.5) * 1e3:.0f} ms)"
    )


async def finish_migration(bench: BenchHA) -> str:
    """Wait for the store's background recount after a schema migration, if one runs."""
    from custom_components.gem_access.logstore import rollup

    if await run_db(bench, rollup.backfill_pending) is None:
        return "no migration (the saved log has the current schema)"
    return f"migrated: the background recount of every row {await timed_backfill(bench)}"


async def db_info(bench: BenchHA) -> str:
    from sqlalchemy import text

    def read(session: Any) -> str:
        conn = session.connection()
        if conn.dialect.name == "sqlite":
            mode = conn.execute(text("PRAGMA journal_mode")).scalar()
            sync = conn.execute(text("PRAGMA synchronous")).scalar()
            cache = conn.execute(text("PRAGMA cache_size")).scalar()
            version = conn.execute(text("select sqlite_version()")).scalar()
            return f"SQLite {version}, journal_mode={mode}, synchronous={sync}, cache_size={cache}"
        if conn.dialect.name == "mysql":
            version = conn.execute(text("select version()")).scalar()
            pool = conn.execute(text("select @@innodb_buffer_pool_size")).scalar()
            return f"MySQL/MariaDB {version}, innodb_buffer_pool_size={int(pool) >> 20} MB"
        version = conn.execute(text("show server_version")).scalar()
        return f"{conn.dialect.name} {version}"

    return await run_db(bench, read)


async def table_size(bench: BenchHA) -> str:
    from sqlalchemy import text

    def read(session: Any) -> str:
        conn = session.connection()
        if conn.dialect.name == "sqlite":
            pages = conn.execute(text("PRAGMA page_count")).scalar()
            size = conn.execute(text("PRAGMA page_size")).scalar()
            return f"database file {pages * size / 1e6:,.0f} MB"
        if conn.dialect.name == "mysql":
            size = conn.execute(
                text(
                    "select data_length + index_length from information_schema.tables"
                    " where table_schema = database() and table_name = 'gem_access_log'"
                )
            ).scalar()
        else:
            size = conn.execute(text("select pg_total_relation_size('gem_access_log')")).scalar()
        return f"table + indexes {int(size or 0) / 1e6:,.0f} MB"

    return await run_db(bench, read)


PHASES: Final = ("pages", "deep", "export", "stats", "purge")


async def run(args: argparse.Namespace) -> int:
    from homeassistant.helpers.recorder import get_instance

    rng = random.Random(args.seed)
    site = Site(rng)
    db_url = None if args.db == "sqlite" else args.db
    phases = set(args.phases.split(",")) if args.phases else set(PHASES)
    if unknown := phases - set(PHASES):
        raise SystemExit(f"unknown phases {sorted(unknown)}; choose from {', '.join(PHASES)}")
    t_all = time.perf_counter()
    missed: list[str] = []
    async with running_home_assistant(
        db_url, keep_dir=args.keep, sqlite_copy_of=args.from_db
    ) as bench:
        print(f"bench/log.py: {args.rows:,} rows on {redact(bench.db_url)}")
        print(
            f"  {await db_info(bench)}; {os.cpu_count()} CPUs; Python {sys.version.split()[0]}; {load()}"
        )
        from custom_components.gem_access.logstore.schema import SCHEMA_VERSION

        print(f"  Access Log schema version {SCHEMA_VERSION}")
        now = datetime.now(UTC)

        if args.from_db is None:
            print("\n[1] bulk insert")
            _, n = await insert_rows(bench, site, rng, args.rows, now)
            # let the recorder settle (its own commit) before measuring
            await get_instance(bench.hass).async_block_till_done()
            # the rows went straight into the table: count them into the rollup, last-seen
            # and hour-bounds tables as the v2/v3 -> v4 migration's background job does
            print(f"  {await backfill(bench)}")
        else:
            n = await run_db(bench, _row_count)
            print(f"\n[1] {n:,} rows from {args.from_db} (no insert)")
            if args.rows != n:
                print(f"  note: --rows {args.rows:,} ignored")
            # a log saved by an older schema was migrated at start: wait for its background
            # recount (the product's own job) before measuring
            print(f"  {await finish_migration(bench)}")
            # the saved log was made some time ago: measure as of its newest row
            newest = await run_db(bench, _newest_ts)
            now = datetime.fromtimestamp(newest, UTC) + timedelta(minutes=1)
        print(f"  {await table_size(bench)}")

        if "pages" in phases:
            print(
                f"\n[2] first page (limit {PAGE}) through LogStore.async_list, {args.reps} reps each ({load()})"
            )
            missed += await first_pages(bench, site, rng, args.reps, now)

        if "deep" in phases:
            print(f"\n[3] page {DEEP_PAGE:,} (limit {PAGE}): keyset vs OFFSET ({load()})")
            missed += await deep_page(bench, args.reps)

        if "export" in phases:
            print(f"\n[4] CSV export of every row through GET /api/gem_access/log.csv ({load()})")
            missed += await export_csv(bench, n)

        if "stats" in phases:
            print(f"\n[4b] Reports: rollup backfill, log/stats and log/flags ({load()})")
            missed += await stats_and_flags(bench, site, args.reps, now)

        if args.save_db is not None:
            await get_instance(bench.hass).async_block_till_done()
            path = Path(bench.db_url.removeprefix("sqlite:///"))
            await bench.hass.async_add_executor_job(_sqlite_backup, path, args.save_db)
            print(f"\n  saved the log to {args.save_db} (reuse with --from-db)")

        if "purge" in phases:
            print(f"\n[5] purge about half the rows through LogStore.async_delete_old ({load()})")
            purge_missed, _ = await purge_half(bench, n)
            missed += purge_missed
    print(f"\ntotal {time.perf_counter() - t_all:.0f} s")
    if missed:
        print("MISSED: " + "; ".join(missed))
    else:
        print("all targets MET")
    failed = [m for m in missed if "!=" in m or "disagree" in m]
    return 1 if failed else 0


def _sqlite_backup(source: Path, target: Path) -> None:
    """A consistent copy through SQLite's backup API (a file copy would miss the WAL's pages)."""
    import sqlite3

    target.unlink(missing_ok=True)
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    dst.close()
    src.close()


def _row_count(session: Any) -> int:
    from sqlalchemy import func, select

    from custom_components.gem_access.logstore.schema import log_table

    return int(session.execute(select(func.count()).select_from(log_table)).scalar() or 0)


def _newest_ts(session: Any) -> float:
    from sqlalchemy import func, select

    from custom_components.gem_access.logstore.schema import log_table

    return float(session.execute(select(func.max(log_table.c.ts))).scalar())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument(
        "--db",
        default="sqlite",
        help="sqlite (a fresh file in a temp dir) or a database URL (use an empty database)",
    )
    parser.add_argument("--reps", type=int, default=30, help="repetitions per latency figure")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", action="store_true", help="keep the temporary config dir")
    parser.add_argument(
        "--phases", help=f"comma-separated subset of {','.join(PHASES)} (default: all)"
    )
    parser.add_argument(
        "--save-db",
        type=Path,
        help="SQLite only: copy the database here before the purge (after the rollup backfill)",
    )
    parser.add_argument(
        "--from-db",
        type=Path,
        help="SQLite only: start from a copy of a log saved with --save-db instead of inserting",
    )
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args()
    if args.reps < 30:
        print("note: fewer than 30 repetitions; p99 is then close to the max", file=sys.stderr)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    logging.getLogger("bench").setLevel(logging.INFO)
    return run_in_ha_loop(lambda: run(args))


if __name__ == "__main__":
    sys.exit(main())
