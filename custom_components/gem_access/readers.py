"""Reader drivers: serial line readers and HA tag scanners feed credentials into the access path.

Every input goes through the reader's ``InputQueue``: a bounded queue and one worker that hands the
inputs, in arrival order, to ``AccessController.async_present(..., wait_row=False)``. The worker
waits for the decision and the door action only, never for the log row, so a database that holds
its write lock cannot stall a reader (the exit button included); beyond ``INPUT_QUEUE_MAX`` waiting
inputs, new ones are dropped and counted (``ReaderManager.dropped_inputs``). Faults of a reader
become one ``device_error`` row per outage through ``AccessController.async_device_error``.

- ``serial``: one background task per reader reads the line protocol (``core/line_protocol``) from
  the port with pyserial-asyncio-fast, answers ``OK``/``NO`` and reconnects with backoff. A lost
  port shows up as ``SerialException``/``OSError`` from the read (not as end of stream), and a
  reader that merely goes quiet reports nothing at all, hence the optional silence watchdog.
- ``ha_tag``: HA's ``tag_scanned`` bus event; the tag id is presented as an ``rfid`` card, only at
  the readers pinned to the scanner that sent it (``tag_device_id``). A tag id is no secret (tag
  entities and the recorder show it to every HA account, a mobile-app webhook can send any tag id),
  so a scan without a scanner, or from a scanner no reader names, opens nothing. A reader stored
  without a scanner (older installs) reads nothing and is reported once in the log.
- ``osdp``: not available yet; such readers are reported once in the log and read nothing.

The manager knows which readers' drivers are up (``is_online``) and announces every change with
``SIGNAL_READER_STATUS``: the event entities are unavailable while their reader is offline.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import serial
import serial_asyncio_fast
from homeassistant.const import EVENT_HOMEASSISTANT_STOP
from homeassistant.core import Context, Event, HomeAssistant, callback
from homeassistant.helpers.dispatcher import async_dispatcher_send

from .access import AccessController
from .const import SIGNAL_READER_STATUS
from .core.codes import AccessType, Result
from .core.line_protocol import LineSplitter, parse_line, reply_for
from .core.records import SERIAL_DEFAULT_BAUDRATE
from .errors import GemAccessError

if TYPE_CHECKING:
    from .types import GemAccessConfigEntry

_LOGGER = logging.getLogger(__name__)

EVENT_TAG_SCANNED = "tag_scanned"  # homeassistant.components.tag, without importing it
BACKOFF_START_S = 0.5
BACKOFF_MAX_S = 30.0
# a connection that lived this long (or delivered data) ends an outage: the next loss is a new one
STABLE_S = 10.0
READ_CHUNK = 1024
CLOSE_TIMEOUT_S = 2.0
# inputs waiting at one reader: a person types a PIN in seconds, so 32 waiting ones is a fault
INPUT_QUEUE_MAX = 32



@dataclass(frozen=True, slots=True)
class SerialSpec:
    """What a serial reader task needs; a changed spec restarts the task."""

    device_id: str
    port: str
    baudrate: int = SERIAL_DEFAULT_BAUDRATE
    silence_timeout_s: float | None = None


def tag_targets(pins: Mapping[str, str | None], scanner: str | None) -> list[str]:
    """The ``ha_tag`` readers a scan from ``scanner`` is presented at.

    ``pins`` maps each ha_tag reader to its ``tag_device_id`` (None: not pinned, reads nothing).
    Only readers pinned to the scanner get the scan; a scan that names no scanner goes nowhere.
    """
    if scanner is None:
        return []
    return [device_id for device_id, pin in pins.items() if pin is not None and pin == scanner]


@dataclass(frozen=True, slots=True)
class QueuedInput:
    """One input waiting at a reader; ``reply`` answers the reader (serial) once decided."""

    access_type: AccessType
    credential: str | None = field(repr=False)
    context: Context | None = None
    reply: Callable[[bool], None] | None = None


class InputQueue:
    """One reader's inputs, bounded, handled one after the other in arrival order.

    A reader is one person at one door: inputs are decided in the order they came (a PIN typed
    after a denied card is judged after it, cooldown counts in order). The worker does not wait
    for log rows, so the queue only grows when decisions or door actions themselves are slow.
    """

    def __init__(
        self,
        hass: HomeAssistant,
        entry: GemAccessConfigEntry,
        controller: AccessController,
        device_id: str,
    ) -> None:
        """Start the worker."""
        self.hass = hass
        self.controller = controller
        self.device_id = device_id
        self.dropped = 0
        self._overflowing = False  # warn once per burst of drops, not once per input
        self._queue: asyncio.Queue[QueuedInput] = asyncio.Queue(INPUT_QUEUE_MAX)
        self._entry = entry
        self._worker = entry.async_create_background_task(
            hass, self._async_work(), f"gem_access reader inputs {device_id}"
        )

    @property
    def _name(self) -> str:
        device = self.controller.engine.config.devices.get(self.device_id)
        return device.name if device else self.device_id

    @callback
    def submit(self, item: QueuedInput) -> bool:
        """Queue one input; False (and counted) if the queue is full."""
        try:
            self._queue.put_nowait(item)
        except asyncio.QueueFull:
            self.dropped += 1
            if not self._overflowing:
                self._overflowing = True
                _LOGGER.warning(
                    "Reader %s: %d inputs are waiting already; new %s input dropped "
                    "(%d dropped so far)",
                    self._name,
                    INPUT_QUEUE_MAX,
                    item.access_type,
                    self.dropped,
                )
            return False
        return True

    @callback
    def stop(self) -> None:
        """Stop taking inputs; the one being decided finishes, the waiting ones are dropped."""
        self._worker.cancel()
        left = self._queue.qsize()
        if left:
            self.dropped += left
            _LOGGER.warning("Reader %s stopped with %d inputs not handled", self._name, left)

    async def _async_work(self) -> None:
        while True:
            item = await self._queue.get()
            # its own task, so stopping the reader (config change) cannot cut an input in half
            task = self._entry.async_create_task(
                self.hass, self._async_handle(item), f"gem_access present at {self.device_id}"
            )
            await asyncio.shield(task)
            if self._queue.empty():
                self._overflowing = False

    async def _async_handle(self, item: QueuedInput) -> None:
        granted = False
        try:
            response = await self.controller.async_present(
                self.device_id,
                item.access_type,
                item.credential,
                None,
                item.context,
                wait_row=False,
            )
            granted = response["result"] == Result.GRANTED
        except GemAccessError as err:
            _LOGGER.warning("Reader %s: input refused: %s", self._name, err)
        except Exception:
            _LOGGER.exception("Reader %s: %s input failed", self._name, item.access_type)
        if item.reply is not None:
            item.reply(granted)


class SerialReader:
    """One line-protocol reader on one serial port, reconnecting until cancelled."""

    def __init__(
        self,
        hass: HomeAssistant,
        entry: GemAccessConfigEntry,
        controller: AccessController,
        spec: SerialSpec,
        inputs: InputQueue,
        on_status: Callable[[SerialReader, bool], None],
    ) -> None:
        """Nothing is opened until ``async_run``; ``on_status`` hears the port open and close."""
        self.hass = hass
        self.entry = entry
        self.controller = controller
        self.spec = spec
        self.inputs = inputs
        self._on_status = on_status
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
                    self._report(f"reader disconnected: {port}")
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
                    self._report(f"reader disconnected: {port}")
            finally:
                self._on_status(self, False)
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
                    self._report(f"reader silent for {timeout:g} s: {self.spec.port}")
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
                # decided by the reader's worker: reading goes on while an input is being decided
                self.inputs.submit(
                    QueuedInput(parsed.access_type, parsed.credential, reply=self._replier(writer))
                )

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

    def _report(self, details: str) -> None:
        """Log a fault without waiting for its row: reading and reconnecting go on meanwhile."""
        self.entry.async_create_task(
            self.hass, self._async_report(details), f"gem_access fault at {self.spec.device_id}"
        )

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
        """Nothing runs until ``async_start``; the event entities can ask ``is_online`` already."""
        self.hass = hass
        self.entry = entry
        self.controller = controller
        self._serial: dict[str, tuple[SerialSpec, SerialReader, asyncio.Task[None]]] = {}
        self._inputs: dict[str, InputQueue] = {}
        self._dropped_before: dict[str, int] = {}  # counts of queues since stopped
        self._serial_up: set[str] = set()  # serial readers whose port is open
        self._online: dict[str, bool] = {}  # as last announced
        self._tag_pins: dict[str, str | None] = {}
        self._unsub_tag: Callable[[], None] | None = None
        self._warned: set[tuple[str, str]] = set()  # (device id, what) told once in the log
        self._unsub_stop: Callable[[], None] | None = None

    @property
    def dropped_inputs(self) -> dict[str, int]:
        """Inputs dropped per reader because its queue was full (or it stopped), since setup."""
        dropped = dict(self._dropped_before)
        for device_id, inputs in self._inputs.items():
            dropped[device_id] = dropped.get(device_id, 0) + inputs.dropped
        return {device_id: count for device_id, count in dropped.items() if count}

    def is_online(self, device_id: str) -> bool:
        """Whether the reader's driver can take input now.

        ``serial``: its port is open. ``ha_tag``: it names its scanner. ``osdp``: never (no driver
        yet). ``virtual`` (fed by the service) always.
        """
        record = self.controller.config.items("devices").get(device_id)
        if record is None:
            return False
        driver = record.get("driver")
        if driver == "serial":
            return device_id in self._serial_up
        if driver == "ha_tag":
            return bool((record.get("driver_options") or {}).get("tag_device_id"))
        return driver != "osdp"

    @callback
    def _announce(self) -> None:
        """Tell the entities about every reader whose online state changed."""
        devices = self.controller.config.items("devices")
        online = {device_id: self.is_online(device_id) for device_id in devices}
        for device_id, state in online.items():
            if self._online.get(device_id) != state:
                async_dispatcher_send(
                    self.hass,
                    SIGNAL_READER_STATUS.format(self.entry.entry_id),
                    device_id,
                    state,
                )
        self._online = online

    @callback
    def _serial_status(self, reader: SerialReader, up: bool) -> None:
        current = self._serial.get(reader.spec.device_id)
        if current is None or current[1] is not reader:
            return  # a reader being replaced (its successor reports for the device)
        if up:
            self._serial_up.add(reader.spec.device_id)
        else:
            self._serial_up.discard(reader.spec.device_id)
        self._announce()

    def _warn_once(self, device_id: str, what: str, message: str, *args: Any) -> None:
        if (device_id, what) not in self._warned:
            self._warned.add((device_id, what))
            _LOGGER.warning(message, *args)

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
            name = record.get("name", device_id)
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
                        name,
                        spec.port,
                    )
                    continue
                ports[spec.port] = name
                wanted[device_id] = spec
            elif driver == "ha_tag":
                pin = options.get("tag_device_id") or None
                if pin is None:
                    self._warn_once(
                        device_id,
                        "unpinned",
                        "Reader %s is an HA tag reader without a tag scanner; it reads nothing "
                        "until its scanner is chosen (tag ids are no secret: any scanner could "
                        "send them)",
                        name,
                    )
                else:
                    tag_pins[device_id] = pin
            elif driver == "osdp":
                self._warn_once(
                    device_id,
                    "osdp",
                    "Reader %s uses the OSDP driver, which is not available yet; it reads nothing",
                    name,
                )
        # one input queue per reader that takes input from a driver
        for device_id in set(self._inputs) - set(wanted) - set(tag_pins):
            inputs = self._inputs.pop(device_id)
            inputs.stop()
            self._dropped_before[device_id] = (
                self._dropped_before.get(device_id, 0) + inputs.dropped
            )
        for device_id in [*wanted, *tag_pins]:
            if device_id not in self._inputs:
                self._inputs[device_id] = InputQueue(
                    self.hass, self.entry, self.controller, device_id
                )
        for device_id, (spec, _reader, task) in list(self._serial.items()):
            if wanted.get(device_id) != spec or task.done():
                task.cancel()
                del self._serial[device_id]
                self._serial_up.discard(device_id)
        for device_id, spec in wanted.items():
            if device_id not in self._serial:
                reader = SerialReader(
                    self.hass,
                    self.entry,
                    self.controller,
                    spec,
                    self._inputs[device_id],
                    self._serial_status,
                )
                task = self.entry.async_create_background_task(
                    self.hass, reader.async_run(), f"gem_access serial reader {device_id}"
                )
                self._serial[device_id] = (spec, reader, task)
        self._tag_pins = tag_pins
        if tag_pins and self._unsub_tag is None:
            self._unsub_tag = self.hass.bus.async_listen(EVENT_TAG_SCANNED, self._tag_scanned)
        elif not tag_pins and self._unsub_tag is not None:
            self._unsub_tag()
            self._unsub_tag = None
        self._announce()

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
        for _spec, _reader, task in self._serial.values():
            task.cancel()
        self._serial.clear()
        self._serial_up.clear()
        for device_id, inputs in self._inputs.items():
            inputs.stop()
            self._dropped_before[device_id] = (
                self._dropped_before.get(device_id, 0) + inputs.dropped
            )
        self._inputs.clear()
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
        for device_id in tag_targets(self._tag_pins, scanner if isinstance(scanner, str) else None):
            inputs = self._inputs.get(device_id)
            if inputs is not None:
                inputs.submit(QueuedInput(AccessType.RFID, tag_id, event.context))
