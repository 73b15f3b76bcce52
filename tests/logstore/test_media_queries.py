"""The log-table side of media housekeeping, on a real recorder database (SQLite or PostgreSQL)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from custom_components.gem_access.logstore import queries
from custom_components.gem_access.logstore.rows import NewLogEntry
from custom_components.gem_access.logstore.store import LogStore
from custom_components.gem_access.media.store import REF_PREFIX

T0 = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
JPEG_URI = "data:image/jpeg;base64,/9j/4AAQSkZJRgABAQAAAQABAAD/2w=="


async def add(log_store: LogStore, snapshot: str | None, age: timedelta = timedelta()) -> int:
    row = await log_store.async_insert(
        NewLogEntry(
            timestamp=T0 - age, result="denied", reason="unknown_credential", snapshot=snapshot
        )
    )
    return int(row["id"])


def test_media_prefix_is_the_store_s() -> None:
    assert queries.MEDIA_REF_PREFIX == REF_PREFIX


async def test_media_refs_tell_gone_rows_from_unreferenced_files(log_store: LogStore) -> None:
    with_file = await add(log_store, "media:2026/03/01/1.jpg")
    with_url = await add(log_store, "https://cams.example/clip.mp4")
    with_data = await add(log_store, JPEG_URI)
    without = await add(log_store, None)
    refs = await log_store.async_media_refs([with_file, with_url, with_data, without, 999_999])
    # the purged id is absent; rows without a media file map to None (a data URI is never read)
    assert refs == {
        with_file: "media:2026/03/01/1.jpg",
        with_url: None,
        with_data: None,
        without: None,
    }
    assert await log_store.async_media_refs([]) == {}


async def test_clear_media_snapshots_keeps_rows_urls_and_data_uris(log_store: LogStore) -> None:
    old = await add(log_store, "media:2026/02/01/1.jpg", timedelta(days=28))
    url = await add(log_store, "https://cams.example/a.jpg", timedelta(days=28))
    legacy = await add(log_store, JPEG_URI, timedelta(days=28))
    cleared = await log_store.async_clear_media_snapshots([old, url, legacy])
    assert cleared == 1
    row = await log_store.async_get(old)
    assert row is not None
    assert row["has_snapshot"] is False
    assert await log_store.async_get_snapshot(url) == "https://cams.example/a.jpg"
    assert await log_store.async_get_snapshot(legacy) == JPEG_URI


async def test_inline_rows_by_window_and_replacement(log_store: LogStore) -> None:
    first = await add(log_store, JPEG_URI, timedelta(days=2))
    await add(log_store, "media:2026/03/01/9.jpg")
    third = await add(log_store, JPEG_URI)
    rows = await log_store.async_inline_snapshot_rows(0, third)
    assert rows == [(first, T0 - timedelta(days=2)), (third, T0)]
    # the window bounds are (after, up_to]
    assert await log_store.async_inline_snapshot_rows(first, third - 1) == []
    # only rows still holding a data URI change; a purged id is reported unchanged
    changed = await log_store.async_replace_inline_snapshots(
        {first: "media:2026/02/27/1.jpg", 999_999: "media:2026/02/27/999999.jpg"}
    )
    assert changed == {first}
    assert await log_store.async_get_snapshot(first) == "media:2026/02/27/1.jpg"
    again = await log_store.async_replace_inline_snapshots({first: "media:2026/02/27/1.png"})
    assert again == set()
    assert await log_store.async_inline_snapshot_rows(0, third) == [(third, T0)]
