"""The ``ha_tag`` driver: HA's ``tag_scanned`` bus event, presented as an ``rfid`` card.

Only at the readers pinned to the scanner that sent it (``tag_device_id``). A tag id is no secret
(tag entities and the recorder show it to every HA account, a mobile-app webhook can send any tag
id), so a scan without a scanner, or from a scanner no reader names, opens nothing. A reader stored
without a scanner (older installs) reads nothing, is offline, and is reported once in the log.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping

from homeassistant.core import Event, callback

from ..core.codes import AccessType
from .base import DriverHost, QueuedInput, ReaderDriver, ReaderRecords

_LOGGER = logging.getLogger(__name__)

EVENT_TAG_SCANNED = "tag_scanned"  # homeassistant.components.tag, without importing it


def tag_targets(pins: Mapping[str, str | None], scanner: str | None) -> list[str]:
    """The ``ha_tag`` readers a scan from ``scanner`` is presented at.

    ``pins`` maps each ha_tag reader to its ``tag_device_id`` (None: not pinned, reads nothing).
    Only readers pinned to the scanner get the scan; a scan that names no scanner goes nowhere.
    """
    if scanner is None:
        return []
    return [device_id for device_id, pin in pins.items() if pin is not None and pin == scanner]


class HaTagDriver(ReaderDriver):
    """One bus listener for all tag readers, there only while some reader is pinned."""

    name = "ha_tag"

    def __init__(self, host: DriverHost) -> None:
        """No listener yet."""
        super().__init__(host)
        self._pins: dict[str, str | None] = {}
        self._unsub: Callable[[], None] | None = None
        self._warned: set[str] = set()

    @callback
    def configure(self, readers: ReaderRecords) -> None:
        """Follow the readers' scanners; listen only while one is pinned."""
        pins: dict[str, str | None] = {}
        for device_id, record in readers.items():
            pin = (record.get("driver_options") or {}).get("tag_device_id") or None
            if pin is None and device_id not in self._warned:
                self._warned.add(device_id)
                _LOGGER.warning(
                    "Reader %s is an HA tag reader without a tag scanner; it reads nothing until "
                    "its scanner is chosen (tag ids are no secret: any scanner could send them)",
                    record.get("name", device_id),
                )
            if pin is not None:
                pins[device_id] = pin
        self._pins = pins
        if pins and self._unsub is None:
            self._unsub = self.host.hass.bus.async_listen(EVENT_TAG_SCANNED, self._tag_scanned)
        elif not pins and self._unsub is not None:
            self._unsub()
            self._unsub = None
        for device_id in readers:
            self.host.set_online(device_id, device_id in pins)

    def is_online(self, device_id: str) -> bool:
        """It names its scanner."""
        return device_id in self._pins

    @callback
    def _tag_scanned(self, event: Event) -> None:
        tag_id = event.data.get("tag_id")
        scanner = event.data.get("device_id")
        if not isinstance(tag_id, str) or not tag_id:
            return
        for device_id in tag_targets(self._pins, scanner if isinstance(scanner, str) else None):
            inputs = self.host.inputs(device_id)
            if inputs is not None:
                inputs.submit(QueuedInput(AccessType.RFID, tag_id, event.context))
