"""Repair flows: the fixes an admin confirms from Settings > Repairs."""

from __future__ import annotations

from typing import Any

from homeassistant import data_entry_flow
from homeassistant.components.repairs import ConfirmRepairFlow, RepairsFlow
from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import HomeAssistant

from .config_store import ISSUE_CREDENTIAL_KEY, SECRET_STORAGE_KEY
from .const import DOMAIN
from .types import GemAccessConfigEntry

KEY_FILE = f".storage/{SECRET_STORAGE_KEY}"


class NewCredentialKeyFlow(RepairsFlow):
    """Replace a lost credential key only when the admin says so: it forgets every PIN and card."""

    async def async_step_init(
        self, user_input: dict[str, str] | None = None
    ) -> data_entry_flow.FlowResult:
        """Start at the confirmation."""
        return await self.async_step_confirm()

    async def async_step_confirm(
        self, user_input: dict[str, str] | None = None
    ) -> data_entry_flow.FlowResult:
        """Make the new key, clear the old hashes and reload so the engine uses the new key."""
        if user_input is None:
            return self.async_show_form(
                step_id="confirm", description_placeholders={"file": KEY_FILE}
            )
        entry = _loaded_entry(self.hass)
        if entry is None:
            return self.async_abort(reason="not_loaded")
        await entry.runtime_data.config.async_replace_credential_key()
        self.hass.config_entries.async_schedule_reload(entry.entry_id)
        return self.async_create_entry(data={})


def _loaded_entry(hass: HomeAssistant) -> GemAccessConfigEntry | None:
    for entry in hass.config_entries.async_entries(DOMAIN):
        if entry.state is ConfigEntryState.LOADED:
            return entry  # type: ignore[no-any-return]
    return None


async def async_create_fix_flow(
    hass: HomeAssistant, issue_id: str, data: dict[str, Any] | None
) -> RepairsFlow:
    """The flow that fixes an issue of ours."""
    if issue_id == ISSUE_CREDENTIAL_KEY:
        return NewCredentialKeyFlow()
    return ConfirmRepairFlow()
