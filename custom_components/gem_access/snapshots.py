"""Where an event's image comes from: the stored snapshot, else the reader's camera (live)."""

from __future__ import annotations

import base64
from typing import Any, Final
from urllib.parse import urlparse

from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError

from .errors import GemAccessError
from .media.validation import data_uri_mime
from .types import GemAccessConfigEntry

VIDEO_SUFFIXES: Final = (".mp4", ".webm", ".mov", ".m4v", ".m3u8", ".ts")


def describe_stored(value: str) -> dict[str, Any]:
    """The modal's view of a stored snapshot (a data URI or an https URL)."""
    if value.startswith("data:"):
        # stored values were validated on the way in; anything else is shown as opaque bytes
        mime = data_uri_mime(value) or "application/octet-stream"
        kind = "video" if mime.startswith("video/") else "image"
        return {
            "kind": kind,
            "source": "stored",
            "mime": mime,
            "data_uri": value,
            "camera_name": None,
        }
    path = urlparse(value).path.lower()
    kind = "video" if path.endswith(VIDEO_SUFFIXES) else "image"
    return {"kind": kind, "source": "stored", "mime": None, "url": value, "camera_name": None}


async def async_get_snapshot(
    hass: HomeAssistant, entry: GemAccessConfigEntry, log_id: int
) -> dict[str, Any]:
    """Stored snapshot first; otherwise a live image from the reader's camera entity."""
    runtime = entry.runtime_data
    row = await runtime.logs.async_get(log_id)
    if row is None:
        raise GemAccessError("unknown_log_row", "not_found", id=log_id)
    stored = await runtime.logs.async_get_snapshot(log_id)
    if stored:
        return describe_stored(stored)
    device = runtime.config.data["devices"].get(row.get("device_id") or "")
    camera_id = device.get("camera_entity_id") if device else None
    if not camera_id or "camera" not in hass.config.components:
        raise GemAccessError("no_snapshot", "not_found")
    from homeassistant.components.camera import async_get_image

    try:
        image = await async_get_image(hass, camera_id)
    except HomeAssistantError as err:
        raise GemAccessError("no_snapshot", "not_found") from err
    state = hass.states.get(camera_id)
    encoded = base64.b64encode(image.content).decode()
    return {
        "kind": "image",
        # without an NVR recording lookup the camera can only show what it sees now
        "source": "live",
        "mime": image.content_type,
        "data_uri": f"data:{image.content_type};base64,{encoded}",
        "camera_name": state.name if state else camera_id,
    }
