"""Authenticated HTTP views: the Access Log as CSV (admins only)."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any, Final

from aiohttp import web
from homeassistant.components.http import KEY_HASS, KEY_HASS_USER, HomeAssistantView
from homeassistant.core import HomeAssistant, callback
from homeassistant.exceptions import Unauthorized
from homeassistant.util import dt as dt_util

from .errors import GemAccessError
from .logstore.rows import LogFilter
from .media import serving as media_serving
from .photos import UserPhotoView
from .services import loaded_entry
from .websocket_api import log_filter

CSV_COLUMNS: Final = (
    ("id", "ID"),
    ("timestamp", "Timestamp (UTC)"),
    ("local_time", "Timestamp (local)"),
    ("user_name", "User"),
    ("user_id", "User ID"),
    ("device_name", "Access Device"),
    ("device_id", "Access Device ID"),
    ("door_name", "Door"),
    ("access_type", "Access Type"),
    ("result", "Result"),
    ("action_details", "Action Details"),
    ("reason", "Reason"),
    ("match_score", "Match Score"),
    ("match_status", "Match Status"),
)
# A spreadsheet would run a cell that starts with one of these as a formula (CSV injection).
FORMULA_PREFIXES: Final = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> str:
    """Cell text that a spreadsheet shows as text, never evaluates."""
    if value is None:
        return ""
    text = str(value)
    if text.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text


def export_filename(filt: LogFilter, now: datetime) -> str:
    """A filename that names the range, e.g. ``gem-access-log_2026-11-01_to_2026-11-26.csv``."""
    start = dt_util.as_local(filt.start).date().isoformat() if filt.start else "start"
    end = dt_util.as_local(filt.end).date().isoformat() if filt.end else now.date().isoformat()
    return f"gem-access-log_{start}_to_{end}.csv"


def _texts(column: Sequence[str | None]) -> list[str]:
    """``neutralise`` over a text column as the database returns it.

    Names, ids and codes repeat row after row, so each distinct value is checked once.
    """
    safe: dict[str | None, str] = {}
    for value in set(column):
        safe[value] = neutralise(value)
    return [safe[value] for value in column]


def _numbers(column: Sequence[int | None]) -> list[int | str]:
    """A numeric column: ids and 0-100 scores are never negative, so never a formula."""
    return ["" if value is None else value if value >= 0 else neutralise(value) for value in column]


def csv_page(page: Sequence[Sequence[Any]]) -> bytes:
    """An export page (rows in ``queries.EXPORT_COLUMNS`` order) as CSV_COLUMNS lines.

    Built column by column rather than from row dicts: the export's hot loop. Runs on a DB worker thread (see
    LogStore.async_export).
    """
    if not page:
        return b""
    (
        ids,
        stamps,
        user_ids,
        user_names,
        device_ids,
        device_names,
        _door_ids,
        door_names,
        access_types,
        results,
        reasons,
        action_details,
        match_scores,
        match_statuses,
    ) = zip(*page, strict=True)
    from_ts = datetime.fromtimestamp
    utc = [from_ts(ts, UTC) for ts in stamps]
    local_tz = dt_util.get_default_time_zone()
    columns = {
        "id": _numbers(ids),
        "timestamp": [when.isoformat(timespec="microseconds") for when in utc],
        # dt_util.as_local, inlined
        "local_time": [when.astimezone(local_tz).isoformat() for when in utc],
        "user_name": _texts(user_names),
        "user_id": _texts(user_ids),
        "device_name": _texts(device_names),
        "device_id": _texts(device_ids),
        "door_name": _texts(door_names),
        "access_type": _texts(access_types),
        "result": _texts(results),
        "action_details": _texts(action_details),
        "reason": _texts(reasons),
        "match_score": _numbers(match_scores),
        "match_status": _texts(match_statuses),
    }
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(
        zip(*(columns[key] for key, _ in CSV_COLUMNS), strict=True)
    )
    return buffer.getvalue().encode()


class LogCsvView(HomeAssistantView):
    """``GET /api/gem_access/log.csv?<filters>``: streamed, constant memory."""

    url = "/api/gem_access/log.csv"
    name = "api:gem_access:log_csv"
    requires_auth = True  # bearer token or a path signed with auth/sign_path

    async def get(self, request: web.Request) -> web.StreamResponse:
        """Stream every matching row, newest first."""
        user = request[KEY_HASS_USER]
        if not user.is_admin:
            raise Unauthorized
        hass: HomeAssistant = request.app[KEY_HASS]
        try:
            filt = log_filter(dict(request.query))
            logs = loaded_entry(hass).runtime_data.logs
        except GemAccessError as err:
            return self.json_message(str(err), 400)
        except ValueError:
            return self.json_message("Invalid filter", 400)
        response = web.StreamResponse(
            headers={
                "Content-Type": "text/csv; charset=utf-8",
                "Content-Disposition": (
                    f'attachment; filename="{export_filename(filt, dt_util.now())}"'
                ),
                "Cache-Control": "no-store",
            }
        )
        await response.prepare(request)
        # a byte-order mark lets spreadsheet programs read the file as UTF-8
        header = io.StringIO()
        csv.writer(header, lineterminator="\r\n").writerow([title for _, title in CSV_COLUMNS])
        await response.write(b"\xef\xbb\xbf" + header.getvalue().encode())
        # pages of plain tuples formatted on the DB worker; the next page is read meanwhile
        async for chunk in logs.async_export(filt, csv_page):
            await response.write(chunk)
        await response.write_eof()
        return response


@callback
def async_register_views(hass: HomeAssistant) -> None:
    """Register the HTTP views."""
    hass.http.register_view(LogCsvView())
    hass.http.register_view(UserPhotoView())
    media_serving.async_register_views(hass)
