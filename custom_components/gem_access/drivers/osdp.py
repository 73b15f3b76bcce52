"""OSDP readers through libosdp's control panel (CP), one ``OsdpBus`` per RS-485 bus.

An RS-485 adapter is one serial port; every reader (PD) on it has its own address. libosdp's
Python wrapper runs its own refresh thread and keeps every event in a queue nobody drains, so this
driver uses the C binding (``osdp_sys``) directly and drives ``refresh()`` from the event loop:
no thread, no lock, and the channel reads from a buffer the serial protocol fills
(pyserial-asyncio-fast). Facts this relies on (measured, see the OSDP notes):

- The CP polls every 50 ms (compiled in); the refresh tick adds to it, so the tick is short
  (``REFRESH_TICK_S``) and a refresh also runs as soon as a reply arrives ("kick").
- A PD that stops answering is declared offline after about 8.4 s, and libosdp then waits 300 s
  before it tries again. A reader plugged back must not stay dark for five minutes: while a PD is
  offline it is disabled and enabled again every ``RETRY_S``, which restarts the handshake.
- Without ``EnforceSecure`` a wrong key silently falls back to plaintext. A reader with a key
  (and not in install mode) therefore gets ``EnforceSecure``: a wrong key keeps it offline.
- Install mode: the CP holds a key, the reader has none; the secure channel comes up on the
  default install key (SCBK-D) and the CP sends its key (``osdp_KEYSET``). Once the channel is up
  on the reader's own key, ``EnforceSecure`` is switched on for the rest of the session.
- Callbacks from libosdp must never raise (a Python error left set surfaces later as an
  unrelated ``SystemError``), and nothing may call into the CP from inside its own callbacks:
  events are collected during ``refresh()`` and handled after it returns.

Card numbers: a raw Wiegand read of 26, 34 or 37 bits is decoded as H10301 / H10306 / H10304
with its parity checked (``core/wiegand``), and the credential is facility and number as the
card box prints them (``123:45678``), the same string a Wiegand-to-serial reader gives for the
same card; other lengths are the decimal value of all bits (``wiegand_raw``); an ASCII read is
the reader's text. A read that fails its checks is dropped and counted, never presented.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any, Final, cast

import osdp_sys
import serial
import serial_asyncio_fast
from homeassistant.core import HomeAssistant

from ..core.codes import AccessType
from ..core.drivers import DRIVER_DESCRIPTIONS
from ..core.keypad import KeypadBuffer
from ..core.wiegand import RAW_MAX_BITS, RAW_MIN_BITS, Card, decode_bits

_LOGGER = logging.getLogger(__name__)

# the driver options of an ``osdp`` reader: port, baudrate, address, install_mode; their one home
# (validation and the panel's form) is the description in core/drivers.py
OSDP_OPTIONS: Final[dict[str, dict[str, Any]]] = {
    option.key: asdict(option) for option in DRIVER_DESCRIPTIONS["osdp"].options
}
OSDP_ADDRESS_MAX: Final = 126

REFRESH_TICK_S: Final = 0.005  # 200 refreshes/s at ~8 µs each; see the latency bench
RETRY_S: Final = 10.0  # offline reader: restart its handshake this often (libosdp waits 300 s)
ENABLE_DELAY_S: Final = 0.1  # enable_pd right after disable_pd is refused: one refresh between
PORT_BACKOFF_START_S: Final = 0.5
PORT_BACKOFF_MAX_S: Final = 30.0
RX_BUFFER_MAX: Final = 8192  # bytes waiting for the CP; more is a flood, the oldest are dropped
SCBK_BYTES: Final = 16

# feedback: LED colour and timing in 100 ms units, as OSDP counts them
_LED_TEMPORARY: Final = 2  # control code: set the temporary state and start its timer
_BUZZER_DEFAULT_TONE: Final = 2
_GRANT_LED: Final = {"on_count": 20, "off_count": 0, "timer_count": 20}  # green, 2 s steady
_DENY_LED: Final = {"on_count": 2, "off_count": 2, "timer_count": 20}  # red, blinking 2 s
_GRANT_BUZZER: Final = {"on_count": 2, "off_count": 0, "rep_count": 1}  # one short beep
_DENY_BUZZER: Final = {"on_count": 2, "off_count": 2, "rep_count": 3}  # three beeps

# OSDP keypad codes: digits are ASCII; '*' and '#' come as DEL and CR from most readers
_KEY_CODES: Final = {0x7F: "*", 0x2A: "*", 0x0D: "#", 0x23: "#"}
_WIEGAND_BY_LENGTH: Final = {26: "wiegand26", 34: "wiegand34", 37: "wiegand37"}
_CARD_ASCII_CHARS: Final = frozenset("0123456789abcdefABCDEF:- ")

type CredentialCallback = Callable[[str, AccessType, str], None]
type StatusCallback = Callable[[str, bool], None]
type FaultCallback = Callable[[str, str], None]


@dataclass(frozen=True, slots=True)
class OsdpReaderSpec:
    """One reader (PD) on a bus; a changed spec restarts the bus."""

    device_id: str
    address: int
    scbk: bytes | None = field(default=None, repr=False)
    install_mode: bool = False


def card_credential(card_format: int, length: int, data: bytes) -> str | None:
    """The card number of one OSDP card read, or None when it fails its checks.

    Raw reads carry ``length`` bits, most significant first (see the module docstring for how
    they become a number); ASCII reads are taken as the reader's text if they look like one.
    """
    if card_format == osdp_sys.CARD_FMT_ASCII:
        try:
            text = data.decode("ascii").strip()
        except UnicodeDecodeError:
            return None
        if not text or len(text) > 128 or set(text) - _CARD_ASCII_CHARS:
            return None
        return text
    if not RAW_MIN_BITS <= length <= RAW_MAX_BITS or len(data) * 8 < length:
        return None
    bits = format(int.from_bytes(data, "big"), f"0{len(data) * 8}b")[:length]
    frame = decode_bits(bits, _WIEGAND_BY_LENGTH.get(length, "wiegand_raw"))
    return frame.number if isinstance(frame, Card) else None


def keypad_keys(data: bytes) -> str:
    """An OSDP key-press event as keys; unknown codes become ``?`` (the buffer refuses them)."""
    keys = []
    for code in data:
        if 0x30 <= code <= 0x39:
            keys.append(chr(code))
        else:
            keys.append(_KEY_CODES.get(code, "?"))
    return "".join(keys)


class _BufferChannel:
    """The CP's channel: reads from what the serial protocol received, writes to its transport.

    libosdp calls these by name from C; they never raise (see the module docstring).
    """

    def __init__(self, kick: Callable[[], None]) -> None:
        self.rx = bytearray()
        self.transport: asyncio.Transport | None = None
        self.kick = kick
        self.overflowed = 0

    def read(self, max_bytes: int) -> bytes:
        try:
            chunk = bytes(self.rx[:max_bytes])
            del self.rx[:max_bytes]
        except Exception:  # must not raise into libosdp
            return b""
        return chunk

    def write(self, buf: bytes) -> int:
        transport = self.transport
        try:
            if transport is None or transport.is_closing():
                return 0
            transport.write(bytes(buf))
        except Exception:  # a failed write is 0 bytes for libosdp
            return 0
        return len(buf)

    def flush(self) -> None:
        with contextlib.suppress(Exception):
            self.rx.clear()

    def received(self, data: bytes) -> None:
        self.rx.extend(data)
        if len(self.rx) > RX_BUFFER_MAX:
            self.overflowed += len(self.rx) - RX_BUFFER_MAX
            del self.rx[: len(self.rx) - RX_BUFFER_MAX]
        self.kick()


class _BusProtocol(asyncio.Protocol):
    """Feeds the channel and tells the bus when the port is gone."""

    def __init__(self, channel: _BufferChannel) -> None:
        self.channel = channel
        self.lost: asyncio.Future[Exception | None] = asyncio.get_running_loop().create_future()

    def data_received(self, data: bytes) -> None:
        self.channel.received(data)

    def connection_lost(self, exc: Exception | None) -> None:
        if not self.lost.done():
            self.lost.set_result(exc)


@dataclass(slots=True)
class _Reader:
    """What the bus tracks for one PD (by its index in the CP)."""

    spec: OsdpReaderSpec
    keypad: KeypadBuffer = field(default_factory=KeypadBuffer)
    online: bool = False
    enforced: bool = False  # EnforceSecure is set on the CP for this PD
    # while offline, when to restart the handshake; None: libosdp's own first attempt runs
    retry_at: float | None = None
    enable_at: float | None = None  # disable_pd done; enable_pd due at this time
    tamper: bool = False
    power_fault: bool = False


class OsdpBus:
    """One RS-485 bus (a serial port) with one or more OSDP readers (PDs)."""

    def __init__(
        self,
        hass: HomeAssistant,
        port: str,
        baudrate: int,
        readers: list[OsdpReaderSpec],
        on_credential: CredentialCallback,
        on_status: StatusCallback,
        on_fault: FaultCallback,
        *,
        on_key_installed: Callable[[str], None] | None = None,
        on_drop: Callable[[str, str], None] | None = None,
    ) -> None:
        """Nothing is opened until ``async_start``.

        ``on_credential(device_id, access_type, credential)`` hears cards and submitted PINs,
        ``on_status(device_id, online)`` every change of a reader's availability,
        ``on_fault(device_id, details)`` tamper and power reports, and ``on_key_installed``
        (optional) a reader in install mode that took its key (install mode can end), and
        ``on_drop(device_id, reason)`` (optional) each read or key press that failed its checks.
        """
        addresses = [spec.address for spec in readers]
        if not readers or len(set(addresses)) != len(addresses):
            raise ValueError("an OSDP bus needs readers with distinct addresses")
        for spec in readers:
            if not 0 <= spec.address <= OSDP_ADDRESS_MAX:
                raise ValueError(f"OSDP address out of range: {spec.address}")
            if spec.scbk is not None and len(spec.scbk) != SCBK_BYTES:
                raise ValueError("an OSDP secure channel key has 16 bytes")
        self.hass = hass
        self.port = port
        self.baudrate = baudrate
        self._readers = [_Reader(spec) for spec in readers]
        self._on_credential = on_credential
        self._on_status = on_status
        self._on_fault = on_fault
        self._on_key_installed = on_key_installed
        self._on_drop = on_drop
        self._channel = _BufferChannel(self._kick)
        self._cp: Any = None  # osdp_sys.ControlPanel (untyped C extension)
        self._pending: list[tuple[int, dict[str, Any]]] = []  # events seen during refresh()
        self._port_up = False
        self._kicked = False
        self._tasks: list[asyncio.Task[None]] = []
        self.dropped = 0  # card reads and key presses that failed their checks

    # -- lifecycle ----------------------------------------------------------------------------

    async def async_start(self) -> None:
        """Set the CP up and start the port supervisor and the refresh loop."""
        if self._tasks:
            return
        # libosdp logs to stderr, not to logging: keep it quiet, state is logged here instead
        osdp_sys.set_loglevel(osdp_sys.LOG_CRIT)
        info = []
        for reader in self._readers:
            spec = reader.spec
            flags = osdp_sys.FLAG_ENABLE_NOTIFICATION
            if spec.scbk is not None and not spec.install_mode:
                flags |= osdp_sys.FLAG_ENFORCE_SECURE
                reader.enforced = True
            elif spec.install_mode:
                _LOGGER.warning(
                    "OSDP reader %s (address %d on %s) is in install mode: it may connect "
                    "without a key until it takes its key",
                    spec.device_id,
                    spec.address,
                    self.port,
                )
            info.append(
                {
                    "name": f"PD-{spec.address}",
                    "address": spec.address,
                    "flags": flags,
                    "scbk": spec.scbk,
                    "channel": self._channel,
                    # the PD identity fields are only read by a PD; the binding wants them
                    "version": 0,
                    "model": 0,
                    "vendor_code": 0,
                    "serial_number": 0,
                    "firmware_version": 0,
                }
            )
        self._cp = osdp_sys.ControlPanel(info)
        self._cp.set_event_callback(self._event_callback)
        self._tasks = [
            self.hass.async_create_background_task(
                self._async_supervise(), f"gem_access osdp port {self.port}"
            ),
            self.hass.async_create_background_task(
                self._async_refresh_loop(), f"gem_access osdp {self.port}"
            ),
        ]

    async def async_stop(self) -> None:
        """Stop refreshing and close the port.

        The owner stopped the bus and knows its readers are gone: no ``on_status`` call is made
        from here on (a stop is no outage to report).
        """
        tasks, self._tasks = self._tasks, []
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self._close_port()
        for reader in self._readers:
            reader.online = False
        self._cp = None

    # -- feedback -----------------------------------------------------------------------------

    def feedback(self, device_id: str, granted: bool) -> None:
        """Green LED and one beep on a grant, red blinking and three beeps on a denial.

        Best effort: a reader that is offline, or did not declare LED or buzzer control, gets
        nothing (a PD refuses commands it did not declare, and the refusal drops it offline).
        """
        index = self._index(device_id)
        if index is None or self._cp is None or not self._readers[index].online:
            return
        cp = self._cp
        colour = osdp_sys.LED_COLOR_GREEN if granted else osdp_sys.LED_COLOR_RED
        try:
            if cp.check_capability(index, osdp_sys.CAP_READER_LED_CONTROL)[0] > 0:
                cp.submit_command(
                    index,
                    {
                        "command": osdp_sys.CMD_LED,
                        "reader": 0,
                        "led_number": 0,
                        "control_code": _LED_TEMPORARY,
                        "on_color": colour,
                        "off_color": osdp_sys.LED_COLOR_NONE,
                        "temporary": True,
                        **(_GRANT_LED if granted else _DENY_LED),
                    },
                )
            if cp.check_capability(index, osdp_sys.CAP_READER_AUDIBLE_OUTPUT)[0] > 0:
                cp.submit_command(
                    index,
                    {
                        "command": osdp_sys.CMD_BUZZER,
                        "reader": 0,
                        "control_code": _BUZZER_DEFAULT_TONE,
                        **(_GRANT_BUZZER if granted else _DENY_BUZZER),
                    },
                )
        except Exception as err:  # feedback never fails a decision
            _LOGGER.debug("OSDP reader %s: feedback not sent: %s", device_id, err)

    def is_online(self, device_id: str) -> bool:
        """Whether the reader answers (on the CP's side, which is what counts)."""
        index = self._index(device_id)
        return index is not None and self._readers[index].online

    def is_secure(self, device_id: str) -> bool:
        """Whether the reader talks over the secure channel now."""
        index = self._index(device_id)
        if index is None or self._cp is None:
            return False
        return bool(self._cp.sc_status() & (1 << index))

    # -- the port -----------------------------------------------------------------------------

    async def _async_supervise(self) -> None:
        """Open the port, wait for its loss, reopen with back-off; then restart the readers."""
        loop = asyncio.get_running_loop()
        backoff = PORT_BACKOFF_START_S
        failed = False
        first = True
        while True:
            try:
                transport, made = await serial_asyncio_fast.create_serial_connection(
                    loop, lambda: _BusProtocol(self._channel), url=self.port, baudrate=self.baudrate
                )
                protocol = cast(_BusProtocol, made)
            except (serial.SerialException, OSError, ValueError) as err:
                if not failed:
                    failed = True
                    _LOGGER.warning("OSDP bus %s cannot be opened: %s", self.port, err)
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, PORT_BACKOFF_MAX_S)
                continue
            if failed:
                _LOGGER.info("OSDP bus %s is open again", self.port)
            failed = False
            backoff = PORT_BACKOFF_START_S
            self._channel.rx.clear()
            self._channel.transport = transport
            self._port_up = True
            if not first:
                # the write failures while the port was gone put every reader in the 300 s wait
                for reader in self._readers:
                    reader.retry_at = 0.0
            first = False
            try:
                reason = await protocol.lost
            finally:
                self._close_port()
            _LOGGER.warning("OSDP bus %s lost: %s", self.port, reason)
            for reader in self._readers:
                self._set_online(reader, False)
            await asyncio.sleep(backoff)

    def _close_port(self) -> None:
        self._port_up = False
        transport, self._channel.transport = self._channel.transport, None
        if transport is not None and not transport.is_closing():
            transport.abort()

    # -- the refresh loop ---------------------------------------------------------------------

    def _kick(self) -> None:
        """A reply arrived: refresh now rather than at the next tick (lower latency)."""
        if not self._kicked and self._tasks:
            self._kicked = True
            asyncio.get_running_loop().call_soon(self._kicked_refresh)

    def _kicked_refresh(self) -> None:
        self._kicked = False
        self._refresh()

    async def _async_refresh_loop(self) -> None:
        while True:
            self._refresh()
            await asyncio.sleep(REFRESH_TICK_S)

    def _refresh(self) -> None:
        cp = self._cp
        if cp is None:
            return
        try:
            cp.refresh()
        except Exception:  # a channel error left set by libosdp; the CP itself carries on
            _LOGGER.debug("OSDP bus %s: refresh reported an error", self.port, exc_info=True)
        pending, self._pending = self._pending, []
        for index, event in pending:
            try:
                self._handle_event(self._readers[index], event)
            except Exception:
                _LOGGER.exception("OSDP bus %s: event not handled", self.port)
        self._follow_status(cp)

    def _event_callback(self, index: int, event: dict[str, Any]) -> int:
        """Called by libosdp inside ``refresh()``: only note the event (see the docstring)."""
        with contextlib.suppress(Exception):
            self._pending.append((index, event))
        return 0

    def _follow_status(self, cp: Any) -> None:
        """Availability from the CP's bitmask; restart the handshake of offline readers."""
        now = time.monotonic()
        try:
            status = cp.status() if self._port_up else 0
        except Exception:  # keep the loop alive whatever the binding does
            return
        for index, reader in enumerate(self._readers):
            online = bool(status & (1 << index))
            self._set_online(reader, online)
            if reader.enable_at is not None:
                if now >= reader.enable_at:
                    reader.enable_at = None
                    if not cp.enable_pd(index):
                        reader.retry_at = now  # try the pair again at the next refresh
                continue
            if online or not self._port_up:
                continue
            if reader.retry_at is None:
                reader.retry_at = now + RETRY_S
            elif now >= reader.retry_at:
                # libosdp would wait 300 s before the next attempt: start one now
                cp.disable_pd(index)
                reader.enable_at = now + ENABLE_DELAY_S
                reader.retry_at = now + RETRY_S

    def _set_online(self, reader: _Reader, online: bool) -> None:
        if reader.online == online:
            return
        reader.online = online
        spec = reader.spec
        if online:
            reader.retry_at = None
            _LOGGER.info("OSDP reader %s (address %d) is online", spec.device_id, spec.address)
        else:
            reader.retry_at = time.monotonic() + RETRY_S
            _LOGGER.warning("OSDP reader %s (address %d) is offline", spec.device_id, spec.address)
        self._call(self._on_status, spec.device_id, online)

    # -- events -------------------------------------------------------------------------------

    def _handle_event(self, reader: _Reader, event: dict[str, Any]) -> None:
        kind = event.get("event")
        device_id = reader.spec.device_id
        if kind == osdp_sys.EVENT_CARDREAD:
            number = card_credential(
                int(event.get("format", -1)),
                int(event.get("length", 0)),
                bytes(event.get("data", b"")),
            )
            if number is None:
                self._drop(device_id, "bad_card")
                return
            self._call(self._on_credential, device_id, AccessType.RFID, number)
        elif kind == osdp_sys.EVENT_KEYPRESS:
            now = time.monotonic()
            for result in reader.keypad.press_many(keypad_keys(bytes(event.get("data", b""))), now):
                if result.outcome == "submitted" and result.pin is not None:
                    self._call(self._on_credential, device_id, AccessType.PIN, result.pin)
                elif result.outcome == "overflow":
                    self._drop(device_id, "keypad_overflow")
                elif result.outcome == "bad_key":
                    self._drop(device_id, "bad_key")
        elif kind == osdp_sys.EVENT_STATUS:
            self._handle_status(reader, event)
        elif kind == osdp_sys.EVENT_NOTIFICATION:
            self._handle_notification(reader, event)

    def _drop(self, device_id: str, reason: str) -> None:
        # only the reason leaves the bus: the read may be a real card or part of a PIN
        self.dropped += 1
        _LOGGER.debug("OSDP reader %s: input dropped (%s)", device_id, reason)
        if self._on_drop is not None:
            self._call(self._on_drop, device_id, reason)

    def _handle_status(self, reader: _Reader, event: dict[str, Any]) -> None:
        """Local status: byte 0 tamper, byte 1 power; a fault is reported when it starts."""
        if event.get("type") != osdp_sys.STATUS_REPORT_LOCAL:
            return
        report = bytes(event.get("report", b""))
        device_id = reader.spec.device_id
        tamper = len(report) > 0 and report[0] != 0
        power = len(report) > 1 and report[1] != 0
        if tamper and not reader.tamper:
            self._call(self._on_fault, device_id, "reader tamper")
        elif reader.tamper and not tamper:
            _LOGGER.info("OSDP reader %s: tamper cleared", device_id)
        if power and not reader.power_fault:
            self._call(self._on_fault, device_id, "reader power failure")
        elif reader.power_fault and not power:
            _LOGGER.info("OSDP reader %s: power restored", device_id)
        reader.tamper, reader.power_fault = tamper, power

    def _handle_notification(self, reader: _Reader, event: dict[str, Any]) -> None:
        """Secure-channel changes; in install mode, the channel up on the reader's own key."""
        if event.get("type") != osdp_sys.EVENT_NOTIFICATION_SC_STATUS:
            return
        spec = reader.spec
        active, on_default_key = event.get("arg0") == 1, event.get("arg1") == 1
        if not active:
            _LOGGER.debug("OSDP reader %s: secure channel down", spec.device_id)
            return
        if on_default_key:
            _LOGGER.info("OSDP reader %s: secure channel on the install key", spec.device_id)
            return
        if spec.install_mode and spec.scbk is not None and not reader.enforced and self._cp:
            # the reader proved it holds our key: no plaintext and no install key from now on
            index = self._readers.index(reader)
            self._cp.set_flag(index, osdp_sys.FLAG_ENFORCE_SECURE)
            reader.enforced = True
            _LOGGER.info("OSDP reader %s took its key; install mode can end", spec.device_id)
            if self._on_key_installed is not None:
                self._call(self._on_key_installed, spec.device_id)

    # -- helpers ------------------------------------------------------------------------------

    def _index(self, device_id: str) -> int | None:
        for index, reader in enumerate(self._readers):
            if reader.spec.device_id == device_id:
                return index
        return None

    def _call(self, callback: Callable[..., None], *args: Any) -> None:
        """A consumer's error must not stop the bus."""
        try:
            callback(*args)
        except Exception:
            _LOGGER.exception("OSDP bus %s: callback failed", self.port)
