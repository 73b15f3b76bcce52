"""snapshot/get: the stored image or clip of an event, or a clear 'none available'."""

from __future__ import annotations

import base64
from datetime import datetime, timedelta
from http import HTTPStatus
from typing import Any

import pytest
from homeassistant.auth.models import User
from homeassistant.components.http.auth import async_sign_path
from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.common import CLIENT_ID
from pytest_homeassistant_custom_component.typing import (
    ClientSessionGenerator,
    WebSocketGenerator,
)

from custom_components.gem_access.snapshots import VIDEO_SUFFIXES, media_kind

from ..shared_files import shared_path
from .conftest import PIN_ALICE, Site, add_camera, present

JPEG = "data:image/jpeg;base64," + base64.b64encode(b"\xff\xd8\xff\xe0fake-jpeg").decode()


async def snapshot(
    hass_ws_client: WebSocketGenerator, hass: HomeAssistant, log_id: int
) -> dict[str, Any]:
    ws = await hass_ws_client(hass)
    await ws.send_json({"id": 1, "type": "gem_access/snapshot/get", "log_id": log_id})
    return await ws.receive_json()


async def test_stored_image(
    hass: HomeAssistant,
    site: Site,
    hass_ws_client: WebSocketGenerator,
    hass_client_no_auth: ClientSessionGenerator,
) -> None:
    """A data URI given with the event is kept as a file and shown from there."""
    row = await present(hass, site.ids["keypad"], "pin", PIN_ALICE, snapshot=JPEG)
    await hass.async_block_till_done(wait_background_tasks=True)  # stored as a file after the event
    msg = await snapshot(hass_ws_client, hass, row["log_id"])
    assert msg["success"], msg
    result = msg["result"]
    assert {k: result[k] for k in ("kind", "source", "mime", "camera_name")} == {
        "kind": "image",
        "source": "stored",
        "mime": "image/jpeg",
        "camera_name": None,
    }
    response = await (await hass_client_no_auth()).get(result["url"])
    assert await response.read() == base64.b64decode(JPEG.split(",", 1)[1])


async def test_stored_clip_url_is_video(
    hass: HomeAssistant, site: Site, hass_ws_client: WebSocketGenerator
) -> None:
    url = "https://clips.example.com/door/123.mp4?sig=abc"
    row = await present(hass, site.ids["keypad"], "pin", PIN_ALICE, snapshot=url)
    msg = await snapshot(hass_ws_client, hass, row["log_id"])
    assert msg["result"]["kind"] == "video" and msg["result"]["url"] == url


async def test_no_snapshot_is_a_clear_error(
    hass: HomeAssistant, site: Site, hass_ws_client: WebSocketGenerator
) -> None:
    row = await present(hass, site.ids["keypad"], "pin", PIN_ALICE)
    msg = await snapshot(hass_ws_client, hass, row["log_id"])
    assert not msg["success"]
    assert msg["error"]["code"] == "no_snapshot"
    assert "No snapshot" in msg["error"]["message"]
    missing = await snapshot(hass_ws_client, hass, 999999)
    assert missing["error"]["code"] == "not_found"


FACE = shared_path("faces", "biden_1.jpg")
FAKE_MP4 = b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 4096
FAKE_WEBM = b"\x1a\x45\xdf\xa3" + b"\x00" * 4096


async def store_file(
    hass: HomeAssistant, site: Site, log_id: int, content: bytes, mime: str
) -> str:
    """Put ``content`` in the media store for a row and point the row at it (as capture does)."""
    runtime = site.entry.runtime_data
    row = await runtime.logs.async_get(log_id)
    assert row is not None
    when = datetime.fromisoformat(row["timestamp"])
    ref = await hass.async_add_executor_job(runtime.media.write, log_id, when, content, mime)
    assert await runtime.controller.async_update_row(log_id, snapshot=ref) is not None
    return ref


async def refresh_token_id(hass: HomeAssistant, user: User) -> str:
    """A session of ``user`` (what a signed URL is bound to)."""
    return (await hass.auth.async_create_refresh_token(user, CLIENT_ID)).id


async def guest_user(hass: HomeAssistant) -> User:
    """A non-admin Home Assistant user (the owner must exist first, else this one would be it)."""
    return await hass.auth.async_create_user("Guest", group_ids=["system-users"])


async def assert_admin_only(
    hass: HomeAssistant,
    signed_url: str,
    admin: User,
    guest: User,
    hass_client: ClientSessionGenerator,
    hass_client_no_auth: ClientSessionGenerator,
) -> None:
    """Every way but an admin's live session is refused for a media path."""
    path = signed_url.split("?", 1)[0]
    anonymous = await hass_client_no_auth()
    assert (await anonymous.get(path)).status == HTTPStatus.UNAUTHORIZED
    # a signature is for one path only
    other = path.replace("/snapshots/", "/snapshots/9", 1)
    assert (await anonymous.get(other + "?" + signed_url.split("?", 1)[1])).status == (
        HTTPStatus.UNAUTHORIZED
    )
    expired = async_sign_path(
        hass, path, timedelta(seconds=-1), refresh_token_id=await refresh_token_id(hass, admin)
    )
    assert (await anonymous.get(expired)).status == HTTPStatus.UNAUTHORIZED
    guest_signed = async_sign_path(
        hass, path, timedelta(minutes=5), refresh_token_id=await refresh_token_id(hass, guest)
    )
    assert (await anonymous.get(guest_signed)).status == HTTPStatus.FORBIDDEN
    token = hass.auth.async_create_access_token(
        await hass.auth.async_create_refresh_token(guest, CLIENT_ID)
    )
    assert (await (await hass_client(token)).get(path)).status == HTTPStatus.FORBIDDEN


async def test_stored_file_is_served_by_a_signed_admin_only_url(
    hass: HomeAssistant,
    hass_owner_user: User,
    hass_admin_user: User,
    site: Site,
    hass_ws_client: WebSocketGenerator,
    hass_client: ClientSessionGenerator,
    hass_client_no_auth: ClientSessionGenerator,
) -> None:
    guest = await guest_user(hass)
    row = await present(hass, site.ids["keypad"], "pin", PIN_ALICE)
    jpeg = FACE.read_bytes()
    await store_file(hass, site, row["log_id"], jpeg, "image/jpeg")
    msg = await snapshot(hass_ws_client, hass, row["log_id"])
    assert msg["success"], msg
    result = msg["result"]
    assert {k: result[k] for k in ("kind", "source", "mime", "camera_name")} == {
        "kind": "image",
        "source": "stored",
        "mime": "image/jpeg",
        "camera_name": None,
    }
    assert result["url"].startswith(f"/api/gem_access/snapshots/{row['log_id']}?authSig=")
    assert "data_uri" not in result  # the file is not inlined into the websocket message

    # what the browser does with it: an <img src> without any token
    response = await (await hass_client_no_auth()).get(result["url"])
    assert response.status == HTTPStatus.OK
    assert response.content_type == "image/jpeg"
    assert response.headers["Cache-Control"] == "no-store"
    assert await response.read() == jpeg
    await assert_admin_only(
        hass, result["url"], hass_admin_user, guest, hass_client, hass_client_no_auth
    )


async def test_stored_clip_plays_with_seeking(
    hass: HomeAssistant,
    site: Site,
    hass_ws_client: WebSocketGenerator,
    hass_client_no_auth: ClientSessionGenerator,
) -> None:
    row = await present(hass, site.ids["keypad"], "pin", PIN_ALICE)
    await store_file(hass, site, row["log_id"], FAKE_MP4, "video/mp4")
    result = (await snapshot(hass_ws_client, hass, row["log_id"]))["result"]
    assert (result["kind"], result["source"], result["mime"]) == ("video", "stored", "video/mp4")
    client = await hass_client_no_auth()
    # a <video> asks for ranges to seek
    response = await client.get(result["url"], headers={"Range": "bytes=0-99"})
    assert response.status == HTTPStatus.PARTIAL_CONTENT
    assert await response.read() == FAKE_MP4[:100]


async def test_missing_file_falls_back_to_nothing_to_show(
    hass: HomeAssistant,
    site: Site,
    hass_ws_client: WebSocketGenerator,
    hass_client: ClientSessionGenerator,
) -> None:
    row = await present(hass, site.ids["keypad"], "pin", PIN_ALICE)
    ref = await store_file(hass, site, row["log_id"], FACE.read_bytes(), "image/jpeg")
    media = site.entry.runtime_data.media
    assert await hass.async_add_executor_job(media.delete, ref)
    msg = await snapshot(hass_ws_client, hass, row["log_id"])
    assert msg["error"]["code"] == "no_snapshot"
    client = await hass_client()
    assert (await client.get(f"/api/gem_access/snapshots/{row['log_id']}")).status == 404


async def test_live_camera_image_is_labelled_live(
    hass: HomeAssistant, site: Site, hass_ws_client: WebSocketGenerator
) -> None:
    row = await present(hass, site.ids["keypad"], "pin", PIN_ALICE)
    await hass.async_block_till_done()
    await add_camera(hass, "Door cam", FACE)  # a config entry: HA 2026 has no YAML local_file
    await hass.async_block_till_done()
    # the camera is added after the event, so nothing was captured with it: only its view now remains
    await site.entry.runtime_data.config.async_update(
        "devices", site.ids["keypad"], {"camera_entity_id": "camera.door_cam"}
    )
    msg = await snapshot(hass_ws_client, hass, row["log_id"])
    assert msg["success"], msg
    result = msg["result"]
    assert (result["kind"], result["source"], result["camera_name"]) == (
        "image",
        "live",
        "Door cam",
    )
    assert base64.b64decode(result["data_uri"].split(",", 1)[1]) == FACE.read_bytes()


@pytest.mark.parametrize("suffix", VIDEO_SUFFIXES)
async def test_stored_url_with_a_video_extension_is_video(
    hass: HomeAssistant, site: Site, hass_ws_client: WebSocketGenerator, suffix: str
) -> None:
    url = f"https://nvr.example.com/clips/Door{suffix.upper()}?token=x.jpg"
    row = await present(hass, site.ids["keypad"], "pin", PIN_ALICE, snapshot=url)
    result = (await snapshot(hass_ws_client, hass, row["log_id"]))["result"]
    assert (result["kind"], result["url"]) == ("video", url)


async def test_stored_image_urls_stay_images(
    hass: HomeAssistant, site: Site, hass_ws_client: WebSocketGenerator
) -> None:
    for url in ("https://cam.example.com/still.jpg?f=.mp4", "https://cam.example.com/mp4"):
        row = await present(hass, site.ids["keypad"], "pin", PIN_ALICE, snapshot=url)
        assert (await snapshot(hass_ws_client, hass, row["log_id"]))["result"]["kind"] == "image"


@pytest.mark.parametrize("mime", ["video/mp4", "video/webm"])
async def test_stored_video_data_uri_is_video(
    hass: HomeAssistant, site: Site, hass_ws_client: WebSocketGenerator, mime: str
) -> None:
    content = FAKE_MP4 if mime == "video/mp4" else FAKE_WEBM
    uri = f"data:{mime};base64," + base64.b64encode(content).decode()
    row = await present(hass, site.ids["keypad"], "pin", PIN_ALICE, snapshot=uri)
    await hass.async_block_till_done(wait_background_tasks=True)  # stored as a file after the event
    result = (await snapshot(hass_ws_client, hass, row["log_id"]))["result"]
    assert (result["kind"], result["mime"]) == ("video", mime)


@pytest.mark.parametrize(
    ("mime", "kind"),
    [
        ("video/mp4", "video"),
        ("video/webm", "video"),
        ("video/quicktime", "video"),
        ("video/x-m4v", "video"),
        ("video/MP2T", "video"),
        ("application/vnd.apple.mpegurl", "image"),
        ("image/jpeg", "image"),
        (None, "image"),
    ],
)
def test_media_kind_by_mime(mime: str | None, kind: str) -> None:
    assert media_kind(url="https://x.example/a", mime=mime) == kind
    # the MIME type wins over an extension that says otherwise
    assert media_kind(url="https://x.example/a.jpg", mime=mime) == kind
