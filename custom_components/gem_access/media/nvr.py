"""NVR look-up: what a reader's camera recorded at an event's time, when nothing was stored with it.

An NVR keeps the minutes around every event, so a log row from last week can still show last week's picture
instead of the hallway today. The interface is small (a still at a time, a clip around it) so another NVR can
sit behind it; Frigate, the NVR Home Assistant users run, is the one implemented.

Frigate's address (and anything in it) stays on the server: the panel only ever sees signed, admin-only URLs of
our own views (``serving.py``), which fetch from here with timeouts and size caps.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, Final, Protocol
from urllib.parse import quote

import aiohttp
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers.aiohttp_client import async_get_clientsession

from .validation import MAX_SNAPSHOT_BYTES

if TYPE_CHECKING:
    from ..types import GemAccessConfigEntry

FRIGATE_DOMAIN: Final = "frigate"
# a clip from a little before the credential was shown until the person is through the door
CLIP_BEFORE_S: Final = 5
CLIP_AFTER_S: Final = 10
MAX_STILL_BYTES: Final = MAX_SNAPSHOT_BYTES
# 15 s of a 4K main stream is ~20-40 MB; anything far beyond that is not the clip we asked for
MAX_CLIP_BYTES: Final = 100 * 1024 * 1024
# Frigate extracts the frame from the recording with ffmpeg: seconds, not minutes
STILL_TIMEOUT: Final = aiohttp.ClientTimeout(total=10, connect=5)
# a clip is cut (and maybe transcoded) before its first byte; then it must keep coming
CLIP_TIMEOUT: Final = aiohttp.ClientTimeout(total=120, connect=5, sock_read=30)
STILL_TYPES: Final = frozenset({"image/jpeg", "image/png", "image/webp"})
CLIP_TYPES: Final = frozenset({"video/mp4"})
_CHUNK: Final = 64 * 1024


class NvrError(Exception):
    """The NVR could not give the media: ``reason`` is not_found, too_large, timeout or unavailable."""

    def __init__(self, reason: str, detail: str = "") -> None:
        """Keep the reason for the caller's status code and the detail for the log."""
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason


@dataclass(frozen=True, slots=True)
class NvrStill:
    """One image from a recording."""

    content: bytes
    mime: str


@dataclass(frozen=True, slots=True)
class NvrClip:
    """An open clip download: its type, its length when the NVR says it, and the bytes as they come."""

    mime: str
    length: int | None
    chunks: AsyncIterator[bytes]


class Nvr(Protocol):
    """An NVR that can show a camera at a past time."""

    async def async_still(self, camera: str, when: float) -> NvrStill:
        """The recorded image of ``camera`` at unix time ``when``; raises NvrError."""
        ...

    def clip(self, camera: str, when: float) -> AbstractAsyncContextManager[NvrClip]:
        """``async with nvr.clip(...) as clip``: the clip around ``when``, closed when the block ends.

        Raises NvrError on entering when the NVR has no clip; ``clip.chunks`` raises it mid-way.
        """
        ...


def still_path(camera: str, when: float) -> str:
    """Frigate's recording-frame endpoint (the time to the millisecond: a person passes in a second)."""
    return f"/api/{quote(camera, safe='')}/recordings/{when:.3f}/snapshot.jpg"


def clip_path(camera: str, when: float) -> str:
    """Frigate's clip endpoint for the window around the event."""
    start = int(when) - CLIP_BEFORE_S
    end = int(when) + CLIP_AFTER_S
    return f"/api/{quote(camera, safe='')}/start/{start}/end/{end}/clip.mp4"


def _mime(response: aiohttp.ClientResponse) -> str:
    return response.content_type.lower()


def _check(response: aiohttp.ClientResponse, types: frozenset[str], cap: int) -> None:
    """Refuse an answer that is not the media asked for before reading its body."""
    if response.status == 404:
        raise NvrError("not_found", f"HTTP 404 for {response.url.path}")
    if response.status != 200:
        raise NvrError("unavailable", f"HTTP {response.status}")
    if _mime(response) not in types:
        # e.g. an HTML login page of a reverse proxy answered with 200
        raise NvrError("unavailable", f"unexpected content type {_mime(response)!r}")
    if response.content_length is not None and response.content_length > cap:
        raise NvrError("too_large", f"{response.content_length} bytes")


async def _capped(response: aiohttp.ClientResponse, cap: int) -> AsyncIterator[bytes]:
    """The body in chunks, stopped with NvrError once it passes ``cap`` (Content-Length can be absent)."""
    seen = 0
    try:
        async for chunk in response.content.iter_chunked(_CHUNK):
            seen += len(chunk)
            if seen > cap:
                raise NvrError("too_large", f"more than {cap} bytes")
            yield chunk
    except TimeoutError as err:
        raise NvrError("timeout", "body too slow") from err
    except aiohttp.ClientError as err:
        raise NvrError("unavailable", str(err)) from err


class FrigateClient:
    """Frigate's HTTP API through Home Assistant's shared aiohttp session."""

    def __init__(self, session: aiohttp.ClientSession, base_url: str) -> None:
        """``base_url`` as the Frigate integration keeps it, e.g. ``http://ccab4aaf-frigate:5000``."""
        self._session = session
        self._base = base_url.rstrip("/")

    async def async_still(self, camera: str, when: float) -> NvrStill:
        """The recorded frame at ``when`` (Frigate answers 404 when no recording covers it)."""
        try:
            async with self._session.get(
                self._base + still_path(camera, when), timeout=STILL_TIMEOUT
            ) as response:
                _check(response, STILL_TYPES, MAX_STILL_BYTES)
                body = bytearray()
                async for chunk in _capped(response, MAX_STILL_BYTES):
                    body += chunk
                if not body:
                    raise NvrError("not_found", "empty image")
                return NvrStill(bytes(body), _mime(response))
        except TimeoutError as err:
            raise NvrError("timeout", "no answer in time") from err
        except aiohttp.ClientError as err:
            raise NvrError("unavailable", str(err)) from err

    @asynccontextmanager
    async def clip(self, camera: str, when: float) -> AsyncIterator[NvrClip]:
        """The clip from ``when`` - 5 s to ``when`` + 10 s, streamed (never held in memory whole)."""
        try:
            response = await self._session.get(
                self._base + clip_path(camera, when), timeout=CLIP_TIMEOUT
            )
        except TimeoutError as err:
            raise NvrError("timeout", "no answer in time") from err
        except aiohttp.ClientError as err:
            raise NvrError("unavailable", str(err)) from err
        try:
            _check(response, CLIP_TYPES, MAX_CLIP_BYTES)
            yield NvrClip(
                _mime(response), response.content_length, _capped(response, MAX_CLIP_BYTES)
            )
        finally:
            response.release()


@dataclass(frozen=True, slots=True)
class NvrTarget:
    """Where an event's recording is: which NVR, which of its cameras, what time."""

    nvr: Nvr
    camera: str
    camera_name: str
    when: float  # unix seconds of the event


@callback
def frigate_of_device(hass: HomeAssistant, device_id: str | None) -> tuple[str, str | None] | None:
    """The Frigate URL behind a device-registry device, and its Frigate camera when it is a camera device.

    The Frigate integration names its devices ``(frigate, "<entry_id>")`` for the server and
    ``(frigate, "<entry_id>:<camera>")`` for each camera (the camera name slugified).
    """
    if not device_id:
        return None
    device = dr.async_get(hass).async_get(device_id)
    if device is None:
        return None
    for entry_id in device.config_entries:
        entry = hass.config_entries.async_get_entry(entry_id)
        if entry is None or entry.domain != FRIGATE_DOMAIN:
            continue
        url = entry.data.get("url")
        if not isinstance(url, str) or not url:
            continue
        camera = None
        for domain, identifier in device.identifiers:
            prefix = f"{entry.entry_id}:"
            if domain == FRIGATE_DOMAIN and identifier.startswith(prefix):
                camera = identifier[len(prefix) :] or None
        return url, camera
    return None


def readers_of_row(entry: GemAccessConfigEntry, row: dict[str, Any]) -> list[dict[str, Any]]:
    """The reader of the event; for door events (forced, held open: no reader) the door's readers."""
    devices: dict[str, dict[str, Any]] = entry.runtime_data.config.data["devices"]
    device = devices.get(row.get("device_id") or "")
    if device is not None:
        return [device]
    door_id = row.get("door_id")
    if not door_id:
        return []
    return sorted(
        (d for d in devices.values() if d.get("door_id") == door_id),
        key=lambda d: str(d.get("name", "")).casefold(),
    )


@callback
def async_nvr_target(
    hass: HomeAssistant, entry: GemAccessConfigEntry, row: dict[str, Any]
) -> NvrTarget | None:
    """The recording of a log row, from the first of its readers with an NVR camera, else None.

    The Frigate URL comes from the Frigate integration when the reader's ``nvr_device_id`` is one of its
    devices, else from the ``frigate_url`` setting; the camera from ``nvr_camera``, else from the device.
    """
    try:
        when = datetime.fromisoformat(row["timestamp"]).timestamp()
    except (KeyError, TypeError, ValueError):
        return None
    fallback_url = entry.runtime_data.config.data["settings"].get("frigate_url")
    for device in readers_of_row(entry, row):
        found = frigate_of_device(hass, device.get("nvr_device_id"))
        url = found[0] if found else fallback_url
        camera = device.get("nvr_camera") or (found[1] if found else None)
        if not url or not camera:
            continue
        name = camera
        if found and found[1]:
            registered = dr.async_get(hass).async_get(device["nvr_device_id"])
            if registered is not None:
                name = registered.name_by_user or registered.name or camera
        return NvrTarget(FrigateClient(async_get_clientsession(hass), url), camera, name, when)
    return None
