"""The Access Log for Home Assistant code: async methods over the recorder's database.

Every query runs on the recorder's own DB executor (``async_add_executor_job``): its worker
threads are the ones the recorder's pool keeps a connection for, and any other thread gets
an uncached connection plus a "without the database executor" warning.

Writes go through one asyncio lock, one short transaction each. Serialised writes commit in
the order they were issued, so ids become visible in increasing order: a client that saw
``last_id`` N and then receives live ``added`` rows can never miss a row committed late with
a lower id. It also keeps at most one DB worker (of the recorder's four, shared with
history and logbook) busy with our writes when the database is locked.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import AsyncIterator, Callable, Collection, Mapping, Sequence
from datetime import datetime, timedelta
from functools import partial
from typing import TYPE_CHECKING, Any, Final, Unpack

from homeassistant.core import HomeAssistant
from homeassistant.helpers.recorder import DATA_INSTANCE, get_instance, session_scope
from homeassistant.util import dt as dt_util
from sqlalchemy import event
from sqlalchemy.exc import OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session

from . import queries, rollup
from .errors import LogStoreError
from .rows import DEFAULT_LIMIT, LogFilter, LogUpdate, NewLogEntry, update_values

if TYPE_CHECKING:
    from homeassistant.components.recorder.core import Recorder

_LOGGER = logging.getLogger(__name__)

# How long a write keeps retrying while SQLite is write-locked. The recorder holds that
# lock for the whole of a backup (HA backs up nightly by default) and buffers its own
# events in memory meanwhile; an access event must not be dropped for that.
WRITE_RETRY_SECONDS: Final = 120.0
_RETRY_DELAY_FIRST: Final = 0.5
_RETRY_DELAY_MAX: Final = 5.0
# Rows per read of an export: large enough that per-query costs vanish, small enough that a
# page (and the prefetched next one) stays around a megabyte and each read is a short one.
EXPORT_PAGE_SIZE: Final = 5000

type FilterChoices = dict[str, list[dict[str, str | None]]]


class LogStore:
    """Read and write the Access Log table in the recorder's database."""

    def __init__(
        self, hass: HomeAssistant, *, write_retry_seconds: float = WRITE_RETRY_SECONDS
    ) -> None:
        """Prepare; nothing touches the database before async_setup."""
        self.hass = hass
        self._instance: Recorder | None = None
        self._write_lock = asyncio.Lock()
        self._closing = False
        self._write_retry_seconds = write_retry_seconds
        self.schema_version: int | None = None
        self._backfill_task: asyncio.Task[None] | None = None
        self._backfill_stopped = False

    async def async_setup(self) -> None:
        """Wait for the recorder's database, then create or migrate our tables.

        Raises LogStoreError if the recorder is not loaded or its database failed to
        start; SchemaTooNewError (a LogStoreError) after a downgrade. The wait lasts as
        long as a non-live recorder migration does.
        """
        if DATA_INSTANCE not in self.hass.data:
            raise LogStoreError("The recorder integration is not set up")
        instance = get_instance(self.hass)
        if not await instance.async_db_ready:
            raise LogStoreError("The recorder's database is not available")
        self._instance = instance
        self.schema_version = await self._async_write(_create_or_migrate)
        # The v3 migration only marks old rows as uncounted; count them now, window by window.
        self._backfill_task = self.hass.async_create_background_task(
            self._async_run_backfill(), "gem_access log rollup backfill"
        )

    async def async_backfill(self) -> None:
        """Count the rows the v3 migration left out of the rollup, one short write per window.

        Each window is its own transaction through the write lock, so access events queued
        behind it go next and SQLite's write lock is never held for long. Resumable: the
        marker moves with each commit.
        """
        # asyncio.Lock is fair: a write queued during a window takes the lock before the next one
        done = False
        # Windows are time-boxed as purge batches are: a fixed 20,000 ids took up to a second
        # on PostgreSQL (the pairs counted too), that long in front of the next access event.
        window = min(rollup.BACKFILL_FIRST_WINDOW, rollup.BACKFILL_WINDOW)
        while not done and not self._backfill_stopped:
            timing: list[float] = []
            done = await self._async_write(
                partial(_timed, partial(rollup.backfill_window, window=window), timing)
            )
            if timing:
                window = min(rollup.BACKFILL_WINDOW, queries.next_batch_size(window, timing[0]))

    async def async_stop_backfill(self) -> None:
        """Stop the backfill after the window in flight (unload); the marker keeps its place.

        Not a cancel: that would release the write lock while the window's transaction still
        runs on a DB worker.
        """
        self._backfill_stopped = True
        if self._backfill_task is not None:
            with contextlib.suppress(asyncio.CancelledError):
                await self._backfill_task

    async def _async_run_backfill(self) -> None:
        try:
            await self.async_backfill()
        except LogStoreError as err:
            # stats stay exact meanwhile (log-table counts); the next start resumes
            if not self._closing:
                _LOGGER.warning("Access Log statistics backfill stopped: %s", err)
        except Exception:
            # a bug here must not reach async_close (it awaits this task) nor stop the store
            _LOGGER.exception("Access Log statistics backfill failed")

    # --- writes -----------------------------------------------------------------------

    async def async_insert(self, entry: NewLogEntry) -> dict[str, Any]:
        """Write one row; return its contract dict once the row is committed."""
        log_id = await self._async_write(partial(queries.insert_entry, entry=entry))
        return entry.to_row(log_id)

    async def async_update(self, log_id: int, **fields: Unpack[LogUpdate]) -> dict[str, Any] | None:
        """Update match_score / match_status / snapshot / action_details of a row.

        Returns the committed row, or None if the row does not exist (e.g. purged).
        """
        # Validated here too so bad input fails before the DB job (which would log it).
        update_values(fields)
        return await self._async_write(partial(_update_entry, log_id=log_id, fields=fields))

    async def async_delete_old(
        self,
        keep_days: int,
        now: datetime | None = None,
        *,
        batch_size: int | None = None,
    ) -> int:
        """Delete rows strictly older than ``now - keep_days`` days; return the count.

        ``keep_days`` counts 24-hour periods; 0 deletes everything before ``now``. Each
        batch is its own transaction and its own turn at the write lock, so access events
        keep being written during a long purge. Batches are time-boxed (each sized from the
        last one's duration, see ``queries.next_batch_size``) so that no transaction holds
        the database's write lock much beyond ``queries.PURGE_BATCH_TARGET_S``, however large
        the table or slow the disk; ``batch_size`` fixes the size instead.
        """
        if keep_days < 0:
            raise ValueError("keep_days must be 0 or more")
        if batch_size is not None and batch_size < 1:
            raise ValueError("batch_size must be at least 1")
        if now is None:
            now = dt_util.utcnow()
        elif now.utcoffset() is None:
            raise ValueError("now must be a timezone-aware datetime")
        cutoff_ts = (now - timedelta(days=keep_days)).timestamp()
        size = batch_size or queries.DELETE_BATCH_SIZE
        total = 0
        while True:
            timing: list[float] = []
            deleted = await self._async_write(
                partial(_timed_delete_batch, cutoff_ts=cutoff_ts, size=size, timing=timing)
            )
            total += deleted
            # SQLite: the batch's pages go into the database file here, outside our write lock
            # (a passive checkpoint blocks no writer), not inside the batch's commit.
            await self._async_read(queries.wal_checkpoint)
            if deleted < size:
                return total
            if batch_size is None and timing:
                size = queries.next_batch_size(size, timing[0])
            # Let writes queued meanwhile (access events, the recorder's commit) go first.
            await asyncio.sleep(0)

    # --- media housekeeping (media/housekeeping.py) -------------------------------------

    async def async_media_refs(self, ids: Collection[int]) -> dict[int, str | None]:
        """For each of ``ids`` still in the log: the ``media:`` reference it holds, else None.

        A read (no write lock): the orphan sweep asks this for a batch of file names at a time.
        """
        return await self._async_read(partial(queries.media_refs, ids=tuple(ids)))

    async def async_clear_media_snapshots(self, ids: Collection[int]) -> int:
        """Forget the stored media of these rows (``has_snapshot`` becomes false); return the count.

        One short transaction: callers pass a batch, not the whole table.
        """
        return await self._async_write(partial(queries.clear_media_snapshots, ids=tuple(ids)))

    async def async_inline_snapshot_rows(
        self, after_id: int, up_to_id: int
    ) -> list[tuple[int, datetime]]:
        """(id, timestamp) of rows in the id window that still keep a data URI in the row."""
        rows = await self._async_read(
            partial(queries.inline_snapshot_rows, after_id=after_id, up_to_id=up_to_id)
        )
        return [(log_id, dt_util.utc_from_timestamp(ts)) for log_id, ts in rows]

    async def async_replace_inline_snapshots(self, refs: Mapping[int, str]) -> set[int]:
        """Point rows still holding a data URI at their file reference; return the ids changed."""
        if not refs:
            return set()
        return await self._async_write(partial(queries.replace_inline_snapshots, refs=dict(refs)))

    # --- reads ------------------------------------------------------------------------

    async def async_get(self, log_id: int) -> dict[str, Any] | None:
        """One row in contract form, None if absent."""
        return await self._async_read(partial(queries.get_entry, log_id=log_id))

    async def async_rows_with_match_status(
        self, status: str, since: datetime, max_id: int, limit: int
    ) -> list[dict[str, Any]]:
        """Rows since ``since`` up to id ``max_id`` whose face match is ``status``, oldest first."""
        if since.utcoffset() is None:
            raise ValueError("since must be a timezone-aware datetime")
        return await self._async_read(
            partial(
                queries.rows_with_match_status,
                status=status,
                since=since,
                max_id=max_id,
                limit=limit,
            )
        )

    async def async_get_snapshot(self, log_id: int) -> str | None:
        """The stored snapshot of a row (``media:`` reference, https URL or legacy data URI), if any."""
        return await self._async_read(partial(queries.get_snapshot, log_id=log_id))

    async def async_list(
        self,
        filt: LogFilter | None = None,
        limit: int | None = DEFAULT_LIMIT,
        before_id: int | None = None,
    ) -> tuple[list[dict[str, Any]], int | None]:
        """A page of rows, newest first, and the ``before_id`` for the next page (or None).

        ``limit`` is clamped to 1..1000.
        """
        return await self._async_read(
            partial(
                queries.list_entries,
                filt=filt or LogFilter(),
                limit=limit,
                before_id=before_id,
            )
        )

    async def async_export[T](
        self,
        filt: LogFilter | None,
        transform: Callable[[Sequence[tuple[Any, ...]]], T],
        *,
        page_size: int = EXPORT_PAGE_SIZE,
    ) -> AsyncIterator[T]:
        """Every matching row, newest first, as ``transform(page)`` results.

        A page is a list of plain tuples in ``queries.EXPORT_COLUMNS`` order. Each page is its
        own short read (keyset paging, no long-lived cursor or transaction), and
        ``transform`` runs on the same DB worker right after it, outside the session, so
        formatting never blocks the event loop. The next page is read while the caller
        consumes the current one; memory stays at two pages whatever the row count. Rows
        written after the first page are not included (they have higher ids).
        """
        if page_size < 1:
            raise ValueError("page_size must be at least 1")
        filt = filt or LogFilter()

        def job(before_id: int | None) -> tuple[T | None, int | None]:
            page, next_before_id = self._run_in_session(
                partial(queries.export_page, filt=filt, limit=page_size, before_id=before_id),
                True,
            )
            return (transform(page) if page else None), next_before_id

        async def fetch(before_id: int | None) -> tuple[T | None, int | None]:
            return await self._async_call_plain(job, before_id)

        pending: asyncio.Task[tuple[T | None, int | None]] | None = asyncio.create_task(fetch(None))
        try:
            while pending is not None:
                result, before_id = await pending
                pending = None if before_id is None else asyncio.create_task(fetch(before_id))
                if result is not None:
                    yield result
        finally:
            if pending is not None:
                pending.cancel()
                with contextlib.suppress(asyncio.CancelledError, LogStoreError):
                    await pending

    async def async_count(self, filt: LogFilter) -> int:
        """Number of rows matching ``filt``."""
        return await self._async_read(partial(queries.count_entries, filt=filt))

    async def async_count_since(self, since: datetime) -> int:
        """Number of rows at or after ``since``."""
        if since.utcoffset() is None:
            raise ValueError("since must be a timezone-aware datetime")
        return await self._async_read(partial(queries.count_since, since=since))

    async def async_last_id(self) -> int | None:
        """The newest row id, None when the log is empty."""
        return await self._async_read(queries.last_id)

    async def async_filter_choices(self) -> FilterChoices:
        """Users, devices and doors present in the log, each with its latest name.

        ``{"users": [{"id", "name"}...], "devices": [...], "doors": [...]}``, sorted by name.
        """
        return await self._async_read(_filter_choices)

    async def async_run_read[T](self, job: Callable[[Session], T]) -> T:
        """Run a read-only ``job(session)`` on the recorder's DB executor (stats, flags, last seen)."""
        return await self._async_read(job)

    # --- plumbing ---------------------------------------------------------------------

    def _require_instance(self) -> Recorder:
        if self._instance is None:
            raise LogStoreError("The Access Log is not set up")
        return self._instance

    def _run_in_session[T](self, job: Callable[[Session], T], read_only: bool) -> T:
        """Run on a DB worker thread: one session, committed unless read-only."""
        instance = self._require_instance()
        try:
            session = instance.get_session()
        except RuntimeError as err:
            raise LogStoreError("The recorder's database connection is closed") from err
        with session_scope(session=session, read_only=read_only) as scoped:
            return job(scoped)

    async def _async_call[T](self, job: Callable[[Session], T], *, read_only: bool) -> T:
        instance = self._require_instance()
        try:
            future: asyncio.Future[T] = instance.async_add_executor_job(
                self._run_in_session, job, read_only
            )
        except RuntimeError as err:
            # The recorder shut its executor down (Home Assistant is stopping).
            raise LogStoreError("The recorder's database executor has stopped") from err
        try:
            return await future
        except SQLAlchemyError as err:
            raise LogStoreError(f"Access Log database error: {err}") from err

    async def _async_call_plain[T, A](self, job: Callable[[A], T], arg: A) -> T:
        """Run ``job(arg)`` on the recorder's DB executor (the job opens its own sessions)."""
        instance = self._require_instance()
        try:
            future: asyncio.Future[T] = instance.async_add_executor_job(job, arg)
        except RuntimeError as err:
            raise LogStoreError("The recorder's database executor has stopped") from err
        try:
            return await future
        except SQLAlchemyError as err:
            raise LogStoreError(f"Access Log database error: {err}") from err

    async def _async_read[T](self, job: Callable[[Session], T]) -> T:
        return await self._async_call(job, read_only=True)

    async def async_close(self) -> None:
        """Refuse new writes and wait for the one in flight (Home Assistant is stopping).

        The recorder closes its connections at the final-write stage; a write still running
        on a DB worker then would use a closed SQLite connection. Writes refused from here
        on raise LogStoreError, so the caller keeps the event for after the restart.
        """
        self._closing = True
        await self.async_stop_backfill()
        async with self._write_lock:
            pass

    async def _async_write[T](self, job: Callable[[Session], T]) -> T:
        loop = self.hass.loop
        if self._closing:
            raise LogStoreError("Home Assistant is stopping; the Access Log takes no more writes")
        async with self._write_lock:
            if self._closing:  # queued before the stop began
                raise LogStoreError("Home Assistant is stopping")
            deadline = loop.time() + self._write_retry_seconds
            delay = _RETRY_DELAY_FIRST
            waited = False
            while True:
                try:
                    result = await self._async_call(job, read_only=False)
                except LogStoreError as err:
                    if not self._is_sqlite_locked(err) or loop.time() >= deadline or self._closing:
                        raise
                    if not waited:
                        _LOGGER.warning(
                            "The database is locked (a backup?); Access Log write waiting"
                        )
                        waited = True
                    await asyncio.sleep(delay)
                    delay = min(delay * 2, _RETRY_DELAY_MAX)
                    continue
                if waited:
                    _LOGGER.info("Access Log write completed after the database unlocked")
                return result

    def _is_sqlite_locked(self, err: LogStoreError) -> bool:
        cause = err.__cause__
        return (
            self._instance is not None
            and self._instance.dialect_name == "sqlite"
            and isinstance(cause, OperationalError)
            and "locked" in str(cause.orig)
        )


def _create_or_migrate(session: Session) -> int:
    return queries.create_or_migrate(session.connection())


def _timed[T](job: Callable[[Session], T], timing: list[float], session: Session) -> T:
    """``job(session)``, its time on the DB worker up to its commit appended to ``timing``."""
    started = time.perf_counter()

    def committed(_session: Session) -> None:
        timing.append(time.perf_counter() - started)

    event.listen(session, "after_commit", committed, once=True)
    return job(session)


def _timed_delete_batch(session: Session, cutoff_ts: float, size: int, timing: list[float]) -> int:
    """``queries.delete_batch``, timed on the DB worker up to its commit, without the time
    spent queueing for the executor or the write lock. On SQLite the commit leaves the WAL
    checkpoint to the caller (``queries.defer_wal_checkpoint``).
    """

    def batch(timed_session: Session) -> int:
        queries.defer_wal_checkpoint(timed_session)
        return queries.delete_batch(timed_session, cutoff_ts, size)

    return _timed(batch, timing, session)


def _update_entry(session: Session, log_id: int, fields: LogUpdate) -> dict[str, Any] | None:
    return queries.update_entry(session, log_id, **fields)


def _filter_choices(session: Session) -> FilterChoices:
    def as_dicts(pairs: list[tuple[str, str | None]]) -> list[dict[str, str | None]]:
        return [{"id": key, "name": name} for key, name in pairs]

    return {
        "users": as_dicts(queries.distinct_users(session)),
        "devices": as_dicts(queries.distinct_devices(session)),
        "doors": as_dicts(queries.distinct_doors(session)),
    }
