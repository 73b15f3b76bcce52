"""Where an event's picture comes from, best first: stored with the event, the NVR's recording, the camera now.

1. stored: a file of the media store (served by a signed admin-only URL), an https URL as the caller gave
   it, or a legacy in-row data URI;
2. recording: the NVR's frame at the event time, plus a clip around it (both proxied, see media/serving.py);
3. live: the reader camera's current image, labelled so, because it shows today and not the event.
"""

from __future__ import annotations

import base64
import logging
from typing import Any, Final, Literal
from urllib.parse import urlsplit

from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError

from .errors import GemAccessError
from .media.nvr import NvrError, async_nvr_target, readers_of_row
from .media.serving import Signer, clip_path, recent_stills, recording_path, stored_path
from .media.store import is_media_ref
from .media.validation import data_uri_mime
from .types import GemAccessConfigEntry

_LOGGER = logging.getLogger(__name__)

VIDEO_SUFFIXES: Final = (".mp4", ".webm", ".mov", ".m4v", ".m3u8", ".ts")
# the websocket error code when no source has a picture (the panel shows "No snapshot available")
CODE_NO_SNAPSHOT: Final = "no_snapshot"

type Kind = Literal["image", "video"]


def media_kind(url: str | None = None, mime: str | None = None) -> Kind:
    """Video by a ``video/*`` MIME type or by the URL path's extension (the query is ignored); else image."""
    if mime and mime.strip().lower().startswith("video/"):
        return "video"
    if url:
        if url.startswith("data:"):
            return "video" if url[5:].lower().startswith("video/") else "image"
        try:
            path = urlsplit(url).path.lower()
        except ValueError:
            return "image"
        if path.endswith(VIDEO_SUFFIXES):
            return "video"
    return "image"


def describe_stored(value: str) -> dict[str, Any]:
    """The modal's view of a value kept in the row itself (a legacy data URI or an https URL)."""
    if value.startswith("data:"):
        # stored values were validated on the way in; anything else is shown as opaque bytes
        mime = data_uri_mime(value) or "application/octet-stream"
        return {
            "kind": media_kind(mime=mime),
            "source": "stored",
            "mime": mime,
            "data_uri": value,
            "camera_name": None,
        }
    return {
        "kind": media_kind(url=value),
        "source": "stored",
        "mime": None,
        "url": value,
        "camera_name": None,
    }


async def _async_stored(
    hass: HomeAssistant, entry: GemAccessConfigEntry, log_id: int, value: str, sign: Signer
) -> dict[str, Any] | None:
    if not is_media_ref(value):
        return describe_stored(value)
    found = entry.runtime_data.media.resolve(value)
    if found is None or not await hass.async_add_executor_job(found.path.is_file):
        # the file is gone (removed by hand, or a half-finished purge): the other sources may still help
        _LOGGER.debug("Stored snapshot of log row %s is missing: %s", log_id, value)
        return None
    return {
        "kind": media_kind(mime=found.mime),
        "source": "stored",
        "mime": found.mime,
        "url": sign(stored_path(log_id)),
        "camera_name": None,
    }


async def _async_recording(
    hass: HomeAssistant,
    entry: GemAccessConfigEntry,
    row: dict[str, Any],
    sign: Signer,
) -> dict[str, Any] | None:
    target = async_nvr_target(hass, entry, row)
    if target is None:
        return None
    try:
        # fetched now, not only when the browser asks: a missing recording must fall back to the live image
        still = await target.nvr.async_still(target.camera, target.when)
    except NvrError as err:
        _LOGGER.debug("No NVR recording for log row %s: %s", row["id"], err)
        return None
    recent_stills(hass).put(row["id"], still)
    return {
        "kind": "image",
        "source": "recording",
        "mime": still.mime,
        "url": sign(recording_path(row["id"])),
        # the clip is fetched only if the admin plays it
        "clip_url": sign(clip_path(row["id"])),
        "camera_name": target.camera_name,
    }


async def _async_live(
    hass: HomeAssistant, entry: GemAccessConfigEntry, row: dict[str, Any]
) -> dict[str, Any] | None:
    if "camera" not in hass.config.components:
        return None
    from homeassistant.components.camera import async_get_image  # only with cameras

    for device in readers_of_row(entry, row):
        camera_id = device.get("camera_entity_id")
        if not camera_id:
            continue
        try:
            image = await async_get_image(hass, camera_id)
        except HomeAssistantError as err:
            _LOGGER.debug("No live image from %s: %s", camera_id, err)
            continue
        state = hass.states.get(camera_id)
        encoded = base64.b64encode(image.content).decode()
        return {
            "kind": "image",
            # the camera can only show what it sees now, not the event
            "source": "live",
            "mime": image.content_type,
            "data_uri": f"data:{image.content_type};base64,{encoded}",
            "camera_name": state.name if state else camera_id,
        }
    return None


async def async_get_snapshot(
    hass: HomeAssistant, entry: GemAccessConfigEntry, log_id: int, sign: Signer
) -> dict[str, Any]:
    """The best picture of an event; ``sign`` makes the admin's short-lived URLs of our media views."""
    runtime = entry.runtime_data
    row = await runtime.logs.async_get(log_id)
    if row is None:
        raise GemAccessError("unknown_log_row", "not_found", id=log_id)
    stored = await runtime.logs.async_get_snapshot(log_id)
    if stored and (found := await _async_stored(hass, entry, log_id, stored, sign)):
        return found
    if found := await _async_recording(hass, entry, row, sign):
        return found
    if found := await _async_live(hass, entry, row):
        return found
    raise GemAccessError("no_snapshot", CODE_NO_SNAPSHOT)
