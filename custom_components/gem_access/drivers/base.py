"""What every reader driver shares: the input queue, the host the manager offers, the driver base.

Every input goes through the reader's ``InputQueue``: a bounded queue and one worker that hands the
inputs, in arrival order, to ``AccessController.async_present(..., wait_row=False)``. The worker
waits for the decision and the door action only, never for the log row, so a database that holds
its write lock cannot stall a reader (the exit button included); beyond ``INPUT_QUEUE_MAX`` waiting
inputs, new ones are dropped and counted (``ReaderManager.dropped_inputs``).

A driver (one instance per driver name, serving all readers of that driver) gets a ``DriverHost``
from the manager: the readers' input queues, ``set_online`` (the event entities and the offline
repair follow it), ``report_fault`` (one ``device_error`` row, without waiting for it) and
``count_drop`` (garbage on the wire, shown in diagnostics).
"""

from __future__ import annotations

import asyncio
import logging
from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar, Protocol

from homeassistant.core import Context, HomeAssistant, callback

from ..access import AccessController
from ..core.codes import AccessType, Result
from ..errors import GemAccessError

if TYPE_CHECKING:
    from ..types import GemAccessConfigEntry

_LOGGER = logging.getLogger(__package__)

BACKOFF_START_S = 0.5
BACKOFF_MAX_S = 30.0
# a connection that lived this long (or delivered data) ends an outage: the next loss is a new one
STABLE_S = 10.0
# inputs waiting at one reader: a person types a PIN in seconds, so 32 waiting ones is a fault
INPUT_QUEUE_MAX = 32

ReaderRecords = Mapping[str, Mapping[str, Any]]


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


class DriverHost(Protocol):
    """What the manager offers its drivers."""

    hass: HomeAssistant
    entry: GemAccessConfigEntry
    controller: AccessController

    def inputs(self, device_id: str) -> InputQueue | None:
        """The reader's input queue (None once the reader is gone)."""

    def set_online(self, device_id: str, online: bool) -> None:
        """The reader's driver can (or cannot) take input now."""

    def report_fault(self, device_id: str, details: str) -> None:
        """One ``device_error`` row (the caller logs one per outage, not one per retry)."""

    def count_drop(self, device_id: str, reason: str) -> None:
        """Input from the wire that was no credential, counted by reason."""

    def set_issue(
        self, kind: str, device_id: str, active: bool, placeholders: dict[str, str] | None = None
    ) -> None:
        """Raise (or clear) the repair issue ``kind`` of one reader."""

    def reader_name(self, device_id: str) -> str:
        """The reader's name for log messages."""


class ReaderDriver(ABC):
    """All readers of one driver; the manager hands it their records on every config change."""

    name: ClassVar[str]
    # whether this driver's readers take input through an input queue (virtual ones do not)
    uses_inputs: ClassVar[bool] = True

    def __init__(self, host: DriverHost) -> None:
        """Nothing runs until ``configure``."""
        self.host = host

    @abstractmethod
    def configure(self, readers: ReaderRecords) -> None:
        """Start, restart or stop readers so that exactly ``readers`` run, as configured."""

    @abstractmethod
    def is_online(self, device_id: str) -> bool:
        """Whether the reader can take input now."""

    def stop(self) -> None:
        """Stop every reader of this driver."""
        self.configure({})

    def status(self, device_id: str) -> dict[str, Any]:
        """Extra diagnostics of one reader (no secrets, no credentials)."""
        return {}
