"""Authenticated HTTP views: the Access Log as CSV (admins only)."""

from __future__ import annotations

import csv
import io
from datetime import datetime
from typing import Any, Final

from aiohttp import web
from homeassistant.components.http import KEY_HASS, KEY_HASS_USER, HomeAssistantView
from homeassistant.core import HomeAssistant, callback
from homeassistant.exceptions import Unauthorized
from homeassistant.util import dt as dt_util

from .errors import GemAccessError
from .logstore.rows import LogFilter
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
PAGE_SIZE: Final = 1000
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


def csv_lines(rows: list[dict[str, Any]]) -> bytes:
    """Rows as RFC 4180 CSV (CRLF line ends, quotes doubled)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for row in rows:
        local = dt_util.parse_datetime(row["timestamp"])
        values = {**row, "local_time": dt_util.as_local(local).isoformat() if local else ""}
        writer.writerow([neutralise(values.get(key)) for key, _ in CSV_COLUMNS])
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
        before_id: int | None = None
        while True:
            rows, before_id = await logs.async_list(filt, PAGE_SIZE, before_id)
            if rows:
                await response.write(csv_lines(rows))
            if before_id is None:
                break
        await response.write_eof()
        return response


@callback
def async_register_views(hass: HomeAssistant) -> None:
    """Register the HTTP views."""
    hass.http.register_view(LogCsvView())
    hass.http.register_view(UserPhotoView())
