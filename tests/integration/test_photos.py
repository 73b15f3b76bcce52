"""Profile photos: admin-only upload, download and removal; only real JPEG/PNG accepted, metadata stripped."""

from __future__ import annotations

import asyncio
import io
import threading
from collections.abc import AsyncIterator
from http import HTTPStatus
from pathlib import Path

import aiohttp
import aiohttp.test_utils
import pytest
from homeassistant.core import HomeAssistant
from PIL import ExifTags, Image
from pytest_homeassistant_custom_component.common import CLIENT_ID
from pytest_homeassistant_custom_component.typing import (
    ClientSessionGenerator,
    WebSocketGenerator,
)

from custom_components.gem_access.photos import MAX_PHOTO_BYTES, PhotoStore

from ..shared_files import shared_file
from .conftest import Site

TRAILER = b"TRAILING-SECRET-PAYLOAD"


def face_jpeg() -> bytes:
    """A real face photo (../shared/faces)."""
    return shared_file("faces", "biden_1.jpg").read_bytes()


def photo_dir(hass: HomeAssistant) -> Path:
    return Path(hass.config.path(".storage", "gem_access_photos"))


def form(data: bytes, name: str = "photo.jpg", mime: str = "image/jpeg") -> aiohttp.FormData:
    body = aiohttp.FormData()
    body.add_field("file", data, filename=name, content_type=mime)
    return body


def picture(size: tuple[int, int] = (64, 32), mode: str = "RGB") -> Image.Image:
    """A small gradient: real pixels, so encoders keep them."""
    width, height = size
    pixels = bytes(
        v for y in range(height) for x in range(width) for v in (x * 4 % 256, y * 8 % 256, 128)
    )
    return Image.frombytes("RGB", size, pixels).convert(mode)


def spy_exif(orientation: int = 1) -> Image.Exif:
    """EXIF a phone writes: where (GPS), with what and which way up."""
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "SpyPhone"
    exif[ExifTags.Base.Orientation] = orientation
    exif[ExifTags.IFD.GPSInfo] = {
        ExifTags.GPS.GPSLatitudeRef: "N",
        ExifTags.GPS.GPSLatitude: (52.0, 31.0, 12.0),
        ExifTags.GPS.GPSLongitudeRef: "E",
        ExifTags.GPS.GPSLongitude: (13.0, 24.0, 36.0),
    }
    return exif


def jpeg_with_gps(orientation: int = 1, size: tuple[int, int] = (64, 32)) -> bytes:
    out = io.BytesIO()
    picture(size).save(out, "JPEG", exif=spy_exif(orientation), comment=b"home address")
    return out.getvalue() + TRAILER


def open_image(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


async def test_photo_round_trip(
    hass: HomeAssistant,
    site: Site,
    hass_client: ClientSessionGenerator,
    hass_ws_client: WebSocketGenerator,
) -> None:
    photo = face_jpeg()
    url = f"/api/gem_access/users/{site.ids['alice']}/photo"
    client = await hass_client()
    assert (await client.get(url)).status == HTTPStatus.NOT_FOUND
    response = await client.post(url, data=form(photo))
    assert response.status == HTTPStatus.OK
    assert (await response.json())["has_photo"] is True
    got = await client.get(url)
    assert got.status == HTTPStatus.OK and got.content_type == "image/jpeg"
    served = open_image(await got.read())
    assert served.format == "JPEG" and served.size == open_image(photo).size
    stored = photo_dir(hass) / site.ids["alice"]
    assert stored.stat().st_mode & 0o077 == 0  # readable by HA only
    assert (await (await client.delete(url)).json())["has_photo"] is False
    assert (await client.get(url)).status == HTTPStatus.NOT_FOUND
    # deleting the user removes the photo too
    await client.post(url, data=form(photo))
    ws = await hass_ws_client(hass)
    await ws.send_json({"id": 1, "type": "gem_access/users/delete", "user_id": site.ids["alice"]})
    assert (await ws.receive_json())["success"]
    assert not stored.exists()


async def test_photo_location_and_metadata_are_stripped(
    hass: HomeAssistant, site: Site, hass_client: ClientSessionGenerator
) -> None:
    upload = jpeg_with_gps()
    original = Image.open(io.BytesIO(upload))
    assert original.getexif().get_ifd(ExifTags.IFD.GPSInfo)  # the upload really carries a position
    url = f"/api/gem_access/users/{site.ids['alice']}/photo"
    client = await hass_client()
    assert (await client.post(url, data=form(upload))).status == HTTPStatus.OK
    served_bytes = await (await client.get(url)).read()
    served = open_image(served_bytes)
    assert served.format == "JPEG" and served.size == (64, 32)
    assert dict(served.getexif()) == {}
    assert "exif" not in served.info and "comment" not in served.info
    assert b"SpyPhone" not in served_bytes and b"home address" not in served_bytes
    assert TRAILER not in served_bytes and served_bytes.endswith(b"\xff\xd9")
    assert (photo_dir(hass) / site.ids["alice"]).read_bytes() == served_bytes


async def test_portrait_photo_stays_upright(
    hass: HomeAssistant, site: Site, hass_client: ClientSessionGenerator
) -> None:
    """Orientation 6 (camera turned 90°): the pixels are rotated before the tag is dropped."""
    url = f"/api/gem_access/users/{site.ids['alice']}/photo"
    client = await hass_client()
    assert (await client.post(url, data=form(jpeg_with_gps(orientation=6)))).status == HTTPStatus.OK
    served = open_image(await (await client.get(url)).read())
    assert served.size == (32, 64) and dict(served.getexif()) == {}


async def test_png_stays_png_without_metadata(
    hass: HomeAssistant, site: Site, hass_client: ClientSessionGenerator
) -> None:
    from PIL.PngImagePlugin import PngInfo

    text = PngInfo()
    text.add_text("Location", "52.52N 13.41E")
    out = io.BytesIO()
    picture(mode="RGBA").save(out, "PNG", exif=spy_exif(), pnginfo=text)
    url = f"/api/gem_access/users/{site.ids['alice']}/photo"
    client = await hass_client()
    response = await client.post(url, data=form(out.getvalue() + TRAILER, "p.png", "image/png"))
    assert response.status == HTTPStatus.OK
    got = await client.get(url)
    assert got.content_type == "image/png"
    body = await got.read()
    served = open_image(body)
    assert served.format == "PNG" and served.mode == "RGBA" and served.size == (64, 32)
    assert dict(served.getexif()) == {} and "Location" not in served.info
    assert b"52.52N" not in body and TRAILER not in body


async def test_large_trailer_within_the_limit_is_dropped(
    hass: HomeAssistant, site: Site, hass_client: ClientSessionGenerator
) -> None:
    """Just under 5 MB is accepted; what hides after the image end is not kept."""
    upload = jpeg_with_gps()
    upload += b"\0" * (MAX_PHOTO_BYTES - len(upload))
    url = f"/api/gem_access/users/{site.ids['alice']}/photo"
    client = await hass_client()
    assert (await client.post(url, data=form(upload))).status == HTTPStatus.OK
    assert (photo_dir(hass) / site.ids["alice"]).stat().st_size < 64 * 1024


async def test_oversize_chunked_upload_is_refused_while_streaming(
    hass: HomeAssistant, site: Site, hass_client: ClientSessionGenerator
) -> None:
    """No Content-Length (chunked): the limit holds as bytes arrive, before the body has ended."""
    boundary = "gem-test-boundary"
    answered = asyncio.Event()
    finished_before_answer = False

    async def body() -> AsyncIterator[bytes]:
        nonlocal finished_before_answer
        yield (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.jpg"\r\n'
            "Content-Type: image/jpeg\r\n\r\n"
        ).encode()
        yield jpeg_with_gps()
        for _ in range(MAX_PHOTO_BYTES // 65536 + 2):
            yield b"\0" * 65536
        # the server must answer now, without waiting for the end of the form
        try:
            async with asyncio.timeout(20):
                await answered.wait()
        except TimeoutError:
            finished_before_answer = True
        yield f"\r\n--{boundary}--\r\n".encode()

    url = f"/api/gem_access/users/{site.ids['alice']}/photo"
    client = await hass_client()
    response = await client.post(
        url, data=body(), headers={"Content-Type": f"multipart/form-data; boundary={boundary}"}
    )
    answered.set()
    assert response.status == HTTPStatus.REQUEST_ENTITY_TOO_LARGE
    assert "5 MB" in (await response.json())["message"]
    assert not finished_before_answer
    assert not photo_dir(hass).exists() or list(photo_dir(hass).iterdir()) == []
    assert not site.entry.runtime_data.config.data["users"][site.ids["alice"]].get("has_photo")


async def chunks(data: bytes) -> AsyncIterator[bytes]:
    """Send ``data`` chunked, without a Content-Length."""
    for start in range(0, len(data), 65536):
        yield data[start : start + 65536]


def multipart(content: bytes, part_headers: str = "", boundary: str = "gem-b") -> bytes:
    return (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="x.jpg"\r\n'
            f"Content-Type: image/jpeg\r\n{part_headers}\r\n"
        ).encode()
        + content
        + f"\r\n--{boundary}--\r\n".encode()
    )


@pytest.mark.parametrize("declared", [100, 10 * MAX_PHOTO_BYTES], ids=["too small", "too large"])
async def test_part_content_length_is_not_trusted(
    hass: HomeAssistant, site: Site, hass_client: ClientSessionGenerator, declared: int
) -> None:
    """A part that states its own (wrong) Content-Length: the bytes are counted, not the claim."""
    content = jpeg_with_gps() + b"\0" * (MAX_PHOTO_BYTES + 1000)
    url = f"/api/gem_access/users/{site.ids['alice']}/photo"
    client = await hass_client()
    response = await client.post(
        url,
        data=chunks(multipart(content, f"Content-Length: {declared}\r\n")),
        headers={"Content-Type": "multipart/form-data; boundary=gem-b"},
    )
    assert response.status in (HTTPStatus.BAD_REQUEST, HTTPStatus.REQUEST_ENTITY_TOO_LARGE)
    assert not photo_dir(hass).exists() or list(photo_dir(hass).iterdir()) == []


async def raw_status(client: aiohttp.test_utils.TestClient, request: bytes) -> int:
    """Send bytes as they are (no client-side fixing of headers) and return the status code."""
    assert client.server.host is not None and client.server.port is not None
    reader, writer = await asyncio.open_connection(client.server.host, client.server.port)
    try:
        writer.write(request)
        await writer.drain()
        status_line = await asyncio.wait_for(reader.readline(), 20)
    finally:
        writer.close()
    return int(status_line.split()[1])


async def test_lying_request_content_length_is_refused(
    hass: HomeAssistant, site: Site, hass_client: ClientSessionGenerator, hass_access_token: str
) -> None:
    """Content-Length beside chunked, or shorter than the form: refused, nothing stored."""
    client = await hass_client()
    head = (
        f"POST /api/gem_access/users/{site.ids['alice']}/photo HTTP/1.1\r\nHost: test\r\n"
        f"Authorization: Bearer {hass_access_token}\r\n"
        "Content-Type: multipart/form-data; boundary=gem-b\r\n"
    )
    # both framings at once is request smuggling: aiohttp refuses it before any handler runs
    both = head + "Transfer-Encoding: chunked\r\nContent-Length: 100\r\n\r\n"
    assert await raw_status(client, both.encode()) == HTTPStatus.BAD_REQUEST
    # a Content-Length shorter than the form: the server reads only that much, a truncated form
    form_bytes = multipart(jpeg_with_gps())
    short = (head + "Content-Length: 400\r\nConnection: close\r\n\r\n").encode() + form_bytes[:400]
    assert await raw_status(client, short) == HTTPStatus.BAD_REQUEST
    assert not photo_dir(hass).exists() or list(photo_dir(hass).iterdir()) == []


async def test_declared_oversize_is_refused_up_front(
    hass: HomeAssistant, site: Site, hass_client: ClientSessionGenerator
) -> None:
    url = f"/api/gem_access/users/{site.ids['alice']}/photo"
    client = await hass_client()
    response = await client.post(
        url, data=form(b"\xff\xd8\xff" + b"\0" * (MAX_PHOTO_BYTES + 70_000))
    )
    assert response.status == HTTPStatus.REQUEST_ENTITY_TOO_LARGE
    assert not photo_dir(hass).exists() or list(photo_dir(hass).iterdir()) == []


async def test_concurrent_uploads_for_one_user(
    hass: HomeAssistant, site: Site, hass_client: ClientSessionGenerator
) -> None:
    """Two uploads at once: both succeed, one wins whole, no temp file is left."""
    url = f"/api/gem_access/users/{site.ids['alice']}/photo"
    client = await hass_client()
    sizes = [(64 + 8 * i, 32) for i in range(4)]
    uploads = []
    for size in sizes:
        out = io.BytesIO()
        picture(size).save(out, "JPEG")
        uploads.append(out.getvalue())
    responses = await asyncio.gather(*(client.post(url, data=form(u)) for u in uploads))
    assert [r.status for r in responses] == [HTTPStatus.OK] * len(uploads)
    served = open_image(await (await client.get(url)).read())
    assert served.size in sizes
    assert [p.name for p in photo_dir(hass).iterdir()] == [site.ids["alice"]]


def test_concurrent_writers_never_share_a_temp_file(hass: HomeAssistant) -> None:
    """The store itself: many threads replacing one user's photo leave exactly one intact file."""
    store = PhotoStore(hass)
    payloads = [bytes([i]) * 200_000 for i in range(8)]
    errors: list[BaseException] = []

    def write(data: bytes) -> None:
        try:
            for _ in range(5):
                store.write("alice", data)
        except BaseException as err:  # collected for the assertion below
            errors.append(err)

    threads = [threading.Thread(target=write, args=(p,)) for p in payloads]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert store.read("alice") in payloads
    assert [p.name for p in store.folder.iterdir()] == ["alice"]
    assert (store.folder / "alice").stat().st_mode & 0o077 == 0


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
    truncated = await client.post(url, data=form(jpeg_with_gps()[:200]))
    assert truncated.status == HTTPStatus.UNSUPPORTED_MEDIA_TYPE
    gif = io.BytesIO()
    picture().save(gif, "GIF")
    assert (await client.post(url, data=form(gif.getvalue(), "x.gif"))).status == (
        HTTPStatus.UNSUPPORTED_MEDIA_TYPE
    )
    missing = await client.post("/api/gem_access/users/nobody/photo", data=form(face_jpeg()))
    assert missing.status == HTTPStatus.NOT_FOUND
    no_field = aiohttp.FormData()
    no_field.add_field("other", "x")
    assert (await client.post(url, data=no_field)).status == HTTPStatus.BAD_REQUEST
    assert (await client.post(url, data=b"raw")).status == HTTPStatus.BAD_REQUEST
    anonymous = await hass_client_no_auth()
    assert (await anonymous.get(url)).status == HTTPStatus.UNAUTHORIZED
    read_only = await hass_client(hass_read_only_access_token)
    assert (await read_only.post(url, data=form(face_jpeg()))).status in (
        HTTPStatus.UNAUTHORIZED,
        HTTPStatus.FORBIDDEN,
    )
    assert site.entry.runtime_data.config.data["users"][site.ids["alice"]].get("has_photo") in (
        None,
        False,
    )
    assert not photo_dir(hass).exists() or list(photo_dir(hass).iterdir()) == []


async def test_non_admin_user_cannot_touch_photos(
    hass: HomeAssistant, site: Site, hass_client: ClientSessionGenerator
) -> None:
    url = f"/api/gem_access/users/{site.ids['alice']}/photo"
    admin = await hass_client()
    assert (await admin.post(url, data=form(face_jpeg()))).status == HTTPStatus.OK
    user = await hass.auth.async_create_user("Guest", group_ids=["system-users"])
    token = hass.auth.async_create_access_token(
        await hass.auth.async_create_refresh_token(user, CLIENT_ID)
    )
    guest = await hass_client(token)
    refused = (HTTPStatus.UNAUTHORIZED, HTTPStatus.FORBIDDEN)
    assert (await guest.get(url)).status in refused
    assert (await guest.post(url, data=form(jpeg_with_gps()))).status in refused
    assert (await guest.delete(url)).status in refused
    # the admin's photo is untouched
    kept = open_image(await (await admin.get(url)).read())
    assert kept.size == open_image(face_jpeg()).size
