"""Keeping event media in step with the log: files go with their rows, expire, and leave the table.

- **Sweep** (nightly, and after every manual purge): a file whose row is gone is deleted (the rows
  were purged by retention or by hand); a file its row does not point at (a crash between writing the
  file and updating the row) is deleted once it is older than a grace period, so a capture in flight is
  never touched; with ``snapshot_retention_days`` the files of days wholly before that cutoff are deleted
  and their rows' ``snapshot`` cleared (``has_snapshot`` false). Empty day folders and stale temp files
  of interrupted writes go too.
- **Migration**: rows written before media lived in files keep an in-row data URI; they are moved to
  files in the background, a window of ids at a time, behind a persisted watermark so the table is
  walked once, not at every start. A payload that cannot be decoded is left in the row (readers still
  show the legacy value) and logged.

The files drive the sweep, not the table: the set of files is bounded by what the retention keeps,
each batch of file names is one primary-key lookup (a read: no write lock), and only the batched
clears are writes. Blocking file work runs in the executor.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Final

from homeassistant.core import HomeAssistant

from ..logstore.errors import LogStoreError
from .capture import decode_data_uri
from .store import MediaFile, MediaStore

if TYPE_CHECKING:
    from ..logstore.store import LogStore
    from ..runtime_state import RuntimeState

_LOGGER = logging.getLogger(__name__)

# A file its row does not (yet) reference is left alone this long: capture and migration write the
# file first and update the row right after.
ORPHAN_GRACE: Final = timedelta(hours=1)
# File names per look-up of their rows (one IN (...) of primary keys, well under every bind limit).
SWEEP_BATCH: Final = 500
# Ids per range query of the migration, and rows per update transaction.
MIGRATION_WINDOW: Final = 5000
MIGRATION_UPDATE_BATCH: Final = 20
# Persisted runtime state: every row with an id up to this one has been checked for a data URI.
STATE_MIGRATED_TO: Final = "media_inline_migrated_to_id"


@dataclass(slots=True)
class SweepResult:
    """What a sweep did."""

    deleted_files: int = 0  # every file removed (rows gone, unreferenced, expired)
    expired_snapshots: int = 0  # rows whose snapshot was cleared by snapshot_retention_days


@dataclass(slots=True)
class MigrationResult:
    """What a migration run did."""

    migrated: int = 0
    skipped: list[int] = field(default_factory=list)  # ids whose payload could not be decoded
    complete: bool = True  # False when a database or disk error stopped the run early


def day_end(day: str) -> datetime:
    """The end (next UTC midnight) of a media folder's day ``YYYY/MM/DD``."""
    year, month, dom = (int(part) for part in day.split("/"))
    return datetime(year, month, dom, tzinfo=UTC) + timedelta(days=1)


def _ends_by(day: str, cutoff: datetime) -> bool:
    """Whether the folder day ``YYYY/MM/DD`` is wholly before ``cutoff`` (False for a non-date)."""
    try:
        return day_end(day) <= cutoff
    except (ValueError, OverflowError):  # a hand-made folder such as 2024/13/40 or 9999/12/31
        return False


def _chunks[T](items: list[T], size: int) -> Iterable[list[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


# --- blocking helpers (executor) ------------------------------------------------------------------


def _list_files(media: MediaStore) -> list[MediaFile]:
    return list(media.iter_files())


def _remove_files(files: list[MediaFile], unreferenced: list[MediaFile], older_than: float) -> int:
    """Delete ``files``, and those of ``unreferenced`` last modified before ``older_than``."""
    removed = 0
    for found in files:
        try:
            found.path.unlink()
        except FileNotFoundError:
            continue
        removed += 1
    for found in unreferenced:
        try:
            if found.path.stat().st_mtime >= older_than:
                continue
            found.path.unlink()
        except FileNotFoundError:
            continue
        removed += 1
    return removed


def _month_end(year: int, month: int) -> datetime:
    return datetime(year + month // 12, month % 12 + 1, 1, tzinfo=UTC)


def _prune_folders(root: Path, before: datetime) -> None:
    """Remove stale temp files and empty day/month/year folders that end before ``before``.

    Folders of recent days are kept even when empty: a capture may be creating one right now
    (``mkdir`` then write), and removing it in between would fail that capture.
    """
    if not root.is_dir():
        return
    cutoff = before.timestamp()
    for year_dir in sorted(root.glob("[0-9][0-9][0-9][0-9]")):
        for month_dir in sorted(year_dir.glob("[0-9][0-9]")):
            for day_dir in sorted(month_dir.glob("[0-9][0-9]")):
                for stray in day_dir.glob(".*"):
                    # an interrupted atomic write leaves its ".<log_id>.<random>" temp file behind
                    try:
                        if stray.is_file() and stray.stat().st_mtime < cutoff:
                            stray.unlink()
                    except FileNotFoundError:
                        continue
                try:
                    ends = day_end(f"{year_dir.name}/{month_dir.name}/{day_dir.name}")
                except (ValueError, OverflowError):
                    continue
                if ends <= before:
                    _rmdir_if_empty(day_dir)
            try:
                month_ends = _month_end(int(year_dir.name), int(month_dir.name))
            except ValueError:
                continue
            if month_ends <= before:
                _rmdir_if_empty(month_dir)
        if int(year_dir.name) < before.year:
            _rmdir_if_empty(year_dir)


def _rmdir_if_empty(path: Path) -> None:
    with contextlib.suppress(OSError):  # not empty (or gone): nothing to do
        path.rmdir()


# --- the sweep ------------------------------------------------------------------------------------


async def async_sweep_media(
    hass: HomeAssistant,
    logs: LogStore,
    media: MediaStore,
    *,
    now: datetime,
    snapshot_cutoff: datetime | None = None,
    grace: timedelta = ORPHAN_GRACE,
    batch_size: int = SWEEP_BATCH,
) -> SweepResult:
    """Delete the files of purged rows and orphans; expire files of days before ``snapshot_cutoff``.

    Best effort: a database or disk error ends the sweep with a warning (the next one finishes
    the job) and never reaches the caller, whose rows are already deleted.
    """
    result = SweepResult()
    try:
        await _async_sweep(hass, logs, media, now, snapshot_cutoff, grace, batch_size, result)
    except (LogStoreError, OSError) as err:
        _LOGGER.warning("Event media clean-up stopped early, it resumes next night: %s", err)
    if result.deleted_files or result.expired_snapshots:
        _LOGGER.info(
            "Event media: %d files deleted, %d snapshots expired",
            result.deleted_files,
            result.expired_snapshots,
        )
    return result


async def _async_sweep(
    hass: HomeAssistant,
    logs: LogStore,
    media: MediaStore,
    now: datetime,
    snapshot_cutoff: datetime | None,
    grace: timedelta,
    batch_size: int,
    result: SweepResult,
) -> None:
    files = await hass.async_add_executor_job(_list_files, media)
    settled = (now - grace).timestamp()
    for batch in _chunks(files, batch_size):
        refs = await logs.async_media_refs({found.log_id for found in batch})
        gone: list[MediaFile] = []
        unreferenced: list[MediaFile] = []
        expired: list[MediaFile] = []
        for found in batch:
            if found.log_id not in refs:
                gone.append(found)
            elif refs[found.log_id] != found.ref:
                unreferenced.append(found)
            elif snapshot_cutoff is not None and _ends_by(found.day, snapshot_cutoff):
                expired.append(found)
        if expired:
            # the rows first: a crash in between leaves unreferenced files (swept later), never a
            # row that says it has a snapshot whose file is gone
            result.expired_snapshots += await logs.async_clear_media_snapshots(
                {found.log_id for found in expired}
            )
        if gone or unreferenced or expired:
            result.deleted_files += await hass.async_add_executor_job(
                _remove_files, gone + expired, unreferenced, settled
            )
    await hass.async_add_executor_job(
        _prune_folders, media.root, now - max(grace, timedelta(days=1))
    )


# --- migration of in-row data URIs ----------------------------------------------------------------


async def async_migrate_inline_snapshots(
    hass: HomeAssistant,
    logs: LogStore,
    media: MediaStore,
    state: RuntimeState,
    *,
    window: int = MIGRATION_WINDOW,
    update_batch: int = MIGRATION_UPDATE_BATCH,
) -> MigrationResult:
    """Move legacy in-row data URIs to files; resumable and idempotent.

    The table is walked by id windows up to the newest id at the start, and the checked range is
    persisted, so later runs only look at newer rows. One payload is in memory at a time. A row
    whose payload cannot be decoded is skipped (left as it is, which readers still show) and
    logged; a database or disk error stops the run where it is (the next run resumes there).
    """
    result = MigrationResult()
    try:
        up_to = await logs.async_last_id()
    except LogStoreError as err:
        _LOGGER.warning("Moving stored snapshots to files postponed: %s", err)
        result.complete = False
        return result
    done = int(state.get(STATE_MIGRATED_TO, 0) or 0)
    if up_to is None:
        return result
    if up_to < done:
        # ids never go back in one database: this is another one (restored or recreated), check it all
        done = 0
    if up_to <= done:
        return result
    try:
        while done < up_to:
            upper = min(done + window, up_to)
            rows = await logs.async_inline_snapshot_rows(done, upper)
            for chunk in _chunks(rows, update_batch):
                await _async_migrate_chunk(hass, logs, media, chunk, result)
            done = upper
            state.set(STATE_MIGRATED_TO, done)
    except (LogStoreError, OSError) as err:
        _LOGGER.warning("Moving stored snapshots to files stopped, it resumes later: %s", err)
        result.complete = False
    if result.skipped:
        _LOGGER.warning(
            "%d access log rows keep a stored snapshot that is not a valid image or video and "
            "could not be moved to a file (log ids %s)",
            len(result.skipped),
            ", ".join(str(log_id) for log_id in result.skipped[:20]),
        )
    if result.migrated:
        _LOGGER.info("Moved %d stored snapshots out of the access log table", result.migrated)
    return result


async def _async_migrate_chunk(
    hass: HomeAssistant,
    logs: LogStore,
    media: MediaStore,
    chunk: list[tuple[int, datetime]],
    result: MigrationResult,
) -> None:
    refs: dict[int, str] = {}
    try:
        for log_id, timestamp in chunk:
            value = await logs.async_get_snapshot(log_id)
            if value is None or not value.startswith("data:"):
                continue  # purged or changed since the window was read
            decoded = await hass.async_add_executor_job(decode_data_uri, value)
            del value
            if decoded is None:
                result.skipped.append(log_id)
                continue
            content, mime = decoded
            refs[log_id] = await hass.async_add_executor_job(
                media.write, log_id, timestamp, content, mime
            )
    except (LogStoreError, OSError):
        # what was written is applied even when a later row failed (a cancelled run leaves its
        # files to the sweep: unreferenced, they go after the grace period, and are rewritten)
        await _async_apply_refs(hass, logs, media, refs, result)
        raise
    await _async_apply_refs(hass, logs, media, refs, result)


async def _async_apply_refs(
    hass: HomeAssistant,
    logs: LogStore,
    media: MediaStore,
    refs: dict[int, str],
    result: MigrationResult,
) -> None:
    if not refs:
        return
    changed = await logs.async_replace_inline_snapshots(refs)
    result.migrated += len(changed)
    for log_id, ref in refs.items():
        if log_id not in changed:  # the row went meanwhile: its new file must go too
            await hass.async_add_executor_job(media.delete, ref)


def cutoff_days(now: datetime, days: int) -> datetime | None:
    """``now - days`` (None for 0: keep)."""
    return now - timedelta(days=days) if days > 0 else None
