"""The one home of snapshot validation: what a caller-supplied snapshot may be before it is stored.

A snapshot is shown later to admins in the panel (``<img src>`` / ``<video src>``), so only two shapes are
accepted: a base64 data URI of an image or video type a browser renders, or an ``https`` URL without user-info.
Everything else is refused (``None``); callers ignore a refused snapshot with a warning and never fail the access
decision because of it.
"""

from __future__ import annotations

import base64
import binascii
import re
from typing import TYPE_CHECKING, Any, Final
from urllib.parse import urlsplit

if TYPE_CHECKING:  # the pure checks below are importable and testable without Home Assistant
    from homeassistant.core import HomeAssistant

MAX_SNAPSHOT_BYTES: Final = 5 * 1024 * 1024
# base64 grows 4/3; the header ("data:video/webm;base64,") fits in the slack
MAX_DATA_URI_CHARS: Final = MAX_SNAPSHOT_BYTES * 4 // 3 + 64
MAX_URL_CHARS: Final = 4096

# The only data-URI pattern in the integration: the types a browser shows inline and nothing scriptable
# (no text/html, no image/svg+xml). Group 1 is the MIME type; the payload follows the match.
DATA_URI_RE: Final = re.compile(r"^data:(image/(?:jpeg|png|webp)|video/(?:mp4|webm));base64,")


def data_uri_mime(value: str) -> str | None:
    """The MIME type of an accepted data URI's header, or None if the header is not one we accept."""
    match = DATA_URI_RE.match(value)
    return match.group(1) if match else None


def _data_uri_shape_ok(value: str) -> bool:
    """Header, length and a non-empty payload: cheap checks that are fine on the event loop."""
    match = DATA_URI_RE.match(value)
    return match is not None and len(value) <= MAX_DATA_URI_CHARS and match.end() < len(value)


def data_uri_payload_ok(value: str) -> bool:
    """Whether the payload is strict base64 (up to ~7 MB of text: run it in the executor)."""
    match = DATA_URI_RE.match(value)
    if match is None:
        return False
    try:
        base64.b64decode(value[match.end() :], validate=True)
    except (binascii.Error, ValueError):
        return False
    return True


def valid_https_url(value: str) -> bool:
    """An https URL with a host, no user-info and nothing that browsers and Python parse differently."""
    if (
        len(value) > MAX_URL_CHARS
        or "\\" in value
        or any(ch.isspace() or ord(ch) < 0x20 for ch in value)
    ):
        return False
    try:
        parsed = urlsplit(value)
        parsed.port  # noqa: B018 - raises ValueError on a malformed port
    except ValueError:
        return False
    # user-info ("https://user:pass@host/") leaks credentials into the log and the panel, and is the classic
    # way to make a URL look like it points somewhere else ("https://trusted.example@evil.example/")
    return parsed.scheme == "https" and "@" not in parsed.netloc and bool(parsed.hostname)


def valid_snapshot(value: Any) -> str | None:
    """The snapshot if it is a base64 image/video data URI or an https URL, else None (decodes inline)."""
    if not isinstance(value, str) or not value:
        return None
    if value.startswith("data:"):
        return value if _data_uri_shape_ok(value) and data_uri_payload_ok(value) else None
    return value if valid_https_url(value) else None


async def async_valid_snapshot(hass: HomeAssistant, value: Any) -> str | None:
    """Like ``valid_snapshot``, with the base64 decode of a data URI in the executor (off the event loop)."""
    if not isinstance(value, str) or not value:
        return None
    if value.startswith("data:"):
        if not _data_uri_shape_ok(value):
            return None
        ok = await hass.async_add_executor_job(data_uri_payload_ok, value)
        return value if ok else None
    return value if valid_https_url(value) else None
