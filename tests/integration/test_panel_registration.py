"""The Access Log in the sidebar: for admins only, cache-busted by the bundle's content, gone when
the integration is unloaded and back when it is set up again; the dashboard card for everyone.

Runs HA's own ``frontend`` integration (the package the browser UI comes from), as an install does.
"""

from __future__ import annotations

import hashlib
from http import HTTPStatus
from typing import Any

import pytest
from homeassistant.core import HomeAssistant
from homeassistant.setup import async_setup_component
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.typing import (
    ClientSessionGenerator,
    WebSocketGenerator,
)

from custom_components.gem_access import panel
from custom_components.gem_access.const import PANEL_URL_PATH

from .conftest import add_gem_entry


def content_version(name: str) -> str:
    return hashlib.sha256((panel.FRONTEND_DIR / name).read_bytes()).hexdigest()[:12]


@pytest.fixture
async def entry_with_frontend(hass: HomeAssistant, recorder_mock: Any) -> MockConfigEntry:
    """GEM Access set up on a Home Assistant that serves the browser UI."""
    pytest.importorskip("hass_frontend")
    assert await async_setup_component(hass, "frontend", {})
    return await add_gem_entry(hass)


async def sidebar(hass: HomeAssistant, ws_client: Any) -> dict[str, Any]:
    await ws_client.send_json_auto_id({"type": "get_panels"})
    msg = await ws_client.receive_json()
    assert msg["success"], msg
    panels: dict[str, Any] = msg["result"]
    return panels


async def test_the_access_log_is_in_the_sidebar_of_admins_only(
    hass: HomeAssistant,
    entry_with_frontend: MockConfigEntry,
    hass_ws_client: WebSocketGenerator,
    hass_read_only_access_token: str,
    hass_client: ClientSessionGenerator,
) -> None:
    admin = await hass_ws_client(hass)
    shown = (await sidebar(hass, admin))[PANEL_URL_PATH]
    assert shown["title"] == "Access Log"
    assert shown["require_admin"] is True
    module_url = shown["config"]["_panel_custom"]["module_url"]
    # a new build gets a new URL, so no browser keeps running yesterday's panel
    assert module_url == (
        f"{panel.STATIC_URL}/{panel.PANEL_FILE}?v={content_version(panel.PANEL_FILE)}"
    )
    # a non-admin account does not even see the entry
    user = await hass_ws_client(hass, hass_read_only_access_token)
    assert PANEL_URL_PATH not in await sidebar(hass, user)

    # the card is loaded on every dashboard (it shows an "admins only" notice to others)
    from homeassistant.components.frontend import DATA_EXTRA_MODULE_URL

    card_url = f"{panel.STATIC_URL}/{panel.CARD_FILE}?v={content_version(panel.CARD_FILE)}"
    assert card_url in hass.data[DATA_EXTRA_MODULE_URL].urls
    # and what those URLs name is served
    client = await hass_client()
    for url in (module_url, card_url):
        response = await client.get(url)
        assert response.status == HTTPStatus.OK
        assert (
            await response.read()
            == (panel.FRONTEND_DIR / url.split("/")[-1].split("?")[0]).read_bytes()
        )


async def test_unloading_takes_the_panel_away_and_setup_brings_it_back(
    hass: HomeAssistant,
    entry_with_frontend: MockConfigEntry,
    hass_ws_client: WebSocketGenerator,
) -> None:
    from homeassistant.components.frontend import DATA_EXTRA_MODULE_URL

    def card_loaded() -> bool:
        return any(panel.CARD_FILE in url for url in hass.data[DATA_EXTRA_MODULE_URL].urls)

    ws = await hass_ws_client(hass)
    assert card_loaded()
    assert await hass.config_entries.async_unload(entry_with_frontend.entry_id)
    await hass.async_block_till_done()
    assert PANEL_URL_PATH not in await sidebar(hass, ws)
    # dashboards no longer load a card whose commands are gone
    assert not card_loaded()

    assert await hass.config_entries.async_setup(entry_with_frontend.entry_id)
    await hass.async_block_till_done()
    assert PANEL_URL_PATH in await sidebar(hass, ws)
    assert card_loaded()
    # registering again while it is there (a second set-up path) keeps the one entry
    await panel.async_register_panel(hass)
    assert PANEL_URL_PATH in await sidebar(hass, ws)
