"""The ``osdp`` driver: OSDP readers grouped by bus (serial port), one ``OsdpBus`` per bus.

The bus itself (libosdp's control panel, secure channel, feedback) is ``drivers/osdp.py``; this
module maps the configured readers onto buses and the buses' callbacks onto the manager: cards
and PINs into the reader's input queue (the decision answers with LED and buzzer), availability
into ``set_online`` (one ``device_error`` row when a reader drops offline), tamper and power into
``device_error`` rows. A reader that cannot be driven (libosdp not installed, no port, an address
taken twice on one bus) stays offline with a repair issue that says why.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from homeassistant.core import callback

from ..core.codes import AccessType
from ..core.drivers import OSDP_DEFAULT_BAUDRATE
from .base import DriverHost, QueuedInput, ReaderDriver, ReaderRecords

if TYPE_CHECKING:
    from .osdp import OsdpBus
    from .osdp_keys import OsdpKeyStore

_LOGGER = logging.getLogger(__name__)


def _osdp_available() -> bool:
    """Whether the bus module and libosdp import (the driver is optional at runtime)."""
    try:
        from . import osdp, osdp_keys  # noqa: F401
    except ImportError:
        return False
    return True


@dataclass(frozen=True, slots=True)
class BusPlan:
    """One bus as configured: a changed plan restarts the bus."""

    port: str
    baudrate: int
    readers: tuple[tuple[str, int, bool], ...]  # (device id, address, install mode)


def plan_buses(readers: ReaderRecords) -> tuple[dict[str, BusPlan], dict[str, str]]:
    """Group readers by port; the readers that cannot be driven, with the reason (pure)."""
    grouped: dict[str, list[tuple[str, int, bool]]] = {}
    speeds: dict[str, int] = {}
    unusable: dict[str, str] = {}
    for device_id, record in readers.items():
        options: dict[str, Any] = dict(record.get("driver_options") or {})
        port = options.get("port")
        address = options.get("address")
        if not isinstance(port, str) or not port or not isinstance(address, int):
            unusable[device_id] = "no port or address"
            continue
        members = grouped.setdefault(port, [])
        if any(member[1] == address for member in members):
            unusable[device_id] = f"address {address} is taken on {port}"
            continue
        # the first reader of a bus sets its speed: one bus has one speed
        speeds.setdefault(port, int(options.get("baudrate") or OSDP_DEFAULT_BAUDRATE))
        members.append((device_id, address, bool(options.get("install_mode"))))
    plans = {port: BusPlan(port, speeds[port], tuple(members)) for port, members in grouped.items()}
    return plans, unusable


class OsdpDriver(ReaderDriver):
    """OSDP buses, started and stopped one after the other (a bus owns its port)."""

    name = "osdp"

    def __init__(self, host: DriverHost) -> None:
        """No bus yet; the key store is loaded with the first bus."""
        super().__init__(host)
        self._plans: dict[str, BusPlan] = {}
        self._buses: dict[str, OsdpBus] = {}
        self._online: set[str] = set()
        self._keys: OsdpKeyStore | None = None
        self._warned: set[tuple[str, str]] = set()  # (reader, reason) told once in the log
        self._lock = asyncio.Lock()

    @property
    def keys(self) -> OsdpKeyStore | None:
        """The readers' secure-channel keys (None until a bus needed them)."""
        return self._keys

    @callback
    def configure(self, readers: ReaderRecords) -> None:
        """Plan the buses; start, restart and stop them in the background."""
        if readers and not _osdp_available():
            plans: dict[str, BusPlan] = {}
            unusable = dict.fromkeys(readers, "libosdp is not installed")
        else:
            plans, unusable = plan_buses(readers)
        for device_id in readers:
            reason = unusable.get(device_id)
            self.host.set_issue(
                "osdp_unavailable",
                device_id,
                reason is not None,
                {"reason": reason or ""},
            )
            if reason is not None and (device_id, reason) not in self._warned:
                self._warned.add((device_id, reason))
                _LOGGER.warning(
                    "OSDP reader %s reads nothing: %s", self.host.reader_name(device_id), reason
                )
        if plans == self._plans:
            return
        old, self._plans = self._plans, plans
        # not tied to the entry: stopping at unload must still close the ports
        self.host.hass.async_create_background_task(
            self._async_apply(old, plans), "gem_access osdp buses"
        )

    async def _async_apply(self, old: dict[str, BusPlan], new: dict[str, BusPlan]) -> None:
        async with self._lock:
            for port, plan in old.items():
                if new.get(port) != plan and port in self._buses:
                    await self._buses.pop(port).async_stop()
                    for device_id, _address, _install in plan.readers:
                        self._status(device_id, False, report=False)
            for port, plan in new.items():
                if port not in self._buses and self._plans.get(port) == plan:
                    await self._async_start_bus(plan)

    async def _async_start_bus(self, plan: BusPlan) -> None:
        from .osdp import OsdpBus
        from .osdp_keys import OsdpKeyStore

        if self._keys is None:
            keys = OsdpKeyStore(self.host.hass)
            await keys.async_load()
            self._keys = keys
        # keys of readers that are gone (or no longer OSDP) must not outlive them
        await self._keys.async_keep_only(
            device_id
            for device_id, record in self.host.controller.config.items("devices").items()
            if record.get("driver") == "osdp"
        )
        specs = [
            await self._keys.async_reader_spec(device_id, address, install)
            for device_id, address, install in plan.readers
        ]
        try:
            bus = OsdpBus(
                self.host.hass,
                plan.port,
                plan.baudrate,
                specs,
                self._credential,
                self._status,
                self._fault,
                on_key_installed=self._key_installed,
                on_drop=self.host.count_drop,
            )
            await bus.async_start()
        except Exception as err:  # a bus that cannot start must not stop the others
            _LOGGER.exception("OSDP bus on %s cannot start", plan.port)
            for device_id, _address, _install in plan.readers:
                self.host.set_issue("osdp_unavailable", device_id, True, {"reason": str(err)})
            return
        self._buses[plan.port] = bus

    def stop(self) -> None:
        """Stop every bus (in the background: a bus closes its port asynchronously)."""
        self.configure({})

    def is_online(self, device_id: str) -> bool:
        """The bus has the reader online."""
        return device_id in self._online

    def status(self, device_id: str) -> dict[str, Any]:
        """Whether the secure channel is up (never the key)."""
        for bus in self._buses.values():
            if any(spec_id == device_id for spec_id, *_ in self._plan_of(bus.port)):
                return {"secure_channel": bus.is_secure(device_id)}
        return {}

    def _plan_of(self, port: str) -> tuple[tuple[str, int, bool], ...]:
        plan = self._plans.get(port)
        return plan.readers if plan else ()

    def _bus_of(self, device_id: str) -> OsdpBus | None:
        for port, bus in self._buses.items():
            if any(spec_id == device_id for spec_id, *_ in self._plan_of(port)):
                return bus
        return None

    @callback
    def _credential(self, device_id: str, access_type: AccessType, credential: str) -> None:
        inputs = self.host.inputs(device_id)
        if inputs is None:
            return

        def reply(granted: bool) -> None:
            bus = self._bus_of(device_id)
            if bus is not None:
                bus.feedback(device_id, granted)

        inputs.submit(QueuedInput(access_type, credential, reply=reply))

    @callback
    def _status(self, device_id: str, online: bool, report: bool = True) -> None:
        was = device_id in self._online
        if online:
            self._online.add(device_id)
        else:
            self._online.discard(device_id)
        if was and not online and report:
            self.host.report_fault(device_id, "OSDP reader offline")
        if was != online:
            self.host.set_online(device_id, online)

    @callback
    def _fault(self, device_id: str, details: str) -> None:
        self.host.report_fault(device_id, details)

    @callback
    def _key_installed(self, device_id: str) -> None:
        """The reader took its key: leave install mode, so plaintext is refused from now on."""
        self.host.hass.async_create_task(
            self._async_end_install_mode(device_id), f"gem_access osdp key set {device_id}"
        )

    async def _async_end_install_mode(self, device_id: str) -> None:
        config = self.host.controller.config
        record = config.items("devices").get(device_id)
        if record is None or not (record.get("driver_options") or {}).get("install_mode"):
            return
        options = {**record["driver_options"], "install_mode": False}
        _LOGGER.info("OSDP reader %s has its key; install mode ends", self.host.reader_name(device_id))
        # a configuration change: the bus restarts with the secure channel enforced
        await config.async_update("devices", device_id, {"driver_options": options})
