"""Services: present a credential (virtual readers, ESPHome keypads, scripts) and purge old logs."""

from __future__ import annotations

from typing import Any

import voluptuous as vol
from homeassistant.core import (
    HomeAssistant,
    ServiceCall,
    ServiceResponse,
    SupportsResponse,
    callback,
)
from homeassistant.exceptions import Unauthorized
from homeassistant.helpers import config_validation as cv
from homeassistant.util import dt as dt_util

from .const import DOMAIN, SERVICE_DELETE_OLD_LOGS, SERVICE_PRESENT_CREDENTIAL
from .core.codes import AccessType
from .errors import GemAccessError
from .retention import async_delete_old_logs
from .types import GemAccessConfigEntry

_PRESENT_FIELDS = vol.Schema(
    {
        vol.Required("device_id"): cv.string,
        vol.Required("access_type"): vol.In([t.value for t in AccessType]),
        vol.Optional("credential"): vol.Any(None, cv.string),
        vol.Optional("snapshot"): vol.Any(None, str),
    }
)
REDACTED = "**REDACTED**"


def _present_schema(data: dict[str, Any]) -> dict[str, Any]:
    """Validate a copy, then blank the secret in the caller's dict.

    Home Assistant puts this very dict into the ``call_service`` event (recorded in the database
    and printed by debug logging) right after validation; blanking it here keeps PINs and card
    numbers out of both. Snapshots are shortened for the same reason: they can be megabytes.
    """
    raw = dict(data)
    if isinstance(data.get("credential"), str | int):
        data["credential"] = REDACTED
    snapshot = data.get("snapshot")
    if isinstance(snapshot, str) and len(snapshot) > 64:
        data["snapshot"] = f"{snapshot[:32]}... ({len(snapshot)} characters)"
    validated: dict[str, Any] = _PRESENT_FIELDS(raw)
    return validated


PRESENT_SCHEMA = vol.Schema(_present_schema)
DELETE_SCHEMA = vol.Schema({vol.Required("keep_days"): object})


def loaded_entry(hass: HomeAssistant) -> GemAccessConfigEntry:
    """The one loaded GEM Access entry, or a translated error."""
    entries: list[GemAccessConfigEntry] = hass.config_entries.async_loaded_entries(DOMAIN)
    if not entries:
        raise GemAccessError("not_loaded", "not_loaded")
    return entries[0]


async def _require_admin(hass: HomeAssistant, call: ServiceCall) -> None:
    """Users must be admins; automations and scripts (no user) may call."""
    if call.context.user_id is None:
        return
    user = await hass.auth.async_get_user(call.context.user_id)
    if user is None or not user.is_admin:
        raise Unauthorized(context=call.context)


def parse_keep_days(value: Any) -> int:
    """A whole, non-negative number of days (the deletion cannot be undone)."""
    if isinstance(value, bool):
        raise GemAccessError("invalid_keep_days")
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if not isinstance(value, int) or value < 0 or value > 36500:
        raise GemAccessError("invalid_keep_days")
    return value


@callback
def async_setup_services(hass: HomeAssistant) -> None:
    """Register the services."""

    async def present_credential(call: ServiceCall) -> ServiceResponse:
        await _require_admin(hass, call)
        entry = loaded_entry(hass)
        access_type = AccessType(call.data["access_type"])
        credential = call.data.get("credential")
        if access_type is not AccessType.REX and not credential:
            raise GemAccessError("credential_required")
        return await entry.runtime_data.controller.async_present(
            call.data["device_id"],
            access_type,
            credential if access_type is not AccessType.REX else None,
            call.data.get("snapshot"),
            call.context,
        )

    async def delete_old_logs(call: ServiceCall) -> ServiceResponse:
        await _require_admin(hass, call)
        keep_days = parse_keep_days(call.data["keep_days"])
        entry = loaded_entry(hass)
        # the rows' media files go with them
        deleted = await async_delete_old_logs(hass, entry, keep_days, dt_util.utcnow())
        return {"deleted": deleted}

    hass.services.async_register(
        DOMAIN,
        SERVICE_PRESENT_CREDENTIAL,
        present_credential,
        PRESENT_SCHEMA,
        supports_response=SupportsResponse.OPTIONAL,
    )
    hass.services.async_register(
        DOMAIN,
        SERVICE_DELETE_OLD_LOGS,
        delete_old_logs,
        DELETE_SCHEMA,
        supports_response=SupportsResponse.OPTIONAL,
    )
