"""Crash durability of the Access Log: SIGKILL a real Home Assistant under a burst of calls.

  .venv/bin/python bench/crash_durability.py [--calls 2000] [--concurrency 8] [--rounds 3]

Claim under test (issue 3, item 7): an access event whose ``gem_access.present_credential`` call
returned is in the ``gem_access_log`` table after Home Assistant is killed with SIGKILL and
restarted.

What it does:

1. A fresh temporary config directory with the demo site of ./scripts/develop, made by
   ``scripts/demo_site.py prepare`` and ``seed`` themselves (owner login, long-lived token, the
   config entry, doors, readers ``front_keypad`` / ``back_reader``, the exit button
   ``back_exit_button`` (the demo's only exit device, ``rex_allowed``), Alice with PIN 1234). The
   recorder is configured exactly as the demo does (``recorder:`` with no options: on-disk SQLite
   ``home-assistant_v2.db``, HA's default ``commit_interval`` 5 s). HTTP on 127.0.0.1 and a free
   port. Two bench-only changes to the site, made through the websocket API in the seeding run:
   the cooldown is off (``cooldown_failures`` 0; else the bad PINs would lock the readers and every
   call would be a cooldown denial) and the demo rule's schedule is "always" (so PIN 1234 is granted
   whatever the time). A tiny probe integration (``bench/_crash_probe.py``, copied into the temp
   config only) reports the recorder connection's PRAGMAs from inside the running process.
   The seeding run is stopped gracefully (HA writes its storage on shutdown), as ./scripts/develop does.
2. Each round: ``hass -c <dir> --skip-pip`` as a real process in its own process group; waits until
   ``/api/config`` says RUNNING (the time is printed).
3. A burst of ``POST /api/services/gem_access/present_credential?return_response`` with the admin's
   long-lived token, ``--concurrency`` in flight: ~60 % PIN 1234 (granted), ~25 % unknown PINs
   (denied) over both readers, ~15 % exit requests (rex, granted) at the exit button (REX from a
   reader that is no exit device is denied). A call is *acknowledged* only if it
   answered HTTP 200 with a ``log_id`` in ``service_response``.
4. When a random 30-70 % of the calls have completed, SIGKILL goes to HA's whole process group
   (no graceful stop); calls in flight fail, calls not yet sent are not sent.
5. HA is restarted on the same config and the table is read back through the websocket
   ``gem_access/log/list`` (limit 1000, ``before_id`` paging) and, as a cross-check, with sqlite3
   directly on ``home-assistant_v2.db``. Counted: acknowledged ids missing (must be 0), acknowledged
   ids whose row differs from the response (result / reason / user_id, or another reader; must be
   0), rows of the round that were never acknowledged (in flight at the kill: fine), totals.
6. ``--rounds`` rounds on the same database (ids keep growing; the next round's burst runs on the
   restarted HA). After the last round every acknowledged id of every round is checked again,
   then HA is stopped gracefully. Exit status 1 if any acknowledged event is lost or differs,
   2 if the bench itself could not run.

Everything is bounded (calls, rounds, per-phase timeouts) and local (127.0.0.1 only); every HA
process it started is killed (process group) on exit, and the temp directory is removed unless
``--keep-dir``.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp

ROOT = Path(__file__).resolve().parent.parent
BENCH = Path(__file__).resolve().parent
PY = sys.executable
HASS = str(Path(sys.executable).with_name("hass"))
DEMO = [PY, str(ROOT / "scripts" / "demo_site.py")]
READERS = ("front_keypad", "back_reader")
EXIT_BUTTON = "back_exit_button"  # the demo's exit device: REX is granted only from one
GOOD_PIN = "1234"
NOT_RANDOM_PINS = {"1234", "5678", "9999", "12345678"}  # Alice, Bob, Alice's duress PIN, Bob's card
DB_FILE = "home-assistant_v2.db"

START_TIMEOUT_S = 300.0
STOP_TIMEOUT_S = 120.0
CALL_TIMEOUT_S = 60.0
MAX_CALLS = 100_000
MAX_ROUNDS = 20


class BenchError(Exception):
    """The bench could not run (not a durability finding)."""


def free_port() -> int:
    """A TCP port on 127.0.0.1 nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


# --- the Home Assistant process --------------------------------------------------------------


class HAProcess:
    """One ``hass`` process in its own process group, output to a log file."""

    def __init__(self, config: Path, log_name: str) -> None:
        self.config = config
        self.log_path = config / log_name
        self.proc: subprocess.Popen[bytes] | None = None
        self.started_at = 0.0

    def start(self) -> None:
        log = self.log_path.open("wb")
        try:
            self.started_at = time.monotonic()
            self.proc = subprocess.Popen(
                [HASS, "-c", str(self.config), "--skip-pip"],
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # own process group: killpg reaches all of it
                cwd=self.config,
            )
        finally:
            log.close()

    @property
    def pid(self) -> int:
        assert self.proc is not None
        return self.proc.pid

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def kill(self) -> int | None:
        """SIGKILL the whole process group; returns the exit status."""
        if self.proc is None:
            return None
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGKILL)
        return self.proc.wait(timeout=30)

    def stop(self) -> int | None:
        """SIGTERM (HA's graceful stop, storage written), SIGKILL if it does not exit in time."""
        if self.proc is None:
            return None
        if self.proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                return self.proc.wait(timeout=STOP_TIMEOUT_S)
            except subprocess.TimeoutExpired:
                print(
                    f"   HA pid {self.proc.pid} ignored SIGTERM for {STOP_TIMEOUT_S:.0f} s; SIGKILL"
                )
        status = self.kill()
        return status

    def ensure_dead(self) -> None:
        """Last-resort cleanup: no process of this group survives the bench."""
        if self.proc is None:
            return
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.proc.pid, signal.SIGKILL)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.proc.wait(timeout=30)

    def tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"


# --- HTTP / websocket client -------------------------------------------------------------------


class Client:
    """The admin's long-lived token against one HA URL."""

    def __init__(self, url: str, token: str) -> None:
        self.url = url
        self.token = token
        self.headers = {"Authorization": f"Bearer {token}"}
        self._msg_id = 0

    async def wait_running(self, ha: HAProcess, limit_s: float = START_TIMEOUT_S) -> float:
        """Seconds from process start until /api/config says RUNNING."""
        deadline = time.monotonic() + limit_s
        timeout = aiohttp.ClientTimeout(total=5)
        async with aiohttp.ClientSession(timeout=timeout) as session:
            while time.monotonic() < deadline:
                if not ha.alive():
                    raise BenchError(f"Home Assistant exited during start:\n{ha.tail()}")
                with contextlib.suppress(aiohttp.ClientError, TimeoutError, ValueError):
                    async with session.get(f"{self.url}/api/config", headers=self.headers) as resp:
                        if resp.status == 200 and (await resp.json()).get("state") == "RUNNING":
                            return time.monotonic() - ha.started_at
                await asyncio.sleep(0.1)
        raise BenchError(f"Home Assistant did not start within {limit_s:.0f} s:\n{ha.tail()}")

    async def ws_call(
        self, ws: aiohttp.ClientWebSocketResponse, msg_type: str, **fields: Any
    ) -> Any:
        self._msg_id += 1
        await ws.send_json({"id": self._msg_id, "type": msg_type, **fields})
        while True:
            msg = await ws.receive_json(timeout=120)
            if msg.get("id") == self._msg_id and msg.get("type") == "result":
                if not msg["success"]:
                    raise BenchError(f"{msg_type} {fields}: {msg['error']}")
                return msg["result"]

    @contextlib.asynccontextmanager
    async def websocket(self) -> Any:
        async with (
            aiohttp.ClientSession() as session,
            session.ws_connect(f"{self.url}/api/websocket") as ws,
        ):
            await ws.receive_json()  # auth_required
            await ws.send_json({"type": "auth", "access_token": self.token})
            if (await ws.receive_json()).get("type") != "auth_ok":
                raise BenchError("websocket authentication failed")
            self._msg_id = 0
            yield ws

    async def all_rows(
        self, ws: aiohttp.ClientWebSocketResponse
    ) -> tuple[dict[int, dict[str, Any]], int]:
        """Every row of the Access Log by id (keyset paging), and the number of pages read."""
        rows: dict[int, dict[str, Any]] = {}
        before_id: int | None = None
        pages = 0
        while True:
            fields: dict[str, Any] = {"limit": 1000}
            if before_id is not None:
                fields["before_id"] = before_id
            page = await self.ws_call(ws, "gem_access/log/list", **fields)
            pages += 1
            for row in page["rows"]:
                if row["id"] in rows:
                    raise BenchError(f"log/list returned id {row['id']} twice")
                rows[row["id"]] = row
            before_id = page["next_before_id"]
            if before_id is None:
                return rows, pages


def sqlite_ids(db: Path) -> tuple[set[int], dict[str, Any]]:
    """The ids in gem_access_log read with sqlite3 directly (read-only), and the file's PRAGMAs."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=30)
    try:
        ids = {r[0] for r in conn.execute("SELECT id FROM gem_access_log")}
        info = {
            "journal_mode": conn.execute("PRAGMA journal_mode").fetchone()[0],
            "page_size": conn.execute("PRAGMA page_size").fetchone()[0],
        }
        seq = conn.execute(
            "SELECT seq FROM sqlite_sequence WHERE name = 'gem_access_log'"
        ).fetchone()
        info["sqlite_sequence"] = seq[0] if seq else None
        return ids, info
    finally:
        conn.close()


# --- the burst -------------------------------------------------------------------------------


@dataclass
class Burst:
    """What one burst saw."""

    planned: int
    kill_at: int
    sent: int = 0
    completed: int = 0  # answered or failed, before or after the kill
    acked: dict[int, dict[str, Any]] = field(default_factory=dict)  # log_id -> call + response
    http_errors: dict[str, int] = field(default_factory=dict)  # non-200 / no log_id before the kill
    failed_in_flight: int = 0  # connection failures (the kill)
    results: dict[str, int] = field(default_factory=dict)
    killed_after_s: float = 0.0
    duration_s: float = 0.0
    kill_status: int | None = None
    ack_latencies: list[float] = field(default_factory=list)


def plan_calls(n: int, rng: random.Random) -> list[dict[str, Any]]:
    calls = []
    for _ in range(n):
        reader = rng.choice(READERS)
        roll = rng.random()
        if roll < 0.60:
            calls.append({"device_id": reader, "access_type": "pin", "credential": GOOD_PIN})
        elif roll < 0.85:
            pin = GOOD_PIN
            while pin in NOT_RANDOM_PINS:
                pin = f"{rng.randrange(10**6):06d}"[: rng.choice((4, 5, 6))]
            calls.append({"device_id": reader, "access_type": "pin", "credential": pin})
        else:
            calls.append({"device_id": EXIT_BUTTON, "access_type": "rex"})
    return calls


async def run_burst(
    client: Client, ha: HAProcess, calls: list[dict[str, Any]], kill_at: int, concurrency: int
) -> Burst:
    burst = Burst(planned=len(calls), kill_at=kill_at)
    killed = asyncio.Event()
    queue: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
    for call in calls:
        queue.put_nowait(call)
    url = f"{client.url}/api/services/gem_access/present_credential?return_response"
    started = time.monotonic()

    def kill_now() -> None:
        if not killed.is_set():
            killed.set()
            burst.killed_after_s = time.monotonic() - started
            burst.kill_status = ha.kill()

    async def worker(session: aiohttp.ClientSession) -> None:
        while not killed.is_set():
            try:
                call = queue.get_nowait()
            except asyncio.QueueEmpty:
                return
            burst.sent += 1
            t0 = time.monotonic()
            try:
                async with session.post(url, json=call, headers=client.headers) as resp:
                    body = await resp.read()
                    status = resp.status
            except (aiohttp.ClientError, TimeoutError, ConnectionError):
                burst.failed_in_flight += 1
            else:
                response = None
                if status == 200:
                    with contextlib.suppress(ValueError, AttributeError, TypeError):
                        response = json.loads(body).get("service_response")
                if isinstance(response, dict) and isinstance(response.get("log_id"), int):
                    burst.ack_latencies.append(time.monotonic() - t0)
                    if response["log_id"] in burst.acked:
                        raise BenchError(f"log_id {response['log_id']} acknowledged twice")
                    burst.acked[response["log_id"]] = {"call": call, "response": response}
                    key = f"{call['access_type']} {response.get('result')}/{response.get('reason')}"
                    burst.results[key] = burst.results.get(key, 0) + 1
                elif not killed.is_set():
                    key = f"HTTP {status}: {body[:120].decode(errors='replace')}"
                    burst.http_errors[key] = burst.http_errors.get(key, 0) + 1
            burst.completed += 1
            if burst.completed >= burst.kill_at:
                kill_now()

    timeout = aiohttp.ClientTimeout(total=CALL_TIMEOUT_S)
    connector = aiohttp.TCPConnector(limit=concurrency)
    async with aiohttp.ClientSession(timeout=timeout, connector=connector) as session:
        await asyncio.gather(*(worker(session) for _ in range(concurrency)))
    if not killed.is_set():  # kill_at beyond the calls (cannot happen with 30-70 %), still kill
        kill_now()
    burst.duration_s = time.monotonic() - started
    return burst


# --- setup -----------------------------------------------------------------------------------


def run_demo(*args: str, env: dict[str, str] | None = None) -> str:
    proc = subprocess.run(
        [*DEMO, *args], capture_output=True, text=True, env=env, timeout=600, check=False
    )
    if proc.returncode != 0:
        raise BenchError(f"demo_site.py {args[0]} failed:\n{proc.stdout}\n{proc.stderr}")
    return proc.stdout


def install_probe(config: Path) -> None:
    """Replace demo_site's custom_components symlink by a folder: gem_access (link) + the probe."""
    sys.path.insert(0, str(BENCH))
    try:
        import _crash_probe  # only needed here (imports HA)
    finally:
        sys.path.remove(str(BENCH))
    link = config / "custom_components"
    if link.is_symlink():
        link.unlink()
    link.mkdir()
    (link / "gem_access").symlink_to(
        ROOT / "custom_components" / "gem_access", target_is_directory=True
    )
    probe = link / _crash_probe.DOMAIN
    probe.mkdir()
    shutil.copyfile(BENCH / "_crash_probe.py", probe / "__init__.py")
    (probe / "manifest.json").write_text(json.dumps(_crash_probe.MANIFEST, indent=2))
    with (config / "configuration.yaml").open("a") as fh:
        fh.write(
            f"\n# bench/crash_durability.py: reports the recorder's PRAGMAs (temp config only)\n"
            f"{_crash_probe.DOMAIN}:\n"
        )


async def prepare_site(config: Path, port: int) -> str:
    """The demo site in ``config``; returns the admin's long-lived token."""
    missing = run_demo("missing-requirements").split()
    if missing:
        raise BenchError(
            f"not installed (HA runs with --skip-pip): {missing}; run ./scripts/develop once"
        )
    run_demo("prepare", str(config), str(port))
    install_probe(config)
    url = f"http://127.0.0.1:{port}"
    ha = HAProcess(config, "seed-run.log")
    ha.start()
    try:
        env = {
            **os.environ,
            "GEM_DEVELOP_PASSWORD": os.environ.get("GEM_DEVELOP_PASSWORD", "gemdemo"),
        }
        # demo_site seeds through the onboarding API: it waits for HA itself
        out = await asyncio.to_thread(run_demo, "seed", str(config), url, str(ha.pid), env=env)
        state = json.loads((config / "gem-demo.json").read_text())
        token = state["token"]
        client = Client(url, token)
        await client.wait_running(ha)
        print(f"   {out.strip()}")
        async with client.websocket() as ws:
            await client.ws_call(ws, "gem_access/settings/update", cooldown_failures=0)
            for rule_id in state["rules"]:
                await client.ws_call(ws, "gem_access/rules/update", rule_id=rule_id, schedule=[])
            readers = {d["id"] for d in await client.ws_call(ws, "gem_access/devices/list")}
        if not {*READERS, EXIT_BUTTON} <= readers:
            raise BenchError(
                f"demo readers {(*READERS, EXIT_BUTTON)} not found, got {sorted(readers)}"
            )
    finally:
        status = ha.stop()
    if status != 0:
        raise BenchError(f"seeding run of HA exited with {status}:\n{ha.tail()}")
    return token


# --- the rounds ------------------------------------------------------------------------------


@dataclass
class RoundResult:
    number: int
    burst: Burst
    start_s: float
    restart_s: float
    rows_before: int
    rows_after: int
    max_id_before: int
    missing: list[int]
    mismatched: list[int]
    unacked_present: int
    ws_pages: int
    sqlite_agrees: bool
    unclean_noted: bool
    errors_killed_run: int
    errors_restart: int


def check_row(row: dict[str, Any], acked: dict[str, Any]) -> bool:
    call, resp = acked["call"], acked["response"]
    return (
        row["device_id"] == call["device_id"]
        and row["access_type"] == call["access_type"]
        and row["result"] == resp.get("result")
        and row["reason"] == resp.get("reason")
        and row["user_id"] == resp.get("user_id")
    )


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


UNCLEAN_RE = re.compile(r"was shutdown cleanly|Ended unfinished session")
ERROR_RE = re.compile(r"^\S+ \S+ (ERROR|CRITICAL) ", re.MULTILINE)


async def main_async(args: argparse.Namespace) -> int:
    rng = random.Random(args.seed)
    tmp = Path(tempfile.mkdtemp(prefix="gem-crash-"))
    config = tmp / "config"
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    processes: list[HAProcess] = []
    all_acked: dict[int, dict[str, Any]] = {}
    results: list[RoundResult] = []
    pragmas: dict[str, Any] = {}
    file_info: dict[str, Any] = {}
    start_times: list[float] = []
    try:
        print(
            f"== crash durability: {args.rounds} round(s) x {args.calls} calls, concurrency "
            f"{args.concurrency}, seed {args.seed}"
        )
        print(f"== preparing the demo site in {config} (HA on {url})")
        t0 = time.monotonic()
        token = await prepare_site(config, port)
        print(
            f"   seeded and stopped in {time.monotonic() - t0:.1f} s; cooldown off, demo rule "
            f"schedule 'always'"
        )
        client = Client(url, token)
        db = config / DB_FILE

        ha = HAProcess(config, "run-1.log")
        processes.append(ha)
        ha.start()
        start_s = await client.wait_running(ha)
        start_times.append(start_s)
        print(f"== round 1: HA pid {ha.pid} RUNNING after {start_s:.1f} s")
        async with client.websocket() as ws:
            pragmas = await client.ws_call(ws, "gem_crash_probe/pragmas")
            rows, _ = await client.all_rows(ws)
        print(f"   recorder connection (from inside the running HA): {pragmas}")

        for number in range(1, args.rounds + 1):
            rows_before = len(rows)
            max_id_before = max(rows, default=0)
            calls = plan_calls(args.calls, rng)
            kill_at = max(1, round(args.calls * rng.uniform(0.30, 0.70)))
            burst = await run_burst(client, ha, calls, kill_at, args.concurrency)
            print(
                f"   burst: {burst.sent} sent, {len(burst.acked)} acknowledged, SIGKILL (process "
                f"group) after {burst.completed - burst.failed_in_flight} answers = "
                f"{burst.kill_at / burst.planned:.0%} of {burst.planned}, at "
                f"{burst.killed_after_s:.2f} s; HA exit status {burst.kill_status}; "
                f"{burst.failed_in_flight} in flight failed, {burst.planned - burst.sent} never sent"
            )
            if burst.ack_latencies:
                print(
                    f"   acknowledged: {len(burst.acked) / burst.killed_after_s:.0f} calls/s, "
                    f"latency p50 {pct(burst.ack_latencies, 50) * 1000:.1f} ms, p99 "
                    f"{pct(burst.ack_latencies, 99) * 1000:.1f} ms; "
                    + ", ".join(f"{k} {v}" for k, v in sorted(burst.results.items()))
                )
            for key, count in burst.http_errors.items():
                print(f"   NOT acknowledged before the kill ({count}x): {key}")
            all_acked.update(burst.acked)

            ha = HAProcess(config, f"run-{number + 1}.log")
            processes.append(ha)
            ha.start()
            restart_s = await client.wait_running(ha)
            start_times.append(restart_s)
            async with client.websocket() as ws:
                rows, pages = await client.all_rows(ws)
            ids_sqlite, file_info = sqlite_ids(db)
            missing = sorted(i for i in burst.acked if i not in rows)
            mismatched = sorted(
                i for i, a in burst.acked.items() if i in rows and not check_row(rows[i], a)
            )
            new_ids = {i for i in rows if i > max_id_before}
            unacked_present = len(new_ids - burst.acked.keys())
            log_text = (config / f"run-{number + 1}.log").read_text(errors="replace")
            killed_log = (config / f"run-{number}.log").read_text(errors="replace")
            result = RoundResult(
                number=number,
                burst=burst,
                start_s=start_s,
                restart_s=restart_s,
                rows_before=rows_before,
                rows_after=len(rows),
                max_id_before=max_id_before,
                missing=missing,
                mismatched=mismatched,
                unacked_present=unacked_present,
                ws_pages=pages,
                sqlite_agrees=ids_sqlite == set(rows),
                unclean_noted=bool(UNCLEAN_RE.search(log_text)),
                errors_killed_run=len(ERROR_RE.findall(killed_log)),
                errors_restart=len(ERROR_RE.findall(log_text)),
            )
            results.append(result)
            print(
                f"   restart: RUNNING after {restart_s:.1f} s; table read back via log/list "
                f"({pages} pages) and sqlite3 ({'same ids' if result.sqlite_agrees else 'DIFFERENT ids'})"
            )
            print(
                f"   round {number}: acknowledged {len(burst.acked)}, acknowledged missing "
                f"{len(missing)}, acknowledged but different {len(mismatched)}, rows present but "
                f"not acknowledged (in flight at the kill) {unacked_present}, rows "
                f"{rows_before} -> {len(rows)} (+{len(rows) - rows_before})"
            )
            if missing:
                print(
                    f"   MISSING acknowledged ids: {missing[:50]}{' ...' if len(missing) > 50 else ''}"
                )
            if mismatched:
                print(f"   DIFFERENT rows for ids: {mismatched[:50]}")
            if number < args.rounds:
                print(f"== round {number + 1}: HA pid {ha.pid} (the restarted one)")
                start_s = restart_s

        # every acknowledged id of every round, once more, on the final table
        final_missing = sorted(i for i in all_acked if i not in rows)
        final_mismatch = sorted(
            i for i, a in all_acked.items() if i in rows and not check_row(rows[i], a)
        )
        stop_status = ha.stop()

        print()
        print("== summary")
        print(
            f"{'round':>5} {'sent':>6} {'acked':>6} {'kill@':>6} {'missing':>8} {'differ':>7} "
            f"{'unacked rows':>13} {'in flight':>10} {'rows after':>11} {'restart s':>10}"
        )
        for r in results:
            b = r.burst
            print(
                f"{r.number:>5} {b.sent:>6} {len(b.acked):>6} {b.kill_at / b.planned:>6.0%} "
                f"{len(r.missing):>8} {len(r.mismatched):>7} {r.unacked_present:>13} "
                f"{b.failed_in_flight:>10} {r.rows_after:>11} {r.restart_s:>10.1f}"
            )
        sent = sum(r.burst.sent for r in results)
        print(
            f"total: {sent} calls sent, {len(all_acked)} acknowledged, "
            f"{sum(len(r.missing) for r in results)} acknowledged lost (final re-check of all "
            f"rounds: {len(final_missing)} missing, {len(final_mismatch)} different), "
            f"{sum(r.unacked_present for r in results)} rows of unacknowledged in-flight calls, "
            f"{len(rows)} rows in the table (max id {max(rows, default=0)})"
        )
        print(
            "HA start (process start until /api/config RUNNING): "
            + ", ".join(f"{s:.1f}" for s in start_times)
            + " s (round 1 start after the graceful seeding run, then each restart after SIGKILL)"
        )
        print(
            f"recorder SQLite (inside HA): journal_mode={pragmas.get('journal_mode')}, "
            f"synchronous={pragmas.get('synchronous')} ({pragmas.get('synchronous_name')}), "
            f"wal_autocheckpoint={pragmas.get('wal_autocheckpoint')}, "
            f"commit_interval={pragmas.get('commit_interval')} s; file header journal_mode "
            f"(sqlite3 from outside)={file_info.get('journal_mode')}"
        )
        print(
            f"ERROR/CRITICAL lines in HA's logs: killed runs "
            f"{[r.errors_killed_run for r in results]}, restarts {[r.errors_restart for r in results]}"
        )
        print(
            f"restart logs report the unclean shutdown (recorder): "
            f"{[r.number for r in results if r.unclean_noted] or 'no'}; final graceful stop exit "
            f"status {stop_status}"
        )
        lost = bool(
            final_missing or final_mismatch or any(r.missing or r.mismatched for r in results)
        )
        print(
            "RESULT: "
            + (
                "FAIL, acknowledged access events were lost"
                if lost
                else "OK, zero acknowledged access events lost"
            )
        )
        if args.keep_dir:
            print(f"kept {tmp}")
        return 1 if lost else 0
    finally:
        for proc in processes:
            proc.ensure_dead()
        if not args.keep_dir:
            shutil.rmtree(tmp, ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--calls", type=int, default=2000, help="calls per round (default 2000)")
    parser.add_argument("--concurrency", type=int, default=8, help="calls in flight (default 8)")
    parser.add_argument("--rounds", type=int, default=3, help="kill/restart rounds (default 3)")
    parser.add_argument("--seed", type=int, default=None, help="random seed (default: random)")
    parser.add_argument("--keep-dir", action="store_true", help="keep the temp config dir")
    args = parser.parse_args()
    if not 10 <= args.calls <= MAX_CALLS:
        parser.error(f"--calls must be 10..{MAX_CALLS}")
    if not 1 <= args.concurrency <= 64:
        parser.error("--concurrency must be 1..64")
    if not 1 <= args.rounds <= MAX_ROUNDS:
        parser.error(f"--rounds must be 1..{MAX_ROUNDS}")
    if args.seed is None:
        args.seed = random.SystemRandom().randrange(1_000_000)

    # SIGTERM / SIGHUP end the run through the finally blocks (HA processes killed, dir removed)
    def _terminate(signum: int, _frame: Any) -> None:
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, _terminate)
    signal.signal(signal.SIGHUP, _terminate)
    try:
        return asyncio.run(main_async(args))
    except BenchError as err:
        print(f"crash_durability: {err}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
