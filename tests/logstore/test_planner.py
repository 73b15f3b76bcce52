"""Query shapes for large logs: the SQLite page planner, the bulk export read, batched purge.

The planner only narrows index walks (id windows derived from the date range, the cheapest
equality index); these tests check that every filter combination still returns exactly the
rows a brute-force filter selects, in order and across pages, including data whose
timestamps do not grow with the ids (a clock set back) and with the planner's probe limits
made tiny so every branch runs. On PostgreSQL the plain query runs; the same checks apply.
"""

from __future__ import annotations

import csv
import io
import itertools
import random
from datetime import timedelta
from typing import Any

import pytest
from homeassistant.core import HomeAssistant
from homeassistant.util import dt as dt_util

from custom_components.gem_access.http_views import CSV_COLUMNS, csv_page, neutralise
from custom_components.gem_access.logstore import queries
from custom_components.gem_access.logstore.rows import LogFilter, NewLogEntry
from custom_components.gem_access.logstore.store import LogStore

from .test_store import T0, bulk_insert, make_entry

USERS = ("u1", "u2", "u3", None)
RESULTS = (("granted", "success"), ("granted", "duress"), ("denied", "not_authorized"))


def synthetic(n: int, seed: int = 7) -> list[NewLogEntry]:
    """Rows mostly in time order, with a stretch written while the clock was 30 days behind."""
    rng = random.Random(seed)
    entries = []
    for i in range(n):
        when = T0 + timedelta(hours=i)
        if n // 3 <= i < n // 3 + 15:
            when -= timedelta(days=30)
        result, reason = rng.choice(RESULTS)
        user = rng.choice(USERS)
        entries.append(
            make_entry(
                when,
                result=result,
                reason=reason,
                user_id=user,
                user_name=None if user is None else f"Name {user}",
                device_id=rng.choice(("d1", "d2")),
                door_id=rng.choice(("door1", "door2")),
                access_type=rng.choice(("pin", "rfid")),
                action_details=rng.choice((None, "=cmd", 'a, "b"', "-1", "plain")),
                match_score=rng.choice((None, 0, 57, 100)),
            )
        )
    return entries


def expected_ids(
    rows: list[dict[str, Any]], filt: LogFilter, before_id: int | None = None
) -> list[int]:
    return [
        row["id"]
        for row in rows
        if filt.matches(row) and (before_id is None or row["id"] < before_id)
    ]


def filters() -> list[LogFilter]:
    starts = (None, T0 + timedelta(hours=10), T0 - timedelta(days=31))
    ends = (None, T0 + timedelta(hours=40), T0 - timedelta(days=29))
    out = []
    for user, result, reason, start, end in itertools.product(
        ("u1", None), ("granted", None), ("duress", None), starts, ends
    ):
        out.append(LogFilter(user_id=user, result=result, reason=reason, start=start, end=end))
    out.append(LogFilter(user_id="nobody", start=T0 + timedelta(hours=5)))
    out.append(LogFilter(device_id="d2", door_id="door1", access_type="rfid"))
    out.append(LogFilter(start=T0 + timedelta(days=365)))
    return out


@pytest.fixture(params=["default", "tiny"])
def probe_limits(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """The planner as shipped, and with limits so small that the fallbacks run too."""
    if request.param == "tiny":
        monkeypatch.setattr(queries, "_RANGE_PROBE_ROWS", 6)
        monkeypatch.setattr(queries, "_RANGE_PROBE_ROWS_SQLITE", 6)
        monkeypatch.setattr(queries, "_RANGE_PROBE_ROWS_PLAIN", 2)
        monkeypatch.setattr(queries, "_CHOICE_COUNT_CAP", 3)
    return str(request.param)


async def test_every_combination_pages_exactly(
    hass: HomeAssistant, log_store: LogStore, probe_limits: str
) -> None:
    await bulk_insert(hass, synthetic(120))
    everything, _ = await log_store.async_list(None, 1000)
    for filt in filters():
        want = expected_ids(everything, filt)
        rows, next_before_id = await log_store.async_list(filt, 1000)
        assert [row["id"] for row in rows] == want, filt
        assert next_before_id is None
        # page through in sevens: same rows, no duplicates, next_before_id null at the end
        got: list[int] = []
        before_id: int | None = None
        while True:
            page, before_id = await log_store.async_list(filt, 7, before_id)
            got += [row["id"] for row in page]
            assert len(page) <= 7
            if before_id is None:
                break
        assert got == want, filt
        # a page that starts in the middle
        if len(want) > 3:
            middle = want[2]
            rows, _ = await log_store.async_list(filt, 1000, middle)
            assert [row["id"] for row in rows] == expected_ids(everything, filt, middle)


async def test_export_reads_every_row_in_pages(
    hass: HomeAssistant, log_store: LogStore, probe_limits: str
) -> None:
    await bulk_insert(hass, synthetic(60))
    everything, _ = await log_store.async_list(None, 1000)
    for filt in (LogFilter(), LogFilter(user_id="u1", start=T0 + timedelta(hours=3))):
        pages = [page async for page in log_store.async_export(filt, list, page_size=7)]
        assert all(0 < len(page) <= 7 for page in pages)
        ids = [row[0] for page in pages for row in page]
        assert ids == expected_ids(everything, filt)
    # no rows: no page at all
    assert [p async for p in log_store.async_export(LogFilter(user_id="x"), list)] == []
    with pytest.raises(ValueError):
        [p async for p in log_store.async_export(None, list, page_size=0)]


async def test_export_stops_cleanly_when_abandoned(
    hass: HomeAssistant, log_store: LogStore
) -> None:
    await bulk_insert(hass, synthetic(30))
    export = log_store.async_export(None, len, page_size=5)
    assert await anext(export) == 5
    await export.aclose()  # the prefetched page is cancelled or awaited, never leaked
    await hass.async_block_till_done()


def csv_lines(rows: list[dict[str, Any]]) -> bytes:
    """Reference: the rows as RFC 4180 CSV built the plain way, through csv.writer."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for row in rows:
        local = dt_util.parse_datetime(row["timestamp"])
        values = {**row, "local_time": dt_util.as_local(local).isoformat() if local else ""}
        writer.writerow([neutralise(values.get(key)) for key, _ in CSV_COLUMNS])
    return buffer.getvalue().encode()


async def test_csv_page_matches_csv_lines(hass: HomeAssistant, log_store: LogStore) -> None:
    await hass.config.async_set_time_zone("America/New_York")
    await bulk_insert(hass, synthetic(40))
    await bulk_insert(hass, [make_entry(T0, user_name="@SUM(1)", user_id="\tx", reason="+r")])
    rows, _ = await log_store.async_list(None, 1000)
    pages = [page async for page in log_store.async_export(None, list, page_size=1000)]
    assert len(pages) == 1
    assert csv_page(pages[0]) == csv_lines(rows)
    assert csv_page([]) == b""


async def test_purge_with_clock_set_back(hass: HomeAssistant, log_store: LogStore) -> None:
    entries = synthetic(90)
    await bulk_insert(hass, entries)
    everything, _ = await log_store.async_list(None, 1000)
    now = T0 + timedelta(hours=60)
    keep = [
        row["id"]
        for row in everything
        if row["timestamp"] >= (now - timedelta(days=1)).isoformat(timespec="microseconds")
    ]
    deleted = await log_store.async_delete_old(1, now, batch_size=4)
    assert deleted == len(everything) - len(keep)
    rows, _ = await log_store.async_list(None, 1000)
    assert [row["id"] for row in rows] == keep
