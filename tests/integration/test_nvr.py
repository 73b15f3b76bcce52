"""NVR look-up: a fake Frigate on 127.0.0.1 answers the recording and clip requests of snapshot/get.

The fake speaks Frigate's HTTP API at the protocol boundary; each camera name plays one behaviour
(a recording, none, slow, oversized, a wrong content type), so every path of the client runs over a
real socket through Home Assistant's shared aiohttp session.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from http import HTTPStatus
from typing import Any

import aiohttp
import pytest
from aiohttp import web
from homeassistant.auth.models import User
from homeassistant.components.http.auth import async_sign_path
from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.typing import (
    ClientSessionGenerator,
    WebSocketGenerator,
)

from custom_components.gem_access.media import nvr

from .conftest import PIN_ALICE, Site, add_camera, present
from .test_snapshots import FACE, FAKE_MP4, assert_admin_only, guest_user, refresh_token_id

JPEG = FACE.read_bytes()
CLIP = FAKE_MP4 * 8


@dataclass
class FakeFrigate:
    """What the fake server saw, and where it listens."""

    url: str = ""
    paths: list[str] = field(default_factory=list)


async def _still(request: web.Request) -> web.StreamResponse:
    camera = request.match_info["camera"]
    request.app["seen"].paths.append(request.path)
    if camera == "missing":
        return web.json_response({"success": False, "message": "Recording not found"}, status=404)
    if camera == "slow":
        await asyncio.sleep(5)
    if camera == "huge":  # says so up front
        return web.Response(
            body=b"\xff\xd8\xff" + b"\0" * (6 * 1024 * 1024), content_type="image/jpeg"
        )
    if camera == "huge_chunked":  # no Content-Length: only counting the bytes catches it
        response = web.StreamResponse(headers={"Content-Type": "image/jpeg"})
        response.enable_chunked_encoding()
        await response.prepare(request)
        for _ in range(100):
            await response.write(b"\0" * 65536)
        await response.write_eof()
        return response
    if camera == "login_page":
        return web.Response(text="<html>log in</html>", content_type="text/html")
    return web.Response(body=JPEG, content_type="image/jpeg")


async def _clip(request: web.Request) -> web.StreamResponse:
    camera = request.match_info["camera"]
    request.app["seen"].paths.append(request.path)
    if camera == "no_clip":
        return web.json_response({"success": False, "message": "No recordings"}, status=404)
    if camera == "slow_clip":
        await asyncio.sleep(5)
    if camera == "huge_clip":
        return web.Response(body=b"\0" * (2 * 1024 * 1024), content_type="video/mp4")
    if camera == "endless_clip":
        response = web.StreamResponse(headers={"Content-Type": "video/mp4"})
        response.enable_chunked_encoding()
        await response.prepare(request)
        for _ in range(64):
            await response.write(b"\0" * 65536)
        await response.write_eof()
        return response
    return web.Response(body=CLIP, content_type="video/mp4")


@pytest.fixture
async def frigate(socket_enabled: None) -> AsyncIterator[FakeFrigate]:
    """A Frigate API on a free port of 127.0.0.1."""
    seen = FakeFrigate()
    app = web.Application()
    app["seen"] = seen
    app.router.add_get("/api/{camera}/recordings/{ts}/snapshot.jpg", _still)
    app.router.add_get("/api/{camera}/start/{start}/end/{end}/clip.mp4", _clip)
    runner = web.AppRunner(app)
    await runner.setup()
    server = web.TCPSite(runner, "127.0.0.1", 0)
    await server.start()
    port = runner.addresses[0][1]
    seen.url = f"http://127.0.0.1:{port}"
    yield seen
    await runner.cleanup()


@pytest.fixture(autouse=True)
def quick_limits(monkeypatch: pytest.MonkeyPatch) -> None:
    """Timeouts and caps small enough for a test; the behaviour is the same at full size."""
    monkeypatch.setattr(nvr, "STILL_TIMEOUT", aiohttp.ClientTimeout(total=0.5))
    monkeypatch.setattr(nvr, "CLIP_TIMEOUT", aiohttp.ClientTimeout(total=0.5))
    monkeypatch.setattr(nvr, "MAX_CLIP_BYTES", 1024 * 1024)


async def ws_call(
    hass_ws_client: WebSocketGenerator, hass: HomeAssistant, **msg: Any
) -> dict[str, Any]:
    ws = await hass_ws_client(hass)
    await ws.send_json({"id": 1, **msg})
    return await ws.receive_json()


async def snapshot(
    hass_ws_client: WebSocketGenerator, hass: HomeAssistant, log_id: int
) -> dict[str, Any]:
    return await ws_call(hass_ws_client, hass, type="gem_access/snapshot/get", log_id=log_id)


async def reader_on_frigate(hass: HomeAssistant, site: Site, **fields: Any) -> None:
    await site.entry.runtime_data.config.async_update("devices", site.ids["keypad"], fields)
    await hass.async_block_till_done()


async def event_time(site: Site, log_id: int) -> float:
    row = await site.entry.runtime_data.logs.async_get(log_id)
    assert row is not None
    return datetime.fromisoformat(row["timestamp"]).timestamp()


async def test_recording_still_and_clip_through_the_frigate_url_setting(
    hass: HomeAssistant,
    hass_owner_user: User,
    hass_admin_user: User,
    site: Site,
    frigate: FakeFrigate,
    hass_ws_client: WebSocketGenerator,
    hass_client: ClientSessionGenerator,
    hass_client_no_auth: ClientSessionGenerator,
) -> None:
    guest = await guest_user(hass)
    saved = await ws_call(
        hass_ws_client, hass, type="gem_access/settings/update", frigate_url=frigate.url + "/"
    )
    assert saved["success"], saved
    assert saved["result"]["frigate_url"] == frigate.url
    await reader_on_frigate(hass, site, nvr_camera="front")
    row = await present(hass, site.ids["keypad"], "pin", PIN_ALICE)
    when = await event_time(site, row["log_id"])

    msg = await snapshot(hass_ws_client, hass, row["log_id"])
    assert msg["success"], msg
    result = msg["result"]
    assert {k: result[k] for k in ("kind", "source", "mime", "camera_name")} == {
        "kind": "image",
        "source": "recording",
        "mime": "image/jpeg",
        "camera_name": "front",
    }
    # the browser only ever sees our own signed paths, never Frigate's address
    assert "127.0.0.1" not in json.dumps(result)
    assert result["url"].startswith(f"/api/gem_access/snapshots/{row['log_id']}/recording.jpg?")
    assert result["clip_url"].startswith(f"/api/gem_access/snapshots/{row['log_id']}/clip.mp4?")
    # the frame at the event time, to the millisecond
    assert frigate.paths == [f"/api/front/recordings/{when:.3f}/snapshot.jpg"]

    browser = await hass_client_no_auth()
    still = await browser.get(result["url"])
    assert still.status == HTTPStatus.OK
    assert still.content_type == "image/jpeg"
    assert await still.read() == JPEG
    assert len(frigate.paths) == 1  # served from what snapshot/get fetched: Frigate asked once
    clip = await browser.get(result["clip_url"])
    assert clip.status == HTTPStatus.OK
    assert clip.content_type == "video/mp4"
    assert await clip.read() == CLIP
    assert frigate.paths[-1] == f"/api/front/start/{int(when) - 5}/end/{int(when) + 10}/clip.mp4"

    for url in (result["url"], result["clip_url"]):
        await assert_admin_only(hass, url, hass_admin_user, guest, hass_client, hass_client_no_auth)


async def test_frigate_url_comes_from_the_frigate_integration(
    hass: HomeAssistant,
    site: Site,
    frigate: FakeFrigate,
    hass_ws_client: WebSocketGenerator,
) -> None:
    """A reader whose NVR device is a Frigate camera needs neither a URL nor a camera name."""
    frigate_entry = MockConfigEntry(domain="frigate", title="Frigate", data={"url": frigate.url})
    frigate_entry.add_to_hass(hass)
    registry = dr.async_get(hass)
    camera_device = registry.async_get_or_create(
        config_entry_id=frigate_entry.entry_id,
        identifiers={("frigate", f"{frigate_entry.entry_id}:front")},
        name="Front Door Camera",
    )
    # the setting points elsewhere: the integration's own URL wins for its devices
    await site.entry.runtime_data.config.async_update_settings(
        {"frigate_url": "http://127.0.0.1:9"}
    )
    await reader_on_frigate(hass, site, nvr_device_id=camera_device.id)
    row = await present(hass, site.ids["keypad"], "pin", PIN_ALICE)
    result = (await snapshot(hass_ws_client, hass, row["log_id"]))["result"]
    assert (result["source"], result["camera_name"]) == ("recording", "Front Door Camera")
    assert frigate.paths[-1].startswith("/api/front/recordings/")

    # the Frigate server's own device, with the camera named on the reader
    server_device = registry.async_get_or_create(
        config_entry_id=frigate_entry.entry_id,
        identifiers={("frigate", frigate_entry.entry_id)},
        name="Frigate",
    )
    await reader_on_frigate(hass, site, nvr_device_id=server_device.id, nvr_camera="garden")
    row = await present(hass, site.ids["keypad"], "pin", PIN_ALICE)
    result = (await snapshot(hass_ws_client, hass, row["log_id"]))["result"]
    assert (result["source"], result["camera_name"]) == ("recording", "garden")
    assert frigate.paths[-1].startswith("/api/garden/recordings/")


async def test_no_recording_falls_back_to_the_live_camera(
    hass: HomeAssistant,
    site: Site,
    frigate: FakeFrigate,
    hass_ws_client: WebSocketGenerator,
) -> None:
    await add_camera(hass, "Door cam", FACE)  # a config entry: HA 2026 has no YAML local_file
    await site.entry.runtime_data.config.async_update_settings({"frigate_url": frigate.url})
    await reader_on_frigate(hass, site, nvr_camera="missing")
    row = await present(hass, site.ids["keypad"], "pin", PIN_ALICE)
    await hass.async_block_till_done()
    msg = await snapshot(hass_ws_client, hass, row["log_id"])
    assert (
        msg["error"]["code"] == "no_snapshot"
    )  # Frigate answered 404 and the reader has no camera

    # the camera named on the reader after the event: only its view now is left to show
    await reader_on_frigate(hass, site, camera_entity_id="camera.door_cam")
    result = (await snapshot(hass_ws_client, hass, row["log_id"]))["result"]
    assert (result["source"], result["camera_name"]) == ("live", "Door cam")


@pytest.mark.parametrize("camera", ["slow", "huge", "huge_chunked", "login_page"])
async def test_unusable_frigate_answers_mean_no_snapshot(
    hass: HomeAssistant,
    site: Site,
    frigate: FakeFrigate,
    hass_ws_client: WebSocketGenerator,
    camera: str,
) -> None:
    """Too slow, over the 5 MB cap (announced or not), or not an image: nothing is shown from it."""
    await site.entry.runtime_data.config.async_update_settings({"frigate_url": frigate.url})
    await reader_on_frigate(hass, site, nvr_camera=camera)
    row = await present(hass, site.ids["keypad"], "pin", PIN_ALICE)
    started = time.monotonic()
    msg = await snapshot(hass_ws_client, hass, row["log_id"])
    assert msg["error"]["code"] == "no_snapshot"
    assert time.monotonic() - started < 4  # the 5 s sleeper was cut off by the timeout
    assert len(frigate.paths) == 1


async def signed(hass: HomeAssistant, admin: User, path: str) -> str:
    return async_sign_path(
        hass, path, timedelta(minutes=5), refresh_token_id=await refresh_token_id(hass, admin)
    )


@pytest.mark.parametrize(
    ("camera", "status"),
    [
        ("no_clip", HTTPStatus.NOT_FOUND),
        ("slow_clip", HTTPStatus.GATEWAY_TIMEOUT),
        ("huge_clip", HTTPStatus.BAD_GATEWAY),
    ],
)
async def test_clip_failures_are_plain_http_errors(
    hass: HomeAssistant,
    hass_admin_user: User,
    site: Site,
    frigate: FakeFrigate,
    hass_client_no_auth: ClientSessionGenerator,
    camera: str,
    status: HTTPStatus,
) -> None:
    await site.entry.runtime_data.config.async_update_settings({"frigate_url": frigate.url})
    await reader_on_frigate(hass, site, nvr_camera=camera)
    row = await present(hass, site.ids["keypad"], "pin", PIN_ALICE)
    browser = await hass_client_no_auth()
    response = await browser.get(
        await signed(hass, hass_admin_user, f"/api/gem_access/snapshots/{row['log_id']}/clip.mp4")
    )
    assert response.status == status
    assert "127.0.0.1" not in await response.text()


async def test_clip_beyond_the_cap_is_cut_off(
    hass: HomeAssistant,
    hass_admin_user: User,
    site: Site,
    frigate: FakeFrigate,
    hass_client_no_auth: ClientSessionGenerator,
) -> None:
    """A clip without Content-Length that runs past the cap ends in a broken download, not a 'whole' file."""
    await site.entry.runtime_data.config.async_update_settings({"frigate_url": frigate.url})
    await reader_on_frigate(hass, site, nvr_camera="endless_clip")
    row = await present(hass, site.ids["keypad"], "pin", PIN_ALICE)
    browser = await hass_client_no_auth()
    response = await browser.get(
        await signed(hass, hass_admin_user, f"/api/gem_access/snapshots/{row['log_id']}/clip.mp4")
    )
    assert response.status == HTTPStatus.OK
    with pytest.raises(aiohttp.ClientPayloadError):
        await response.read()


async def test_recording_view_fetches_again_when_nothing_is_kept(
    hass: HomeAssistant,
    hass_admin_user: User,
    site: Site,
    frigate: FakeFrigate,
    hass_client_no_auth: ClientSessionGenerator,
) -> None:
    await site.entry.runtime_data.config.async_update_settings({"frigate_url": frigate.url})
    await reader_on_frigate(hass, site, nvr_camera="front")
    row = await present(hass, site.ids["keypad"], "pin", PIN_ALICE)
    browser = await hass_client_no_auth()
    path = f"/api/gem_access/snapshots/{row['log_id']}/recording.jpg"
    response = await browser.get(await signed(hass, hass_admin_user, path))
    assert response.status == HTTPStatus.OK
    assert await response.read() == JPEG
    # without an NVR on the reader there is nothing to proxy
    await reader_on_frigate(hass, site, nvr_camera=None)
    other = await present(hass, site.ids["keypad"], "pin", PIN_ALICE)
    path = f"/api/gem_access/snapshots/{other['log_id']}/recording.jpg"
    assert (await browser.get(await signed(hass, hass_admin_user, path))).status == 404


@pytest.mark.parametrize(
    "bad",
    [
        "ftp://frigate.local",
        "javascript:alert(1)",
        "http://user:secret@frigate.local:5000",
        "http://frigate.local:5000/?token=1",
        "http://frigate.local:5000/#x",
        "http://frigate.local:99999",
        "frigate.local:5000",
        "http://",
        "http://frig ate.local",
        123,
    ],
)
async def test_frigate_url_setting_is_validated(
    hass: HomeAssistant, site: Site, hass_ws_client: WebSocketGenerator, bad: Any
) -> None:
    msg = await ws_call(hass_ws_client, hass, type="gem_access/settings/update", frigate_url=bad)
    assert not msg["success"]
    assert msg["error"]["code"] == "invalid_format"
    assert "frigate_url" in msg["error"]["message"]
    assert site.entry.runtime_data.config.settings.get("frigate_url") is None


async def test_frigate_url_setting_accepts_and_clears(
    hass: HomeAssistant, site: Site, hass_ws_client: WebSocketGenerator
) -> None:
    for given, kept in (
        ("https://nvr.example.com/frigate/", "https://nvr.example.com/frigate"),
        ("http://192.168.1.10:5000", "http://192.168.1.10:5000"),
        (None, None),
        ("http://[fd00::5]:5000", "http://[fd00::5]:5000"),
        ("", None),
    ):
        msg = await ws_call(
            hass_ws_client, hass, type="gem_access/settings/update", frigate_url=given
        )
        assert msg["success"], msg
        assert msg["result"]["frigate_url"] == kept
