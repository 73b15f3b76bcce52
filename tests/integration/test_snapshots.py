"""snapshot/get: the stored image or clip of an event, or a clear 'none available'."""

from __future__ import annotations

import base64
from typing import Any

from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.typing import WebSocketGenerator

from .conftest import PIN_ALICE, Site, present

JPEG = "data:image/jpeg;base64," + base64.b64encode(b"\xff\xd8\xff\xe0fake-jpeg").decode()


async def snapshot(
    hass_ws_client: WebSocketGenerator, hass: HomeAssistant, log_id: int
) -> dict[str, Any]:
    ws = await hass_ws_client(hass)
    await ws.send_json({"id": 1, "type": "gem_access/snapshot/get", "log_id": log_id})
    return await ws.receive_json()


async def test_stored_image(
    hass: HomeAssistant, site: Site, hass_ws_client: WebSocketGenerator
) -> None:
    row = await present(hass, site.ids["keypad"], "pin", PIN_ALICE, snapshot=JPEG)
    msg = await snapshot(hass_ws_client, hass, row["log_id"])
    assert msg["success"], msg
    assert msg["result"] == {
        "kind": "image",
        "source": "stored",
        "mime": "image/jpeg",
        "data_uri": JPEG,
        "camera_name": None,
    }


async def test_stored_clip_url_is_video(
    hass: HomeAssistant, site: Site, hass_ws_client: WebSocketGenerator
) -> None:
    url = "https://clips.example.com/door/123.mp4?sig=abc"
    row = await present(hass, site.ids["keypad"], "pin", PIN_ALICE, snapshot=url)
    msg = await snapshot(hass_ws_client, hass, row["log_id"])
    assert msg["result"]["kind"] == "video" and msg["result"]["url"] == url


async def test_no_snapshot_is_a_clear_error(
    hass: HomeAssistant, site: Site, hass_ws_client: WebSocketGenerator
) -> None:
    row = await present(hass, site.ids["keypad"], "pin", PIN_ALICE)
    msg = await snapshot(hass_ws_client, hass, row["log_id"])
    assert not msg["success"]
    assert msg["error"]["code"] == "not_found"
    assert "No snapshot" in msg["error"]["message"]
    missing = await snapshot(hass_ws_client, hass, 999999)
    assert missing["error"]["code"] == "not_found"
