"""The access path in Home Assistant: decide, act, record, announce."""

from __future__ import annotations

import base64
import binascii
import logging
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urlparse

from homeassistant.core import Context, HomeAssistant, callback
from homeassistant.helpers.dispatcher import async_dispatcher_send
from homeassistant.helpers.event import async_call_later
from homeassistant.util import dt as dt_util

from . import actions
from .config_store import ConfigStore
from .const import EVENT_ACCESS, SIGNAL_ACCESS_EVENT, SIGNAL_LOCKDOWN
from .core.codes import AccessType, MatchStatus, Reason, Result
from .core.door_monitor import DoorEvent, DoorEventKind
from .core.engine import AccessEngine, AccessRequest, Decision
from .core.models import AccessDevice, Door
from .errors import GemAccessError
from .logstore.errors import LogStoreError
from .logstore.rows import NewLogEntry
from .logstore.store import LogStore

_LOGGER = logging.getLogger(__name__)

MAX_SNAPSHOT_BYTES = 5 * 1024 * 1024
PENDING_KEY = "pending_rows"
PENDING_RETRY_S = 30.0
_DATA_URI_RE = re.compile(r"^data:(image/(?:jpeg|png|webp)|video/(?:mp4|webm));base64,(.+)$", re.S)

type RowListener = Callable[[str, dict[str, Any]], None]


@dataclass(slots=True)
class Timing:
    """How long the last request took (read by the benchmark)."""

    decision_s: float = 0.0
    total_s: float = 0.0


def valid_snapshot(value: Any) -> str | None:
    """Return the snapshot if it is a base64 image/video data URI or an https URL, else None."""
    if not isinstance(value, str) or not value:
        return None
    if value.startswith("data:"):
        match = _DATA_URI_RE.match(value)
        if not match or len(value) > MAX_SNAPSHOT_BYTES * 4 // 3 + 64:
            return None
        try:
            base64.b64decode(match.group(2), validate=True)
        except (binascii.Error, ValueError):
            return None
        return value
    parsed = urlparse(value)
    if parsed.scheme == "https" and parsed.netloc and len(value) <= 4096:
        return value
    return None


class AccessController:
    """Owns the engine and the log; every access event goes through ``_async_record``."""

    def __init__(
        self,
        hass: HomeAssistant,
        entry_id: str,
        config: ConfigStore,
        logs: LogStore,
        engine: AccessEngine,
    ) -> None:
        """Wire the parts together."""
        self.hass = hass
        self.entry_id = entry_id
        self.config = config
        self.logs = logs
        self.engine = engine
        self.timing = Timing()
        self._row_listeners: list[RowListener] = []
        self._retry_unsub: Callable[[], None] | None = None
        # door hooks, set by the door watcher
        self.on_authorized: Callable[[Door, float | None], None] = lambda door, threshold: None
        self.after_release: Callable[[Door], None] = lambda door: None

    # --- lockdown -----------------------------------------------------------------------------

    @property
    def lockdown(self) -> bool:
        """Whether every credential is refused."""
        return self.engine.lockdown

    @callback
    def async_set_lockdown(self, active: bool) -> None:
        """Start or end a lockdown; it survives restarts."""
        self.engine.lockdown = active
        self.config.set_state("lockdown", active)
        async_dispatcher_send(self.hass, SIGNAL_LOCKDOWN.format(self.entry_id), active)

    # --- listeners (live log) -----------------------------------------------------------------

    @callback
    def async_add_row_listener(self, listener: RowListener) -> Callable[[], None]:
        """Call ``listener(kind, row)`` for every new ("added") or changed ("updated") row."""
        self._row_listeners.append(listener)
        return lambda: self._row_listeners.remove(listener)

    @callback
    def _notify_rows(self, kind: str, row: dict[str, Any]) -> None:
        for listener in list(self._row_listeners):
            try:
                listener(kind, row)
            except Exception:
                _LOGGER.exception("Access log listener failed")

    # --- the credential path ------------------------------------------------------------------

    def device(self, device_id: Any) -> AccessDevice:
        """The reader with this id, or a translated error."""
        device = self.engine.config.devices.get(device_id) if isinstance(device_id, str) else None
        if device is None:
            raise GemAccessError("unknown_device", "not_found", id=device_id)
        return device

    async def async_present(
        self,
        device_id: str,
        access_type: AccessType,
        credential: str | None,
        snapshot: Any = None,
        context: Context | None = None,
    ) -> dict[str, Any]:
        """Handle one credential (or exit request) at a reader; returns once the row is stored."""
        started = time.perf_counter()
        device = self.device(device_id)
        now = dt_util.utcnow()
        decision = self.engine.decide(
            AccessRequest(device.id, access_type, credential), now, dt_util.get_default_time_zone()
        )
        self.timing.decision_s = time.perf_counter() - started
        door = self.engine.config.doors.get(device.door_id)
        result, reason, details = decision.result, decision.reason, None
        if decision.granted and door is not None:
            result, reason, details = await self._async_carry_out(
                decision, device, door, access_type, context
            )
        if snapshot is not None and valid_snapshot(snapshot) is None:
            _LOGGER.warning(
                "Ignoring snapshot for reader %s: not a data URI or https URL", device.name
            )
            snapshot = None
        entry = NewLogEntry(
            timestamp=now,
            user_id=decision.user_id,
            user_name=decision.user_name,
            device_id=device.id,
            device_name=device.name,
            door_id=door.id if door else device.door_id,
            door_name=door.name if door else None,
            access_type=access_type.value,
            result=result.value,
            reason=reason.value,
            action_details=details or decision.detail,
            match_status=(
                MatchStatus.ANONYMOUS if decision.user_id is None else MatchStatus.OFF
            ).value,
            snapshot=snapshot,
        )
        row = await self._async_record(entry, context)
        self.timing.total_s = time.perf_counter() - started
        return {
            "log_id": row["id"],
            "result": row["result"],
            "reason": row["reason"],
            "user_id": row["user_id"],
        }

    async def _async_carry_out(
        self,
        decision: Decision,
        device: AccessDevice,
        door: Door,
        access_type: AccessType,
        context: Context | None,
    ) -> tuple[Result, Reason, str | None]:
        """Open the door and run scripts; a failure turns the row into an error."""
        rule = decision.rule
        self.on_authorized(door, rule.held_open_threshold_sec if rule else None)
        details: list[str] = []
        failure: str | None = None
        try:
            details.append(await actions.async_release(self.hass, door, context))
            self.after_release(door)
        except actions.ActionError as err:
            failure = str(err)
        variables = {
            "user_id": decision.user_id,
            "user_name": decision.user_name,
            "device_id": device.id,
            "device_name": device.name,
            "door_id": door.id,
            "door_name": door.name,
            "access_type": access_type.value,
            # the rule's script sees an ordinary grant, so nothing it does can reveal a duress PIN
            "result": Result.GRANTED.value,
        }
        if rule and rule.script_entity_id and failure is None:
            try:
                await actions.async_run_script(self.hass, rule.script_entity_id, variables, context)
                details.append(f"ran {rule.script_entity_id}")
            except actions.ActionError as err:
                failure = str(err)
        if decision.duress:
            if rule and rule.duress_script_entity_id:
                try:
                    await actions.async_run_script(
                        self.hass,
                        rule.duress_script_entity_id,
                        {**variables, "reason": Reason.DURESS.value},
                        context,
                    )
                    details.append(f"duress: ran {rule.duress_script_entity_id}")
                except actions.ActionError as err:
                    _LOGGER.warning("Duress script failed for door %s: %s", door.name, err)
                    details.append(f"duress script failed: {err}")
            if failure:
                details.append(failure)
            # a duress row stays duress even if an action failed: the alarm must not be lost
            return Result.GRANTED, Reason.DURESS, "; ".join(details)
        if failure is not None:
            details.append(failure)
            return Result.ERROR, Reason.ACTION_FAILED, "; ".join(details)
        return decision.result, decision.reason, "; ".join(details)

    async def async_remote_unlock(self, door: Door, context: Context | None) -> dict[str, Any]:
        """Unlock a door from Home Assistant (the door's lock entity); logged like a grant."""
        if self.lockdown:
            raise GemAccessError("lockdown_active", "conflict")
        self.on_authorized(door, None)
        now = dt_util.utcnow()
        try:
            details = await actions.async_release(self.hass, door, context)
            self.after_release(door)
            result, reason = Result.GRANTED, Reason.SUCCESS
        except actions.ActionError as err:
            details, result, reason = str(err), Result.ERROR, Reason.ACTION_FAILED
        user_name = None
        if context is not None and context.user_id:
            user = await self.hass.auth.async_get_user(context.user_id)
            user_name = user.name if user else None
        entry = NewLogEntry(
            timestamp=now,
            user_id=None,
            user_name=user_name,
            device_id=None,
            device_name=None,
            door_id=door.id,
            door_name=door.name,
            access_type=None,
            result=result.value,
            reason=reason.value,
            action_details=f"remote unlock from Home Assistant: {details}",
            match_status=MatchStatus.ANONYMOUS.value,
        )
        return await self._async_record(entry, context)

    async def async_door_event(self, event: DoorEvent) -> None:
        """Log a forced or held-open door."""
        door = self.engine.config.doors.get(event.door_id)
        if event.kind is DoorEventKind.FORCED:
            result, reason = Result.FORCED, Reason.FORCED_DOOR
            details = "door opened without an authorised unlock"
        else:
            result, reason = Result.HELD_OPEN, Reason.HELD_OPEN
            details = f"open for {event.open_for_s:.0f} s (threshold {event.threshold_s:g} s)"
            if event.reminder:
                details += f", reminder {event.reminder}"
        entry = NewLogEntry(
            timestamp=datetime.fromtimestamp(event.at, dt_util.UTC),
            user_id=None,
            user_name=None,
            device_id=None,
            device_name=None,
            door_id=event.door_id,
            door_name=door.name if door else None,
            access_type=None,
            result=result.value,
            reason=reason.value,
            action_details=details,
            match_status=MatchStatus.ANONYMOUS.value,
        )
        await self._async_record(entry, None)

    # --- faults reported by reader drivers (readers.py) ---
    async def async_device_error(self, device_id: str, details: str) -> dict[str, Any]:
        """Log a reader fault (disconnected, silent): ``result=error, reason=device_error``."""
        device = self.device(device_id)
        door = self.engine.config.doors.get(device.door_id)
        entry = NewLogEntry(
            timestamp=dt_util.utcnow(),
            device_id=device.id,
            device_name=device.name,
            door_id=door.id if door else device.door_id,
            door_name=door.name if door else None,
            access_type=None,
            result=Result.ERROR.value,
            reason=Reason.DEVICE_ERROR.value,
            action_details=details,
            match_status=MatchStatus.ANONYMOUS.value,
        )
        return await self._async_record(entry, None)

    async def _async_record(self, entry: NewLogEntry, context: Context | None) -> dict[str, Any]:
        """Store the row (committed), then tell the bus, the entities and live subscribers.

        If the database refuses the row even after the log store's retries, the event is still
        announced (with ``log_id`` None), kept in persisted storage and written when the
        database accepts writes again: an access event is never dropped.
        """
        try:
            row = await self.logs.async_insert(entry)
        except LogStoreError as err:
            _LOGGER.error(  # noqa: TRY400 - the cause is in the message; no traceback needed
                "Access event kept for a later write, the database refused it: %s", err
            )
            self._keep_pending(entry)
            row = entry.to_row(0) | {"id": None}
            self._fire(row, context)
            return row
        self._fire(row, context)
        self._notify_rows("added", row)
        return row

    def _fire(self, row: dict[str, Any], context: Context | None) -> None:
        self.hass.bus.async_fire(
            EVENT_ACCESS,
            {
                "log_id": row["id"],
                "timestamp": row["timestamp"],
                "access_type": row["access_type"],
                "result": row["result"],
                "reason": row["reason"],
                "user_id": row["user_id"],
                "user_name": row["user_name"],
                "device_id": row["device_id"],
                "device_name": row["device_name"],
                "door_id": row["door_id"],
                "door_name": row["door_name"],
                "action_details": row["action_details"],
            },
            context=context,
        )
        async_dispatcher_send(self.hass, SIGNAL_ACCESS_EVENT.format(self.entry_id), row)

    # --- rows the database refused, written later -----------------------------------------------

    def _keep_pending(self, entry: NewLogEntry) -> None:
        pending = list(self.config.get_state(PENDING_KEY, []))
        values = entry.column_values()
        values.pop("snapshot", None)  # media is best effort; the access event is not
        pending.append(values)
        self.config.set_state(PENDING_KEY, pending)
        if self._retry_unsub is None:
            self._retry_unsub = async_call_later(self.hass, PENDING_RETRY_S, self._retry_pending)

    async def _retry_pending(self, _now: datetime | None = None) -> None:
        self._retry_unsub = None
        await self.async_flush_pending()

    async def async_flush_pending(self) -> None:
        """Write rows kept from a database outage, oldest first."""
        pending: list[dict[str, Any]] = list(self.config.get_state(PENDING_KEY, []))
        while pending:
            values = dict(pending[0])
            entry = NewLogEntry(
                timestamp=datetime.fromtimestamp(values.pop("ts"), dt_util.UTC), **values
            )
            try:
                row = await self.logs.async_insert(entry)
            except LogStoreError:
                self._retry_unsub = async_call_later(
                    self.hass, PENDING_RETRY_S, self._retry_pending
                )
                return
            pending.pop(0)
            self.config.set_state(PENDING_KEY, pending)
            self._notify_rows("added", row)

    @callback
    def async_stop(self) -> None:
        """Cancel the pending-row retry timer."""
        if self._retry_unsub is not None:
            self._retry_unsub()
            self._retry_unsub = None
