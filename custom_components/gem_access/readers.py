"""Reader drivers: serial line readers and HA tag scanners feed credentials into the access path.

Every input ends in ``AccessController.async_present``; faults of a reader become one
``device_error`` row per outage through ``AccessController.async_device_error``.

- ``serial``: one background task per reader reads the line protocol (``core/line_protocol``) from
  the port with pyserial-asyncio-fast, answers ``OK``/``NO`` and reconnects with backoff. A lost
  port shows up as ``SerialException``/``OSError`` from the read (not as end of stream), and a
  reader that merely goes quiet reports nothing at all, hence the optional silence watchdog.
- ``ha_tag``: HA's ``tag_scanned`` bus event; the tag id is presented as an ``rfid`` card.
  A scan goes to every ``ha_tag`` reader pinned to the scanner (``tag_device_id``); readers
  without a pin take only scans from scanners no reader has pinned, so one scanner can never
  open two doors by accident once it is pinned somewhere.
- ``osdp``: not available yet; such readers are reported once in the log and read nothing.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import serial
import serial_asyncio_fast
from homeassistant.const import EVENT_HOMEASSISTANT_STOP
from homeassistant.core import Context, Event, HomeAssistant, callback

from .access import AccessController
from .core.codes import AccessType, Result
from .core.line_protocol import LineSplitter, ReaderInput, parse_line, reply_for
from .core.records import SERIAL_DEFAULT_BAUDRATE
from .errors import GemAccessError
from .types import GemAccessConfigEntry

_LOGGER = logging.getLogger(__name__)

EVENT_TAG_SCANNED = "tag_scanned"  # homeassistant.components.tag, without importing it
BACKOFF_START_S = 0.5
BACKOFF_MAX_S = 30.0
# a connection that lived this long (or delivered data) ends an outage: the next loss is a new one
STABLE_S = 10.0
READ_CHUNK = 1024
CLOSE_TIMEOUT_S = 2.0


@dataclass(frozen=True, slots=True)
class SerialSpec:
    """What a serial reader task needs; a changed spec restarts the task."""

    device_id: str
    port: str
    baudrate: int = SERIAL_DEFAULT_BAUDRATE
    silence_timeout_s: float | None = None


def tag_targets(pins: Mapping[str, str | None], scanner: str | None) -> list[str]:
    """The ``ha_tag`` readers a scan from ``scanner`` is presented at.

    ``pins`` maps each ha_tag reader to its ``tag_device_id`` (None: not pinned). Readers pinned
    to the scanner all get the scan; if there are none, the unpinned readers get it.
    """
    pinned = [device_id for device_id, pin in pins.items() if pin is not None and pin == scanner]
    if pinned:
        return pinned
    return [device_id for device_id, pin in pins.items() if pin is None]


class SerialReader:
    """One line-protocol reader on one serial port, reconnecting until cancelled."""

    def __init__(
        self,
        hass: HomeAssistant,
        entry: GemAccessConfigEntry,
        controller: AccessController,
        spec: SerialSpec,
    ) -> None:
        """Nothing is opened until ``async_run``."""
        self.hass = hass
        self.entry = entry
        self.controller = controller
        self.spec = spec
        self._alive = False  # data arrived on the current connection

    @property
    def _name(self) -> str:
        device = self.controller.engine.config.devices.get(self.spec.device_id)
        return device.name if device else self.spec.device_id

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
                    await self._async_report(f"reader disconnected: {port}")
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, BACKOFF_MAX_S)
                continue
            if outage:
                _LOGGER.info("Reader %s is connected again on %s", self._name, port)
            else:
                _LOGGER.debug("Reader %s connected on %s", self._name, port)
            opened = time.monotonic()
            self._alive = False
            try:
                await self._async_session(reader, writer)
            except (serial.SerialException, OSError) as err:
                if self._alive or time.monotonic() - opened >= STABLE_S:
                    # the connection worked: this is a new outage, and retries start quickly again
                    outage = False
                    backoff = BACKOFF_START_S
                if not outage:
                    outage = True
                    _LOGGER.warning("Reader %s lost %s: %s", self._name, port, err)
                    await self._async_report(f"reader disconnected: {port}")
            finally:
                await _async_close(writer)
            await asyncio.sleep(backoff)
            backoff = min(backoff * 2, BACKOFF_MAX_S)

    async def _async_open(self) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
        """Open the port; if the task is cancelled meanwhile, a port opened late is closed."""
        opening = self.entry.async_create_background_task(
            self.hass,
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

    async def _async_session(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> None:
        """Read lines until the port fails (raises SerialException or OSError)."""
        splitter = LineSplitter()
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
                    await self._async_report(f"reader silent for {timeout:g} s: {self.spec.port}")
                continue
            if not data:
                raise ConnectionError("end of stream")
            self._alive = True
            if silent:
                silent = False
                _LOGGER.info("Reader %s is sending again on %s", self._name, self.spec.port)
            for line in splitter.feed(data):
                parsed = parse_line(line)
                if parsed is None:
                    # the line may hold a mistyped credential: only its length is logged
                    _LOGGER.debug("Reader %s: ignored a %d-byte line", self._name, len(line))
                    continue
                # its own task, so a reader restart (config change) cannot cut an event in half
                task = self.entry.async_create_task(
                    self.hass,
                    self._async_present(parsed, writer),
                    f"gem_access present at {self.spec.device_id}",
                )
                await asyncio.shield(task)

    async def _async_present(self, parsed: ReaderInput, writer: asyncio.StreamWriter) -> None:
        granted = False
        try:
            response = await self.controller.async_present(
                self.spec.device_id, parsed.access_type, parsed.credential
            )
            granted = response["result"] == Result.GRANTED
        except GemAccessError as err:
            _LOGGER.warning("Reader %s: input refused: %s", self._name, err)
        except Exception:
            _LOGGER.exception("Reader %s: %s input failed", self._name, parsed.access_type)
        try:
            # best effort, the decision is stored already; the transport buffers (never blocks)
            writer.write(reply_for(granted))
        except (serial.SerialException, OSError, RuntimeError) as err:
            _LOGGER.debug("Reader %s: reply not sent: %s", self._name, err)

    async def _async_report(self, details: str) -> None:
        try:
            await self.controller.async_device_error(self.spec.device_id, details)
        except GemAccessError:
            _LOGGER.debug("Reader %s is gone; fault not logged", self.spec.device_id)


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


class ReaderManager:
    """Starts the reader drivers for the configured devices and follows configuration changes."""

    def __init__(
        self, hass: HomeAssistant, entry: GemAccessConfigEntry, controller: AccessController
    ) -> None:
        """Nothing runs until ``async_start``."""
        self.hass = hass
        self.entry = entry
        self.controller = controller
        self._serial: dict[str, tuple[SerialSpec, asyncio.Task[None]]] = {}
        self._tag_pins: dict[str, str | None] = {}
        self._unsub_tag: Callable[[], None] | None = None
        self._osdp_warned: set[str] = set()
        self._unsub_stop: Callable[[], None] | None = None

    @callback
    def async_start(self) -> None:
        """Start (or, after a configuration change, adjust) the readers."""
        if self._unsub_stop is None:
            # readers stop before the recorder closes, so no fault is written during shutdown
            self._unsub_stop = self.hass.bus.async_listen_once(
                EVENT_HOMEASSISTANT_STOP, self._async_hass_stop
            )
        devices = self.controller.config.items("devices")
        wanted: dict[str, SerialSpec] = {}
        ports: dict[str, str] = {}
        tag_pins: dict[str, str | None] = {}
        for device_id, record in devices.items():
            driver = record.get("driver")
            options: dict[str, Any] = record.get("driver_options") or {}
            if driver == "serial" and isinstance(options.get("port"), str):
                spec = SerialSpec(
                    device_id,
                    options["port"],
                    int(options.get("baudrate") or SERIAL_DEFAULT_BAUDRATE),
                    options.get("silence_timeout_s"),
                )
                if spec.port in ports:
                    _LOGGER.error(
                        "Readers %s and %s are both set to %s; only the first one is read",
                        ports[spec.port],
                        record.get("name", device_id),
                        spec.port,
                    )
                    continue
                ports[spec.port] = record.get("name", device_id)
                wanted[device_id] = spec
            elif driver == "ha_tag":
                tag_pins[device_id] = options.get("tag_device_id") or None
            elif driver == "osdp" and device_id not in self._osdp_warned:
                self._osdp_warned.add(device_id)
                _LOGGER.warning(
                    "Reader %s uses the OSDP driver, which is not available yet; it reads nothing",
                    record.get("name", device_id),
                )
        for device_id, (spec, task) in list(self._serial.items()):
            if wanted.get(device_id) != spec or task.done():
                task.cancel()
                del self._serial[device_id]
        for device_id, spec in wanted.items():
            if device_id not in self._serial:
                reader = SerialReader(self.hass, self.entry, self.controller, spec)
                task = self.entry.async_create_background_task(
                    self.hass, reader.async_run(), f"gem_access serial reader {device_id}"
                )
                self._serial[device_id] = (spec, task)
        self._tag_pins = tag_pins
        if tag_pins and self._unsub_tag is None:
            self._unsub_tag = self.hass.bus.async_listen(EVENT_TAG_SCANNED, self._tag_scanned)
        elif not tag_pins and self._unsub_tag is not None:
            self._unsub_tag()
            self._unsub_tag = None

    @callback
    def _async_hass_stop(self, _event: Event) -> None:
        self._unsub_stop = None  # a once-listener is gone after it ran
        self.async_stop()

    @callback
    def async_stop(self) -> None:
        """Stop every reader."""
        if self._unsub_stop is not None:
            self._unsub_stop()
            self._unsub_stop = None
        for _spec, task in self._serial.values():
            task.cancel()
        self._serial.clear()
        self._tag_pins = {}
        if self._unsub_tag is not None:
            self._unsub_tag()
            self._unsub_tag = None

    @callback
    def _tag_scanned(self, event: Event) -> None:
        tag_id = event.data.get("tag_id")
        scanner = event.data.get("device_id")
        if not isinstance(tag_id, str) or not tag_id:
            return
        targets = tag_targets(self._tag_pins, scanner if isinstance(scanner, str) else None)
        if targets:
            self.entry.async_create_task(
                self.hass,
                self._async_present_tag(targets, tag_id, event.context),
                "gem_access tag scan",
            )

    async def _async_present_tag(self, targets: list[str], tag_id: str, context: Context) -> None:
        for device_id in targets:
            try:
                await self.controller.async_present(
                    device_id, AccessType.RFID, tag_id, None, context
                )
            except GemAccessError as err:
                _LOGGER.warning("Tag scan at reader %s refused: %s", device_id, err)
