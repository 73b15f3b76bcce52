"""Event snapshots on a real Home Assistant: what a reader camera costs the access path and the database.

    .venv/bin/python bench/snapshot.py [--calls 300] [--block 50] [--rate 10] [--image FILE]
                                       [--commit-interval 1] [--keep]

One run, one door with a template lock, one reader, a rule open 24/7 and 100 users (every call is a
valid PIN, so every call unlocks the door). A real ``local_file`` camera (HA's own platform, reading
a JPEG in the executor like any camera's ``camera_image``) is put on the reader for every other
block of ``--block`` calls and taken off for the others, so both modes see the same database, the
same recorder backlog and the same machine. Calls are ``present_credential`` service calls
(blocking, with response), paced at ``--rate`` per second (0 = back to back).

Printed, with the targets of issue 8:
- the decision (``controller.timing.decision_s``) and the whole call until the row is committed,
  p50/p99 with and without the camera, and their p99 ratio (target <= 1.1x): the picture is taken
  after the row is stored, in a background task, so it must not show up here;
- snapshot availability: from the start of the call to the "updated" row (``has_snapshot`` true)
  a live subscriber receives, p50/p99; how many events got their picture;
- database growth per 1,000 events with capture on (target < 1 MB: pictures are files, the row
  keeps a reference), next to the same figure with capture off, and the part of it that is the
  ``gem_access_log`` table with its indexes (SQLite ``dbstat``); the media files' size alongside.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import random
import sqlite3
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _ha import DOMAIN, BenchHA, run_in_ha_loop, running_home_assistant
from decision import machine_info, pct, stats_line

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_IMAGE = ROOT.parent / "shared" / "faces" / "group_1.jpg"
N_USERS = 100
TARGET_RATIO = 1.1
TARGET_DB_BYTES_PER_1000 = 1_000_000
CAMERA = "camera.bench_door_cam"


@dataclass
class Mode:
    """Figures of one mode (camera on the reader or not), summed over its blocks."""

    decision_s: list[float] = field(default_factory=list)
    call_s: list[float] = field(default_factory=list)
    available_s: list[float] = field(default_factory=list)
    calls: int = 0
    db_bytes: int = 0
    log_bytes: int = 0
    media_bytes: int = 0
    failures: int = 0


def lock_config() -> dict[str, Any]:
    return {
        "input_boolean": {"bench_unlocked": {"name": "Bench unlocked"}},
        "lock": [
            {
                "platform": "template",
                "name": "Bench door",
                "value_template": "{{ not is_state('input_boolean.bench_unlocked', 'on') }}",
                "lock": {
                    "action": "input_boolean.turn_off",
                    "target": {"entity_id": "input_boolean.bench_unlocked"},
                },
                "unlock": {
                    "action": "input_boolean.turn_on",
                    "target": {"entity_id": "input_boolean.bench_unlocked"},
                },
            }
        ],
    }


def db_sizes(path: Path) -> tuple[int, int]:
    """(whole database, gem_access_log + its indexes) in bytes, as a separate reader sees them.

    ``page_count`` through a reader includes what still sits in the WAL: the size the file has
    once checkpointed, without the WAL file's own pre-allocation.
    """
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
        free = conn.execute("PRAGMA freelist_count").fetchone()[0]
        log = conn.execute(
            "SELECT coalesce(sum(pgsize), 0) FROM dbstat WHERE name IN "
            "(SELECT name FROM sqlite_schema WHERE tbl_name = 'gem_access_log')"
        ).fetchone()[0]
        return (pages - free) * page_size, int(log)
    finally:
        conn.close()


def media_size(root: Path) -> int:
    return sum(p.stat().st_size for p in root.rglob("*") if p.is_file()) if root.exists() else 0


async def settle(bench: BenchHA, commit_interval: int) -> None:
    """Everything the recorder was given is committed."""
    from homeassistant.helpers.recorder import get_instance

    instance = get_instance(bench.hass)
    await bench.hass.async_block_till_done()
    await instance.async_block_till_done()
    await asyncio.sleep(commit_interval + 0.5)
    await instance.async_block_till_done()


async def add_camera(bench: BenchHA, image: Path) -> None:
    """HA's ``local_file`` camera, created through its own config flow."""
    flow = bench.hass.config_entries.flow
    result = await flow.async_init("local_file", context={"source": "user"})
    result = await flow.async_configure(
        result["flow_id"], {"name": "Bench door cam", "file_path": str(image)}
    )
    if result["type"] != "create_entry":
        raise RuntimeError(f"local_file camera not created: {result}")
    await bench.hass.async_block_till_done()
    if bench.hass.states.get(CAMERA) is None:
        raise RuntimeError(f"{CAMERA} does not exist")


def ratio_line(name: str, off: Sequence[float], on: Sequence[float]) -> str:
    ratio = pct(on, 0.99) / pct(off, 0.99)
    verdict = "MET" if ratio <= TARGET_RATIO else "MISSED"
    return f"  {name:<38} p99 ratio on/off {ratio:5.2f}x   target <= {TARGET_RATIO}x: {verdict}"


async def run(args: argparse.Namespace) -> int:
    wall0 = time.perf_counter()
    print("gem_access snapshot benchmark")
    print("machine:")
    for line in machine_info():
        print(line)
    image = Path(args.image)
    async with running_home_assistant(
        None, commit_interval=args.commit_interval, extra_config=lock_config(), keep_dir=args.keep
    ) as bench:
        hass = bench.hass
        runtime = bench.entry.runtime_data
        controller, config = runtime.controller, runtime.config
        db_path = Path(bench.db_url.removeprefix("sqlite:///"))
        await add_camera(bench, image)
        await config.async_update_settings({"cooldown_failures": 0})
        door = await config.async_create(
            "doors", {"name": "Bench door", "actuator_entity_id": "lock.bench_door"}
        )
        reader = await config.async_create(
            "devices", {"name": "Bench reader", "door_id": door["id"]}
        )
        rng = random.Random(1)
        pins = [str(p) for p in rng.sample(range(100_000, 1_000_000), N_USERS)]
        users = [
            (await config.async_create("users", {"name": f"User {n:03d}", "pins": [pin]}))["id"]
            for n, pin in enumerate(pins)
        ]
        await config.async_create(
            "rules", {"name": "Always", "device_ids": [reader["id"]], "user_ids": users}
        )
        print(
            f"  HA started in-process, site ready in {time.perf_counter() - wall0:.1f} s; camera "
            f"{CAMERA} (local_file, {image.name}, {image.stat().st_size:,} bytes); "
            f"{args.calls} calls per mode in blocks of {args.block}, "
            + (f"paced at {args.rate:g}/s" if args.rate else "back to back")
        )

        updated: dict[int, float] = {}
        waiting: dict[int, asyncio.Event] = {}

        def on_row(kind: str, row: dict[str, Any]) -> None:
            if kind == "updated" and row["has_snapshot"] and row["id"] not in updated:
                updated[row["id"]] = time.perf_counter()
                if (event := waiting.get(row["id"])) is not None:
                    event.set()

        unsub = controller.async_add_row_listener(on_row)
        modes = {"off": Mode(), "on": Mode()}
        media_root = runtime.media.root
        interval = 1.0 / args.rate if args.rate else 0.0
        perf = time.perf_counter
        blocks = 2 * -(-args.calls // args.block)
        for b in range(blocks):
            name = "on" if b % 2 else "off"
            mode = modes[name]
            await config.async_update(
                "devices", reader["id"], {"camera_entity_id": CAMERA if name == "on" else None}
            )
            await settle(bench, args.commit_interval)
            db0, log0 = await hass.async_add_executor_job(db_sizes, db_path)
            media0 = await hass.async_add_executor_job(media_size, media_root)
            started: dict[int, float] = {}
            n_calls = min(args.block, args.calls - mode.calls)
            run0 = perf()
            for n in range(n_calls):
                if interval and (delay := run0 + n * interval - perf()) > 0:
                    await asyncio.sleep(delay)
                data = {
                    "device_id": reader["id"],
                    "access_type": "pin",
                    "credential": rng.choice(pins),
                }
                t0 = perf()
                try:
                    response = await hass.services.async_call(
                        DOMAIN, "present_credential", data, blocking=True, return_response=True
                    )
                except Exception as err:  # counted and printed
                    mode.failures += 1
                    logging.getLogger("bench").warning("call failed: %s", err)
                    continue
                mode.call_s.append(perf() - t0)
                mode.decision_s.append(controller.timing.decision_s)
                if response["result"] != "granted":
                    mode.failures += 1
                started[response["log_id"]] = t0
                if name == "on":
                    waiting[response["log_id"]] = asyncio.Event()
            mode.calls += n_calls
            if name == "on":
                pending = [waiting[i].wait() for i in started if i not in updated]
                if pending:
                    try:
                        async with asyncio.timeout(30):
                            await asyncio.gather(*pending)
                    except TimeoutError:
                        pass
                mode.available_s += [updated[i] - t for i, t in started.items() if i in updated]
            await settle(bench, args.commit_interval)
            db1, log1 = await hass.async_add_executor_job(db_sizes, db_path)
            media1 = await hass.async_add_executor_job(media_size, media_root)
            mode.db_bytes += db1 - db0
            mode.log_bytes += log1 - log0
            mode.media_bytes += media1 - media0
        unsub()

    off, on = modes["off"], modes["on"]
    print("latency of the access path (all successful calls):")
    for label, mode in (("without camera", off), ("with camera", on)):
        print(stats_line(f"(a) decision alone, {label}", mode.decision_s))
        print(stats_line(f"(b) whole call, {label}", mode.call_s))
    print(ratio_line("(a) decision alone", off.decision_s, on.decision_s))
    print(ratio_line("(b) whole call, row committed", off.call_s, on.call_s))
    print("snapshot availability (call start -> 'updated' row with has_snapshot):")
    if on.available_s:
        print(stats_line("with camera", on.available_s))
    print(f"  {len(on.available_s)}/{on.calls} events with camera got their picture")
    print("storage per 1,000 events:")
    for label, mode in (("capture off", off), ("capture on", on)):
        per = 1000 / max(mode.calls, 1)
        print(
            f"  {label:<12} whole database {mode.db_bytes * per / 1e6:6.3f} MB, of it "
            f"gem_access_log + indexes {mode.log_bytes * per / 1e6:6.3f} MB; "
            f"media files {mode.media_bytes * per / 1e6:7.2f} MB outside the database"
        )
    per_on, per_off = 1000 / max(on.calls, 1), 1000 / max(off.calls, 1)
    log_on = on.log_bytes * per_on
    added = on.db_bytes * per_on - off.db_bytes * per_off
    print(
        f"  gem_access_log growth with capture on {log_on / 1e6:.3f} MB; the whole database grows "
        f"{added / 1e6:+.3f} MB more with capture than without   target < 1 MB: "
        + ("MET" if max(log_on, added) < TARGET_DB_BYTES_PER_1000 else "MISSED")
    )
    print(
        "  (the whole-database figure is mostly Home Assistant's own recorder rows for each call, "
        "the same with capture off: the gem_access_event, the service calls, entity states; "
        "page granularity makes small blocks noisy)"
    )
    print(f"total runtime {time.perf_counter() - wall0:.1f} s")
    failed = off.failures + on.failures
    if failed:
        print(f"FAIL: {failed} calls failed or were not granted", file=sys.stderr)
        return 1
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--calls", type=int, default=300, help="calls per mode (camera on / off)")
    parser.add_argument("--block", type=int, default=50, help="calls per block before switching")
    parser.add_argument(
        "--rate", type=float, default=10.0, help="calls per second; 0 = back to back"
    )
    parser.add_argument("--image", default=str(DEFAULT_IMAGE), help="the JPEG the camera shows")
    parser.add_argument("--commit-interval", type=int, default=1)
    parser.add_argument("--keep", action="store_true", help="keep the temporary config dir")
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args()
    if args.calls < 1 or args.block < 1 or args.rate < 0:
        parser.error("--calls and --block must be at least 1, --rate 0 or more")
    if not Path(args.image).is_file():
        parser.error(f"no image at {args.image} (pass --image FILE, a JPEG)")
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="%(asctime)s %(levelname)s (%(threadName)s) [%(name)s] %(message)s",
    )
    if not args.verbose:
        logging.getLogger("homeassistant.loader").setLevel(logging.ERROR)
        # a missing libturbojpeg only slows HA's thumbnail scaling, which capture does not use
        logging.getLogger("homeassistant.components.camera.img_util").setLevel(logging.CRITICAL)
    return run_in_ha_loop(lambda: run(args))


if __name__ == "__main__":
    sys.exit(main())
