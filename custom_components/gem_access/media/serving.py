"""Event media over HTTP, to admins only: stored files, and NVR recordings proxied through Home Assistant.

The panel loads these with ``<img src>`` / ``<video src>``, which cannot send a bearer token, so
``snapshot/get`` hands out paths signed for the asking admin's session (``async_sign_path``) that expire
after a few minutes. HA's auth middleware checks the signature; each view checks the user is an admin.
The NVR views are a proxy: the browser never learns the NVR's address, and what comes back is bounded in
time and size (``nvr.py``).
"""

from __future__ import annotations

import logging
import time
from collections import OrderedDict
from collections.abc import Callable
from datetime import timedelta
from functools import partial
from http import HTTPStatus
from typing import TYPE_CHECKING, Any, Final

from aiohttp import hdrs, web
from homeassistant.components.http import KEY_HASS, KEY_HASS_USER, HomeAssistantView
from homeassistant.components.http.auth import async_sign_path
from homeassistant.core import HomeAssistant, callback
from homeassistant.util.hass_dict import HassKey

from ..errors import GemAccessError
from ..services import loaded_entry
from .nvr import NvrError, NvrStill, async_nvr_target
from .store import is_media_ref

if TYPE_CHECKING:
    from ..types import GemAccessConfigEntry

_LOGGER = logging.getLogger(__name__)

# long enough to watch a clip and seek in it, short enough that a copied link is soon useless
SIGNED_URL_TTL: Final = timedelta(minutes=5)
_LOG_ID: Final = r"{log_id:\d{1,19}}"
STORED_URL: Final = f"/api/gem_access/snapshots/{_LOG_ID}"
RECORDING_URL: Final = f"/api/gem_access/snapshots/{_LOG_ID}/recording.jpg"
CLIP_URL: Final = f"/api/gem_access/snapshots/{_LOG_ID}/clip.mp4"
_HEADERS: Final = {
    # pictures of people: not in shared caches, and never sniffed into something executable
    hdrs.CACHE_CONTROL: "no-store",
    "X-Content-Type-Options": "nosniff",
}
# how the NVR failed -> what the browser is told (no NVR details: they stay in the log)
_NVR_STATUS: Final = {
    "not_found": HTTPStatus.NOT_FOUND,
    "timeout": HTTPStatus.GATEWAY_TIMEOUT,
    "too_large": HTTPStatus.BAD_GATEWAY,
    "unavailable": HTTPStatus.BAD_GATEWAY,
}

type Signer = Callable[[str], str]


def stored_path(log_id: int) -> str:
    """The unsigned path of a row's stored file."""
    return f"/api/gem_access/snapshots/{log_id}"


def recording_path(log_id: int) -> str:
    """The unsigned path of a row's NVR still."""
    return f"/api/gem_access/snapshots/{log_id}/recording.jpg"


def clip_path(log_id: int) -> str:
    """The unsigned path of a row's NVR clip."""
    return f"/api/gem_access/snapshots/{log_id}/clip.mp4"


@callback
def signer_for(hass: HomeAssistant, refresh_token_id: str | None) -> Signer:
    """Sign paths for one session: the URL works for that user only, and only for SIGNED_URL_TTL."""
    return partial(
        async_sign_path, hass, expiration=SIGNED_URL_TTL, refresh_token_id=refresh_token_id
    )


class RecentStills:
    """NVR stills that ``snapshot/get`` just fetched, for the view that serves them moments later.

    ``snapshot/get`` must fetch the still to know the recording exists (else it falls back to the live
    image); keeping it until its signed URL expires spares the NVR a second ffmpeg run for the same frame.
    Bounded in count, so a burst of look-ups cannot hold much memory.
    """

    MAX_ITEMS: Final = 16

    def __init__(self) -> None:
        """Empty."""
        self._items: OrderedDict[int, tuple[float, NvrStill]] = OrderedDict()

    def put(self, log_id: int, still: NvrStill) -> None:
        """Keep a still until its URL expires."""
        self._items[log_id] = (time.monotonic() + SIGNED_URL_TTL.total_seconds(), still)
        self._items.move_to_end(log_id)
        while len(self._items) > self.MAX_ITEMS:
            self._items.popitem(last=False)

    def get(self, log_id: int) -> NvrStill | None:
        """The kept still, if still fresh."""
        item = self._items.get(log_id)
        if item is None:
            return None
        if item[0] < time.monotonic():
            del self._items[log_id]
            return None
        return item[1]


DATA_RECENT_STILLS: HassKey[RecentStills] = HassKey("gem_access_recent_stills")


@callback
def recent_stills(hass: HomeAssistant) -> RecentStills:
    """The one cache of this Home Assistant instance."""
    if (stills := hass.data.get(DATA_RECENT_STILLS)) is None:
        stills = hass.data[DATA_RECENT_STILLS] = RecentStills()
    return stills


class _AdminMediaView(HomeAssistantView):
    """A media view: a signed path or a bearer token (HA checks), and an admin (checked here)."""

    requires_auth = True

    def _admin(self, request: web.Request) -> tuple[HomeAssistant, GemAccessConfigEntry]:
        # 403, not HA's Unauthorized (401): a 401 counts as a failed login towards an IP ban
        if not request[KEY_HASS_USER].is_admin:
            raise web.HTTPForbidden
        hass: HomeAssistant = request.app[KEY_HASS]
        try:
            return hass, loaded_entry(hass)
        except GemAccessError as err:
            raise web.HTTPNotFound from err

    async def _row(self, entry: GemAccessConfigEntry, log_id: str) -> dict[str, Any]:
        row = await entry.runtime_data.logs.async_get(int(log_id))
        if row is None:
            raise web.HTTPNotFound
        return row


def _nvr_failure(err: NvrError, what: str, log_id: str) -> web.Response:
    _LOGGER.debug("NVR %s for log row %s not available: %s", what, log_id, err)
    status = _NVR_STATUS.get(err.reason, HTTPStatus.BAD_GATEWAY)
    return web.Response(status=status, text=f"Recording {what} not available", headers=_HEADERS)


class StoredSnapshotView(_AdminMediaView):
    """``GET /api/gem_access/snapshots/{log_id}``: the file stored with the row (Range requests work)."""

    url = STORED_URL
    name = "api:gem_access:snapshot"

    async def get(self, request: web.Request, log_id: str) -> web.StreamResponse:
        """Serve the row's file from the media store."""
        hass, entry = self._admin(request)
        runtime = entry.runtime_data
        ref = await runtime.logs.async_get_snapshot(int(log_id))
        found = runtime.media.resolve(ref) if is_media_ref(ref) else None
        if found is None or found.log_id != int(log_id):
            raise web.HTTPNotFound
        if not await hass.async_add_executor_job(found.path.is_file):
            raise web.HTTPNotFound
        return web.FileResponse(found.path, headers={**_HEADERS, hdrs.CONTENT_TYPE: found.mime})


class RecordingStillView(_AdminMediaView):
    """``GET /api/gem_access/snapshots/{log_id}/recording.jpg``: the NVR's frame at the event time."""

    url = RECORDING_URL
    name = "api:gem_access:snapshot_recording"

    async def get(self, request: web.Request, log_id: str) -> web.Response:
        """The still that snapshot/get fetched, or a fresh fetch from the NVR."""
        hass, entry = self._admin(request)
        row = await self._row(entry, log_id)
        still = recent_stills(hass).get(int(log_id))
        if still is None:
            target = async_nvr_target(hass, entry, row)
            if target is None:
                raise web.HTTPNotFound
            try:
                still = await target.nvr.async_still(target.camera, target.when)
            except NvrError as err:
                return _nvr_failure(err, "still", log_id)
        return web.Response(body=still.content, content_type=still.mime, headers=_HEADERS)


class RecordingClipView(_AdminMediaView):
    """``GET /api/gem_access/snapshots/{log_id}/clip.mp4``: the NVR's clip around the event, streamed."""

    url = CLIP_URL
    name = "api:gem_access:snapshot_clip"

    async def get(self, request: web.Request, log_id: str) -> web.StreamResponse:
        """Relay the clip chunk by chunk; an over-long or broken one is cut off, not completed."""
        hass, entry = self._admin(request)
        target = async_nvr_target(hass, entry, await self._row(entry, log_id))
        if target is None:
            raise web.HTTPNotFound
        try:
            async with target.nvr.clip(target.camera, target.when) as clip:
                response = web.StreamResponse(headers={**_HEADERS, hdrs.CONTENT_TYPE: clip.mime})
                if clip.length is not None:
                    response.content_length = clip.length
                await response.prepare(request)
                try:
                    async for chunk in clip.chunks:
                        await response.write(chunk)
                except NvrError as err:
                    _LOGGER.debug("NVR clip for log row %s cut off: %s", log_id, err)
                    # the headers are sent: dropping the connection is how the browser learns the clip is
                    # incomplete (a clean end would pass a truncated file off as whole)
                    if request.transport is not None:
                        request.transport.close()
                    response.force_close()
                    return response
                await response.write_eof()
                return response
        except NvrError as err:
            return _nvr_failure(err, "clip", log_id)


@callback
def async_register_views(hass: HomeAssistant) -> None:
    """Register the media views."""
    hass.http.register_view(StoredSnapshotView())
    hass.http.register_view(RecordingStillView())
    hass.http.register_view(RecordingClipView())
