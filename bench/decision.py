"""Decision and committed-call latency of ``gem_access.present_credential`` on a real Home Assistant.

    .venv/bin/python bench/decision.py [--calls 10000] [--db sqlite|postgresql://user:pw@host/db]
                                       [--actuator template|none] [--rate 0] [--commit-interval 1]
                                       [--seed 1] [--profile [--profile-out FILE]] [--keep]

What it does (see bench/README.md for the reasoning):
1. starts a real HA core in this process (bench/_ha.py): recorder on an on-disk SQLite file
   (WAL, the recorder's defaults; commit_interval 1 unless --commit-interval) or on the
   PostgreSQL database given, http on 127.0.0.1, gem_access set up through its config flow;
2. creates through ``entry.runtime_data.config.async_create``: 25 doors (each with a template
   lock on an input_boolean, or no actuator with ``--actuator none``; no door contacts),
   50 readers (2 per door), 1,000 users with 3,000 credentials (2 PINs + 1 card each, unique),
   100 rules (2-4 readers, ~50 users, schedules: 24/7, office hours, weekends, overnight
   22:00-06:00, two shifts); ``cooldown_failures`` is set to 0 (no reader cooldown) so the 15 %
   unknown credentials do not lock readers — that path is then never measured;
3. sends N ``present_credential`` calls through ``hass.services.async_call(...,
   blocking=True, return_response=True)``, one after another: ~80 % valid PINs/cards of users
   whose rule covers the reader now (granted), ~15 % unknown PINs/cards, ~5 % exit requests,
   spread over all readers;
4. prints p50/p90/p99/max of the decision alone (``controller.timing.decision_s``) and of the
   whole call until it returned (the row is committed by then), a breakdown of where the call's
   time goes, throughput, the result mix and a row count read through an independent DB
   connection. Exit status 1 if any row is missing or a call failed; missing a target is
   reported, not an error.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import io
import logging
import os
import platform
import pstats
import random
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _ha import DOMAIN, BenchHA, run_in_ha_loop, running_home_assistant

TARGET_DECISION_P99_MS = 2.0
TARGET_CALL_P99_MS = 20.0

N_DOORS = 25
READERS_PER_DOOR = 2
N_USERS = 1000
N_RULES = 100
USERS_PER_RULE = 50
SPOT_CHECKS = 20
DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]

# (weight, schedule) — a realistic site: many always-on rules, office hours, weekends, night shifts
SCHEDULES: list[tuple[int, list[dict[str, Any]]]] = [
    (30, []),
    (25, [{"days": DAYS[:5], "start": "07:00", "end": "19:00"}]),
    (10, [{"days": ["sat", "sun"], "start": "09:00", "end": "17:00"}]),
    (15, [{"days": DAYS, "start": "22:00", "end": "06:00"}]),  # overnight
    (
        10,
        [
            {"days": DAYS[:5], "start": "06:00", "end": "14:00"},
            {"days": DAYS[:5], "start": "14:00", "end": "22:00"},
        ],
    ),
    (10, [{"days": ["fri", "sat"], "start": "20:00", "end": "02:00"}]),  # overnight, weekend
]

log = logging.getLogger("bench")


# --- the site --------------------------------------------------------------------------------


@dataclass
class Person:
    id: str
    pins: list[str]
    card: str
    eligible: bool  # enabled and within validity: may be used for "valid" calls


@dataclass
class Site:
    doors: list[str] = field(default_factory=list)
    readers: list[str] = field(default_factory=list)
    people: dict[str, Person] = field(default_factory=dict)
    rules: list[dict[str, Any]] = field(default_factory=list)
    creation_s: dict[str, float] = field(default_factory=dict)


def template_lock_config() -> dict[str, Any]:
    """25 template locks, each backed by an input_boolean: an in-memory, instant actuator."""
    return {
        "input_boolean": {
            f"bench_door_{i:02d}_unlocked": {"name": f"Bench door {i:02d} unlocked"}
            for i in range(1, N_DOORS + 1)
        },
        "lock": [
            {
                "platform": "template",
                "name": f"Bench door {i:02d}",
                "value_template": (
                    f"{{{{ not is_state('input_boolean.bench_door_{i:02d}_unlocked', 'on') }}}}"
                ),
                "lock": {
                    "action": "input_boolean.turn_off",
                    "target": {"entity_id": f"input_boolean.bench_door_{i:02d}_unlocked"},
                },
                "unlock": {
                    "action": "input_boolean.turn_on",
                    "target": {"entity_id": f"input_boolean.bench_door_{i:02d}_unlocked"},
                },
            }
            for i in range(1, N_DOORS + 1)
        ],
    }


async def build_site(bench: BenchHA, rng: random.Random, actuator: str) -> Site:
    """Create everything through the integration's own ConfigStore API (validated, hashed)."""
    config = bench.entry.runtime_data.config
    site = Site()

    t0 = time.perf_counter()
    await config.async_update_settings({"cooldown_failures": 0})
    for i in range(1, N_DOORS + 1):
        fields: dict[str, Any] = {"name": f"Door {i:02d}", "strike_time_s": 5}
        if actuator == "template":
            fields["actuator_entity_id"] = f"lock.bench_door_{i:02d}"
        site.doors.append((await config.async_create("doors", fields))["id"])
    site.creation_s["25 doors"] = time.perf_counter() - t0

    t0 = time.perf_counter()
    for door_id in site.doors:
        for side in ("in", "out")[:READERS_PER_DOOR]:
            # exit devices: the plan sends REX at random readers and expects it granted
            record = await config.async_create(
                "devices",
                {"name": f"{door_id} reader {side}", "door_id": door_id, "rex_allowed": True},
            )
            site.readers.append(record["id"])
    site.creation_s["50 readers"] = time.perf_counter() - t0

    pins = [str(p) for p in rng.sample(range(100_000, 1_000_000), 2 * N_USERS)]
    cards = [str(c) for c in rng.sample(range(1_000_000_000, 10_000_000_000), N_USERS)]
    today = datetime.now().date()
    t0 = time.perf_counter()
    for n in range(N_USERS):
        fields = {
            "name": f"User {n + 1:04d}",
            "pins": pins[2 * n : 2 * n + 2],
            "rfid_cards": [cards[n]],
        }
        eligible = True
        if n % 50 == 7:  # 2 % disabled
            fields["enabled"] = False
            eligible = False
        elif n % 50 == 13:  # 2 % expired
            fields["valid_until"] = (today - timedelta(days=30)).isoformat()
            eligible = False
        elif n % 10 == 3:  # 10 % contractors with a validity period around today
            fields["valid_from"] = (today - timedelta(days=60)).isoformat()
            fields["valid_until"] = (today + timedelta(days=60)).isoformat()
        record = await config.async_create("users", fields)
        site.people[record["id"]] = Person(
            record["id"], fields["pins"], fields["rfid_cards"][0], eligible
        )
    site.creation_s["1000 users / 3000 credentials"] = time.perf_counter() - t0

    weights = [w for w, _ in SCHEDULES]
    user_ids = list(site.people)
    t0 = time.perf_counter()
    for n in range(N_RULES):
        schedule = rng.choices([s for _, s in SCHEDULES], weights)[0]
        doors = rng.sample(range(N_DOORS), rng.choice((1, 1, 2)))
        device_ids = [
            site.readers[d * READERS_PER_DOOR + k] for d in doors for k in range(READERS_PER_DOOR)
        ]
        members = rng.sample(user_ids, USERS_PER_RULE + rng.randint(-10, 10))
        record = await config.async_create(
            "rules",
            {
                "name": f"Rule {n + 1:03d}",
                "device_ids": device_ids,
                "user_ids": members,
                "schedule": schedule,
                **({"held_open_threshold_sec": 30} if n % 4 == 0 else {}),
            },
        )
        site.rules.append(record)
    site.creation_s["100 rules"] = time.perf_counter() - t0
    await bench.hass.async_block_till_done()
    return site


# --- the calls -------------------------------------------------------------------------------


def _minutes(value: str) -> int:
    hours, minutes = value.split(":")
    return int(hours) * 60 + int(minutes)


def window_allows(schedule: Sequence[dict[str, Any]], local: datetime) -> bool:
    """Independent re-implementation of weekly windows (overnight = end before start)."""
    if not schedule:
        return True
    today, minute = DAYS[local.weekday()], local.hour * 60 + local.minute
    yesterday = DAYS[(local.weekday() - 1) % 7]
    for window in schedule:
        start, end = _minutes(window["start"]), _minutes(window["end"])
        if end > start:
            if today in window["days"] and start <= minute < end:
                return True
        else:
            if today in window["days"] and minute >= start:
                return True
            if yesterday in window["days"] and minute < end:
                return True
    return False


@dataclass(frozen=True, slots=True)
class Call:
    kind: str  # valid | unknown | rex
    data: dict[str, Any]


def plan_calls(site: Site, rng: random.Random, n_calls: int, tz: Any) -> list[Call]:
    """~80 % valid (granted), ~15 % unknown, ~5 % exit requests, over all readers, shuffled."""
    now = datetime.now(tz)
    # a rule counts as open if it is open now and still in 15 minutes (no flip during the run)
    open_rules = [
        r
        for r in site.rules
        if window_allows(r["schedule"], now)
        and window_allows(r["schedule"], now + timedelta(minutes=15))
    ]
    combos = [
        (uid, reader)
        for r in open_rules
        for uid in r["user_ids"]
        if site.people[uid].eligible
        for reader in r["device_ids"]
    ]
    if not combos:
        raise SystemExit("no rule is open now; cannot plan granted calls")
    known_pins = {p for person in site.people.values() for p in person.pins}
    known_cards = {person.card for person in site.people.values()}
    n_rex = round(n_calls * 0.05)
    n_unknown = round(n_calls * 0.15)
    n_valid = n_calls - n_rex - n_unknown
    calls: list[Call] = []
    for _ in range(n_valid):
        uid, reader = rng.choice(combos)
        person = site.people[uid]
        if rng.random() < 0.55:
            data = {"device_id": reader, "access_type": "rfid", "credential": person.card}
        else:
            data = {
                "device_id": reader,
                "access_type": "pin",
                "credential": rng.choice(person.pins),
            }
        calls.append(Call("valid", data))
    for _ in range(n_unknown):
        reader = rng.choice(site.readers)
        if rng.random() < 0.5:
            while (pin := str(rng.randrange(100_000, 1_000_000))) in known_pins:
                pass
            data = {"device_id": reader, "access_type": "pin", "credential": pin}
        else:
            while (card := str(rng.randrange(1_000_000_000, 10_000_000_000))) in known_cards:
                pass
            data = {"device_id": reader, "access_type": "rfid", "credential": card}
        calls.append(Call("unknown", data))
    for _ in range(n_rex):
        calls.append(Call("rex", {"device_id": rng.choice(site.readers), "access_type": "rex"}))
    rng.shuffle(calls)
    return calls


EXPECTED = {
    "valid": ("granted", "success"),
    "unknown": ("denied", "unknown_credential"),
    "rex": ("granted", "success"),
}


# --- instrumentation (bench-side wrappers on the instances; product code unchanged) -----------


@dataclass
class Probes:
    insert_s: float = 0.0  # await logs.async_insert: write lock + executor hop + DB work
    db_s: float = 0.0  # inside the DB worker thread: session, INSERT, COMMIT
    action_s: float = 0.0  # await controller._async_carry_out (unlock the door)


def install_probes(controller: Any) -> Probes:
    probes = Probes()
    logs = controller.logs
    orig_insert = logs.async_insert
    orig_run: Any = getattr(logs, "_run_in_session", None)
    orig_carry: Any = getattr(controller, "_async_carry_out", None)

    async def async_insert(entry: Any) -> Any:
        t0 = time.perf_counter()
        try:
            return await orig_insert(entry)
        finally:
            probes.insert_s = time.perf_counter() - t0

    def run_in_session(job: Callable[..., Any], read_only: bool) -> Any:
        t0 = time.perf_counter()
        try:
            return orig_run(job, read_only)
        finally:
            if not read_only:
                probes.db_s = time.perf_counter() - t0

    async def carry_out(*args: Any, **kwargs: Any) -> Any:
        t0 = time.perf_counter()
        try:
            return await orig_carry(*args, **kwargs)
        finally:
            probes.action_s = time.perf_counter() - t0

    # private hooks may be renamed by later refactors: then that line of the breakdown reads 0
    logs.async_insert = async_insert
    if callable(orig_run):
        logs._run_in_session = run_in_session
    if callable(orig_carry):
        controller._async_carry_out = carry_out
    return probes


class WarningCounter(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: Counter[str] = Counter()

    def emit(self, record: logging.LogRecord) -> None:
        self.messages[f"{record.levelname} {record.name}: {record.getMessage()[:160]}"] += 1


def thread_cpu() -> dict[str, float]:
    """CPU seconds used so far by each live thread, grouped by role (Linux /proc)."""
    import threading

    ticks = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
    groups: dict[str, float] = {}
    for thread in threading.enumerate():
        try:
            stat = Path(f"/proc/self/task/{thread.native_id}/stat").read_text()
        except (OSError, TypeError):
            continue
        fields = stat.rsplit(")", 1)[1].split()
        used = (int(fields[11]) + int(fields[12])) / ticks  # utime + stime
        name = thread.name
        if name == "MainThread":
            role = "event loop (MainThread)"
        elif name.startswith("Recorder"):
            role = "recorder thread"
        elif name.startswith("DbWorker"):
            role = "recorder DB executor (gem_access writes)"
        else:
            role = "other threads"
        groups[role] = groups.get(role, 0.0) + used
    return groups


# --- statistics and printing -----------------------------------------------------------------


def pct(values: Sequence[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    k = (len(ordered) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def stats_line(name: str, values_s: Sequence[float], target_ms: float | None = None) -> str:
    ms = [v * 1000 for v in values_s]
    p99 = pct(ms, 0.99)
    line = (
        f"  {name:<38} p50 {pct(ms, 0.5):7.3f}  p90 {pct(ms, 0.9):7.3f}  "
        f"p99 {p99:7.3f}  max {max(ms):8.3f}  mean {statistics.fmean(ms):7.3f}  ms"
    )
    if target_ms is not None:
        verdict = "MET" if p99 <= target_ms else "MISSED"
        line += f"   target p99 <= {target_ms:g} ms: {verdict}"
    return line


def machine_info() -> list[str]:
    import sqlite3

    import sqlalchemy
    from homeassistant.const import __version__ as ha_version

    model = platform.processor() or "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return [
        f"  cpu: {os.cpu_count()} logical ({usable} usable), {model}",
        f"  os: {platform.platform()}",
        f"  python {platform.python_version()} ({platform.python_implementation()}), "
        f"home assistant {ha_version}, sqlalchemy {sqlalchemy.__version__}, "
        f"sqlite {sqlite3.sqlite_version}",
    ]


# --- DB checks through an independent connection ---------------------------------------------


def make_checker(db_url: str) -> tuple[Callable[[], None], Callable[..., Any]]:
    """An engine of our own (not the recorder's): proves rows are committed and visible."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.pool import NullPool

    engine = create_engine(db_url, poolclass=NullPool)

    def query(sql: str, **params: Any) -> Any:
        with engine.connect() as conn:
            return conn.execute(text(sql), params).fetchall()

    return engine.dispose, query


async def db_settings(bench: BenchHA) -> str:
    """The recorder's connection settings as gem_access's sessions see them."""
    from homeassistant.helpers.recorder import get_instance
    from sqlalchemy import text

    instance = get_instance(bench.hass)

    def read() -> str:
        session = instance.get_session()
        try:
            if instance.dialect_name == "sqlite":
                mode = session.execute(text("PRAGMA journal_mode")).scalar()
                sync = session.execute(text("PRAGMA synchronous")).scalar()
                names: dict[Any, str] = {0: "OFF", 1: "NORMAL", 2: "FULL", 3: "EXTRA"}
                return f"sqlite journal_mode={mode}, synchronous={names.get(sync, str(sync))}"
            version = session.execute(text("SHOW server_version")).scalar()
            commit = session.execute(text("SHOW synchronous_commit")).scalar()
            return f"postgresql {version}, synchronous_commit={commit}"
        finally:
            session.close()

    return str(await instance.async_add_executor_job(read))


# --- main ------------------------------------------------------------------------------------


def redact(url: str) -> str:
    if "@" in url and "://" in url:
        scheme, rest = url.split("://", 1)
        return f"{scheme}://***@{rest.split('@', 1)[1]}"
    return url


async def run(args: argparse.Namespace) -> int:
    rng = random.Random(args.seed)
    db_url = None if args.db == "sqlite" else args.db
    extra = template_lock_config() if args.actuator == "template" else {}
    wall0 = time.perf_counter()
    print("gem_access decision benchmark")
    print("machine:")
    for line in machine_info():
        print(line)

    async with running_home_assistant(
        db_url, commit_interval=args.commit_interval, extra_config=extra, keep_dir=args.keep
    ) as bench:
        hass = bench.hass
        from homeassistant.util import dt as dt_util

        controller = bench.entry.runtime_data.controller
        dispose, query = make_checker(bench.db_url)
        rows_before = (
            await hass.async_add_executor_job(query, "SELECT count(*) FROM gem_access_log")
        )[0][0]
        print(
            f"  database: {redact(bench.db_url)}; {await db_settings(bench)}; "
            f"recorder commit_interval {args.commit_interval} s"
        )
        print(
            f"  HA started in-process in {time.perf_counter() - wall0:.1f} s "
            f"(time zone {hass.config.time_zone}, local time {dt_util.now():%a %H:%M})"
        )

        site = await build_site(bench, rng, args.actuator)
        engine = controller.engine
        print("site (created through entry.runtime_data.config.async_create):")
        for what, seconds in site.creation_s.items():
            print(f"  {what:<32} {seconds:7.2f} s")
        print(
            f"  engine sees {len(engine.config.users)} users, {len(engine.index)} credential hashes, "
            f"{len(engine.config.devices)} readers, {len(engine.config.doors)} doors, "
            f"{len(engine.config.rules)} rules; actuators: "
            + (
                "template lock per door (input_boolean-backed)"
                if args.actuator == "template"
                else "none (doors without actuator)"
            )
            + "; no door contacts; no rule scripts; cooldown_failures 0 (cooldown off)"
        )

        calls = plan_calls(site, rng, args.calls, dt_util.get_default_time_zone())
        probes = install_probes(controller)
        warnings = WarningCounter()
        logging.getLogger().addHandler(warnings)

        decision_s: list[float] = []
        total_s: list[float] = []
        call_s: list[float] = []
        insert_s: list[float] = []
        db_s: list[float] = []
        action_s: list[float] = []
        log_ids: list[int] = []
        outcomes: Counter[tuple[str, str, str]] = Counter()
        unexpected: Counter[tuple[str, str, str]] = Counter()
        failures: Counter[str] = Counter()
        spot_every = max(1, len(calls) // SPOT_CHECKS)
        spot_missing = 0
        spot_done = 0
        profiler = cProfile.Profile() if args.profile else None

        async_call = hass.services.async_call
        perf = time.perf_counter
        interval = 1.0 / args.rate if args.rate else 0.0
        cpu0, proc0 = thread_cpu(), time.process_time()
        if profiler:
            profiler.enable()
        run0 = perf()
        for n, call in enumerate(calls):
            if interval:
                # paced load: wait (untimed) until this call's slot
                delay = run0 + n * interval - perf()
                if delay > 0:
                    await asyncio.sleep(delay)
            probes.insert_s = probes.db_s = probes.action_s = 0.0
            t0 = perf()
            try:
                response = await async_call(
                    DOMAIN, "present_credential", call.data, blocking=True, return_response=True
                )
            except Exception as err:
                failures[f"{type(err).__name__}: {err}"] += 1
                continue
            elapsed = perf() - t0
            call_s.append(elapsed)
            decision_s.append(controller.timing.decision_s)
            total_s.append(controller.timing.total_s)
            insert_s.append(probes.insert_s)
            db_s.append(probes.db_s)
            action_s.append(probes.action_s)
            log_ids.append(response["log_id"])
            got = (response["result"], response["reason"])
            outcomes[(call.kind, *got)] += 1
            if got != EXPECTED[call.kind]:
                unexpected[(call.kind, *got)] += 1
            if n % spot_every == 0 and spot_done < SPOT_CHECKS:
                # outside the timed region: is the row visible to another connection right now?
                spot_done += 1
                found = await hass.async_add_executor_job(
                    lambda i=response["log_id"]: query(
                        "SELECT count(*) FROM gem_access_log WHERE id = :i", i=i
                    )
                )
                spot_missing += found[0][0] != 1
        run_s = perf() - run0
        if profiler:
            profiler.disable()
        cpu1, proc1 = thread_cpu(), time.process_time()
        logging.getLogger().removeHandler(warnings)

        await hass.async_block_till_done()
        rows_after = (
            await hass.async_add_executor_job(query, "SELECT count(*) FROM gem_access_log")
        )[0][0]
        present = 0
        if log_ids:
            lowest = min(log_ids)
            stored = await hass.async_add_executor_job(
                lambda: query("SELECT id FROM gem_access_log WHERE id >= :lo", lo=lowest)
            )
            present = len(set(log_ids) & {r[0] for r in stored})
        from homeassistant.helpers.recorder import get_instance

        backlog = get_instance(hass).backlog
        dispose()

    ok = len(call_s)
    written = rows_after - rows_before
    print(
        f"calls: {len(calls)} sequential present_credential service calls "
        f"(blocking=True, return_response=True), seed {args.seed}"
    )
    mix = Counter(c.kind for c in calls)
    print(
        "  planned mix: "
        + ", ".join(f"{k} {v} ({v / len(calls):.0%})" for k, v in mix.most_common())
    )
    print(
        "  outcomes:    "
        + ", ".join(f"{k}->{r}/{why} {v}" for (k, r, why), v in outcomes.most_common())
    )
    if unexpected:
        print(
            "  UNEXPECTED outcomes: "
            + ", ".join(f"{k}->{r}/{why} {v}" for (k, r, why), v in unexpected.most_common())
        )
    if failures:
        print("  FAILED calls: " + "; ".join(f"{m} x{v}" for m, v in failures.most_common(5)))
    print("latency (all successful calls):")
    print(stats_line("(a) decision alone", decision_s, TARGET_DECISION_P99_MS))
    print(stats_line("(b) whole call, row committed", call_s, TARGET_CALL_P99_MS))
    print("breakdown of (b):")
    print(stats_line("async_present (controller)", total_s))
    print(stats_line("  unlock door (granted calls)", [a for a in action_s if a > 0]))
    print(stats_line("  row insert: lock+executor+DB", insert_s))
    print(stats_line("    DB thread: session+INSERT+COMMIT", db_s))
    hop = [i - d for i, d in zip(insert_s, db_s, strict=True)]
    print(stats_line("    executor hop + write-lock wait", hop))
    svc = [c - t for c, t in zip(call_s, total_s, strict=True)]
    print(stats_line("  service layer (schema, admin, …)", svc))
    if args.rate:
        print(f"load: paced at {args.rate:g} calls/s ({ok} calls in {run_s:.1f} s, one at a time)")
    else:
        print(
            f"throughput: {ok / run_s:.0f} calls/s ({ok} calls in {run_s:.1f} s, one at a time, "
            "back to back: a saturation test)"
        )
    cpu_total = proc1 - proc0
    parts = ", ".join(
        f"{role} {1000 * (cpu1.get(role, 0.0) - cpu0.get(role, 0.0)) / max(ok, 1):.2f}"
        for role in sorted(cpu1, key=lambda r: cpu0.get(r, 0.0) - cpu1[r])
    )
    print(
        f"CPU per call: {1000 * cpu_total / max(ok, 1):.2f} ms in all "
        f"({cpu_total / run_s:.2f} of {os.cpu_count()} cores busy): {parts} ms"
    )
    print(
        f"rows: {written} new rows in gem_access_log (expected {len(calls)}); "
        f"{present}/{len(log_ids)} returned log_ids found through an independent connection; "
        f"spot checks right after return: {spot_done - spot_missing}/{spot_done} visible"
    )
    print(f"recorder backlog at the end: {backlog} events")
    if warnings.messages:
        print("log warnings during the calls:")
        for message, count in warnings.messages.most_common(8):
            print(f"  {count:5d}x {message}")
    if profiler:
        out = io.StringIO()
        stats = pstats.Stats(profiler, stream=out).strip_dirs()
        stats.sort_stats("tottime").print_stats(25)
        stats.sort_stats("cumulative").print_stats(35)
        print("cProfile of the calls (Python 3.12+: all threads — loop, recorder, DB workers):")
        print(out.getvalue())
        if args.profile_out:
            stats.dump_stats(args.profile_out)
    print(f"total runtime {time.perf_counter() - wall0:.1f} s")

    lost = written != len(calls) or present != len(calls) or spot_missing or failures
    if lost:
        print("FAIL: rows missing or calls failed", file=sys.stderr)
        return 1
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--calls", type=int, default=10_000)
    parser.add_argument(
        "--db",
        default="sqlite",
        help="'sqlite' (a fresh on-disk file) or a database URL, e.g. "
        "postgresql://gem:gem@127.0.0.1/gem_bench (an existing, preferably empty database)",
    )
    parser.add_argument(
        "--actuator",
        choices=("template", "none"),
        default="template",
        help="template: each door has a template lock (instant, in memory); none: no actuator",
    )
    parser.add_argument(
        "--rate",
        type=float,
        default=0.0,
        help="calls per second (paced, one at a time); 0 = back to back (default)",
    )
    parser.add_argument(
        "--commit-interval",
        type=int,
        default=1,
        help="the recorder's commit_interval in seconds (HA's default is 5; 1 here)",
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--profile", action="store_true", help="cProfile the calls")
    parser.add_argument("--profile-out", help="also write the cProfile stats to this file")
    parser.add_argument("--keep", action="store_true", help="keep the temporary config dir")
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args()
    if args.rate < 0:
        parser.error("--rate must be 0 or more")
    if args.calls < 1:
        parser.error("--calls must be at least 1")
    if args.db != "sqlite" and "://" not in args.db:
        parser.error("--db takes 'sqlite' or a database URL")
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="%(asctime)s %(levelname)s (%(threadName)s) [%(name)s] %(message)s",
    )
    if not args.verbose:
        # one line per HA start about an untested custom integration: expected here
        logging.getLogger("homeassistant.loader").setLevel(logging.ERROR)
    return run_in_ha_loop(lambda: run(args))


if __name__ == "__main__":
    sys.exit(main())
