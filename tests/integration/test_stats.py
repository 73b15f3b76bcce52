"""Reports on a real HA: log/stats and log/flags over websocket, last access in the lists."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
from homeassistant.core import HomeAssistant
from homeassistant.util import dt as dt_util
from pytest_homeassistant_custom_component.typing import (
    MockHAClientWebSocket,
    WebSocketGenerator,
)

from .conftest import PIN_ALICE, PIN_ALICE_DURESS, PIN_BOB, Site, present


async def call(ws: MockHAClientWebSocket, type_: str, **payload: Any) -> dict[str, Any]:
    await ws.send_json_auto_id({"type": type_, **payload})
    while True:
        msg = await ws.receive_json()
        if msg.get("type") == "result":
            return msg


async def ok(ws: MockHAClientWebSocket, type_: str, **payload: Any) -> Any:
    msg = await call(ws, type_, **payload)
    assert msg["success"], msg
    return msg["result"]


@pytest.fixture
async def admin_ws(
    hass: HomeAssistant, site: Site, hass_ws_client: WebSocketGenerator
) -> MockHAClientWebSocket:
    """The owner's websocket, created after the entry is set up."""
    return await hass_ws_client(hass)


def by_id(items: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {item["id"]: item for item in items}


async def test_stats_count_what_the_readers_logged(
    hass: HomeAssistant, site: Site, admin_ws: MockHAClientWebSocket
) -> None:
    ids = site.ids
    for _ in range(3):
        await present(hass, ids["keypad"], "pin", PIN_ALICE)
    await present(hass, ids["keypad"], "pin", PIN_ALICE_DURESS)
    await present(hass, ids["reader"], "pin", PIN_BOB)
    await present(hass, ids["keypad"], "pin", "000000")  # unknown
    await present(hass, ids["reader"], "rex")  # not an exit device: denied
    rows = (await ok(admin_ws, "gem_access/log/list", limit=1000))["rows"]
    granted = sum(r["result"] == "granted" for r in rows)
    denied = sum(r["result"] == "denied" for r in rows)
    assert (granted, denied) == (5, 2)

    start = (dt_util.utcnow() - timedelta(days=7)).isoformat()
    reply = await ok(admin_ws, "gem_access/log/stats", start=start, bucket="day")
    assert reply["totals"] == {
        "granted": 5,  # duress counts as granted
        "denied": 2,
        "forced": 0,
        "held_open": 0,
        "error": 0,
    }
    assert len(reply["buckets"]) in (8, 9)  # every day of the week, empty ones too
    assert sum(b["counts"]["granted"] for b in reply["buckets"]) == 5
    assert sum(map(sum, reply["by_hour_of_week"])) == 7
    assert len(reply["by_hour_of_week"]) == 7
    assert all(len(day) == 24 for day in reply["by_hour_of_week"])
    assert reply["unique_users"] == 2
    assert [(u["name"], u["counts"]["granted"]) for u in reply["top_users"]] == [
        ("Alice", 4),
        ("Bob", 1),
    ]
    assert {d["name"] for d in reply["top_devices"]} == {"Front keypad", "Back reader"}
    assert {r["id"] for r in reply["top_reasons"]} == {"unknown_credential", "not_authorized"}
    assert reply["previous"]["granted"] == 0

    # filters: the rows of one reader, one result
    keypad = await ok(
        admin_ws, "gem_access/log/stats", start=start, bucket="hour", device_id=ids["keypad"]
    )
    assert keypad["totals"]["granted"] == 4
    assert keypad["totals"]["denied"] == 1
    assert len(keypad["buckets"]) >= 7 * 24
    only_denied = await ok(admin_ws, "gem_access/log/stats", start=start, result="denied")
    assert sum(only_denied["totals"].values()) == 2


async def test_stats_and_flags_are_admin_only_and_validated(
    hass: HomeAssistant,
    site: Site,
    admin_ws: MockHAClientWebSocket,
    hass_ws_client: WebSocketGenerator,
    hass_read_only_access_token: str,
) -> None:
    user_ws = await hass_ws_client(hass, hass_read_only_access_token)
    for command in ("gem_access/log/stats", "gem_access/log/flags"):
        msg = await call(user_ws, command)
        assert msg["error"]["code"] == "unauthorized"
    bad = await call(admin_ws, "gem_access/log/stats", bucket="month")
    assert bad["success"] is False
    old = (dt_util.utcnow() - timedelta(days=3000)).isoformat()
    huge = await call(admin_ws, "gem_access/log/stats", start=old, bucket="hour")
    assert huge["success"] is False
    assert huge["error"]["translation_key"] == "too_many_buckets"
    bad_date = await call(admin_ws, "gem_access/log/flags", start="yesterday")
    assert bad_date["error"]["translation_key"] == "invalid_datetime"


async def test_last_access_follows_grants_not_denials(
    hass: HomeAssistant, site: Site, admin_ws: MockHAClientWebSocket
) -> None:
    ids = site.ids
    users = by_id(await ok(admin_ws, "gem_access/users/list"))
    assert users[ids["alice"]]["last_access"] is None
    assert users[ids["alice"]]["last_denied"] is None
    assert by_id(await ok(admin_ws, "gem_access/devices/list"))[ids["keypad"]]["last_event"] is None

    granted = await present(hass, ids["keypad"], "pin", PIN_ALICE)
    row = (await ok(admin_ws, "gem_access/log/list", limit=1))["rows"][0]
    assert row["id"] == granted["log_id"]
    users = by_id(await ok(admin_ws, "gem_access/users/list"))
    assert users[ids["alice"]]["last_access"] == row["timestamp"]
    assert users[ids["bob"]]["last_access"] is None

    # no rule lets Bob use the exit button's keypad: a denial with his name, not an access
    denied = await present(hass, ids["exit"], "pin", PIN_BOB)
    assert denied["result"] == "denied"
    newest = (await ok(admin_ws, "gem_access/log/list", limit=1))["rows"][0]
    users = by_id(await ok(admin_ws, "gem_access/users/list"))
    assert users[ids["bob"]]["last_access"] is None
    assert users[ids["bob"]]["last_denied"] == newest["timestamp"]
    assert users[ids["alice"]]["last_access"] == row["timestamp"]
    devices = by_id(await ok(admin_ws, "gem_access/devices/list"))
    assert devices[ids["exit"]]["last_event"] == newest["timestamp"]
    assert devices[ids["keypad"]]["last_event"] == row["timestamp"]
    assert devices[ids["reader"]]["last_event"] is None
    assert datetime.fromisoformat(newest["timestamp"]) >= datetime.fromisoformat(row["timestamp"])

    # the purge takes them with the rows
    await ok(admin_ws, "gem_access/log/delete_old", keep_days=0)
    users = by_id(await ok(admin_ws, "gem_access/users/list"))
    assert users[ids["alice"]]["last_access"] is None
    assert users[ids["bob"]]["last_denied"] is None


async def test_flags_link_to_their_rows(
    hass: HomeAssistant, site: Site, admin_ws: MockHAClientWebSocket
) -> None:
    ids = site.ids
    assert await ok(admin_ws, "gem_access/log/flags") == []
    for pin in ("111111", "222222", "333333"):
        await present(hass, ids["keypad"], "pin", pin)
    found = await ok(admin_ws, "gem_access/log/flags")
    unknown = [f for f in found if f["kind"] == "unknown_credentials"]
    assert len(unknown) == 1
    assert unknown[0]["device_id"] == ids["keypad"]
    assert unknown[0]["count"] == 3
    rows = (await ok(admin_ws, "gem_access/log/list", **unknown[0]["filter"]))["rows"]
    assert len(rows) == 3
    assert all(r["reason"] == "unknown_credential" for r in rows)
    # a period before them has none
    before = (dt_util.utcnow() - timedelta(days=2)).isoformat()
    end = (dt_util.utcnow() - timedelta(days=1)).isoformat()
    assert await ok(admin_ws, "gem_access/log/flags", start=before, end=end) == []
