"""CSV export: content, quoting, formula injection, filters and who may download it."""

from __future__ import annotations

import csv
import io
from datetime import datetime, time, timedelta
from http import HTTPStatus
from typing import Any

from homeassistant.core import HomeAssistant
from homeassistant.setup import async_setup_component
from homeassistant.util import dt as dt_util
from pytest_homeassistant_custom_component.typing import (
    ClientSessionGenerator,
    WebSocketGenerator,
)

from custom_components.gem_access.logstore.rows import NewLogEntry

from .conftest import PIN_ALICE, PIN_BOB, Site, leaks, present

URL = "/api/gem_access/log.csv"


def parse(body: bytes) -> list[list[str]]:
    """The CSV as a spreadsheet program would read it."""
    text = body.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:], newline="")))


async def test_export_content_quoting_and_injection(
    hass: HomeAssistant, site: Site, hass_client: ClientSessionGenerator
) -> None:
    config = site.entry.runtime_data.config
    await config.async_update("users", site.ids["alice"], {"name": '=HYPERLINK("http://x","a, b")'})
    await config.async_update("users", site.ids["bob"], {"name": 'Bob "the builder"\nJr'})
    await present(hass, site.ids["keypad"], "pin", PIN_ALICE)
    await present(hass, site.ids["keypad"], "pin", PIN_BOB)
    await present(hass, site.ids["keypad"], "pin", "0000")
    client = await hass_client()
    response = await client.get(URL)
    assert response.status == HTTPStatus.OK
    assert response.headers["Content-Type"].startswith("text/csv")
    assert 'filename="gem-access-log_start_to_' in response.headers["Content-Disposition"]
    body = await response.read()
    assert b"\r\n" in body
    table = parse(body)
    header, rows = table[0], table[1:]
    assert header[:4] == ["ID", "Timestamp (UTC)", "Timestamp (local)", "User"]
    assert len(rows) == 3
    by_col = [dict(zip(header, row, strict=True)) for row in rows]
    assert by_col[0]["Reason"] == "unknown_credential" and by_col[0]["User"] == ""
    assert by_col[1]["User"] == 'Bob "the builder"\nJr'
    # a formula is shown as text, never evaluated
    assert by_col[2]["User"] == "'" + '=HYPERLINK("http://x","a, b")'
    assert by_col[2]["Timestamp (UTC)"].endswith("+00:00")
    assert not leaks(PIN_ALICE, body.decode()) and not leaks(PIN_BOB, body.decode())


async def test_export_applies_filters_and_names_the_range(
    hass: HomeAssistant, site: Site, hass_client: ClientSessionGenerator
) -> None:
    await present(hass, site.ids["keypad"], "pin", PIN_ALICE)
    await present(hass, site.ids["keypad"], "pin", "0000")
    client = await hass_client()
    # local midnights around today, so the rows just written fall inside on any date
    today = dt_util.now().date()
    first, last = today - timedelta(days=365), today + timedelta(days=1)
    local = dt_util.get_default_time_zone()
    response = await client.get(
        URL,
        params={
            "result": "denied",
            "start": datetime.combine(first, time(), local).isoformat(),
            "end": datetime.combine(last, time(), local).isoformat(),
        },
    )
    assert response.status == HTTPStatus.OK
    assert (
        f'filename="gem-access-log_{first.isoformat()}_to_{last.isoformat()}.csv"'
        in response.headers["Content-Disposition"]
    )
    rows = parse(await response.read())[1:]
    assert [row[9] for row in rows] == ["denied"]
    bad = await client.get(URL, params={"start": "yesterday"})
    assert bad.status == HTTPStatus.BAD_REQUEST


async def test_export_streams_many_pages(
    hass: HomeAssistant, site: Site, hass_client: ClientSessionGenerator
) -> None:
    logs = site.entry.runtime_data.logs
    for _ in range(1050):  # more than one 1,000-row page
        await logs.async_insert(
            NewLogEntry(
                timestamp=dt_util.utcnow(),
                result="granted",
                reason="success",
                access_type="rex",
                device_id=site.ids["keypad"],
            )
        )
    client = await hass_client()
    rows = parse(await (await client.get(URL)).read())[1:]
    ids = [int(row[0]) for row in rows]
    assert len(ids) == 1050 and ids == sorted(ids, reverse=True) and len(set(ids)) == 1050


async def test_export_requires_an_admin(
    hass: HomeAssistant,
    site: Site,
    hass_client: ClientSessionGenerator,
    hass_client_no_auth: ClientSessionGenerator,
    hass_read_only_access_token: str,
) -> None:
    await present(hass, site.ids["keypad"], "pin", PIN_ALICE)
    anonymous = await hass_client_no_auth()
    assert (await anonymous.get(URL)).status == HTTPStatus.UNAUTHORIZED
    read_only = await hass_client(hass_read_only_access_token)
    assert (await read_only.get(URL)).status in (HTTPStatus.UNAUTHORIZED, HTTPStatus.FORBIDDEN)


async def test_export_by_signed_path(
    hass: HomeAssistant,
    site: Site,
    hass_ws_client: WebSocketGenerator,
    hass_client_no_auth: ClientSessionGenerator,
) -> None:
    assert await async_setup_component(hass, "auth", {})
    await present(hass, site.ids["keypad"], "pin", PIN_ALICE)
    ws = await hass_ws_client(hass)
    await ws.send_json({"id": 1, "type": "auth/sign_path", "path": URL})
    signed: dict[str, Any] = await ws.receive_json()
    assert signed["success"], signed
    client = await hass_client_no_auth()
    response = await client.get(signed["result"]["path"])
    assert response.status == HTTPStatus.OK
    assert len(parse(await response.read())) == 2


def test_csv_page_writes_what_csv_writer_would() -> None:
    """The export's own field quoting and time formatting, against the csv module and isoformat.

    Awkward text (separators, quotes, line breaks, formula starts, empty, non-ASCII) and times
    on both sides of a DST change, with and without a fraction of a second.
    """
    import random

    from custom_components.gem_access.http_views import CSV_COLUMNS, csv_page, neutralise
    from custom_components.gem_access.logstore.queries import EXPORT_COLUMNS

    rng = random.Random(4)
    texts = ["", "plain", "a,b", 'say "hi"', "two\nlines", "cr\rx", "=1+1", "-5", "Zoë", "x\r\n"]
    dst = datetime(2026, 3, 29, 1, 0, tzinfo=dt_util.UTC).timestamp()
    rows = []
    for i in range(400):
        ts = dst + rng.uniform(-7200, 7200)
        if i % 3 == 0:
            ts = float(int(ts))
        values: dict[str, Any] = {name: rng.choice(texts) for name in EXPORT_COLUMNS}
        values.update(id=i + 1, ts=ts, match_score=rng.choice([None, 0, 87]))
        rows.append(tuple(values[name] for name in EXPORT_COLUMNS))
    previous = dt_util.get_default_time_zone()
    dt_util.set_default_time_zone(dt_util.get_time_zone("Europe/Berlin"))
    try:
        ours = csv_page(rows).decode()
        expected = io.StringIO()
        writer = csv.writer(expected, lineterminator="\r\n")
        for row in rows:
            values = dict(zip(EXPORT_COLUMNS, row, strict=True))
            when = datetime.fromtimestamp(values["ts"], dt_util.UTC)
            values["timestamp"] = when.isoformat(timespec="microseconds")
            values["local_time"] = dt_util.as_local(when).isoformat()
            writer.writerow(
                [
                    values[key]
                    if key in ("id", "timestamp", "local_time")
                    else neutralise(values[key])
                    if values[key] is not None
                    else ""
                    for key, _ in CSV_COLUMNS
                ]
            )
    finally:
        dt_util.set_default_time_zone(previous)
    assert ours == expected.getvalue()
