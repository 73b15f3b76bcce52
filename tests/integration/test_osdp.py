"""OSDP readers: ``OsdpBus`` (libosdp's control panel) against libosdp's own reader side (PD).

The reader is a real ``osdp_sys.PeripheralDevice`` on the master end of a pty pair, refreshed by a
task on the test's loop; the bus opens the slave end like a real RS-485 adapter, through
pyserial-asyncio-fast. Every byte goes through the OSDP protocol (and AES in the secure-channel
tests), nothing is mocked.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import subprocess
import time
import tty
from collections.abc import AsyncGenerator, Callable, Generator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import osdp_sys
import pytest
from homeassistant.core import HomeAssistant

from custom_components.gem_access.core.codes import AccessType
from custom_components.gem_access.core.wiegand import encode_card
from custom_components.gem_access.drivers.osdp import (
    RETRY_S,
    OsdpBus,
    OsdpReaderSpec,
    card_credential,
)
from custom_components.gem_access.drivers.osdp_keys import OsdpKeyStore, parse_scbk

from .conftest import PIN_ALICE, Site
from .test_readers import add_reader, wait_row

KEY = bytes.fromhex("00112233445566778899aabbccddeeff")
OTHER_KEY = bytes.fromhex("ffeeddccbbaa99887766554433221100")
ONLINE_S = 5.0
# libosdp declares a silent reader offline after ~8.4 s (8 probes, compiled in)
OFFLINE_S = 12.0
NOT_ONLINE_S = 3.0  # a refused reader would be online within 0.4 s if it were let in


def wiegand26(facility: int, number: int) -> dict[str, Any]:
    """An OSDP raw card read as a 26-bit reader sends it (bits MSB first, padded to bytes)."""
    bits = encode_card("wiegand26", facility, number)
    value = int(bits, 2) << (32 - len(bits))
    return {
        "event": osdp_sys.EVENT_CARDREAD,
        "reader_no": 0,
        "format": osdp_sys.CARD_FMT_RAW_WIEGAND,
        "direction": 0,
        "length": len(bits),
        "data": value.to_bytes(4, "big"),
    }


def keys(data: bytes) -> dict[str, Any]:
    return {"event": osdp_sys.EVENT_KEYPRESS, "reader_no": 0, "data": data}


class Wire:
    """The RS-485 pair as the readers see it: what the bus sends reaches every reader."""

    def __init__(self, fd: int) -> None:
        self.fd = fd
        self.taps: list[_Tap] = []

    def pump(self) -> None:
        while True:
            try:
                data = os.read(self.fd, 4096)
            except OSError:
                return
            if not data:
                return
            for tap in self.taps:
                tap.rx.extend(data)


class _Tap:
    """One reader's connection to the wire (its libosdp channel)."""

    def __init__(self, wire: Wire) -> None:
        self.wire = wire
        self.rx = bytearray()
        wire.taps.append(self)

    def read(self, max_bytes: int) -> bytes:
        self.wire.pump()
        chunk = bytes(self.rx[:max_bytes])
        del self.rx[:max_bytes]
        return chunk

    def write(self, buf: bytes) -> int:
        try:
            return os.write(self.wire.fd, buf)
        except OSError:
            return 0

    def flush(self) -> None:
        pass


class Reader:
    """A simulated OSDP reader (libosdp PD) with LED, buzzer and secure-channel support."""

    def __init__(self, wire: Wire, address: int, key: bytes | None) -> None:
        self.tap = _Tap(wire)
        info = {
            "name": f"PD-{address}",
            "address": address,
            # without a key, a PD waits for one on the install key (SCBK-D)
            "flags": 0 if key else osdp_sys.FLAG_INSTALL_MODE,
            "scbk": key,
            "channel": self.tap,
            "version": 1,
            "model": 1,
            "vendor_code": 0xCAFEBA,
            "serial_number": 0x1234,
            "firmware_version": 1,
        }
        caps = [
            {"function_code": code, "compliance_level": 1, "num_items": 1}
            for code in (
                osdp_sys.CAP_READER_LED_CONTROL,
                osdp_sys.CAP_READER_AUDIBLE_OUTPUT,
                osdp_sys.CAP_COMMUNICATION_SECURITY,
            )
        ]
        self.ctx = osdp_sys.PeripheralDevice(info, capabilities=caps)
        self.commands: list[dict[str, Any]] = []
        self.ctx.set_command_callback(self._command)
        self.powered = True

    def _command(self, command: dict[str, Any]) -> tuple[int, None]:
        self.commands.append(command)
        return 0, None

    def submit(self, event: dict[str, Any]) -> None:
        assert self.ctx.submit_event(event)

    def power_off(self) -> None:
        self.powered = False

    def power_on(self) -> None:
        self.tap.wire.pump()
        self.tap.rx.clear()  # what the bus sent meanwhile was never heard
        self.powered = True

    async def run(self) -> None:
        while True:
            if self.powered:
                self.ctx.refresh()
            else:
                self.tap.wire.pump()
                self.tap.rx.clear()
            await asyncio.sleep(0.002)


@dataclass
class Calls:
    """What the bus told its owner."""

    credentials: list[tuple[str, AccessType, str]] = field(default_factory=list)
    status: list[tuple[str, bool]] = field(default_factory=list)
    faults: list[tuple[str, str]] = field(default_factory=list)
    keyed: list[str] = field(default_factory=list)

    def online(self, device_id: str) -> bool | None:
        states = [state for dev, state in self.status if dev == device_id]
        return states[-1] if states else None


async def wait_until(check: Callable[[], object], within: float, what: str) -> None:
    deadline = time.monotonic() + within
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.01)


async def stays(check: Callable[[], object], duration: float) -> bool:
    """Whether ``check`` holds for the whole duration."""
    deadline = time.monotonic() + duration
    while time.monotonic() < deadline:
        if not check():
            return False
        await asyncio.sleep(0.02)
    return True


@dataclass
class Bench:
    """One bus on one pty with its readers."""

    hass: HomeAssistant
    calls: Calls = field(default_factory=Calls)
    buses: list[OsdpBus] = field(default_factory=list)
    tasks: list[asyncio.Task[None]] = field(default_factory=list)
    fds: list[int] = field(default_factory=list)

    async def start(
        self,
        specs: list[OsdpReaderSpec],
        reader_keys: list[bytes | None],
        baudrate: int = 115200,
        on: tuple[str, Wire] | None = None,
    ) -> tuple[OsdpBus, list[Reader]]:
        """Readers on a new pty pair, or ``on`` a given port and wire."""
        if on is None:
            master, slave = os.openpty()
            tty.setraw(master)
            tty.setraw(slave)
            os.set_blocking(master, False)
            self.fds += [master, slave]
            port, wire = os.ttyname(slave), Wire(master)
        else:
            port, wire = on
        readers = [
            Reader(wire, spec.address, key) for spec, key in zip(specs, reader_keys, strict=True)
        ]
        for reader in readers:
            self.tasks.append(asyncio.get_running_loop().create_task(reader.run()))
        calls = self.calls
        bus = OsdpBus(
            self.hass,
            port,
            baudrate,
            specs,
            on_credential=lambda d, t, c: calls.credentials.append((d, t, c)),
            on_status=lambda d, s: calls.status.append((d, s)),
            on_fault=lambda d, f: calls.faults.append((d, f)),
            on_key_installed=calls.keyed.append,
        )
        self.buses.append(bus)
        await bus.async_start()
        return bus, readers

    async def close(self) -> None:
        for bus in self.buses:
            await bus.async_stop()
        for task in self.tasks:
            task.cancel()
        for task in self.tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        for fd in self.fds:
            with contextlib.suppress(OSError):
                os.close(fd)


@pytest.fixture
async def bench(hass: HomeAssistant) -> AsyncGenerator[Bench]:
    made = Bench(hass)
    yield made
    await made.close()


async def test_plaintext_card_keypad_and_feedback(bench: Bench) -> None:
    """A reader without a key: online, cards and PINs arrive, grant/deny light and beep."""
    bus, [reader] = await bench.start([OsdpReaderSpec("door", 101)], [None])
    calls = bench.calls
    await wait_until(lambda: calls.online("door"), ONLINE_S, "the reader online")
    assert not bus.is_secure("door")

    reader.submit(wiegand26(123, 45678))
    await wait_until(lambda: calls.credentials, 2, "a card")
    # facility:number as the card box prints it, the same as a Wiegand serial reader gives
    assert calls.credentials == [("door", AccessType.RFID, "123:45678")]

    # one event with a whole PIN, then key by key with a correction ('*' clears)
    reader.submit(keys(b"1234\r"))
    await wait_until(lambda: len(calls.credentials) == 2, 2, "a PIN")
    for chunk in (b"9", b"9", b"\x7f", b"4", b"3", b"2#"):
        reader.submit(keys(chunk))
        await asyncio.sleep(0.08)
    await wait_until(lambda: len(calls.credentials) == 3, 2, "a second PIN")
    assert calls.credentials[1:] == [
        ("door", AccessType.PIN, "1234"),
        ("door", AccessType.PIN, "432"),
    ]

    bus.feedback("door", True)
    await wait_until(lambda: len(reader.commands) == 2, 2, "the grant feedback")
    led, buzzer = reader.commands
    assert led["command"] == osdp_sys.CMD_LED and led["on_color"] == osdp_sys.LED_COLOR_GREEN
    assert buzzer["command"] == osdp_sys.CMD_BUZZER and buzzer["rep_count"] == 1
    bus.feedback("door", False)
    await wait_until(lambda: len(reader.commands) == 4, 2, "the deny feedback")
    led, buzzer = reader.commands[2:]
    assert led["on_color"] == osdp_sys.LED_COLOR_RED and buzzer["rep_count"] == 3
    assert calls.online("door") is True  # feedback did not upset the reader
    assert calls.faults == []


async def test_secure_channel_with_the_right_key(bench: Bench) -> None:
    """Both sides hold the reader's key: the channel is encrypted and cards arrive."""
    bus, [reader] = await bench.start([OsdpReaderSpec("door", 5, KEY)], [KEY])
    calls = bench.calls
    await wait_until(lambda: calls.online("door"), ONLINE_S, "the reader online")
    await wait_until(lambda: bus.is_secure("door"), 2, "the secure channel")
    reader.submit(wiegand26(7, 1001))
    reader.submit(keys(b"2580#"))
    await wait_until(lambda: len(calls.credentials) == 2, 2, "a card and a PIN")
    assert calls.credentials == [
        ("door", AccessType.RFID, "007:01001"),
        ("door", AccessType.PIN, "2580"),
    ]
    bus.feedback("door", True)
    await wait_until(lambda: len(reader.commands) == 2, 2, "the feedback")


async def test_wrong_key_and_plaintext_are_refused(bench: Bench) -> None:
    """A reader with another key, or none, never comes online and its cards are never heard."""
    bus, [other, keyless] = await bench.start(
        [OsdpReaderSpec("other", 1, KEY), OsdpReaderSpec("keyless", 2, KEY)],
        [OTHER_KEY, None],
    )
    calls = bench.calls
    for reader in (other, keyless):
        reader.submit(wiegand26(1, 2))
    assert await stays(lambda: not calls.status, NOT_ONLINE_S)
    assert calls.credentials == []
    assert not bus.is_online("other") and not bus.is_online("keyless")


async def test_install_mode_gives_the_reader_its_key(bench: Bench) -> None:
    """Install mode: a keyless reader gets the key, then the channel runs on it."""
    bus, [reader] = await bench.start([OsdpReaderSpec("door", 9, KEY, install_mode=True)], [None])
    calls = bench.calls
    await wait_until(lambda: calls.keyed == ["door"], ONLINE_S, "the key installed")
    keysets = [c for c in reader.commands if c["command"] == osdp_sys.CMD_KEYSET]
    assert keysets and keysets[0]["data"] == KEY
    await wait_until(lambda: bus.is_secure("door"), 2, "the secure channel")
    reader.submit(wiegand26(200, 300))
    await wait_until(lambda: calls.credentials, 2, "a card")
    assert calls.credentials == [("door", AccessType.RFID, "200:00300")]


async def test_reader_unplugged_and_back(bench: Bench) -> None:
    """A reader that goes silent is reported offline, and is back within seconds, not 300 s."""
    bus, [reader, neighbour] = await bench.start(
        [OsdpReaderSpec("door", 3, KEY), OsdpReaderSpec("gate", 4)], [KEY, None]
    )
    calls = bench.calls
    await wait_until(
        lambda: calls.online("door") and calls.online("gate"), ONLINE_S, "both readers online"
    )
    reader.power_off()
    await wait_until(lambda: calls.online("door") is False, OFFLINE_S, "the reader offline")
    assert calls.online("gate") is True  # the other reader on the bus is not affected
    await asyncio.sleep(1)
    reader.power_on()
    # libosdp alone would wait 300 s; the bus restarts the handshake every RETRY_S
    await wait_until(lambda: calls.online("door"), RETRY_S + ONLINE_S, "the reader back")
    await wait_until(lambda: bus.is_secure("door"), 2, "the secure channel again")
    assert calls.status.count(("door", False)) == 1
    reader.submit(wiegand26(10, 20))
    await wait_until(lambda: calls.credentials, 2, "a card after the outage")
    assert calls.credentials == [("door", AccessType.RFID, "010:00020")]


class Socat:
    """A named pty pair that can vanish and come back, like a USB RS-485 adapter unplugged."""

    def __init__(self, folder: Path) -> None:
        self.bus = folder / "bus"
        self.reader = folder / "reader"
        self.proc: subprocess.Popen[bytes] | None = None

    async def start(self) -> int:
        """Start socat; the reader side's fd once both ends exist."""
        for link in (self.bus, self.reader):
            link.unlink(missing_ok=True)
        self.proc = subprocess.Popen(  # noqa: ASYNC220 - socat starts in a few ms
            [
                "socat",
                f"pty,raw,echo=0,link={self.bus}",
                f"pty,raw,echo=0,link={self.reader}",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        await wait_until(lambda: self.bus.exists() and self.reader.exists(), 5, "socat")
        return os.open(self.reader, os.O_RDWR | os.O_NOCTTY | os.O_NONBLOCK)

    def stop(self) -> None:
        if self.proc is not None:
            self.proc.terminate()
            self.proc.wait(5)
            self.proc = None


@pytest.fixture
def socat(tmp_path: Path) -> Generator[Socat]:
    made = Socat(tmp_path)
    yield made
    made.stop()


@pytest.mark.skipif(shutil.which("socat") is None, reason="socat is not installed")
async def test_adapter_unplugged_and_back(bench: Bench, socat: Socat) -> None:
    """The bus's serial port vanishes: its readers go offline at once, and come back with it."""
    wire = Wire(await socat.start())
    bench.fds.append(wire.fd)
    bus, [reader] = await bench.start(
        [OsdpReaderSpec("door", 20, KEY)], [KEY], on=(str(socat.bus), wire)
    )
    calls = bench.calls
    await wait_until(lambda: calls.online("door"), ONLINE_S, "the reader online")
    socat.stop()
    # no 8 s of probing: a lost port is known at once
    await wait_until(lambda: calls.online("door") is False, 2, "the reader offline")
    await asyncio.sleep(1)
    wire.fd = await socat.start()
    bench.fds.append(wire.fd)
    reader.tap.rx.clear()
    await wait_until(lambda: calls.online("door"), ONLINE_S + 4, "the reader back")
    await wait_until(lambda: bus.is_secure("door"), 2, "the secure channel again")
    reader.submit(wiegand26(42, 4242))
    await wait_until(lambda: calls.credentials, 2, "a card after the outage")
    assert calls.credentials == [("door", AccessType.RFID, "042:04242")]


async def test_tamper_and_power_reports_are_faults(bench: Bench) -> None:
    """A local status report: tamper and power failure reach ``on_fault`` once each."""
    _bus, [reader] = await bench.start([OsdpReaderSpec("door", 12)], [None])
    calls = bench.calls
    await wait_until(lambda: calls.online("door"), ONLINE_S, "the reader online")
    local = {"event": osdp_sys.EVENT_STATUS, "type": osdp_sys.STATUS_REPORT_LOCAL}
    reader.submit({**local, "report": b"\x01\x00"})
    await wait_until(lambda: calls.faults, 2, "the tamper fault")
    reader.submit({**local, "report": b"\x01\x01"})
    await wait_until(lambda: len(calls.faults) == 2, 2, "the power fault")
    reader.submit({**local, "report": b"\x01\x01"})  # the same state again: nothing new
    await asyncio.sleep(0.3)
    assert calls.faults == [("door", "reader tamper"), ("door", "reader power failure")]


def test_card_reads_that_fail_their_checks_are_dropped() -> None:
    """Bad parity, too short, a length that does not fit the data: no credential."""
    good = wiegand26(123, 45678)
    assert card_credential(good["format"], 26, good["data"]) == "123:45678"
    flipped = bytes([good["data"][0] ^ 0x80]) + good["data"][1:]  # the leading parity bit
    assert card_credential(good["format"], 26, flipped) is None
    assert card_credential(good["format"], 4, b"\x10") is None  # a key frame is no card
    assert card_credential(good["format"], 40, good["data"]) is None
    # an unknown length: all bits as one decimal number
    assert card_credential(good["format"], 16, b"\x12\x34") == str(0x1234)
    assert card_credential(osdp_sys.CARD_FMT_ASCII, 0, b"04A22B1C") == "04A22B1C"
    assert card_credential(osdp_sys.CARD_FMT_ASCII, 0, b"\xff\x00") is None


async def test_key_store_keeps_keys_private(hass: HomeAssistant) -> None:
    """Keys survive a reload, install mode makes one, and nothing prints a key."""
    store = OsdpKeyStore(hass)
    await store.async_load()
    await store.async_set_key("door", "00112233 44556677 8899aabb ccddeeff")
    made = await store.async_ensure_key("gate")
    assert len(made) == 16 and made != KEY
    with pytest.raises(ValueError):
        parse_scbk("not a key")
    reloaded = OsdpKeyStore(hass)
    await reloaded.async_load()
    assert reloaded.key("door") == KEY and reloaded.key("gate") == made
    assert KEY.hex() not in repr(reloaded)
    spec = await reloaded.async_reader_spec("door", 7, install_mode=False)
    assert spec.scbk == KEY and KEY.hex() not in repr(spec)
    await reloaded.async_keep_only(["gate"])
    assert not reloaded.has_key("door") and reloaded.has_key("gate")


async def test_osdp_reader_through_home_assistant(hass: HomeAssistant, site: Site) -> None:
    """An ``osdp`` reader configured in GEM: its PIN opens, a stranger's card is denied, and
    the reader shows both with its LED."""
    master, slave = os.openpty()
    tty.setraw(master)
    tty.setraw(slave)
    os.set_blocking(master, False)
    reader = Reader(Wire(master), 1, None)
    task = asyncio.get_running_loop().create_task(reader.run())
    try:
        device_id = await add_reader(
            site, "Side OSDP", "front", "osdp", port=os.ttyname(slave), address=1, baudrate=115200
        )
        manager = site.entry.runtime_data.readers
        await wait_until(lambda: manager.is_online(device_id), ONLINE_S, "the reader online")

        reader.submit(keys(PIN_ALICE.encode() + b"#"))
        granted = await wait_row(hass, site, device_id=device_id, result="granted")
        assert granted[0]["user_id"] == site.ids["alice"] and granted[0]["access_type"] == "pin"
        await wait_until(lambda: reader.commands, 2, "the grant feedback")
        assert reader.commands[0]["on_color"] == osdp_sys.LED_COLOR_GREEN

        reader.submit(wiegand26(99, 9999))
        denied = await wait_row(hass, site, device_id=device_id, result="denied")
        assert denied[0]["reason"] == "unknown_credential" and denied[0]["access_type"] == "rfid"
        await wait_until(lambda: len(reader.commands) >= 3, 2, "the deny feedback")
        assert reader.commands[2]["on_color"] == osdp_sys.LED_COLOR_RED

        # a read with a broken parity bit is no card: counted by reason for diagnostics, no row
        good = wiegand26(99, 9999)
        reader.submit({**good, "data": bytes([good["data"][0] ^ 0x80]) + good["data"][1:]})
        await wait_until(
            lambda: manager.driver_status(device_id)["dropped_frames"] == {"bad_card": 1},
            2,
            "the bad read counted",
        )
        assert len(await wait_row(hass, site, device_id=device_id)) == 2
    finally:
        await hass.config_entries.async_unload(site.entry.entry_id)
        await hass.async_block_till_done()
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
        os.close(master)
        os.close(slave)


async def test_install_mode_through_home_assistant_ends_by_itself(
    hass: HomeAssistant, site: Site
) -> None:
    """A new reader in install mode gets a key, the record leaves install mode (plaintext is then
    refused), the key is never shown, and the reader keeps working on the secure channel."""
    master, slave = os.openpty()
    tty.setraw(master)
    tty.setraw(slave)
    os.set_blocking(master, False)
    reader = Reader(Wire(master), 1, None)
    task = asyncio.get_running_loop().create_task(reader.run())
    try:
        device_id = await add_reader(
            site,
            "New OSDP",
            "front",
            "osdp",
            port=os.ttyname(slave),
            address=1,
            baudrate=115200,
            install_mode=True,
        )
        config = site.entry.runtime_data.config

        def left_install_mode() -> bool:
            options = config.items("devices")[device_id]["driver_options"]
            return options.get("install_mode") is False

        await wait_until(left_install_mode, ONLINE_S * 2, "install mode to end")
        manager = site.entry.runtime_data.readers
        # the bus restarts with the secure channel enforced, on the key it just installed
        await wait_until(
            lambda: manager.driver_status(device_id).get("secure_channel") is True,
            ONLINE_S * 2,
            "back online on the secure channel",
        )
        assert manager.is_online(device_id)
        assert "install_mode" in config.items("devices")[device_id]["driver_options"]
        reader.submit(keys(PIN_ALICE.encode() + b"#"))
        granted = await wait_row(hass, site, device_id=device_id, result="granted")
        assert granted[0]["user_id"] == site.ids["alice"]
    finally:
        await hass.config_entries.async_unload(site.entry.entry_id)
        await hass.async_block_till_done()
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
        os.close(master)
        os.close(slave)
