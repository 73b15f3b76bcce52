"""Config flow (one instance) and an options flow for the settings."""

from __future__ import annotations

from typing import Any

import voluptuous as vol
from homeassistant.config_entries import (
    ConfigEntryState,
    ConfigFlow,
    ConfigFlowResult,
    OptionsFlow,
)
from homeassistant.const import UnitOfTime
from homeassistant.core import callback
from homeassistant.helpers.selector import (
    NumberSelector,
    NumberSelectorConfig,
    NumberSelectorMode,
)

from .const import DOMAIN, NAME
from .errors import GemAccessError
from .types import GemAccessConfigEntry


class GemAccessConfigFlow(ConfigFlow, domain=DOMAIN):
    """Set up GEM Access; everything else is configured in its panel."""

    VERSION = 1

    async def async_step_user(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        """Confirm and create the single entry."""
        await self.async_set_unique_id(DOMAIN)
        self._abort_if_unique_id_configured()
        if user_input is not None:
            return self.async_create_entry(title=NAME, data={})
        return self.async_show_form(step_id="user")

    @staticmethod
    @callback
    def async_get_options_flow(config_entry: GemAccessConfigEntry) -> OptionsFlow:
        """Settings live in the integration's store; the options flow edits them there."""
        return GemAccessOptionsFlow()


class GemAccessOptionsFlow(OptionsFlow):
    """Edit the settings."""

    async def async_step_init(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        """Show and save the settings."""
        entry: GemAccessConfigEntry = self.config_entry
        if entry.state is not ConfigEntryState.LOADED:
            # the settings live in the running integration's store; a stale runtime_data from an
            # earlier load would be saved nowhere
            return self.async_abort(reason="not_loaded")
        store = entry.runtime_data.config
        errors: dict[str, str] = {}
        current = store.settings
        if user_input is not None:
            fields = settings_from_form(user_input)
            if fields["facial_recognition_enabled"] and not fields["privacy_acknowledged"]:
                # on (or kept on) only with the acknowledgement ticked in this very save
                errors["base"] = "privacy_acknowledgement_required"
            else:
                try:
                    await store.async_update_settings(fields)
                except GemAccessError as err:
                    errors["base"] = err.translation_key or "unknown"
                else:
                    return self.async_create_entry(data={})
            current = {**current, **fields}
        return self.async_show_form(
            step_id="init", data_schema=settings_schema(current), errors=errors
        )


def settings_from_form(user_input: dict[str, Any]) -> dict[str, Any]:
    """The settings update a saved form means.

    An empty held-open threshold is left out of the submission by the frontend: it means "no
    held-open alarm by default" and is stored as None, not replaced by a number.
    """
    fields = dict(user_input)
    fields.setdefault("default_held_open_threshold_sec", None)
    fields["privacy_acknowledged"] = bool(fields.get("privacy_acknowledged", False))
    fields["facial_recognition_enabled"] = bool(fields.get("facial_recognition_enabled", False))
    return fields


def _number(minimum: int, maximum: int, unit: str) -> vol.All:
    """A whole number typed in a box, with its unit shown beside it."""
    return vol.All(
        NumberSelector(
            NumberSelectorConfig(
                min=minimum,
                max=maximum,
                step=1,
                mode=NumberSelectorMode.BOX,
                unit_of_measurement=unit,
            )
        ),
        vol.Coerce(int),
    )


def settings_schema(current: dict[str, Any]) -> vol.Schema:
    """The form, prefilled with the stored values as they are (None stays empty)."""
    days, seconds = UnitOfTime.DAYS, UnitOfTime.SECONDS
    return vol.Schema(
        {
            vol.Required("retention_days", default=current["retention_days"]): _number(
                0, 36500, days
            ),
            vol.Required(
                "snapshot_retention_days", default=current["snapshot_retention_days"]
            ): _number(0, 36500, days),
            vol.Required("cooldown_failures", default=current["cooldown_failures"]): _number(
                0, 100, "attempts"
            ),
            vol.Required("cooldown_window_s", default=current["cooldown_window_s"]): _number(
                1, 86400, seconds
            ),
            vol.Required("cooldown_s", default=current["cooldown_s"]): _number(0, 86400, seconds),
            vol.Required("forced_grace_s", default=current["forced_grace_s"]): _number(
                0, 300, seconds
            ),
            # a suggested value, not a default: a default would fill an emptied field back in
            vol.Optional(
                "default_held_open_threshold_sec",
                description={"suggested_value": current["default_held_open_threshold_sec"]},
            ): _number(5, 86400, seconds),
            vol.Required(
                "facial_recognition_enabled", default=current["facial_recognition_enabled"]
            ): bool,
            # ticked exactly when an acknowledgement is on record; unticking withdraws it
            vol.Required(
                "privacy_acknowledged", default=bool(current.get("privacy_acknowledged"))
            ): bool,
        }
    )
