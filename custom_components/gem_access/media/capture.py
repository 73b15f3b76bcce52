"""The picture of an access event, taken after the row is stored and never in the way of the door.

The decision, the door and the reader's reply come first; only once the row is committed does a
background task turn the event's media into a file of the ``MediaStore`` and point the row at it
(an "updated" push tells the panel). Two sources, in this order:

1. a data URI the caller sent with the credential (``present_credential`` ``snapshot``): decoded
   in the executor and stored as a file, so image bytes never sit in the recorder's database;
2. else the reader's ``camera_entity_id`` (for door events, forced or held open, a camera of one of
   that door's readers): its current image, which right after the event is the event's picture.

An https URL from the caller is a reference already and stays in the row as given (not handled
here). Every failure (camera down or slow, bad bytes, disk full, row purged meanwhile) is a log
line and a row without a snapshot: never an error row, never an exception into the access path.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import logging
import time
from collections.abc import Coroutine
from datetime import datetime
from typing import TYPE_CHECKING, Any, Final, Protocol, Unpack

from homeassistant.core import HomeAssistant, callback
from homeassistant.exceptions import HomeAssistantError

from ..core.codes import Result
from .store import MediaStore
from .validation import DATA_URI_RE, MAX_SNAPSHOT_BYTES

if TYPE_CHECKING:
    from ..config_store import ConfigStore
    from ..logstore.rows import LogUpdate

_LOGGER = logging.getLogger(__name__)

# the camera's own timeout (HA's async_get_image); a camera slower than this has missed the moment
CAMERA_TIMEOUT_S: Final = 10
# cameras are slow I/O (HTTP to the camera, executor reads): a few at once is plenty and bounds the
# executor threads and memory a burst can take
MAX_CONCURRENT: Final = 4
# captures waiting or running; beyond this a burst (a tailgating crowd, a flapping contact) is
# dropped rather than queued, so memory stays bounded and queued pictures do not go stale
MAX_PENDING: Final = 32
# a capture that waited in the queue longer than this would show the hallway later, not the event
MAX_QUEUE_WAIT_S: Final = 15.0
# door events worth a picture (a contact outage is not something a camera can show)
DOOR_EVENT_RESULTS: Final = frozenset({Result.FORCED.value, Result.HELD_OPEN.value})

_MAGIC: Final = (
    (b"\xff\xd8\xff", 0, "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", 0, "image/png"),
    (b"\x1a\x45\xdf\xa3", 0, "video/webm"),
)


class RowUpdater(Protocol):
    """``AccessController.async_update_row``: change a row and push it to live subscribers."""

    def __call__(
        self, log_id: int, **fields: Unpack[LogUpdate]
    ) -> Coroutine[Any, Any, dict[str, Any] | None]:
        """Return the updated row, or None when it is gone."""
        ...


def sniff_mime(content: bytes) -> str | None:
    """The type the bytes really are (of those we store), by their magic number; None if another."""
    for magic, offset, mime in _MAGIC:
        if content[offset : offset + len(magic)] == magic:
            return mime
    if content[:4] == b"RIFF" and content[8:12] == b"WEBP":
        return "image/webp"
    if content[4:8] == b"ftyp":
        return "video/mp4"
    return None


def decode_data_uri(value: str) -> tuple[bytes, str] | None:
    """The bytes and MIME type of an accepted data URI; None if it is not one (blocking: executor).

    The bytes must be what the header says: a file is served later with the type of its extension,
    so an HTML page or a PNG labelled JPEG is refused here rather than stored under a wrong name.
    """
    match = DATA_URI_RE.match(value)
    if match is None:
        return None
    try:
        content = base64.b64decode(value[match.end() :], validate=True)
    except (binascii.Error, ValueError):
        return None
    mime = match.group(1)
    if not content or len(content) > MAX_SNAPSHOT_BYTES or sniff_mime(content) != mime:
        return None
    return content, mime


class MediaCapture:
    """Background capture of event media into the ``MediaStore``; bounded, cancellable, best effort."""

    def __init__(
        self,
        hass: HomeAssistant,
        config: ConfigStore,
        media: MediaStore,
        update_row: RowUpdater,
    ) -> None:
        """``config`` names the readers' cameras; ``update_row`` points a row at its stored file."""
        self.hass = hass
        self.config = config
        self.media = media
        self._update_row = update_row
        self._slots = asyncio.Semaphore(MAX_CONCURRENT)
        self._tasks: set[asyncio.Task[None]] = set()
        self._dropping = False

    # --- scheduling (event loop, never awaits) ---------------------------------------------------

    def cameras_for(self, row: dict[str, Any]) -> list[str]:
        """The camera entities that can show this row's event, best first.

        A credential at a reader: that reader's camera. A forced or held-open door: the cameras of
        the door's readers, those outside (not exit buttons) first, since they face who comes in.
        """
        devices: dict[str, dict[str, Any]] = self.config.data.get("devices", {})
        device_id = row.get("device_id")
        if device_id is not None:
            device = devices.get(device_id)
            camera = device.get("camera_entity_id") if device else None
            # reader faults (no access type) have nobody in front of the camera to show
            return [camera] if camera and row.get("access_type") else []
        door_id = row.get("door_id")
        if door_id is None or row.get("result") not in DOOR_EVENT_RESULTS:
            return []
        readers = sorted(
            (d for d in devices.values() if d.get("door_id") == door_id),
            key=lambda d: bool(d.get("rex_allowed")),
        )
        return [d["camera_entity_id"] for d in readers if d.get("camera_entity_id")]

    @callback
    def async_schedule(self, row: dict[str, Any], data_uri: str | None = None) -> None:
        """After ``row`` is stored: store ``data_uri``, else take its camera's picture, in the background."""
        log_id = row.get("id")
        if not isinstance(log_id, int) or (data_uri is None and row.get("has_snapshot")):
            return  # not stored (database outage), or the caller's https URL is its snapshot
        cameras = [] if data_uri is not None else self.cameras_for(row)
        if data_uri is None and not cameras:
            return
        if len(self._tasks) >= MAX_PENDING:
            if not self._dropping:
                _LOGGER.warning(
                    "Too many event snapshots pending (%s); events go without one until they finish",
                    MAX_PENDING,
                )
            self._dropping = True
            return
        when = datetime.fromisoformat(row["timestamp"])
        task = self.hass.async_create_background_task(
            self._async_capture(log_id, when, data_uri, cameras, time.monotonic()),
            f"gem_access snapshot of log row {log_id}",
            eager_start=False,  # not even the first step runs inside the access path
        )
        self._tasks.add(task)
        task.add_done_callback(self._task_done)

    @callback
    def _task_done(self, task: asyncio.Task[None]) -> None:
        self._tasks.discard(task)
        if len(self._tasks) < MAX_PENDING // 2:
            self._dropping = False

    @callback
    def async_stop(self) -> None:
        """Cancel pending captures (unload); their rows stay without a snapshot."""
        for task in list(self._tasks):
            task.cancel()
        self._tasks.clear()

    async def async_wait_idle(self) -> None:
        """Wait until every capture scheduled so far has finished (tests and the benchmark)."""
        while self._tasks:
            await asyncio.wait(list(self._tasks))

    # --- the background work -------------------------------------------------------------------

    async def _async_capture(
        self,
        log_id: int,
        when: datetime,
        data_uri: str | None,
        cameras: list[str],
        queued: float,
    ) -> None:
        async with self._slots:
            if data_uri is not None:
                decoded = await self.hass.async_add_executor_job(decode_data_uri, data_uri)
                if decoded is None:
                    _LOGGER.warning(
                        "Ignoring the snapshot of log row %s: its bytes are not the image/video "
                        "type its data URI names",
                        log_id,
                    )
                    return
            else:
                waited = time.monotonic() - queued
                if waited > MAX_QUEUE_WAIT_S:
                    _LOGGER.warning(
                        "No snapshot for log row %s: it waited %.0f s for a free slot, a picture "
                        "now would not show the event",
                        log_id,
                        waited,
                    )
                    return
                decoded = await self._async_camera_image(log_id, cameras)
                if decoded is None:
                    return
            content, mime = decoded
            try:
                ref = await self.hass.async_add_executor_job(
                    self.media.write, log_id, when, content, mime
                )
            except OSError as err:
                _LOGGER.warning("Could not store the snapshot of log row %s: %s", log_id, err)
                return
        if await self._update_row(log_id, snapshot=ref) is None:
            # purged meanwhile (or the database refused): a file no row points at is an orphan
            _LOGGER.debug("Log row %s is gone; removing its new snapshot %s", log_id, ref)
            try:
                await self.hass.async_add_executor_job(self.media.delete, ref)
            except OSError as err:
                _LOGGER.debug("Could not remove %s (the orphan sweep will): %s", ref, err)

    async def _async_camera_image(
        self, log_id: int, cameras: list[str]
    ) -> tuple[bytes, str] | None:
        """The first picture one of ``cameras`` gives, as (bytes, MIME), or None."""
        if "camera" not in self.hass.config.components:
            _LOGGER.debug(
                "No snapshot for log row %s: the camera integration is not loaded", log_id
            )
            return None
        # imported here: the camera component (and its dependencies) may not be loaded at all
        from homeassistant.components.camera import async_get_image

        for entity_id in cameras:
            try:
                # HA's own timeout covers the camera; ours also covers looking it up
                async with asyncio.timeout(CAMERA_TIMEOUT_S + 1):
                    image = await async_get_image(self.hass, entity_id, timeout=CAMERA_TIMEOUT_S)
            except (HomeAssistantError, TimeoutError) as err:
                _LOGGER.warning(
                    "No snapshot for log row %s from %s: %s",
                    log_id,
                    entity_id,
                    str(err) or "timed out",
                )
                continue
            content = image.content
            mime = sniff_mime(content)
            if mime is None or not mime.startswith("image/") or len(content) > MAX_SNAPSHOT_BYTES:
                _LOGGER.warning(
                    "No snapshot for log row %s from %s: not a JPEG, PNG or WebP image up to %s bytes",
                    log_id,
                    entity_id,
                    MAX_SNAPSHOT_BYTES,
                )
                continue
            return content, mime
        return None
