"""Profile photo uploads the panel must refuse or cannot store: a decompression bomb, a form
without the photo, a disk that will not take the file. The user's record never claims a photo
that is not there, and no half-written file stays in the private photo folder."""

from __future__ import annotations

import io
from http import HTTPStatus

import aiohttp
from homeassistant.core import HomeAssistant
from PIL import Image
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

from .conftest import Site
from .test_photos import face_jpeg, form, photo_dir


def has_photo(site: Site, user: str) -> bool:
    return bool(site.entry.runtime_data.config.data["users"][site.ids[user]].get("has_photo"))


async def test_a_picture_claiming_more_than_50_megapixels_is_refused_before_decoding(
    hass: HomeAssistant, site: Site, hass_client: ClientSessionGenerator
) -> None:
    """A small file that would take gigabytes to decode (a one-colour PNG of 8000 x 7000)."""
    bomb = io.BytesIO()
    Image.new("1", (8000, 7000)).save(bomb, "PNG")
    assert len(bomb.getvalue()) < 1024 * 1024
    client = await hass_client()
    url = f"/api/gem_access/users/{site.ids['alice']}/photo"

    response = await client.post(url, data=form(bomb.getvalue(), "bomb.png", "image/png"))

    assert response.status == HTTPStatus.REQUEST_ENTITY_TOO_LARGE
    assert "50 megapixels" in (await response.json())["message"]
    assert not has_photo(site, "alice")
    assert not photo_dir(hass).exists()


async def test_a_form_without_a_photo_file_is_a_clear_refusal(
    hass: HomeAssistant, site: Site, hass_client: ClientSessionGenerator
) -> None:
    """A multipart form whose ``file`` field is plain text (no file name): nothing to store."""
    client = await hass_client()
    url = f"/api/gem_access/users/{site.ids['alice']}/photo"
    body = aiohttp.FormData()
    body.add_field("note", "hello", content_type="text/plain")
    body.add_field("file", "photo.jpg", content_type="text/plain")  # a name typed, no file chosen

    response = await client.post(url, data=body)

    assert response.status == HTTPStatus.BAD_REQUEST
    assert (await response.json())["message"] == "Missing the file field"
    assert not has_photo(site, "alice")


async def test_a_photo_the_disk_refuses_leaves_no_temp_file_and_no_claim(
    hass: HomeAssistant, site: Site, hass_client: ClientSessionGenerator
) -> None:
    """The file cannot be put in place (its name is taken by a folder): the upload fails, the
    user does not show a photo, and the folder holds nothing but what was there."""
    folder = photo_dir(hass)
    blocker = folder / site.ids["alice"]
    blocker.mkdir(parents=True)
    (blocker / "keep").write_bytes(b"x")
    client = await hass_client()
    url = f"/api/gem_access/users/{site.ids['alice']}/photo"

    response = await client.post(url, data=form(face_jpeg()))

    assert response.status == HTTPStatus.INSUFFICIENT_STORAGE
    assert "Could not save the photo" in (await response.json())["message"]
    assert not has_photo(site, "alice")
    assert sorted(p.name for p in folder.iterdir()) == [site.ids["alice"]]
    # Bob's upload is not affected
    bob = await client.post(
        f"/api/gem_access/users/{site.ids['bob']}/photo", data=form(face_jpeg())
    )
    assert bob.status == HTTPStatus.OK
    assert has_photo(site, "bob")
