"""Users' profile photos: stored privately in HA's config directory, served only to admins."""

from __future__ import annotations

import contextlib
import io
import logging
import os
import re
import tempfile
from http import HTTPStatus
from pathlib import Path
from typing import Final

from aiohttp import BodyPartReader, web
from homeassistant.components.http import KEY_HASS, KEY_HASS_USER, HomeAssistantView
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import Unauthorized
from PIL import Image, ImageOps

from .services import loaded_entry

_LOGGER = logging.getLogger(__name__)

MAX_PHOTO_BYTES: Final = 5 * 1024 * 1024
# room for the multipart boundaries, part headers and small extra fields around the file
MAX_FORM_OVERHEAD: Final = 64 * 1024
# a 5 MB PNG of one colour can claim gigapixels; decoding is refused above this (48 MP phone photos fit)
MAX_PHOTO_PIXELS: Final = 50_000_000
JPEG_QUALITY: Final = 90
_CHUNK: Final = 64 * 1024
_SIGNATURES: Final = ((b"\xff\xd8\xff", "image/jpeg"), (b"\x89PNG\r\n\x1a\n", "image/png"))
_SAFE_ID = re.compile(r"^[a-z0-9_]{1,64}$")
# what survives re-encoding: colour and transparency, never EXIF/GPS, XMP, comments or text chunks
_KEPT_INFO: Final = ("transparency", "icc_profile")


def sniff_mime(data: bytes) -> str | None:
    """JPEG or PNG by their magic bytes; anything else is refused whatever it claims to be."""
    for signature, mime in _SIGNATURES:
        if data.startswith(signature):
            return mime
    return None


class PhotoRefused(Exception):
    """The upload is not accepted; carries the HTTP status and a message for the client."""

    def __init__(self, status: HTTPStatus, message: str) -> None:
        """Remember the answer to give."""
        super().__init__(message)
        self.status = status
        self.message = message


def clean_photo(data: bytes) -> bytes:
    """Decode and re-encode a JPEG or PNG so that only pixels are kept (blocking: run in the executor).

    Re-encoding drops EXIF (GPS position, camera serial, time), XMP, comments and anything appended after
    the image, which a byte-for-byte copy would keep. The EXIF orientation is applied first, so a portrait
    phone photo stays upright once its orientation tag is gone. JPEG stays JPEG and PNG stays PNG.
    """
    try:
        with Image.open(io.BytesIO(data), formats=["JPEG", "PNG"]) as image:
            # the JPEG opener also returns multi-picture (MPO) files from phones: their first frame is the photo
            target = "PNG" if image.format == "PNG" else "JPEG"
            width, height = image.size
            if width * height > MAX_PHOTO_PIXELS:
                raise PhotoRefused(
                    HTTPStatus.REQUEST_ENTITY_TOO_LARGE, "Photo larger than 50 megapixels"
                )
            image.load()
            upright = image.copy()
            ImageOps.exif_transpose(upright, in_place=True)
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError) as err:
        # UnidentifiedImageError (an OSError) for other formats, OSError/SyntaxError for broken files
        raise PhotoRefused(HTTPStatus.UNSUPPORTED_MEDIA_TYPE, "Only JPEG or PNG photos") from err
    upright.info = {key: upright.info[key] for key in _KEPT_INFO if key in upright.info}
    out = io.BytesIO()
    if target == "JPEG":
        if upright.mode not in ("L", "RGB", "CMYK"):
            upright = upright.convert("RGB")
        upright.save(out, "JPEG", quality=JPEG_QUALITY)
    else:
        upright.save(out, "PNG")
    return out.getvalue()


async def read_photo_upload(request: web.Request) -> bytes:
    """The multipart field ``file``, read in chunks with the size limit enforced as the bytes arrive.

    Content-Length can be absent (chunked) or wrong, so it is only an early refusal for honest clients;
    the counting here is what holds. Nothing touches the disk: at most 5 MB is held in memory.
    """
    if (
        request.content_length is not None
        and request.content_length > MAX_PHOTO_BYTES + MAX_FORM_OVERHEAD
    ):
        raise PhotoRefused(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, "Photo larger than 5 MB")
    if not request.content_type.startswith("multipart/"):
        raise PhotoRefused(HTTPStatus.BAD_REQUEST, "Expected a multipart form")
    try:
        reader = await request.multipart()
        photo: bytearray | None = None
        budget = MAX_PHOTO_BYTES + MAX_FORM_OVERHEAD  # for the whole form, not only the file
        while (part := await reader.next()) is not None:
            if not isinstance(part, BodyPartReader):
                raise PhotoRefused(HTTPStatus.BAD_REQUEST, "Nested multipart is not supported")
            is_photo = part.name == "file" and part.filename is not None and photo is None
            data = bytearray()
            while chunk := await part.read_chunk(_CHUNK):
                budget -= len(chunk)
                if is_photo:
                    data += chunk
                if budget < 0 or len(data) > MAX_PHOTO_BYTES:
                    raise PhotoRefused(
                        HTTPStatus.REQUEST_ENTITY_TOO_LARGE, "Photo larger than 5 MB"
                    )
            if is_photo:
                photo = data
    except (ValueError, AssertionError) as err:
        # a malformed or truncated form: aiohttp's multipart reader reports some of these with assert
        raise PhotoRefused(HTTPStatus.BAD_REQUEST, "Expected a multipart form") from err
    if photo is None:
        raise PhotoRefused(HTTPStatus.BAD_REQUEST, "Missing the file field")
    return bytes(photo)


class PhotoStore:
    """One file per user under ``.storage/gem_access_photos`` (mode 0600)."""

    def __init__(self, hass: HomeAssistant) -> None:
        """Locate the folder (created on first write)."""
        self.folder = Path(hass.config.path(".storage", "gem_access_photos"))

    def _path(self, user_id: str) -> Path:
        if not _SAFE_ID.match(user_id):
            raise ValueError("bad user id")
        return self.folder / user_id

    def write(self, user_id: str, data: bytes) -> None:
        """Replace the user's photo atomically; concurrent writers each use their own temp file."""
        self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        target = self._path(user_id)
        # mkstemp: a unique name created 0600, so two uploads for one user never share a temp file
        fd, temp_name = tempfile.mkstemp(dir=self.folder, prefix=f".{user_id}.", suffix=".tmp")
        temp = Path(temp_name)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            temp.replace(target)
        except BaseException:
            with contextlib.suppress(OSError):
                temp.unlink()
            raise

    def read(self, user_id: str) -> bytes | None:
        """The photo, or None."""
        try:
            return self._path(user_id).read_bytes()
        except FileNotFoundError:
            return None

    def delete(self, user_id: str) -> None:
        """Remove the photo if there is one."""
        self._path(user_id).unlink(missing_ok=True)


class UserPhotoView(HomeAssistantView):
    """``/api/gem_access/users/{user_id}/photo``: POST (multipart ``file``), GET, DELETE."""

    url = "/api/gem_access/users/{user_id}/photo"
    name = "api:gem_access:user_photo"
    requires_auth = True

    def _check(self, request: web.Request, user_id: str) -> tuple[HomeAssistant, PhotoStore]:
        if not request[KEY_HASS_USER].is_admin:
            raise Unauthorized
        hass: HomeAssistant = request.app[KEY_HASS]
        entry = loaded_entry(hass)
        if user_id not in entry.runtime_data.config.data["users"]:
            raise web.HTTPNotFound
        return hass, PhotoStore(hass)

    async def get(self, request: web.Request, user_id: str) -> web.Response:
        """Return the photo."""
        hass, store = self._check(request, user_id)
        data = await hass.async_add_executor_job(store.read, user_id)
        if data is None:
            raise web.HTTPNotFound
        return web.Response(
            body=data,
            content_type=sniff_mime(data) or "application/octet-stream",
            headers={"Cache-Control": "no-store"},
        )

    async def post(self, request: web.Request, user_id: str) -> web.Response:
        """Set the photo from the multipart field ``file`` (JPEG or PNG, at most 5 MB), metadata removed."""
        hass, store = self._check(request, user_id)
        try:
            data = await read_photo_upload(request)
            clean = await hass.async_add_executor_job(clean_photo, data)
        except PhotoRefused as refused:
            response = self.json_message(refused.message, refused.status)
            if not request.content.is_eof():
                # the unread rest may be large or endless: close the connection rather than drain it
                response.force_close()
            return response
        try:
            await hass.async_add_executor_job(store.write, user_id, clean)
        except OSError as err:
            # a full disk or a broken folder: the admin needs the reason, not a bare server error
            _LOGGER.warning("Could not save the photo of user %s: %s", user_id, err)
            return self.json_message(
                f"Could not save the photo on Home Assistant's disk: {err.strerror or err}",
                HTTPStatus.INSUFFICIENT_STORAGE,
            )
        runtime = loaded_entry(hass).runtime_data
        user = await runtime.config.async_set_photo(user_id, True)
        # enrolled on the face worker (when facial recognition is on): the answer says how it went
        await runtime.face.async_photo_changed(user_id, clean)
        if user_id in runtime.config.data["users"]:
            user = runtime.config.public("users", runtime.config.data["users"][user_id])
        return self.json(user)

    async def delete(self, request: web.Request, user_id: str) -> web.Response:
        """Remove the photo and its face embedding."""
        hass, store = self._check(request, user_id)
        await hass.async_add_executor_job(store.delete, user_id)
        runtime = loaded_entry(hass).runtime_data
        await runtime.config.async_set_photo(user_id, False)
        await runtime.face.async_photo_removed(user_id)
        return self.json(runtime.config.public("users", runtime.config.data["users"][user_id]))
