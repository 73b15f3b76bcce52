"""The NVR when it misbehaves, and who may see what the media views serve.

A fake Frigate on 127.0.0.1 (the protocol boundary; everything on our side is real) plays the
failures a real one shows: an internal error, an empty frame, a body that stalls or is cut off
mid-way, a server that is down. For the admin in the panel each is "no recording" (and the live
camera or nothing instead); for the browser each is a plain HTTP error without the NVR's address.
"""

from __future__ import annotations

import asyncio
import json
import socket
from collections.abc import AsyncIterator
from http import HTTPStatus
from typing import Any

import aiohttp
import pytest
from aiohttp import web
from homeassistant.auth.models import User
from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.typing import (
    ClientSessionGenerator,
    WebSocketGenerator,
)

from custom_components.gem_access.media import nvr, serving

from .conftest import PIN_ALICE, Site, present
from .test_nvr import JPEG, event_time, reader_on_frigate, signed, snapshot
from .test_snapshots import store_file


async def _still(request: web.Request) -> web.StreamResponse:
    camera = request.match_info["camera"]
    request.app["paths"].append(request.path)
    if camera == "broken":
        return web.Response(status=500, text="ffmpeg crashed")
    if camera == "empty":
        return web.Response(body=b"", content_type="image/jpeg")
    if camera in ("stall", "cut"):
        response = web.StreamResponse(headers={"Content-Type": "image/jpeg"})
        response.enable_chunked_encoding()
        await response.prepare(request)
        await response.write(JPEG[:1024])
        if camera == "stall":
            await asyncio.sleep(5)
        else:
            assert request.transport is not None
            request.transport.close()  # the connection drops mid-image
        return response
    return web.Response(body=JPEG, content_type="image/jpeg")


@pytest.fixture
async def frigate(socket_enabled: None) -> AsyncIterator[tuple[str, list[str]]]:
    """A misbehaving Frigate API on a free port: (its URL, the paths it was asked for)."""
    paths: list[str] = []
    app = web.Application()
    app["paths"] = paths
    app.router.add_get("/api/{camera}/recordings/{ts}/snapshot.jpg", _still)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    yield f"http://127.0.0.1:{runner.addresses[0][1]}", paths
    await runner.cleanup()


@pytest.fixture(autouse=True)
def quick_limits(monkeypatch: pytest.MonkeyPatch) -> None:
    """Timeouts small enough for a test; the behaviour is the same at full size."""
    monkeypatch.setattr(nvr, "STILL_TIMEOUT", aiohttp.ClientTimeout(total=0.5))
    monkeypatch.setattr(nvr, "CLIP_TIMEOUT", aiohttp.ClientTimeout(total=0.5))


def closed_port_url() -> str:
    """The URL of a Frigate that is down: a port nothing listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}"


@pytest.mark.parametrize(
    ("camera", "status"),
    [
        ("broken", HTTPStatus.BAD_GATEWAY),
        ("empty", HTTPStatus.NOT_FOUND),
        ("stall", HTTPStatus.GATEWAY_TIMEOUT),
        ("cut", HTTPStatus.BAD_GATEWAY),
        ("down", HTTPStatus.BAD_GATEWAY),
    ],
)
async def test_a_failing_nvr_is_no_recording_in_the_panel_and_a_plain_error_in_the_browser(
    hass: HomeAssistant,
    hass_admin_user: User,
    site: Site,
    frigate: tuple[str, list[str]],
    hass_ws_client: WebSocketGenerator,
    hass_client_no_auth: ClientSessionGenerator,
    camera: str,
    status: HTTPStatus,
) -> None:
    url, paths = frigate
    if camera == "down":
        url = closed_port_url()
    await site.entry.runtime_data.config.async_update_settings({"frigate_url": url})
    await reader_on_frigate(hass, site, nvr_camera=camera)
    row = await present(hass, site.ids["keypad"], "pin", PIN_ALICE)

    msg = await snapshot(hass_ws_client, hass, row["log_id"])
    assert msg["error"]["code"] == "no_snapshot"
    assert "127.0.0.1" not in json.dumps(msg)

    browser = await hass_client_no_auth()
    path = f"/api/gem_access/snapshots/{row['log_id']}/recording.jpg"
    response = await browser.get(await signed(hass, hass_admin_user, path))
    assert response.status == status
    assert "127.0.0.1" not in await response.text()
    # the clip of a Frigate that is down is a gateway error too, not an exception
    if camera == "down":
        clip = f"/api/gem_access/snapshots/{row['log_id']}/clip.mp4"
        assert (await browser.get(await signed(hass, hass_admin_user, clip))).status == status
    else:
        assert len(paths) == 2  # asked once by snapshot/get, once by the view: no retry storm


async def test_a_forced_door_shows_the_recording_of_its_reader_camera(
    hass: HomeAssistant,
    site: Site,
    frigate: tuple[str, list[str]],
    hass_ws_client: WebSocketGenerator,
) -> None:
    """A door event has no reader of its own: the recording comes from one of the door's readers."""
    url, paths = frigate
    await site.entry.runtime_data.config.async_update_settings({"frigate_url": url})
    await reader_on_frigate(hass, site, nvr_camera="porch")  # the front door's keypad
    await hass.services.async_call(
        "input_boolean", "turn_on", {"entity_id": "input_boolean.front_contact"}, blocking=True
    )
    forced: dict[str, Any] | None = None
    for _ in range(150):
        await hass.async_block_till_done()
        rows, _ = await site.entry.runtime_data.logs.async_list()
        forced = next((r for r in rows if r["result"] == "forced"), None)
        if forced is not None:
            break
        await asyncio.sleep(0.1)
    assert forced is not None
    assert forced["device_id"] is None

    result = (await snapshot(hass_ws_client, hass, forced["id"]))["result"]
    assert (result["source"], result["camera_name"]) == ("recording", "porch")
    when = await event_time(site, forced["id"])
    assert paths == [f"/api/porch/recordings/{when:.3f}/snapshot.jpg"]


async def test_the_frigate_url_setting_serves_readers_whose_nvr_device_is_not_frigate(
    hass: HomeAssistant,
    site: Site,
    frigate: tuple[str, list[str]],
    hass_ws_client: WebSocketGenerator,
) -> None:
    """A reader pointing at a removed device, another integration's device, or a Frigate entry
    without a URL still finds its recording through the ``frigate_url`` setting."""
    url, paths = frigate
    await site.entry.runtime_data.config.async_update_settings({"frigate_url": url})
    registry = dr.async_get(hass)
    other = MockConfigEntry(domain="other_nvr", title="Other")
    other.add_to_hass(hass)
    no_url = MockConfigEntry(domain="frigate", title="Frigate", data={})
    no_url.add_to_hass(hass)
    removed = registry.async_get_or_create(
        config_entry_id=other.entry_id, identifiers={("other_nvr", "gone")}, name="Gone"
    )
    registry.async_remove_device(removed.id)
    foreign = registry.async_get_or_create(
        config_entry_id=other.entry_id, identifiers={("other_nvr", "cam")}, name="Other cam"
    )
    urlless = registry.async_get_or_create(
        config_entry_id=no_url.entry_id,
        identifiers={("frigate", f"{no_url.entry_id}:yard")},
        name="Yard",
    )

    for device_id in (removed.id, foreign.id, urlless.id):
        await reader_on_frigate(hass, site, nvr_device_id=device_id, nvr_camera="front")
        row = await present(hass, site.ids["keypad"], "pin", PIN_ALICE)
        result = (await snapshot(hass_ws_client, hass, row["log_id"]))["result"]
        assert (result["source"], result["camera_name"]) == ("recording", "front")
    assert len(paths) == 3


async def test_kept_stills_expire_with_their_links_and_stay_few(
    hass: HomeAssistant,
    hass_admin_user: User,
    site: Site,
    frigate: tuple[str, list[str]],
    hass_ws_client: WebSocketGenerator,
    hass_client_no_auth: ClientSessionGenerator,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The still fetched for the panel is served from memory only while its link is valid, and
    only the latest few are kept: past that the NVR is asked again (never a stale or unbounded cache)."""
    url, paths = frigate
    await site.entry.runtime_data.config.async_update_settings({"frigate_url": url})
    await reader_on_frigate(hass, site, nvr_camera="front")
    browser = await hass_client_no_auth()
    kept = serving.RecentStills.MAX_ITEMS
    log_ids = []
    for _ in range(kept + 1):
        row = await present(hass, site.ids["keypad"], "pin", PIN_ALICE)
        assert (await snapshot(hass_ws_client, hass, row["log_id"]))["success"]
        log_ids.append(row["log_id"])
    assert len(paths) == kept + 1

    async def view(log_id: int) -> bytes:
        path = f"/api/gem_access/snapshots/{log_id}/recording.jpg"
        response = await browser.get(await signed(hass, hass_admin_user, path))
        assert response.status == HTTPStatus.OK
        return await response.read()

    assert await view(log_ids[-1]) == JPEG  # kept
    assert len(paths) == kept + 1
    assert await view(log_ids[0]) == JPEG  # pushed out by the newer ones: fetched again
    assert len(paths) == kept + 2

    later = serving.time.monotonic() + serving.SIGNED_URL_TTL.total_seconds() + 1
    monkeypatch.setattr(serving.time, "monotonic", lambda: later)
    assert await view(log_ids[-1]) == JPEG  # its link would have expired: fetched again
    assert len(paths) == kept + 3


async def test_media_views_answer_not_found_for_what_is_not_there(
    hass: HomeAssistant,
    hass_admin_user: User,
    site: Site,
    hass_client_no_auth: ClientSessionGenerator,
) -> None:
    """An unknown row, a row without an NVR, a row whose reference names another row's file, and
    every view once the integration is unloaded: 404, never an error page or someone else's picture."""
    browser = await hass_client_no_auth()
    first = await present(hass, site.ids["keypad"], "pin", PIN_ALICE)
    second = await present(hass, site.ids["keypad"], "pin", PIN_ALICE)
    ref = await store_file(hass, site, first["log_id"], JPEG, "image/jpeg")
    # the second row says it has the first row's picture (a hand-edited or damaged table)
    await site.entry.runtime_data.logs.async_update(second["log_id"], snapshot=ref)

    async def status(path: str) -> int:
        return (await browser.get(await signed(hass, hass_admin_user, path))).status

    base = "/api/gem_access/snapshots"
    assert await status(f"{base}/{first['log_id']}") == HTTPStatus.OK
    assert await status(f"{base}/{second['log_id']}") == HTTPStatus.NOT_FOUND
    assert await status(f"{base}/999999/recording.jpg") == HTTPStatus.NOT_FOUND
    assert await status(f"{base}/{first['log_id']}/clip.mp4") == HTTPStatus.NOT_FOUND

    assert await hass.config_entries.async_unload(site.entry.entry_id)
    await hass.async_block_till_done()
    for path in (f"{base}/{first['log_id']}", f"{base}/{first['log_id']}/recording.jpg"):
        assert await status(path) == HTTPStatus.NOT_FOUND


async def test_signed_links_stop_working_for_a_user_who_is_no_longer_admin(
    hass: HomeAssistant,
    hass_admin_user: User,
    site: Site,
    hass_client_no_auth: ClientSessionGenerator,
) -> None:
    """A link signed while the user was an admin is refused (403) once the user is demoted."""
    row = await present(hass, site.ids["keypad"], "pin", PIN_ALICE)
    await store_file(hass, site, row["log_id"], JPEG, "image/jpeg")
    path = await signed(hass, hass_admin_user, f"/api/gem_access/snapshots/{row['log_id']}")
    browser = await hass_client_no_auth()
    assert (await browser.get(path)).status == HTTPStatus.OK
    await hass.auth.async_update_user(hass_admin_user, group_ids=["system-users"])
    assert (await browser.get(path)).status == HTTPStatus.FORBIDDEN
