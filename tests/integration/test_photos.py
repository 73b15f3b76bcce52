"""Profile photos: admin-only upload, download and removal; only real JPEG/PNG accepted."""

from __future__ import annotations

from http import HTTPStatus
from pathlib import Path

import aiohttp
from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.typing import (
    ClientSessionGenerator,
    WebSocketGenerator,
)

from .conftest import Site

FACE = Path(__file__).parents[3] / "shared" / "faces" / "biden_1.jpg"


def form(data: bytes, name: str = "photo.jpg") -> aiohttp.FormData:
    body = aiohttp.FormData()
    body.add_field("file", data, filename=name, content_type="image/jpeg")
    return body


async def test_photo_round_trip(
    hass: HomeAssistant,
    site: Site,
    hass_client: ClientSessionGenerator,
    hass_ws_client: WebSocketGenerator,
) -> None:
    photo = FACE.read_bytes()
    url = f"/api/gem_access/users/{site.ids['alice']}/photo"
    client = await hass_client()
    assert (await client.get(url)).status == HTTPStatus.NOT_FOUND
    response = await client.post(url, data=form(photo))
    assert response.status == HTTPStatus.OK
    assert (await response.json())["has_photo"] is True
    got = await client.get(url)
    assert got.status == HTTPStatus.OK and got.content_type == "image/jpeg"
    assert await got.read() == photo
    stored = Path(hass.config.path(".storage", "gem_access_photos", site.ids["alice"]))
    assert stored.stat().st_mode & 0o077 == 0  # readable by HA only
    assert (await (await client.delete(url)).json())["has_photo"] is False
    assert (await client.get(url)).status == HTTPStatus.NOT_FOUND
    # deleting the user removes the photo too
    await client.post(url, data=form(photo))
    ws = await hass_ws_client(hass)
    await ws.send_json({"id": 1, "type": "gem_access/users/delete", "user_id": site.ids["alice"]})
    assert (await ws.receive_json())["success"]
    assert not stored.exists()


async def test_photo_refuses_other_files_and_non_admins(
    hass: HomeAssistant,
    site: Site,
    hass_client: ClientSessionGenerator,
    hass_client_no_auth: ClientSessionGenerator,
    hass_read_only_access_token: str,
) -> None:
    url = f"/api/gem_access/users/{site.ids['alice']}/photo"
    client = await hass_client()
    html = await client.post(url, data=form(b"<html><script>alert(1)</script>", "x.jpg"))
    assert html.status == HTTPStatus.UNSUPPORTED_MEDIA_TYPE
    missing = await client.post("/api/gem_access/users/nobody/photo", data=form(FACE.read_bytes()))
    assert missing.status == HTTPStatus.NOT_FOUND
    anonymous = await hass_client_no_auth()
    assert (await anonymous.get(url)).status == HTTPStatus.UNAUTHORIZED
    read_only = await hass_client(hass_read_only_access_token)
    assert (await read_only.post(url, data=form(FACE.read_bytes()))).status in (
        HTTPStatus.UNAUTHORIZED,
        HTTPStatus.FORBIDDEN,
    )
    assert site.entry.runtime_data.config.data["users"][site.ids["alice"]].get("has_photo") in (
        None,
        False,
    )
