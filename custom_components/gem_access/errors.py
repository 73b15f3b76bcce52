"""Errors with a websocket error code and a translated message."""

from __future__ import annotations

from homeassistant.exceptions import ServiceValidationError

from .const import DOMAIN

# websocket error codes (HA's own where one fits)
CODE_NOT_FOUND = "not_found"
CODE_INVALID = "invalid_format"
CODE_IN_USE = "in_use"
CODE_CONFLICT = "conflict"


class GemAccessError(ServiceValidationError):
    """Bad input: nothing was changed. The message comes from strings.json ``exceptions``."""

    def __init__(self, key: str, code: str = CODE_INVALID, **placeholders: object) -> None:
        """Build a translated error from its key."""
        super().__init__(
            translation_domain=DOMAIN,
            translation_key=key,
            translation_placeholders={k: str(v) for k, v in placeholders.items()},
        )
        self.code = code
