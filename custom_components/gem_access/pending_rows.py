"""Access events the database refused, kept on disk until it accepts writes again.

While the recorder's database refuses writes (disk full, server down, Home Assistant
stopping) every access event still has to reach the Access Log later. Rewriting one list
in the configuration file per event made each event cost the whole backlog; here each
event is one appended JSON line, fsync'd, in the executor:

- ``<config>/.storage/gem_access.pending_rows``: one row (the log table's column values,
  no snapshot) per line, oldest first, mode 0600. Only ever appended to while the
  database is down.
- ``<config>/.storage/gem_access.pending_rows.state``: how far the rows were written to
  the database (a byte offset, valid only for the rows file with the recorded inode) and
  how many events could not be kept. Tiny, replaced atomically.

The backlog is bounded (``cap`` rows): beyond it events are counted, not kept, and the
flush ends with one Access Log row that says how many were lost. Once every row is
written the files go; a flush the database interrupts again compacts the file when the
written part is at least half of it, so the file stays within about twice the cap.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from homeassistant.core import HomeAssistant, callback
from homeassistant.util import dt as dt_util
from homeassistant.util.hass_dict import HassKey

from .core.codes import MatchStatus, Reason, Result
from .logstore.rows import NewLogEntry

_LOGGER = logging.getLogger(__name__)

PENDING_FILE: Final = "gem_access.pending_rows"
STATE_SUFFIX: Final = ".state"
# A busy site logs a few thousand events a day: this is days of outage, ~25 MB at most.
DEFAULT_CAP: Final = 50_000
# rows read per flush step (each is still its own insert, committed before the next)
FLUSH_BATCH: Final = 200
DATA_PENDING_ROWS: HassKey[PendingRows] = HassKey("gem_access_pending_rows")
_MODE: Final = 0o600
_READ_CHUNK: Final = 1 << 20


@dataclass(frozen=True, slots=True)
class PendingRow:
    """One kept row; ``values`` is None for a line that could not be read (counted lost)."""

    values: dict[str, Any] | None
    end: int  # byte offset just after the row's line


@dataclass(frozen=True, slots=True)
class LostEvents:
    """Events that could not be kept: how many, and the span of their timestamps."""

    count: int = 0
    first_ts: float | None = None
    last_ts: float | None = None


@callback
def async_get_pending_rows(hass: HomeAssistant) -> PendingRows:
    """The one store of this Home Assistant instance.

    Shared across reloads of the config entry so an unloading controller's last appends and
    the next controller's flush go through the same lock and never race on the file.
    """
    pending = hass.data.get(DATA_PENDING_ROWS)
    if pending is None:
        pending = hass.data[DATA_PENDING_ROWS] = PendingRows(
            hass, Path(hass.config.path(".storage", PENDING_FILE))
        )
    return pending


class PendingRows:
    """An append-only, bounded, crash-safe queue of log rows on disk."""

    def __init__(self, hass: HomeAssistant, path: Path, *, cap: int = DEFAULT_CAP) -> None:
        """Nothing is read before the first operation."""
        self.hass = hass
        self.path = path
        self.state_path = path.with_name(path.name + STATE_SUFFIX)
        self.cap = cap
        # one flush at a time (the retry timer, a setup, a reload)
        self.flush_lock = asyncio.Lock()
        self._lock = asyncio.Lock()  # every file operation, in order
        self._queue: list[dict[str, Any]] = []
        self._writer: asyncio.Task[None] | None = None
        self._loaded = False
        self._offset = 0  # bytes of the rows file already written to the database
        self._count = 0  # rows in the file after the offset
        self._lost = LostEvents()

    def __len__(self) -> int:
        """Rows kept and not yet written to the database."""
        return self._count + len(self._queue)

    @property
    def lost(self) -> LostEvents:
        """Events that could not be kept since the last report."""
        return self._lost

    # --- keeping ---------------------------------------------------------------------------

    @callback
    def add(self, values: dict[str, Any]) -> None:
        """Keep one row (log column values, ``ts`` in epoch seconds); written in the background.

        A callback so the access path never waits on the disk; rows reach the file in the
        order they were added.
        """
        self._queue.append(values)
        if self._writer is None or self._writer.done():
            self._writer = self.hass.async_create_task(
                self._async_drain(), "gem_access pending rows", eager_start=False
            )

    async def async_wait_written(self) -> None:
        """Return once every added row is on disk (or counted lost)."""
        while self._writer is not None and not self._writer.done():
            await asyncio.shield(self._writer)

    async def _async_drain(self) -> None:
        while self._queue:
            async with self._lock:
                await self._async_ensure_loaded()
                batch, self._queue = self._queue, []
                room = max(0, self.cap - self._count)
                kept, dropped = batch[:room], batch[room:]
                if kept:
                    try:
                        await self.hass.async_add_executor_job(self._append, kept)
                    except OSError as err:
                        # the disk refuses too (often the reason the database does)
                        _LOGGER.error(  # noqa: TRY400 - the OS error says it all
                            "Cannot keep access events in %s: %s", self.path, err
                        )
                        dropped = batch
                    else:
                        self._count += len(kept)
                if dropped:
                    self._count_lost(dropped)
                    _LOGGER.error(
                        "%d access event(s) not kept: %d are already waiting for the "
                        "database; they are counted and reported in the Access Log",
                        len(dropped),
                        self._count,
                    )
                    await self._async_save_state()

    async def async_import(self, rows: list[dict[str, Any]]) -> None:
        """Take over rows kept the old way (a list in the configuration file), all of them.

        They were kept already, so the cap does not drop any; it only stops new ones.
        """
        await self.async_wait_written()
        async with self._lock:
            await self._async_ensure_loaded()
            if rows:
                await self.hass.async_add_executor_job(self._append, rows)
                self._count += len(rows)

    def _count_lost(self, rows: Sequence[dict[str, Any] | None]) -> None:
        stamps = [
            float(row["ts"])
            for row in rows
            if row is not None and isinstance(row.get("ts"), int | float)
        ]
        lost = self._lost
        if lost.first_ts is not None and lost.last_ts is not None:
            stamps += [lost.first_ts, lost.last_ts]
        self._lost = LostEvents(
            lost.count + len(rows), min(stamps, default=None), max(stamps, default=None)
        )

    # --- flushing --------------------------------------------------------------------------

    async def async_read(self, limit: int) -> list[PendingRow]:
        """Up to ``limit`` of the oldest rows not yet written (the caller holds ``flush_lock``)."""
        await self.async_wait_written()
        async with self._lock:
            await self._async_ensure_loaded()
            if not self._count:
                return []
            try:
                return await self.hass.async_add_executor_job(self._read, self._offset, limit)
            except OSError as err:
                # the rows stay where they are; the next flush tries again
                _LOGGER.error("Cannot read %s: %s", self.path, err)  # noqa: TRY400
                return []

    async def async_done(self, rows: list[PendingRow], *, lost: bool = False) -> None:
        """Mark rows (the oldest, in order) as written; drop the files once all are.

        ``lost``: they could not be written (unreadable); they are counted and reported.
        """
        if not rows:
            return
        async with self._lock:
            unreadable = [row.values for row in rows if lost or row.values is None]
            if unreadable:
                self._count_lost(unreadable)
            self._offset = rows[-1].end
            self._count -= len(rows)
            if self._count <= 0 and not self._queue:
                # all written: the file goes (appends wait for the lock, so none is lost)
                self._count = self._offset = 0
                await self.hass.async_add_executor_job(self._remove_rows)
            await self._async_save_state()

    async def async_compact(self) -> None:
        """After an interrupted flush: drop the written part once it is half the file or more."""
        async with self._lock:
            if not self._loaded or not self._offset:
                return
            size = await self.hass.async_add_executor_job(self._size)
            if self._offset * 2 < size:
                return
            await self.hass.async_add_executor_job(self._rewrite_from, self._offset)
            self._offset = 0
            await self._async_save_state()

    async def async_clear_lost(self, reported: LostEvents) -> None:
        """The loss was written to the Access Log; keep counting any lost since."""
        async with self._lock:
            left = self._lost.count - reported.count
            self._lost = (
                LostEvents(left, self._lost.first_ts, self._lost.last_ts)
                if left > 0
                else LostEvents()
            )
            await self._async_save_state()

    # --- files (executor) ------------------------------------------------------------------

    async def _async_ensure_loaded(self) -> None:
        if not self._loaded:
            self._offset, self._count, self._lost = await self.hass.async_add_executor_job(
                self._load
            )
            self._loaded = True

    async def _async_save_state(self) -> None:
        try:
            await self.hass.async_add_executor_job(self._save_state, self._offset, self._lost)
        except OSError as err:
            # rows already written may be written again after a restart: a duplicate, not a loss
            _LOGGER.error("Cannot save %s: %s", self.state_path, err)  # noqa: TRY400

    def _load(self) -> tuple[int, int, LostEvents]:
        state: dict[str, Any] = {}
        try:
            state = json.loads(self.state_path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            pass  # nothing was ever kept (every new install): nothing to say
        except (ValueError, OSError) as err:
            _LOGGER.warning("Ignoring unreadable %s: %s", self.state_path, err)
        lost = LostEvents(
            int(state.get("lost", 0)), state.get("lost_first_ts"), state.get("lost_last_ts")
        )
        try:
            stat = self.path.stat()
        except FileNotFoundError:
            return 0, 0, lost
        offset = int(state.get("offset", 0))
        # the offset belongs to one rows file: after a compaction or removal it starts over
        if state.get("inode") != [stat.st_dev, stat.st_ino] or not 0 <= offset <= stat.st_size:
            offset = 0
        count = 0
        tail = b""
        with self.path.open("rb") as file:
            file.seek(offset)
            while chunk := file.read(_READ_CHUNK):
                count += chunk.count(b"\n")
                tail = chunk
        if tail and not tail.endswith(b"\n"):
            # a write cut short by a crash: that event was never fully kept
            keep = stat.st_size - (len(tail) - tail.rfind(b"\n") - 1)
            with self.path.open("r+b") as file:
                file.truncate(keep)
                os.fsync(file.fileno())
            _LOGGER.warning("Dropped a partly written pending Access Log row from %s", self.path)
            lost = LostEvents(lost.count + 1, lost.first_ts, lost.last_ts)
        if count:
            _LOGGER.info("%d access event(s) wait for the Access Log database", count)
        return offset, count, lost

    def _append(self, rows: list[dict[str, Any]]) -> None:
        data = b"".join(
            json.dumps(row, ensure_ascii=False, separators=(",", ":")).encode() + b"\n"
            for row in rows
        )
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, _MODE)
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
            os.fsync(fd)
        finally:
            os.close(fd)

    def _read(self, offset: int, limit: int) -> list[PendingRow]:
        rows: list[PendingRow] = []
        with self.path.open("rb") as file:
            file.seek(offset)
            for line in file:
                if not line.endswith(b"\n"):
                    break  # never happens after _load; a later append completes it
                offset += len(line)
                try:
                    values = json.loads(line)
                    if not isinstance(values, dict):
                        raise TypeError("not an object")  # noqa: TRY301
                except (ValueError, TypeError) as err:
                    _LOGGER.error(  # noqa: TRY400 - a bad line, not a bug to trace
                        "Unreadable pending Access Log row in %s: %s", self.path, err
                    )
                    values = None
                rows.append(PendingRow(values, offset))
                if len(rows) >= limit:
                    break
        return rows

    def _size(self) -> int:
        try:
            return self.path.stat().st_size
        except FileNotFoundError:
            return 0

    def _rewrite_from(self, offset: int) -> None:
        tmp = self.path.with_name(self.path.name + ".tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, _MODE)
        try:
            with self.path.open("rb") as source:
                source.seek(offset)
                while chunk := source.read(_READ_CHUNK):
                    os.write(fd, chunk)
            os.fsync(fd)
        finally:
            os.close(fd)
        # a new inode: a crash before the state is saved leaves an offset that no longer applies
        tmp.replace(self.path)

    def _remove_rows(self) -> None:
        self.path.unlink(missing_ok=True)

    def _save_state(self, offset: int, lost: LostEvents) -> None:
        try:
            stat = self.path.stat()
        except FileNotFoundError:
            stat = None
            offset = 0
        if not offset and not lost.count:
            self.state_path.unlink(missing_ok=True)
            return
        state = {
            "offset": offset,
            "inode": [stat.st_dev, stat.st_ino] if stat is not None else None,
            "lost": lost.count,
            "lost_first_ts": lost.first_ts,
            "lost_last_ts": lost.last_ts,
        }
        tmp = self.state_path.with_name(self.state_path.name + ".tmp")
        self.state_path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, _MODE)
        with os.fdopen(fd, "w", encoding="utf-8") as file:
            json.dump(state, file)
        tmp.replace(self.state_path)


def lost_events_entry(lost: LostEvents, cap: int) -> NewLogEntry:
    """The one Access Log row that reports events which could not be kept."""
    span = ""
    if lost.first_ts is not None and lost.last_ts is not None:
        first = dt_util.utc_from_timestamp(lost.first_ts).isoformat(timespec="seconds")
        last = dt_util.utc_from_timestamp(lost.last_ts).isoformat(timespec="seconds")
        span = f" between {first} and {last}"
    return NewLogEntry(
        timestamp=dt_util.utcnow(),
        result=Result.ERROR.value,
        reason=Reason.DEVICE_ERROR.value,
        action_details=(
            f"{lost.count} access event(s){span} were not recorded: the database refused "
            f"writes and the backlog of events waiting for it was full ({cap} rows)"
        ),
        match_status=MatchStatus.ANONYMOUS.value,
    )
