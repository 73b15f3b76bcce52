"""The reader manager: the configured readers handed to their drivers, and what all drivers share.

Drivers are found by name in ``DRIVER_CLASSES`` (the same names as the descriptions in
``core/drivers.py``; a test pins the two). The manager owns the readers' input queues, the online
state the event entities follow (``SIGNAL_READER_STATUS``), the fault rows, the counters of garbage
dropped per reader (diagnostics), and the repair issues:

- ``reader_offline``: a reader (not a virtual one) offline for ``OFFLINE_REPAIR_S``; gone when it
  is back. The ``device_error`` rows say when it went; the issue says that it has not come back.
- ``reader_port_shared``: a serial port named by a second reader (only the first is read; an OSDP
  bus may hold several OSDP readers but no serial one).
- ``reader_osdp_unavailable``: an OSDP reader that cannot be driven, with the reason.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any, Final

from homeassistant.const import EVENT_HOMEASSISTANT_STOP
from homeassistant.core import Event, HomeAssistant, callback
from homeassistant.helpers import issue_registry as ir
from homeassistant.helpers.dispatcher import async_dispatcher_send
from homeassistant.helpers.event import async_call_later

from ..access import AccessController
from ..const import DOMAIN, SIGNAL_READER_STATUS
from ..errors import GemAccessError
from .base import InputQueue, ReaderDriver
from .ha_tag import HaTagDriver
from .osdp_readers import OsdpDriver
from .serial import SerialDriver
from .virtual import VirtualDriver

if TYPE_CHECKING:
    from ..types import GemAccessConfigEntry

_LOGGER = logging.getLogger(__name__)

DRIVER_CLASSES: Final[dict[str, type[ReaderDriver]]] = {
    cls.name: cls for cls in (VirtualDriver, SerialDriver, OsdpDriver, HaTagDriver)
}
OFFLINE_REPAIR_S = 300.0  # five minutes: longer than a reboot of a reader, shorter than a shift
ISSUE_KINDS: Final = ("offline", "port_shared", "osdp_unavailable")
# issues that follow from the configuration: recomputed at every configuration change
_CONFIG_ISSUES: Final = frozenset({"port_shared", "osdp_unavailable"})


def issue_id(kind: str, device_id: str) -> str:
    """The repair issue of one reader."""
    return f"reader_{kind}_{device_id}"


class ReaderManager:
    """Starts the reader drivers for the configured devices and follows configuration changes."""

    def __init__(
        self, hass: HomeAssistant, entry: GemAccessConfigEntry, controller: AccessController
    ) -> None:
        """Nothing runs until ``async_start``; the event entities can ask ``is_online`` already."""
        self.hass = hass
        self.entry = entry
        self.controller = controller
        self._drivers: dict[str, ReaderDriver] = {
            name: cls(self) for name, cls in DRIVER_CLASSES.items()
        }
        self._inputs: dict[str, InputQueue] = {}
        self._dropped_before: dict[str, int] = {}  # counts of queues since stopped
        self._drops: dict[str, Counter[str]] = {}
        self._online: dict[str, bool] = {}  # as last announced
        self._offline_timers: dict[str, Callable[[], None]] = {}
        self._issues: set[tuple[str, str]] = set()  # (kind, device id) raised by us
        self._round: set[tuple[str, str]] | None = None  # config issues raised this start
        self._unsub_stop: Callable[[], None] | None = None

    # --- what the rest of the integration asks ---------------------------------------------

    @property
    def dropped_inputs(self) -> dict[str, int]:
        """Inputs dropped per reader because its queue was full (or it stopped), since setup."""
        dropped = dict(self._dropped_before)
        for device_id, inputs in self._inputs.items():
            dropped[device_id] = dropped.get(device_id, 0) + inputs.dropped
        return {device_id: count for device_id, count in dropped.items() if count}

    @property
    def dropped_frames(self) -> dict[str, dict[str, int]]:
        """Garbage from the wire dropped per reader, by reason, since setup."""
        return {device_id: dict(counts) for device_id, counts in self._drops.items() if counts}

    @property
    def osdp_keys(self) -> Any:
        """The OSDP readers' key store (None until an OSDP bus ran)."""
        driver = self._drivers["osdp"]
        return driver.keys if isinstance(driver, OsdpDriver) else None

    def is_online(self, device_id: str) -> bool:
        """Whether the reader's driver can take input now.

        ``serial``: its port is open. ``ha_tag``: it names its scanner. ``osdp``: its bus has it
        online. ``virtual`` (fed by the service): always.
        """
        driver = self._driver_of(device_id)
        return driver is not None and driver.is_online(device_id)

    def driver_status(self, device_id: str) -> dict[str, Any]:
        """What diagnostics shows of one reader's driver (no credential, key or person)."""
        driver = self._driver_of(device_id)
        return {
            "online": self.is_online(device_id),
            "dropped_inputs": self.dropped_inputs.get(device_id, 0),
            "dropped_frames": self.dropped_frames.get(device_id, {}),
            **(driver.status(device_id) if driver else {}),
        }

    def _driver_of(self, device_id: str) -> ReaderDriver | None:
        record = self.controller.config.items("devices").get(device_id)
        if record is None:
            return None
        return self._drivers.get(str(record.get("driver")))

    # --- DriverHost -----------------------------------------------------------------------

    def inputs(self, device_id: str) -> InputQueue | None:
        """The reader's input queue (None once the reader is gone)."""
        return self._inputs.get(device_id)

    @callback
    def set_online(self, device_id: str, online: bool) -> None:
        """A driver's reader came up or went down: tell the entities (and time the outage)."""
        self._announce()

    @callback
    def report_fault(self, device_id: str, details: str) -> None:
        """Log a fault without waiting for its row: reading and reconnecting go on meanwhile."""
        self.entry.async_create_task(
            self.hass, self._async_report(device_id, details), f"gem_access fault at {device_id}"
        )

    async def _async_report(self, device_id: str, details: str) -> None:
        try:
            await self.controller.async_device_error(device_id, details)
        except GemAccessError:
            _LOGGER.debug("Reader %s is gone; fault not logged", device_id)

    @callback
    def count_drop(self, device_id: str, reason: str) -> None:
        """Garbage from one reader's wire, counted by reason (only the reason: no content)."""
        self._drops.setdefault(device_id, Counter())[reason] += 1
        _LOGGER.debug("Reader %s: dropped input (%s)", self.reader_name(device_id), reason)

    @callback
    def set_issue(
        self, kind: str, device_id: str, active: bool, placeholders: dict[str, str] | None = None
    ) -> None:
        """Raise or clear one reader's repair issue."""
        key = (kind, device_id)
        if active:
            if self._round is not None and kind in _CONFIG_ISSUES:
                self._round.add(key)
            self._issues.add(key)
            ir.async_create_issue(
                self.hass,
                DOMAIN,
                issue_id(kind, device_id),
                is_fixable=False,
                severity=ir.IssueSeverity.ERROR,
                translation_key=f"reader_{kind}",
                translation_placeholders={
                    "reader": self.reader_name(device_id),
                    **(placeholders or {}),
                },
            )
        elif key in self._issues:
            self._issues.discard(key)
            ir.async_delete_issue(self.hass, DOMAIN, issue_id(kind, device_id))

    def reader_name(self, device_id: str) -> str:
        """The reader's name (its id when it is gone)."""
        record = self.controller.config.items("devices").get(device_id)
        return str(record.get("name", device_id)) if record else device_id

    # --- lifecycle ------------------------------------------------------------------------

    @callback
    def async_start(self) -> None:
        """Start (or, after a configuration change, adjust) the readers."""
        if self._unsub_stop is None:
            # readers stop before the recorder closes, so no fault is written during shutdown
            self._unsub_stop = self.hass.bus.async_listen_once(
                EVENT_HOMEASSISTANT_STOP, self._async_hass_stop
            )
        devices = self.controller.config.items("devices")
        groups: dict[str, dict[str, Any]] = {name: {} for name in self._drivers}
        claims: dict[str, tuple[str, str]] = {}  # port -> (driver, first reader's name)
        self._round = set()
        for device_id, record in devices.items():
            driver = str(record.get("driver"))
            if driver not in groups:
                continue
            port = (record.get("driver_options") or {}).get("port")
            if driver in ("serial", "osdp") and isinstance(port, str):
                holder = claims.get(port)
                # readers of one OSDP bus share their port; anything else must have it alone
                if holder is not None and not (driver == "osdp" and holder[0] == "osdp"):
                    _LOGGER.error(
                        "Readers %s and %s are both set to %s; only the first one is read",
                        holder[1],
                        record.get("name", device_id),
                        port,
                    )
                    self.set_issue(
                        "port_shared", device_id, True, {"port": port, "other": holder[1]}
                    )
                    continue
                claims.setdefault(port, (driver, str(record.get("name", device_id))))
            groups[driver][device_id] = record
        # one input queue per reader that takes input from a driver
        wanted_inputs = {
            device_id
            for name, readers in groups.items()
            if self._drivers[name].uses_inputs
            for device_id in readers
        }
        for device_id in set(self._inputs) - wanted_inputs:
            self._retire_inputs(device_id)
        for device_id in wanted_inputs - set(self._inputs):
            self._inputs[device_id] = InputQueue(self.hass, self.entry, self.controller, device_id)
        for name, reader_driver in self._drivers.items():
            reader_driver.configure(groups[name])
        raised, self._round = self._round, None
        for kind, device_id in list(self._issues):
            if kind in _CONFIG_ISSUES and (kind, device_id) not in raised:
                self.set_issue(kind, device_id, False)
        for device_id in set(self._drops) - set(devices):
            del self._drops[device_id]
        self._announce()

    def _retire_inputs(self, device_id: str) -> None:
        inputs = self._inputs.pop(device_id)
        inputs.stop()
        self._dropped_before[device_id] = self._dropped_before.get(device_id, 0) + inputs.dropped

    @callback
    def _announce(self) -> None:
        """Tell the entities about every reader whose online state changed; time outages."""
        devices = self.controller.config.items("devices")
        online = {device_id: self.is_online(device_id) for device_id in devices}
        for device_id, state in online.items():
            if self._online.get(device_id) != state:
                async_dispatcher_send(
                    self.hass, SIGNAL_READER_STATUS.format(self.entry.entry_id), device_id, state
                )
            if state:
                self._back_online(device_id)
            elif device_id not in self._offline_timers and self._unsub_stop is not None:
                self._offline_timers[device_id] = async_call_later(
                    self.hass, OFFLINE_REPAIR_S, partial(self._offline_too_long, device_id)
                )
        for device_id in set(self._offline_timers) - set(online):
            self._back_online(device_id)  # a reader deleted: its outage is no issue any more
        self._online = online

    def _back_online(self, device_id: str) -> None:
        cancel = self._offline_timers.pop(device_id, None)
        if cancel is not None:
            cancel()
        self.set_issue("offline", device_id, False)

    @callback
    def _offline_too_long(self, device_id: str, _now: Any) -> None:
        self._offline_timers.pop(device_id, None)
        if self.is_online(device_id) or device_id not in self.controller.config.items("devices"):
            return
        _LOGGER.warning(
            "Reader %s has been offline for %g minutes",
            self.reader_name(device_id),
            OFFLINE_REPAIR_S / 60,
        )
        self.set_issue("offline", device_id, True, {"minutes": f"{OFFLINE_REPAIR_S / 60:g}"})

    @callback
    def _async_hass_stop(self, _event: Event) -> None:
        self._unsub_stop = None  # a once-listener is gone after it ran
        self.async_stop()

    @callback
    def async_stop(self) -> None:
        """Stop every reader; the issues of this run go with them (they are raised again)."""
        if self._unsub_stop is not None:
            self._unsub_stop()
            self._unsub_stop = None
        for driver in self._drivers.values():
            driver.stop()
        for device_id in list(self._inputs):
            self._retire_inputs(device_id)
        for cancel in self._offline_timers.values():
            cancel()
        self._offline_timers.clear()
        for kind, device_id in list(self._issues):
            self.set_issue(kind, device_id, False)
