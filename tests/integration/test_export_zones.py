"""The CSV's local times in zones a whole-hour shortcut would get wrong: a household in India
(UTC+05:30) or Nepal (UTC+05:45) reads its own clock time in the export, as the panel shows it."""

from __future__ import annotations

from datetime import datetime, timedelta
from http import HTTPStatus

import pytest
from homeassistant.core import HomeAssistant
from homeassistant.util import dt as dt_util
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

from custom_components.gem_access.logstore.rows import NewLogEntry

from .conftest import Site
from .test_export import URL, parse


@pytest.mark.parametrize("zone", ["Asia/Kolkata", "Asia/Kathmandu"])
async def test_local_times_in_a_zone_off_by_minutes(
    hass: HomeAssistant, site: Site, hass_client: ClientSessionGenerator, zone: str
) -> None:
    await hass.config.async_set_time_zone(zone)
    logs = site.entry.runtime_data.logs
    stamps = [
        dt_util.utcnow().replace(microsecond=250000) - timedelta(hours=3),
        dt_util.utcnow().replace(microsecond=0) - timedelta(hours=1),
    ]
    for stamp in stamps:
        await logs.async_insert(
            NewLogEntry(timestamp=stamp, result="denied", reason="unknown_credential")
        )
    client = await hass_client()
    response = await client.get(URL)
    assert response.status == HTTPStatus.OK
    header, *rows = parse(await response.read())
    by_col = [dict(zip(header, row, strict=True)) for row in rows]
    local_tz = dt_util.get_time_zone(zone)
    assert [r["Timestamp (local)"] for r in by_col] == [
        stamp.astimezone(local_tz).isoformat() for stamp in reversed(stamps)
    ]
    assert [datetime.fromisoformat(r["Timestamp (UTC)"]) for r in by_col] == list(reversed(stamps))
