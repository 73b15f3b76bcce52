"""Event pictures: taken after the decision from the reader's camera, or stored from the caller's
data URI, as private files next to the log (never in the log table), and pushed as an update."""

from __future__ import annotations

import asyncio
import base64
import logging
import shutil
import stat
import time
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from homeassistant.components.local_file.camera import LocalFile
from homeassistant.components.recorder import get_instance
from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.typing import WebSocketGenerator
from sqlalchemy import text

from custom_components.gem_access.media import capture as capture_module

from ..shared_files import shared_path
from .conftest import PIN_ALICE, PIN_BOB, Site, add_camera, present

FACE = shared_path("faces", "alex_lacamoire_1.jpg")
OTHER_FACE = shared_path("faces", "obama_1.jpg")
CONTACT = "input_boolean.front_contact"


async def put_camera_on(site: Site, device: str, camera: str | None) -> None:
    await site.entry.runtime_data.config.async_update(
        "devices", site.ids[device], {"camera_entity_id": camera}
    )


async def captures_done(hass: HomeAssistant) -> None:
    """Let every background capture finish (they are background tasks on purpose)."""
    await hass.async_block_till_done(wait_background_tasks=True)


async def subscribe(hass: HomeAssistant, hass_ws_client: WebSocketGenerator) -> Any:
    ws = await hass_ws_client(hass)
    await ws.send_json({"id": 1, "type": "gem_access/log/subscribe"})
    msg = await ws.receive_json()
    assert msg["success"], msg
    return ws


async def next_push(ws: Any) -> tuple[str, dict[str, Any]]:
    msg = await asyncio.wait_for(ws.receive_json(), 15)
    return msg["event"]["type"], msg["event"]["row"]


def media_path(hass: HomeAssistant, row: dict[str, Any], ext: str = "jpg") -> Path:
    day = datetime.fromisoformat(row["timestamp"]).strftime("%Y/%m/%d")
    return Path(hass.config.path("gem_access", "media", day, f"{row['id']}.{ext}"))


def media_files(hass: HomeAssistant) -> list[Path]:
    root = Path(hass.config.path("gem_access", "media"))
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


async def snapshot_column(hass: HomeAssistant) -> dict[int, str | None]:
    """The raw ``snapshot`` column of every row, read straight from the recorder's database."""

    def read() -> dict[int, str | None]:
        with get_instance(hass).get_session() as session:
            result = session.execute(text("SELECT id, snapshot FROM gem_access_log"))
            return {int(row[0]): row[1] for row in result}

    return await get_instance(hass).async_add_executor_job(read)


def data_uri(path: Path, mime: str = "image/jpeg") -> str:
    return f"data:{mime};base64," + base64.b64encode(path.read_bytes()).decode()


async def test_reader_camera_picture_follows_the_row(
    hass: HomeAssistant, site: Site, hass_ws_client: WebSocketGenerator
) -> None:
    camera = await add_camera(hass, "Door cam", FACE)
    await put_camera_on(site, "keypad", camera)
    ws = await subscribe(hass, hass_ws_client)

    response = await present(hass, site.ids["keypad"], "pin", PIN_ALICE)
    assert response["result"] == "granted"

    kind, added = await next_push(ws)
    assert (kind, added["id"], added["has_snapshot"]) == ("added", response["log_id"], False)
    kind, updated = await next_push(ws)
    assert (kind, updated["id"], updated["has_snapshot"]) == ("updated", response["log_id"], True)
    assert updated["result"] == "granted" and updated["user_id"] == site.ids["alice"]

    path = media_path(hass, updated)
    assert path.read_bytes() == FACE.read_bytes()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    ref = (await snapshot_column(hass))[response["log_id"]]
    day = datetime.fromisoformat(updated["timestamp"]).strftime("%Y/%m/%d")
    assert ref == f"media:{day}/{response['log_id']}.jpg"
    # a reader without a camera: its rows get no picture and no update
    await present(hass, site.ids["reader"], "rfid", "0012345678")
    await captures_done(hass)
    assert len(media_files(hass)) == 1


async def test_decision_does_not_wait_for_a_slow_camera(
    hass: HomeAssistant,
    site: Site,
    hass_ws_client: WebSocketGenerator,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    camera = await add_camera(hass, "Door cam", FACE)
    await put_camera_on(site, "keypad", camera)
    original = LocalFile.camera_image

    def slow_image(self: LocalFile, width: int | None = None, height: int | None = None) -> Any:
        time.sleep(1.5)  # runs in the executor, as a real camera's HTTP request would
        return original(self, width, height)

    monkeypatch.setattr(LocalFile, "camera_image", slow_image)
    ws = await subscribe(hass, hass_ws_client)

    started = time.monotonic()
    response = await present(hass, site.ids["keypad"], "pin", PIN_ALICE)
    answered = time.monotonic() - started
    assert response["result"] == "granted"
    assert hass.states.get("lock.front_lock").state == "unlocked"
    # the reply came with the row stored and no picture yet
    assert (await snapshot_column(hass))[response["log_id"]] is None
    assert answered < 1.0

    assert (await next_push(ws))[0] == "added"
    kind, updated = await next_push(ws)
    pictured = time.monotonic() - started
    assert (kind, updated["has_snapshot"]) == ("updated", True)
    assert pictured >= 1.5 > answered


async def test_failing_cameras_leave_the_row_without_a_picture(
    hass: HomeAssistant, site: Site, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    image = tmp_path / "gone.jpg"
    shutil.copy(FACE, image)
    broken = await add_camera(hass, "Broken cam", image)
    image.unlink()  # the camera now has nothing to give
    await put_camera_on(site, "keypad", broken)
    await put_camera_on(site, "reader", "camera.not_there")  # removed, or never set up

    first = await present(hass, site.ids["keypad"], "pin", PIN_ALICE)
    second = await present(hass, site.ids["reader"], "pin", PIN_BOB)
    await captures_done(hass)

    assert (first["result"], second["result"]) == ("granted", "granted")
    rows, _ = await site.entry.runtime_data.logs.async_list()
    assert [(r["id"], r["result"], r["has_snapshot"]) for r in rows] == [
        (second["log_id"], "granted", False),
        (first["log_id"], "granted", False),
    ]
    assert media_files(hass) == []
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert any("No snapshot for log row" in m and broken in m for m in warnings)
    assert any("No snapshot for log row" in m and "camera.not_there" in m for m in warnings)


async def test_caller_data_uri_becomes_a_file_and_never_enters_the_table(
    hass: HomeAssistant, site: Site, hass_ws_client: WebSocketGenerator
) -> None:
    # the caller's picture wins over the reader's camera: it was taken at the event
    camera = await add_camera(hass, "Door cam", FACE)
    await put_camera_on(site, "keypad", camera)
    ws = await subscribe(hass, hass_ws_client)

    granted = await present(
        hass, site.ids["keypad"], "pin", PIN_ALICE, snapshot=data_uri(OTHER_FACE)
    )
    assert (await next_push(ws))[0] == "added"
    kind, updated = await next_push(ws)
    assert (kind, updated["id"], updated["has_snapshot"]) == ("updated", granted["log_id"], True)
    assert media_path(hass, updated).read_bytes() == OTHER_FACE.read_bytes()

    url = "https://nvr.example/snapshots/1.jpg"
    denied = await present(hass, site.ids["reader"], "pin", "000000", snapshot=data_uri(FACE))
    linked = await present(hass, site.ids["reader"], "pin", PIN_BOB, snapshot=url)
    # header says PNG, bytes are JPEG: refused, never stored under a wrong type
    mislabelled = await present(
        hass, site.ids["reader"], "pin", PIN_BOB, snapshot=data_uri(FACE, "image/png")
    )
    await captures_done(hass)

    column = await snapshot_column(hass)
    assert not any(v and v.startswith("data:") for v in column.values()), column
    assert column[granted["log_id"]].startswith("media:")
    assert column[denied["log_id"]].startswith("media:")
    assert column[linked["log_id"]] == url  # a reference already: kept as given
    assert column[mislabelled["log_id"]] is None
    assert len(media_files(hass)) == 2


async def test_forced_door_is_pictured_by_its_reader_camera(
    hass: HomeAssistant, site: Site, hass_ws_client: WebSocketGenerator
) -> None:
    camera = await add_camera(hass, "Door cam", FACE)
    await put_camera_on(site, "keypad", camera)  # a reader of the front door
    ws = await subscribe(hass, hass_ws_client)

    await hass.services.async_call(
        "input_boolean", "turn_on", {"entity_id": CONTACT}, blocking=True
    )
    kind, added = await next_push(ws)
    assert (kind, added["result"], added["device_id"]) == ("added", "forced", None)
    kind, updated = await next_push(ws)
    assert (kind, updated["id"], updated["has_snapshot"]) == ("updated", added["id"], True)
    assert media_path(hass, updated).read_bytes() == FACE.read_bytes()


async def test_a_burst_beyond_the_cap_is_dropped_not_queued(
    hass: HomeAssistant,
    site: Site,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    camera = await add_camera(hass, "Door cam", FACE)
    await put_camera_on(site, "keypad", camera)
    original = LocalFile.camera_image

    def slow_image(self: LocalFile, width: int | None = None, height: int | None = None) -> Any:
        time.sleep(1.0)  # longer than the five calls take
        return original(self, width, height)

    monkeypatch.setattr(LocalFile, "camera_image", slow_image)
    monkeypatch.setattr(capture_module, "MAX_PENDING", 2)

    responses = [await present(hass, site.ids["keypad"], "pin", PIN_ALICE) for _ in range(5)]
    await captures_done(hass)

    assert [r["result"] for r in responses] == ["granted"] * 5
    assert len(media_files(hass)) == 2
    assert caplog.text.count("Too many event snapshots pending") == 1


async def test_unload_cancels_pending_captures(
    hass: HomeAssistant, site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    camera = await add_camera(hass, "Door cam", FACE)
    await put_camera_on(site, "keypad", camera)
    original = LocalFile.camera_image

    def slow_image(self: LocalFile, width: int | None = None, height: int | None = None) -> Any:
        time.sleep(0.5)
        return original(self, width, height)

    monkeypatch.setattr(LocalFile, "camera_image", slow_image)
    response = await present(hass, site.ids["keypad"], "pin", PIN_ALICE)
    assert response["result"] == "granted"
    assert await hass.config_entries.async_unload(site.entry.entry_id)
    await captures_done(hass)
    assert media_files(hass) == []
