"""The Access Log sidebar panel and the dashboard card: static files and registration."""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path
from typing import Final

from homeassistant.components.http import StaticPathConfig
from homeassistant.core import HomeAssistant

from .const import DOMAIN, PANEL_URL_PATH

_LOGGER = logging.getLogger(__name__)

FRONTEND_DIR: Final = Path(__file__).parent / "frontend"
STATIC_URL: Final = "/gem_access_static"
PANEL_FILE: Final = "gem-access-panel.js"
CARD_FILE: Final = "gem-access-log-card.js"
PANEL_ELEMENT: Final = "gem-access-panel"
_CARD_URL_KEY: Final = f"{DOMAIN}_card_url"


def _version(path: Path) -> str:
    """Content hash for cache busting: a new build is never served from a stale cache."""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()[:12]
    except OSError:
        return "missing"


async def async_register_static(hass: HomeAssistant) -> None:
    """Serve the built bundle (once per HA run)."""
    await hass.http.async_register_static_paths(
        [StaticPathConfig(STATIC_URL, str(FRONTEND_DIR), cache_headers=False)]
    )


async def async_register_panel(hass: HomeAssistant) -> None:
    """Add the admin-only Access Log panel to the sidebar, and load the card everywhere."""
    if "frontend" not in hass.config.components:
        # tests and headless installs run without the frontend; the API works regardless
        return
    from homeassistant.components import frontend, panel_custom

    panel_version, card_version = await hass.async_add_executor_job(
        lambda: (_version(FRONTEND_DIR / PANEL_FILE), _version(FRONTEND_DIR / CARD_FILE))
    )
    if PANEL_URL_PATH in hass.data.get("frontend_panels", {}):
        return
    await panel_custom.async_register_panel(
        hass,
        frontend_url_path=PANEL_URL_PATH,
        webcomponent_name=PANEL_ELEMENT,
        sidebar_title="Access Log",
        sidebar_icon="mdi:door-closed-lock",
        module_url=f"{STATIC_URL}/{PANEL_FILE}?v={panel_version}",
        require_admin=True,
        config={"domain": DOMAIN},
    )
    card_url = f"{STATIC_URL}/{CARD_FILE}?v={card_version}"
    frontend.add_extra_js_url(hass, card_url)
    hass.data[_CARD_URL_KEY] = card_url


def async_remove_panel(hass: HomeAssistant) -> None:
    """Take the panel out of the sidebar (entry unloaded)."""
    if "frontend" not in hass.config.components:
        return
    from homeassistant.components import frontend

    frontend.async_remove_panel(hass, PANEL_URL_PATH)
    # dashboards stop loading a card whose commands are gone (until the integration is back)
    if (card_url := hass.data.pop(_CARD_URL_KEY, None)) is not None:
        frontend.remove_extra_js_url(hass, card_url)
