"""Authenticated HTTP views: the Access Log as CSV (admins only)."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import UTC, datetime, tzinfo
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


def _csv_cell(text: str) -> str:
    """``text`` as a CSV field: quoted (RFC 4180) only when it holds a separator, quote or line break."""
    if any(char in text for char in _CSV_SPECIAL):
        return '"' + text.replace('"', '""') + '"'
    return text


_CSV_SPECIAL: Final = (",", '"', "\r", "\n")


def _texts(column: Sequence[str | None]) -> list[str]:
    """A text column as CSV fields: ``neutralise``d, then quoted where needed.

    Names, ids and codes repeat row after row, so each distinct value is handled once.
    """
    safe: dict[str | None, str] = {}
    for value in set(column):
        safe[value] = _csv_cell(neutralise(value))
    return [safe[value] for value in column]


def _numbers(column: Sequence[int | None]) -> list[str]:
    """A numeric column: ids and 0-100 scores are never negative, so never a formula."""
    return [
        "" if value is None else str(value) if value >= 0 else _csv_cell(neutralise(value))
        for value in column
    ]


def _timestamps(stamps: Sequence[float], local_tz: tzinfo) -> tuple[list[str], list[str]]:
    """Each epoch time as ``isoformat`` gives it in UTC (microseconds) and in ``local_tz``.

    Two ``isoformat`` calls per row were a third of the export's time. The date and hour
    text and the local offset are the same for every row of a UTC hour when the zone is a
    whole number of hours off UTC all hour long, so they are formatted once per hour and the
    minutes and seconds appended; other hours take ``isoformat`` itself. The same strings as
    ``datetime.isoformat``: the local one leaves out a zero fraction, as ``as_local`` does.
    """
    hours: dict[int, tuple[str, str, str] | None] = {}
    utc_out: list[str] = []
    local_out: list[str] = []
    for ts in stamps:
        when = datetime.fromtimestamp(ts, UTC)
        hour = int(ts // 3600)
        if hour not in hours:
            hours[hour] = _hour_heads(hour * 3600, local_tz)
        heads = hours[hour]
        if heads is None:
            utc_out.append(when.isoformat(timespec="microseconds"))
            local_out.append(when.astimezone(local_tz).isoformat())
            continue
        utc_head, local_head, zone = heads
        rest = f"{when.minute:02d}:{when.second:02d}"
        micro = when.microsecond
        utc_out.append(f"{utc_head}{rest}.{micro:06d}+00:00")
        local_out.append(
            f"{local_head}{rest}.{micro:06d}{zone}" if micro else f"{local_head}{rest}{zone}"
        )
    return utc_out, local_out


def _hour_heads(start: int, local_tz: tzinfo) -> tuple[str, str, str] | None:
    """("YYYY-MM-DDTHH:" in UTC, the same in local time, "+HH:MM") for the UTC hour at ``start``.

    None when the local offset is not whole hours or changes within the hour.
    """
    first = datetime.fromtimestamp(start, UTC)
    local = first.astimezone(local_tz)
    offset = local.utcoffset()
    last_offset = datetime.fromtimestamp(start + 3599, UTC).astimezone(local_tz).utcoffset()
    if offset is None or offset != last_offset or offset.total_seconds() % 3600:
        return None
    return (
        first.isoformat()[:14],
        local.isoformat()[:14],
        local.isoformat()[19:],
    )


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
    utc_times, local_times = _timestamps(stamps, dt_util.get_default_time_zone())
    columns = {
        "id": _numbers(ids),
        "timestamp": utc_times,
        "local_time": local_times,
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
    # every field is CSV text already (quoted where needed): joining is all csv.writer would do
    lines = map(",".join, zip(*(columns[key] for key, _ in CSV_COLUMNS), strict=True))
    return ("\r\n".join(lines) + "\r\n").encode()


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
