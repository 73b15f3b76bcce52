"""Users' profile photos: stored privately in HA's config directory, served only to admins."""

from __future__ import annotations

import os
import re
from http import HTTPStatus
from pathlib import Path
from typing import Final

from aiohttp import web
from homeassistant.components.http import KEY_HASS, KEY_HASS_USER, HomeAssistantView
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import Unauthorized

from .services import loaded_entry

MAX_PHOTO_BYTES: Final = 5 * 1024 * 1024
_SIGNATURES: Final = ((b"\xff\xd8\xff", "image/jpeg"), (b"\x89PNG\r\n\x1a\n", "image/png"))
_SAFE_ID = re.compile(r"^[a-z0-9_]{1,64}$")


def sniff_mime(data: bytes) -> str | None:
    """JPEG or PNG by their magic bytes; anything else is refused whatever it claims to be."""
    for signature, mime in _SIGNATURES:
        if data.startswith(signature):
            return mime
    return None


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
        """Replace the user's photo atomically."""
        self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        target = self._path(user_id)
        temp = target.with_suffix(".tmp")
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        temp.replace(target)

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
        """Set the photo from the multipart field ``file`` (JPEG or PNG, at most 5 MB)."""
        hass, store = self._check(request, user_id)
        if request.content_length and request.content_length > MAX_PHOTO_BYTES + 64 * 1024:
            return self.json_message("Photo larger than 5 MB", HTTPStatus.REQUEST_ENTITY_TOO_LARGE)
        try:
            form = await request.post()
        except ValueError:
            return self.json_message("Expected a multipart form", HTTPStatus.BAD_REQUEST)
        field = form.get("file")
        if not isinstance(field, web.FileField):
            return self.json_message("Missing the file field", HTTPStatus.BAD_REQUEST)
        data = await hass.async_add_executor_job(field.file.read, MAX_PHOTO_BYTES + 1)
        if len(data) > MAX_PHOTO_BYTES:
            return self.json_message("Photo larger than 5 MB", HTTPStatus.REQUEST_ENTITY_TOO_LARGE)
        if sniff_mime(data) is None:
            return self.json_message("Only JPEG or PNG photos", HTTPStatus.UNSUPPORTED_MEDIA_TYPE)
        await hass.async_add_executor_job(store.write, user_id, data)
        user = await loaded_entry(hass).runtime_data.config.async_set_photo(user_id, True)
        return self.json(user)

    async def delete(self, request: web.Request, user_id: str) -> web.Response:
        """Remove the photo (and, once face matching exists, its embedding)."""
        hass, store = self._check(request, user_id)
        await hass.async_add_executor_job(store.delete, user_id)
        user = await loaded_entry(hass).runtime_data.config.async_set_photo(user_id, False)
        return self.json(user)
