"""Snapshot validation: only inline image/video data URIs and plain https URLs are ever stored."""

from __future__ import annotations

import asyncio
import base64
import threading
from collections.abc import Callable
from typing import Any, cast

import pytest

from custom_components.gem_access.media.validation import (
    MAX_DATA_URI_CHARS,
    MAX_URL_CHARS,
    async_valid_snapshot,
    data_uri_mime,
    valid_snapshot,
)

PAYLOAD = base64.b64encode(b"\xff\xd8\xff\xe0 a jpeg, more or less \xff\xd9").decode()
JPEG = f"data:image/jpeg;base64,{PAYLOAD}"

ACCEPTED = [
    JPEG,
    f"data:image/png;base64,{PAYLOAD}",
    f"data:image/webp;base64,{PAYLOAD}",
    f"data:video/mp4;base64,{PAYLOAD}",
    f"data:video/webm;base64,{PAYLOAD}",
    "https://nvr.example/snapshots/1.jpg",
    "https://nvr.example:8443/api/events/abc/clip.mp4?sig=x%40y&t=1",
    "https://[2001:db8::1]/snap.jpg",
    "HTTPS://nvr.example/upper-case-scheme.jpg",
]

REFUSED = {
    # user-info: leaks credentials into the log, and disguises where the URL really points
    "user and password": "https://user:pass@nvr.example/1.jpg",
    "user only": "https://user@nvr.example/1.jpg",
    "password only": "https://:pass@nvr.example/1.jpg",
    "trusted-looking user": "https://nvr.example@evil.example/1.jpg",
    "at sign, no user": "https://@nvr.example/1.jpg",
    # schemes and shapes
    "http": "http://nvr.example/1.jpg",
    "javascript": "javascript:alert(1)",
    "file": "file:///etc/passwd",
    "no host": "https://",
    "no host, path": "https:///1.jpg",
    "bad port": "https://nvr.example:99999/1.jpg",
    "broken ipv6": "https://[::1/1.jpg",
    "backslash": "https://nvr.example\\@evil.example/1.jpg",
    "space": "https://nvr.example/a b.jpg",
    "newline": "https://nvr.example/1.jpg\n",
    "too long url": "https://nvr.example/" + "a" * MAX_URL_CHARS,
    # data URIs
    "html": "data:text/html;base64,PHNjcmlwdD4=",
    "svg": "data:image/svg+xml;base64,PHN2Zz4=",
    "not base64": "data:image/jpeg;base64,not base64!",
    "bad padding": "data:image/jpeg;base64,AAA",
    "empty payload": "data:image/jpeg;base64,",
    "not base64-encoded": "data:image/jpeg,rawbytes",
    "too big": "data:image/jpeg;base64," + "A" * MAX_DATA_URI_CHARS,
    # not text at all
    "empty": "",
}


@pytest.mark.parametrize("value", ACCEPTED)
def test_accepted(value: str) -> None:
    assert valid_snapshot(value) == value


@pytest.mark.parametrize("value", list(REFUSED.values()), ids=list(REFUSED))
def test_refused(value: str) -> None:
    assert valid_snapshot(value) is None


@pytest.mark.parametrize("value", [None, 42, b"https://nvr.example/1.jpg", ["x"]])
def test_non_strings_are_refused(value: Any) -> None:
    assert valid_snapshot(value) is None


def test_mime_of_a_data_uri() -> None:
    assert data_uri_mime(JPEG) == "image/jpeg"
    assert data_uri_mime(f"data:video/webm;base64,{PAYLOAD}") == "video/webm"
    assert data_uri_mime("data:text/html;base64,AAAA") is None
    assert data_uri_mime("https://nvr.example/1.jpg") is None


class FakeHass:
    """Just the executor seam: records which thread ran each job."""

    def __init__(self) -> None:
        self.threads: list[threading.Thread] = []

    async def async_add_executor_job(self, target: Callable[..., Any], *args: Any) -> Any:
        def run() -> Any:
            self.threads.append(threading.current_thread())
            return target(*args)

        return await asyncio.to_thread(run)


@pytest.mark.parametrize("value", [*ACCEPTED, *REFUSED.values(), None], ids=lambda v: str(v)[:40])
async def test_async_validator_agrees_with_the_sync_one(value: Any) -> None:
    assert await async_valid_snapshot(cast(Any, FakeHass()), value) == valid_snapshot(value)


async def test_data_uri_is_decoded_off_the_event_loop() -> None:
    hass = FakeHass()
    big = "data:image/jpeg;base64," + base64.b64encode(b"\x00" * 3_000_000).decode()
    assert await async_valid_snapshot(cast(Any, hass), big) == big
    assert hass.threads and threading.main_thread() not in hass.threads
    # URLs and data URIs refused on their shape never need the executor
    hass.threads.clear()
    assert await async_valid_snapshot(cast(Any, hass), "https://u:p@nvr.example/1.jpg") is None
    assert await async_valid_snapshot(cast(Any, hass), "data:text/html;base64,AAAA") is None
    assert hass.threads == []
