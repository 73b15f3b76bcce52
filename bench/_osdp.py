"""OSDP card-to-callback latency of ``OsdpBus`` (the OSDP part of ``bench/readers.py``).

    .venv/bin/python bench/readers.py --osdp-only [--reads 200]   (or: python bench/_osdp.py)

What runs: the product's ``OsdpBus`` (libosdp's control panel driven from the event loop, its
refresh tick ``REFRESH_TICK_S``, pyserial-asyncio-fast on a pty) and libosdp's own reader side
(PD, refreshed every 2 ms as a real reader's firmware answers within milliseconds) on the other
end, in one asyncio loop. Ptys ignore the baud rate, so the reader's side paces the wire: every
chunk in either direction is delivered ``bytes * 10 / baud`` after the line is free (RS-485 is
half duplex: one line for both directions, 8N1 = 10 bits a byte).

What is measured: the time from the reader's ``submit_event`` (a 26-bit card) to the bus's
``on_credential`` callback (the card number handed to the manager; the decision and the unlock
come after it and are measured by ``bench/decision.py``). Reads go one at a time, each after a
random 20-120 ms pause, so they land at a random phase of the poll cycle. The floor is the CP's
POLL interval: 50 ms, compiled into libosdp (``OSDP_PD_POLL_TIMEOUT_MS``), plus a refresh tick.
"""

from __future__ import annotations

import asyncio
import os
import random
import statistics
import sys
import time
import tty
from collections import deque
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import osdp_sys

from custom_components.gem_access.core.wiegand import encode_card
from custom_components.gem_access.drivers.osdp import (
    REFRESH_TICK_S,
    OsdpBus,
    OsdpReaderSpec,
)

KEY = bytes(range(16))
PD_TICK_S = 0.002
TARGET_P99_115200_MS = 150.0


class _Hass:
    """What ``OsdpBus`` uses of ``HomeAssistant``: background tasks."""

    def __init__(self) -> None:
        self.tasks: set[asyncio.Task[Any]] = set()

    def async_create_background_task(self, coro: Any, name: str) -> asyncio.Task[Any]:
        task = asyncio.get_running_loop().create_task(coro, name=name)
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)
        return task


class PacedWire:
    """The pty master as a half-duplex line at ``baud``: chunks arrive after their wire time."""

    def __init__(self, fd: int, baud: int) -> None:
        self.fd = fd
        self.byte_s = 10 / baud
        self.free_at = 0.0
        self.to_pd: deque[tuple[float, bytes]] = deque()
        self.to_cp: deque[tuple[float, bytes]] = deque()
        self.rx = bytearray()  # what has reached the PD

    def _slot(self, size: int) -> float:
        start = max(time.monotonic(), self.free_at)
        self.free_at = start + size * self.byte_s
        return self.free_at

    def step(self) -> None:
        try:
            while data := os.read(self.fd, 4096):
                self.to_pd.append((self._slot(len(data)), data))
        except OSError:
            pass
        now = time.monotonic()
        while self.to_pd and self.to_pd[0][0] <= now:
            self.rx.extend(self.to_pd.popleft()[1])
        while self.to_cp and self.to_cp[0][0] <= now:
            os.write(self.fd, self.to_cp.popleft()[1])

    # the PD's channel
    def read(self, max_bytes: int) -> bytes:
        chunk = bytes(self.rx[:max_bytes])
        del self.rx[:max_bytes]
        return chunk

    def write(self, buf: bytes) -> int:
        self.to_cp.append((self._slot(len(buf)), bytes(buf)))
        return len(buf)

    def flush(self) -> None:
        pass


def _card_event() -> dict[str, Any]:
    bits = encode_card("wiegand26", 123, random.randrange(65536))
    return {
        "event": osdp_sys.EVENT_CARDREAD,
        "reader_no": 0,
        "format": osdp_sys.CARD_FMT_RAW_WIEGAND,
        "direction": 0,
        "length": 26,
        "data": (int(bits, 2) << 6).to_bytes(4, "big"),
    }


async def _run(baud: int, secure: bool, reads: int) -> list[float]:
    master, slave = os.openpty()
    tty.setraw(master)
    tty.setraw(slave)
    os.set_blocking(master, False)
    wire = PacedWire(master, baud)
    pd = osdp_sys.PeripheralDevice(
        {
            "name": "PD-1",
            "address": 1,
            "flags": 0,
            "scbk": KEY if secure else None,
            "channel": wire,
            "version": 1,
            "model": 1,
            "vendor_code": 1,
            "serial_number": 1,
            "firmware_version": 1,
        },
        capabilities=[
            {
                "function_code": osdp_sys.CAP_COMMUNICATION_SECURITY,
                "compliance_level": 1,
                "num_items": 1,
            }
        ],
    )
    arrived: asyncio.Queue[float] = asyncio.Queue()
    online = asyncio.Event()
    bus = OsdpBus(
        _Hass(),  # type: ignore[arg-type]
        os.ttyname(slave),
        baud,
        [OsdpReaderSpec("reader", 1, KEY if secure else None)],
        on_credential=lambda _d, _t, _c: arrived.put_nowait(time.monotonic()),
        on_status=lambda _d, up: online.set() if up else None,
        on_fault=lambda _d, _f: None,
    )

    async def pd_loop() -> None:
        while True:
            wire.step()
            pd.refresh()
            await asyncio.sleep(PD_TICK_S)

    pd_task = asyncio.get_running_loop().create_task(pd_loop())
    await bus.async_start()
    latencies: list[float] = []
    try:
        await asyncio.wait_for(online.wait(), 10)
        if secure:
            for _ in range(100):  # the secure channel follows the online state within 1 s
                if bus.is_secure("reader"):
                    break
                await asyncio.sleep(0.05)
            else:
                raise RuntimeError("no secure channel")
        for _ in range(reads):
            await asyncio.sleep(random.uniform(0.02, 0.12))
            sent = time.monotonic()
            pd.submit_event(_card_event())
            got = await asyncio.wait_for(arrived.get(), 5)
            latencies.append((got - sent) * 1000)
    finally:
        await bus.async_stop()
        pd_task.cancel()
        os.close(master)
        os.close(slave)
    return latencies


def _quantile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def bench_osdp(reads: int = 200) -> None:
    """Print card-to-callback p50/p90/p99/max at 9600 and 115200 baud, without and with SC."""
    osdp_sys.set_loglevel(osdp_sys.LOG_CRIT)
    print(
        f"OSDP card read -> on_credential, {reads} reads per row; CP POLL every 50 ms (libosdp, "
        f"compiled in), CP refresh tick {REFRESH_TICK_S * 1000:g} ms + a refresh on every "
        f"reply, PD tick {PD_TICK_S * 1000:g} ms, wire paced at the baud rate"
    )
    print(f"{'baud':>7} {'SC':>3} {'p50 ms':>7} {'p90':>7} {'p99':>7} {'max':>7}")
    for baud in (9600, 115200):
        for secure in (False, True):
            values = asyncio.run(_run(baud, secure, reads))
            p99 = _quantile(values, 0.99)
            verdict = ""
            if baud == 115200:
                verdict = "MET" if p99 <= TARGET_P99_115200_MS else "MISSED"
                verdict = f"  target p99 <= {TARGET_P99_115200_MS:g} ms: {verdict}"
            print(
                f"{baud:>7} {'on' if secure else 'off':>3} {statistics.median(values):7.1f} "
                f"{_quantile(values, 0.9):7.1f} {p99:7.1f} {max(values):7.1f}{verdict}"
            )


if __name__ == "__main__":
    bench_osdp(int(sys.argv[1]) if len(sys.argv) > 1 else 200)
