"""The repair issue that follows the upgrade to ``rex_allowed``: review the readers kept as exits."""

from __future__ import annotations

from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers import issue_registry as ir

from .config_store import ConfigStore
from .const import DOMAIN

ISSUE_ID = "rex_review"


@callback
def async_update_rex_review(hass: HomeAssistant, config: ConfigStore) -> None:
    """Show the readers the migration marked as exit devices until the admin chose for each."""
    devices = config.items("devices")
    names = [
        devices[device_id]["name"]
        for device_id in config.rex_review()
        if device_id in devices and devices[device_id].get("rex_allowed")
    ]
    if not names:
        ir.async_delete_issue(hass, DOMAIN, ISSUE_ID)
        return
    ir.async_create_issue(
        hass,
        DOMAIN,
        ISSUE_ID,
        is_fixable=False,
        severity=ir.IssueSeverity.WARNING,
        translation_key=ISSUE_ID,
        translation_placeholders={"devices": ", ".join(sorted(names))},
    )
