"""The repair issue for Access Log rows the database keeps refusing.

One refused row is retried quietly (a busy or restarting database); when a retry fails too, rows
are piling up on disk and an admin should look at the database: the issue says how many wait.
It goes away on its own once every kept row is written.
"""

from __future__ import annotations

from typing import Final

from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers import issue_registry as ir

from .const import DOMAIN

ISSUE_LOG_ROWS_WAITING: Final = "log_rows_waiting"


@callback
def async_update_backlog_issue(hass: HomeAssistant, waiting: int, cap: int) -> None:
    """Raise the issue while rows wait after a failed retry; drop it when none wait."""
    if waiting <= 0:
        ir.async_delete_issue(hass, DOMAIN, ISSUE_LOG_ROWS_WAITING)
        return
    ir.async_create_issue(
        hass,
        DOMAIN,
        ISSUE_LOG_ROWS_WAITING,
        is_fixable=False,
        is_persistent=False,
        severity=ir.IssueSeverity.ERROR,
        translation_key=ISSUE_LOG_ROWS_WAITING,
        translation_placeholders={"count": str(waiting), "cap": str(cap)},
    )
