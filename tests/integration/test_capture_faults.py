"""Event pictures when something goes wrong: a camera giving the wrong thing, a disk refusing the
file, a row purged before its picture arrives, a queue too long for the picture to show the event.

Every case ends the same way for the user: the access decision and its row as usual, a row
without a picture (and a warning naming the row), and no stray file left in the media folder.
"""

from __future__ import annotations

import logging
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from homeassistant.components.local_file.camera import LocalFile
from homeassistant.core import HomeAssistant
from homeassistant.util import dt as dt_util
from PIL import Image
from pytest_homeassistant_custom_component.typing import WebSocketGenerator

from custom_components.gem_access.const import DOMAIN
from custom_components.gem_access.media import capture as capture_module

from .conftest import PIN_ALICE, PIN_BOB, Site, add_camera, present
from .test_capture import FACE, captures_done, data_uri, media_files, put_camera_on


def warnings(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]


async def row_of(site: Site, log_id: int) -> dict[str, Any]:
    row = await site.entry.runtime_data.logs.async_get(log_id)
    assert row is not None
    return row


def slow_camera(monkeypatch: pytest.MonkeyPatch, seconds: float) -> None:
    """Cameras that take ``seconds`` to answer (in the executor, as a camera's HTTP request would)."""
    original = LocalFile.camera_image

    def slow_image(self: LocalFile, width: int | None = None, height: int | None = None) -> Any:
        time.sleep(seconds)
        return original(self, width, height)

    monkeypatch.setattr(LocalFile, "camera_image", slow_image)


async def test_camera_pictures_are_kept_as_what_they_are(
    hass: HomeAssistant, site: Site, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """A WebP camera gives a .webp file; a camera that sends a GIF (or anything the browser would
    not show as a picture of ours) gives no picture, and the warning names the camera."""
    webp, gif = tmp_path / "door.webp", tmp_path / "door.gif"
    with Image.open(FACE) as face:
        face.save(webp, "WEBP")
        face.convert("P").save(gif, "GIF")
    await put_camera_on(site, "keypad", await add_camera(hass, "Webp cam", webp))
    await put_camera_on(site, "reader", await add_camera(hass, "Gif cam", gif))

    pictured = await present(hass, site.ids["keypad"], "pin", PIN_ALICE)
    refused = await present(hass, site.ids["reader"], "pin", PIN_BOB)
    await captures_done(hass)

    assert (pictured["result"], refused["result"]) == ("granted", "granted")
    row = await row_of(site, pictured["log_id"])
    assert row["has_snapshot"] is True
    day = datetime.fromisoformat(row["timestamp"]).strftime("%Y/%m/%d")
    stored = Path(hass.config.path("gem_access", "media", day, f"{pictured['log_id']}.webp"))
    assert media_files(hass) == [stored]
    assert stored.read_bytes() == webp.read_bytes()
    assert (await row_of(site, refused["log_id"]))["has_snapshot"] is False
    assert any(
        f"log row {refused['log_id']} from camera.gif_cam" in m and "not a JPEG, PNG or WebP" in m
        for m in warnings(caplog)
    )


async def test_a_picture_the_disk_refuses_leaves_no_half_written_file(
    hass: HomeAssistant, site: Site, caplog: pytest.LogCaptureFixture
) -> None:
    """The file cannot be put in place (here its name is taken by a folder): the row stays without
    a picture, the warning names it, and the temp file of the atomic write is gone."""
    logs = site.entry.runtime_data.logs
    next_id = (await logs.async_last_id() or 0) + 1
    media_root = Path(hass.config.path("gem_access", "media"))
    now = dt_util.utcnow()
    # today's folder (and tomorrow's, should the test run across midnight UTC)
    for moment in (now, now + timedelta(minutes=1)):
        blocker = media_root / moment.strftime("%Y/%m/%d") / f"{next_id}.jpg"
        blocker.mkdir(parents=True, exist_ok=True)
        (blocker / "keep").write_bytes(b"not ours")

    response = await present(hass, site.ids["keypad"], "pin", PIN_ALICE, snapshot=data_uri(FACE))
    await captures_done(hass)

    assert response == {**response, "log_id": next_id, "result": "granted"}
    assert (await row_of(site, next_id))["has_snapshot"] is False
    assert await logs.async_get_snapshot(next_id) is None
    assert any(f"Could not store the snapshot of log row {next_id}" in m for m in warnings(caplog))
    # nothing of the failed write stays behind; what was there is untouched
    stamp = datetime.fromisoformat((await row_of(site, next_id))["timestamp"])
    day_dir = media_root / stamp.strftime("%Y/%m/%d")
    blocker = day_dir / f"{next_id}.jpg"
    assert sorted(p.name for p in day_dir.iterdir()) == [blocker.name]
    assert (blocker / "keep").read_bytes() == b"not ours"


async def test_a_row_purged_before_its_picture_arrives_leaves_no_file(
    hass: HomeAssistant, site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The admin empties the log while the camera is still answering: no orphan picture stays."""
    await put_camera_on(site, "keypad", await add_camera(hass, "Door cam", FACE))
    slow_camera(monkeypatch, 1.0)

    response = await present(hass, site.ids["keypad"], "pin", PIN_ALICE)
    assert response["result"] == "granted"
    purged = await hass.services.async_call(
        DOMAIN, "delete_old_logs", {"keep_days": 0}, blocking=True, return_response=True
    )
    assert purged == {"deleted": 1}
    await captures_done(hass)

    assert await site.entry.runtime_data.logs.async_get(response["log_id"]) is None
    assert media_files(hass) == []


async def test_without_the_camera_integration_rows_simply_have_no_picture(
    hass: HomeAssistant, site: Site, caplog: pytest.LogCaptureFixture
) -> None:
    """A camera named on the reader whose integration is not loaded (yet): no picture, no error."""
    assert "camera" not in hass.config.components
    await put_camera_on(site, "keypad", "camera.porch")

    response = await present(hass, site.ids["keypad"], "pin", PIN_ALICE)
    await captures_done(hass)

    assert response["result"] == "granted"
    rows, _ = await site.entry.runtime_data.logs.async_list()
    assert [(r["id"], r["result"], r["has_snapshot"]) for r in rows] == [
        (response["log_id"], "granted", False)
    ]
    assert media_files(hass) == []
    assert not [m for m in warnings(caplog) if "snapshot" in m.lower()]


async def test_a_picture_that_would_come_too_late_is_not_taken(
    hass: HomeAssistant,
    site: Site,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """With every camera slot busy for longer than a picture stays relevant, the event queued
    behind them goes without one (it would show the hallway later, not the event)."""
    await put_camera_on(site, "keypad", await add_camera(hass, "Door cam", FACE))
    slow_camera(monkeypatch, 1.0)
    monkeypatch.setattr(capture_module, "MAX_QUEUE_WAIT_S", 0.3)

    burst = capture_module.MAX_CONCURRENT + 1
    responses = [await present(hass, site.ids["keypad"], "pin", PIN_ALICE) for _ in range(burst)]
    controller = site.entry.runtime_data.controller
    assert controller._capture is not None
    await controller._capture.async_wait_idle()

    assert [r["result"] for r in responses] == ["granted"] * burst
    pictured = [(await row_of(site, r["log_id"]))["has_snapshot"] for r in responses]
    assert pictured == [True] * capture_module.MAX_CONCURRENT + [False]
    assert len(media_files(hass)) == capture_module.MAX_CONCURRENT
    late = responses[-1]["log_id"]
    assert any(f"No snapshot for log row {late}: it waited" in m for m in warnings(caplog))


async def test_the_panel_gets_no_snapshot_when_the_reader_camera_is_down_now(
    hass: HomeAssistant,
    site: Site,
    tmp_path: Path,
    hass_ws_client: WebSocketGenerator,
) -> None:
    """A row without a stored picture or recording falls back to the camera's view now; a camera
    that cannot give one is a plain "no snapshot" for the admin, not an error."""
    image = tmp_path / "gone.jpg"
    image.write_bytes(FACE.read_bytes())
    camera = await add_camera(hass, "Broken cam", image)
    response = await present(
        hass, site.ids["keypad"], "pin", PIN_ALICE
    )  # no camera yet: no picture
    image.unlink()
    await put_camera_on(site, "keypad", camera)

    ws = await hass_ws_client(hass)
    await ws.send_json_auto_id({"type": "gem_access/snapshot/get", "log_id": response["log_id"]})
    msg = await ws.receive_json()
    assert not msg["success"]
    assert msg["error"]["code"] == "no_snapshot"
