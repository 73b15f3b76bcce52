"""The ``serial`` driver: readers on a serial port (or a network serial converter).

One background task per reader opens the port with pyserial-asyncio-fast, reads, answers ``OK``/
``NO`` after each decision and reconnects with exponential backoff. A lost port shows up as
``SerialException``/``OSError`` from the read (not as end of stream), and a reader that merely goes
quiet reports nothing at all, hence the optional silence watchdog.

What the reader sends is the ``format`` option: ``line`` (``core/line_protocol``: ``PIN:``,
``CARD:``, ``REX`` lines) or one of the Wiegand formats (``core/wiegand``: one frame per line as
'0'/'1' bits, key presses buffered into a PIN by ``core/keypad``). Garbage (malformed or overlong
lines, bad parity, frames of the wrong length, stray keys) is dropped and counted per reader.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import serial
import serial_asyncio_fast
from homeassistant.core import callback

from ..core.codes import AccessType
from ..core.drivers import SERIAL_DEFAULT_BAUDRATE
from ..core.keypad import DEFAULT_KEY_TIMEOUT_S, KeypadBuffer
from ..core.line_protocol import LineSplitter, parse_line, reply_for
from ..core.wiegand import Card, Dropped, Key, parse_frame
from .base import (
    BACKOFF_MAX_S,
    BACKOFF_START_S,
    STABLE_S,
    DriverHost,
    QueuedInput,
    ReaderDriver,
    ReaderRecords,
)

_LOGGER = logging.getLogger(__name__)

READ_CHUNK = 1024
CLOSE_TIMEOUT_S = 2.0


@dataclass(frozen=True, slots=True)
class SerialSpec:
    """What a serial reader task needs; a changed spec restarts the task."""

    device_id: str
    port: str
    baudrate: int = SERIAL_DEFAULT_BAUDRATE
    silence_timeout_s: float | None = None
    format: str = "line"
    key_timeout_s: float = DEFAULT_KEY_TIMEOUT_S

    @classmethod
    def from_options(cls, device_id: str, options: dict[str, Any]) -> SerialSpec | None:
        """The spec of a stored reader; None when it has no port."""
        port = options.get("port")
        if not isinstance(port, str) or not port:
            return None
        return cls(
            device_id,
            port,
            int(options.get("baudrate") or SERIAL_DEFAULT_BAUDRATE),
            options.get("silence_timeout_s"),
            str(options.get("format") or "line"),
            float(options.get("key_timeout_s") or DEFAULT_KEY_TIMEOUT_S),
        )


class FrameDecoder:
    """Bytes from one reader in, inputs out; garbage goes to ``on_drop`` (pure, clock passed in)."""

    def __init__(self, spec: SerialSpec, on_drop: Callable[[str], None]) -> None:
        """One decoder per connection: a half line or half PIN does not outlive its port."""
        self._format = spec.format
        self._splitter = LineSplitter()
        self._keypad = KeypadBuffer(spec.key_timeout_s)
        self._on_drop = on_drop

    def feed(self, data: bytes, now: float) -> list[tuple[AccessType, str | None]]:
        """The inputs in ``data``, in order."""
        found: list[tuple[AccessType, str | None]] = []
        overlong = self._splitter.overlong
        lines = self._splitter.feed(data)
        for _ in range(self._splitter.overlong - overlong):
            self._on_drop("overlong")
        for line in lines:
            if self._format == "line":
                parsed = parse_line(line)
                if parsed is None:
                    self._on_drop("malformed")
                else:
                    found.append((parsed.access_type, parsed.credential))
                continue
            frame = parse_frame(line, self._format)
            if isinstance(frame, Dropped):
                self._on_drop(frame.reason)
            elif isinstance(frame, Card):
                found.append((AccessType.RFID, frame.number))
            elif isinstance(frame, Key):
                result = self._keypad.press(frame.key, now)
                if result.timed_out:
                    self._on_drop("keypad_timeout")
                if result.outcome == "submitted":
                    found.append((AccessType.PIN, result.pin))
                elif result.outcome == "overflow":
                    self._on_drop("keypad_overflow")
        return found


class SerialReader:
    """One reader on one serial port, reconnecting until cancelled."""

    def __init__(
        self,
        host: DriverHost,
        spec: SerialSpec,
        on_status: Callable[[SerialReader, bool], None],
    ) -> None:
        """Nothing is opened until ``async_run``; ``on_status`` hears the port open and close."""
        self.host = host
        self.spec = spec
        self._on_status = on_status
        self._alive = False  # data arrived on the current connection

    @property
    def _name(self) -> str:
        return self.host.reader_name(self.spec.device_id)

    async def async_run(self) -> None:
        """Open, read, reconnect with exponential backoff; one device_error row per outage."""
        port = self.spec.port
        backoff = BACKOFF_START_S
        outage = False
        while True:
            try:
                reader, writer = await self._async_open()
            except (serial.SerialException, OSError, ValueError) as err:
                if not outage:
                    outage = True
                    _LOGGER.warning("Reader %s cannot open %s: %s", self._name, port, err)
                    self.host.report_fault(self.spec.device_id, f"reader disconnected: {port}")
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, BACKOFF_MAX_S)
                continue
            if outage:
                _LOGGER.info("Reader %s is connected again on %s", self._name, port)
            else:
                _LOGGER.debug("Reader %s connected on %s", self._name, port)
            opened = time.monotonic()
            self._alive = False
            self._on_status(self, True)
            try:
                await self._async_session(reader, writer)
            except (serial.SerialException, OSError) as err:
                self._on_status(self, False)
                if self._alive or time.monotonic() - opened >= STABLE_S:
                    # the connection worked: this is a new outage, and retries start quickly again
                    outage = False
                    backoff = BACKOFF_START_S
                if not outage:
                    outage = True
                    _LOGGER.warning("Reader %s lost %s: %s", self._name, port, err)
                    self.host.report_fault(self.spec.device_id, f"reader disconnected: {port}")
            finally:
                self._on_status(self, False)
                await _async_close(writer)
            await asyncio.sleep(backoff)
            backoff = min(backoff * 2, BACKOFF_MAX_S)

    async def _async_open(self) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
        """Open the port; if the task is cancelled meanwhile, a port opened late is closed."""
        opening = self.host.entry.async_create_background_task(
            self.host.hass,
            serial_asyncio_fast.open_serial_connection(
                url=self.spec.port, baudrate=self.spec.baudrate
            ),
            f"gem_access open {self.spec.port}",
        )
        try:
            return await asyncio.shield(opening)
        except asyncio.CancelledError:
            opening.add_done_callback(_abort_opened)
            raise

    def _drop(self, reason: str) -> None:
        # the line may hold a mistyped credential: only the reason is kept
        self.host.count_drop(self.spec.device_id, reason)

    async def _async_session(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> None:
        """Read until the port fails (raises SerialException or OSError)."""
        decoder = FrameDecoder(self.spec, self._drop)
        timeout = self.spec.silence_timeout_s
        silent = False
        while True:
            try:
                async with asyncio.timeout(timeout):
                    data = await reader.read(READ_CHUNK)
            except TimeoutError:
                if not silent:
                    silent = True
                    _LOGGER.warning(
                        "Reader %s sent nothing for %g s on %s", self._name, timeout, self.spec.port
                    )
                    self.host.report_fault(
                        self.spec.device_id, f"reader silent for {timeout:g} s: {self.spec.port}"
                    )
                continue
            if not data:
                raise ConnectionError("end of stream")
            self._alive = True
            if silent:
                silent = False
                _LOGGER.info("Reader %s is sending again on %s", self._name, self.spec.port)
            inputs = self.host.inputs(self.spec.device_id)
            for access_type, credential in decoder.feed(data, time.monotonic()):
                # decided by the reader's worker: reading goes on while an input is being decided
                if inputs is not None:
                    inputs.submit(QueuedInput(access_type, credential, reply=self._replier(writer)))

    def _replier(self, writer: asyncio.StreamWriter) -> Callable[[bool], None]:
        """Answer on the connection the input came from (not on a later one)."""

        def reply(granted: bool) -> None:
            if writer.transport.is_closing():
                _LOGGER.debug("Reader %s: reply not sent, the port closed", self._name)
                return
            try:
                # best effort, the decision is made already; the transport buffers (never blocks)
                writer.write(reply_for(granted))
            except (serial.SerialException, OSError, RuntimeError) as err:
                _LOGGER.debug("Reader %s: reply not sent: %s", self._name, err)

        return reply


def _abort_opened(
    opening: asyncio.Task[tuple[asyncio.StreamReader, asyncio.StreamWriter]],
) -> None:
    if not opening.cancelled() and opening.exception() is None:
        opening.result()[1].transport.abort()


async def _async_close(writer: asyncio.StreamWriter) -> None:
    """Drop the port without flushing (a flush can hang on a dead port)."""
    transport = writer.transport
    if not transport.is_closing():
        transport.abort()
    with contextlib.suppress(Exception):
        async with asyncio.timeout(CLOSE_TIMEOUT_S):
            await writer.wait_closed()


class SerialDriver(ReaderDriver):
    """One task per serial reader; a reader whose options changed is restarted, others keep going."""

    name = "serial"

    def __init__(self, host: DriverHost) -> None:
        """No reader yet."""
        super().__init__(host)
        self._readers: dict[str, tuple[SerialSpec, SerialReader, asyncio.Task[None]]] = {}
        self._up: set[str] = set()

    @callback
    def configure(self, readers: ReaderRecords) -> None:
        """Run one task per reader with a port (the manager already left out shared ports)."""
        wanted: dict[str, SerialSpec] = {}
        for device_id, record in readers.items():
            spec = SerialSpec.from_options(device_id, dict(record.get("driver_options") or {}))
            if spec is not None:
                wanted[device_id] = spec
        for device_id, (spec, _reader, task) in list(self._readers.items()):
            if wanted.get(device_id) != spec or task.done():
                task.cancel()
                del self._readers[device_id]
                self._up.discard(device_id)
        for device_id, spec in wanted.items():
            if device_id not in self._readers:
                reader = SerialReader(self.host, spec, self._status)
                task = self.host.entry.async_create_background_task(
                    self.host.hass, reader.async_run(), f"gem_access serial reader {device_id}"
                )
                self._readers[device_id] = (spec, reader, task)

    def is_online(self, device_id: str) -> bool:
        """Its port is open."""
        return device_id in self._up

    def status(self, device_id: str) -> dict[str, Any]:
        """The format and speed (the port is left out: it can name the site's hardware)."""
        current = self._readers.get(device_id)
        if current is None:
            return {}
        return {"format": current[0].format, "baudrate": current[0].baudrate}

    @callback
    def _status(self, reader: SerialReader, up: bool) -> None:
        current = self._readers.get(reader.spec.device_id)
        if current is None or current[1] is not reader:
            return  # a reader being replaced (its successor reports for the device)
        if up:
            self._up.add(reader.spec.device_id)
        else:
            self._up.discard(reader.spec.device_id)
        self.host.set_online(reader.spec.device_id, up)
