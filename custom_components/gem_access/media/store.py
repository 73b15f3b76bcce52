"""Event media on disk, outside the recorder database: one file per log row, by day.

A JPEG per event in ``gem_access_log`` would grow Home Assistant's recorder database by gigabytes
a year; so files live under ``<config>/gem_access/media/YYYY/MM/DD/<log_id>.<ext>`` and the row's
``snapshot`` column keeps only a reference ``media:YYYY/MM/DD/<log_id>.<ext>``. The folder by day
lets retention drop whole days cheaply; the log id in the name lets a sweep find orphans.

All file work runs in the executor. Writes are atomic (unique temp file, fsync, rename) and
private (0600): these are pictures of people at doors.
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Final

from homeassistant.core import HomeAssistant

MEDIA_DIR: Final = ("gem_access", "media")
REF_PREFIX: Final = "media:"
# the types a browser shows inline; anything else is never written
EXTENSIONS: Final = {
    "image/jpeg": "jpg",
    "image/png": "png",
    "image/webp": "webp",
    "video/mp4": "mp4",
    "video/webm": "webm",
}
MIME_OF: Final = {ext: mime for mime, ext in EXTENSIONS.items()}
_REF_RE: Final = re.compile(r"^media:(\d{4})/(\d{2})/(\d{2})/(\d{1,19})\.(jpg|png|webp|mp4|webm)$")


@dataclass(frozen=True, slots=True)
class MediaFile:
    """One stored file: its reference, where it is, its MIME type and the row it belongs to."""

    ref: str
    path: Path
    mime: str
    log_id: int
    day: str  # "YYYY/MM/DD" (UTC)


def is_media_ref(value: str | None) -> bool:
    """Whether a row's ``snapshot`` value points at a file of this store."""
    return bool(value) and value is not None and value.startswith(REF_PREFIX)


class MediaStore:
    """Files of event media under one root folder."""

    def __init__(self, root: Path) -> None:
        """``root`` is ``<config>/gem_access/media`` in production, a temp dir in tests."""
        self.root = root

    @classmethod
    def for_hass(cls, hass: HomeAssistant) -> MediaStore:
        """The store in Home Assistant's configuration folder."""
        return cls(Path(hass.config.path(*MEDIA_DIR)))

    # --- references -------------------------------------------------------------------------

    @staticmethod
    def ref_for(log_id: int, timestamp: datetime, mime: str) -> str:
        """The reference a row keeps for its file (the day is the event's UTC day)."""
        day = timestamp.astimezone(UTC).strftime("%Y/%m/%d")
        return f"{REF_PREFIX}{day}/{log_id}.{EXTENSIONS[mime]}"

    def resolve(self, ref: str | None) -> MediaFile | None:
        """The file behind a reference; None for anything that is not a well-formed one.

        The strict pattern is the path-traversal guard: only digits, slashes and a known
        extension ever reach the file system.
        """
        match = _REF_RE.match(ref or "")
        if match is None:
            return None
        year, month, day, log_id, ext = match.groups()
        return MediaFile(
            ref=ref or "",
            path=self.root / year / month / day / f"{log_id}.{ext}",
            mime=MIME_OF[ext],
            log_id=int(log_id),
            day=f"{year}/{month}/{day}",
        )

    # --- blocking file work (call through hass.async_add_executor_job) -------------------------

    def write(self, log_id: int, timestamp: datetime, content: bytes, mime: str) -> str:
        """Store ``content`` atomically (0600); return the reference. Raises OSError/KeyError."""
        ref = self.ref_for(log_id, timestamp, mime)
        target = self.resolve(ref)
        assert target is not None
        target.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, tmp = tempfile.mkstemp(prefix=f".{log_id}.", dir=target.path.parent)
        try:
            with os.fdopen(fd, "wb") as file:
                file.write(content)
                file.flush()
                os.fsync(file.fileno())
            os.chmod(tmp, 0o600)  # noqa: PTH101 - mkstemp gives 0600 already; be explicit
            Path(tmp).replace(target.path)
        except BaseException:
            with contextlib.suppress(OSError):
                Path(tmp).unlink()
            raise
        return ref

    def read(self, ref: str) -> bytes | None:
        """The bytes of a stored file, None if absent."""
        found = self.resolve(ref)
        if found is None:
            return None
        try:
            return found.path.read_bytes()
        except FileNotFoundError:
            return None

    def delete(self, ref: str) -> bool:
        """Remove one file; True if it was there."""
        found = self.resolve(ref)
        if found is None:
            return False
        try:
            found.path.unlink()
        except FileNotFoundError:
            return False
        return True

    def iter_files(self) -> Iterator[MediaFile]:
        """Every stored file, oldest day first (temp files and strays are skipped)."""
        if not self.root.is_dir():
            return
        for path in sorted(self.root.glob("[0-9][0-9][0-9][0-9]/[0-9][0-9]/[0-9][0-9]/*")):
            rel = path.relative_to(self.root).as_posix()
            found = self.resolve(f"{REF_PREFIX}{rel}")
            if found is not None:
                yield found
