"""The access path in Home Assistant: decide, act, record, announce."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypedDict, Unpack

from homeassistant.auth.models import User
from homeassistant.core import Context, HomeAssistant, callback
from homeassistant.helpers.dispatcher import async_dispatcher_send
from homeassistant.helpers.event import async_call_later
from homeassistant.util import dt as dt_util

from . import actions
from .backlog_issue import async_update_backlog_issue
from .config_store import ConfigStore
from .const import EVENT_ACCESS, EVENT_BRUTE_FORCE, SIGNAL_ACCESS_EVENT, SIGNAL_LOCKDOWN
from .core.codes import AccessType, MatchStatus, Reason, Result
from .core.door_monitor import DoorEvent, DoorEventKind
from .core.engine import AccessEngine, AccessRequest, Decision
from .core.models import AccessDevice, Door
from .entity_ids import EVENT_LOGBOOK, logbook_event_data
from .errors import GemAccessError
from .logstore.errors import LogStoreError
from .logstore.rows import LogUpdate, NewLogEntry
from .logstore.store import LogStore
from .media.capture import MediaCapture
from .media.validation import async_valid_snapshot
from .pending_rows import FLUSH_BATCH, async_get_pending_rows, lost_events_entry
from .runtime_state import RuntimeState

_LOGGER = logging.getLogger(__name__)

# where rows the database refused were kept before pending_rows.py (migrated from there)
PENDING_KEY = "pending_rows"
PENDING_RETRY_S = 30.0

type RowListener = Callable[[str, dict[str, Any]], None]


@dataclass(slots=True)
class Timing:
    """How long the last request took (read by the benchmark)."""

    decision_s: float = 0.0
    total_s: float = 0.0


class _Audit(TypedDict, total=False):
    ha_user_id: str | None
    context_id: str | None


def _audit(context: Context | None) -> _Audit:
    """Who asked, for the row: the HA user (None for automations and readers) and the context."""
    if context is None:
        return {}
    return {"ha_user_id": context.user_id, "context_id": context.id}


class AccessController:
    """Owns the engine and the log; every access event goes through ``_async_record``."""

    def __init__(
        self,
        hass: HomeAssistant,
        entry_id: str,
        config: ConfigStore,
        state: RuntimeState,
        logs: LogStore,
        engine: AccessEngine,
    ) -> None:
        """Wire the parts together."""
        self.hass = hass
        self.entry_id = entry_id
        self.config = config
        self.state = state
        self.logs = logs
        self.engine = engine
        self.timing = Timing()
        self._row_listeners: list[RowListener] = []
        self._retry_unsub: Callable[[], None] | None = None
        self._pending = async_get_pending_rows(hass)
        self._capture: MediaCapture | None = None
        # door hooks, set by the door watcher
        self.on_authorized: Callable[[Door, float | None], None] = lambda door, threshold: None
        self.after_release: Callable[[Door], None] = lambda door: None

    # --- lockdown -----------------------------------------------------------------------------

    @property
    def lockdown(self) -> bool:
        """Whether every credential is refused."""
        return self.engine.lockdown

    async def async_set_lockdown(self, active: bool, context: Context | None = None) -> None:
        """Start or end a lockdown (it survives restarts); each change is a row in the log.

        Anyone may start one (a panic button by the door); only admins and automations (no
        user in the context) may end it.
        """
        user = await self._async_ha_user(context)
        if not active and user is not None and not user.is_admin:
            raise GemAccessError("lockdown_end_admin_only", "unauthorized")
        if active == self.engine.lockdown:
            return
        self.engine.lockdown = active
        self.state.set("lockdown", active)
        async_dispatcher_send(self.hass, SIGNAL_LOCKDOWN.format(self.entry_id), active)
        who = f"by {user.name}" if user is not None else "by an automation"
        # denied: from now on every credential is refused; granted: access works again.
        # Reason `lockdown` files the start, the refusals and the end under one filter.
        entry = NewLogEntry(
            timestamp=dt_util.utcnow(),
            result=(Result.DENIED if active else Result.GRANTED).value,
            reason=Reason.LOCKDOWN.value,
            action_details=f"lockdown {'started' if active else 'ended'} {who}",
            match_status=MatchStatus.ANONYMOUS.value,
            **_audit(context),
        )
        await self._async_record(entry, context)

    async def _async_ha_user(self, context: Context | None) -> User | None:
        if context is None or context.user_id is None:
            return None
        return await self.hass.auth.async_get_user(context.user_id)

    async def async_update_row(
        self, log_id: int, **fields: Unpack[LogUpdate]
    ) -> dict[str, Any] | None:
        """Change a stored row (snapshot, match score) and push it to live subscribers.

        Returns the row, or None when it is gone (purged) or the database refused the change;
        enrichment after the fact is best effort and never raises into the access path.
        """
        try:
            row = await self.logs.async_update(log_id, **fields)
        except LogStoreError as err:
            _LOGGER.warning("Could not update access log row %s: %s", log_id, err)
            return None
        if row is not None:
            self._notify_rows("updated", row)
        return row

    def use_capture(self, capture: MediaCapture) -> None:
        """Take event pictures with ``capture`` after each stored row (it updates rows through us)."""
        self._capture = capture

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
        *,
        wait_row: bool = True,
    ) -> dict[str, Any]:
        """Handle one credential (or exit request) at a reader.

        The door is acted on before anything touches the database. With ``wait_row`` the call
        returns once the row is stored; without it (reader drivers) it returns right after the
        door action, ``log_id`` None, while the row is written in the background, in order.
        """
        started = time.perf_counter()
        device = self.device(device_id)
        now = dt_util.utcnow()
        decision = self.engine.decide(
            AccessRequest(device.id, access_type, credential), now, dt_util.get_default_time_zone()
        )
        self.timing.decision_s = time.perf_counter() - started
        door = self.engine.config.doors.get(device.door_id)
        result, reason, details = await self._async_act(
            decision, device, door, access_type, context
        )
        if snapshot is not None and await async_valid_snapshot(self.hass, snapshot) is None:
            _LOGGER.warning(
                "Ignoring snapshot for reader %s: not a data URI or https URL", device.name
            )
            snapshot = None
        # a data URI becomes a file after the row is stored; only references go into the table
        data_uri = snapshot if snapshot is not None and snapshot.startswith("data:") else None
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
            snapshot=None if data_uri is not None else snapshot,
            **_audit(context),
        )
        # its own task: the row is written even if the caller goes away, and rows of one
        # reader are queued on the log store's write lock in the order they were decided
        recording = self.hass.async_create_task(
            self._async_record(entry, context, data_uri),
            f"gem_access row at {device.id}",
            eager_start=True,
        )
        log_id: int | None = None
        if wait_row:
            log_id = (await asyncio.shield(recording))["id"]
        self.timing.total_s = time.perf_counter() - started
        return {
            "log_id": log_id,
            "result": result.value,
            "reason": reason.value,
            "user_id": decision.user_id,
        }

    async def _async_act(
        self,
        decision: Decision,
        device: AccessDevice | None,
        door: Door | None,
        access_type: AccessType,
        context: Context | None,
    ) -> tuple[Result, Reason, str | None]:
        """What a decision does, for a reader and for a code typed into HA alike.

        A grant opens the door; a duress PIN refused by a lockdown raises its alarm silently; a
        cooldown that starts is announced to automations. Returns the row's result, reason and
        details.
        """
        result, reason, details = decision.result, decision.reason, decision.detail
        if decision.granted and door is not None:
            result, reason, details = await self._async_carry_out(
                decision, device, door, access_type, context
            )
        elif decision.duress_in_lockdown:
            details = await self._async_duress_alarm(decision, device, door, access_type, context)
        if decision.cooldown is not None:
            self._fire_brute_force(decision, device, door)
        return result, reason, details

    async def _async_duress_alarm(
        self,
        decision: Decision,
        device: AccessDevice | None,
        door: Door | None,
        access_type: AccessType,
        context: Context | None,
    ) -> str:
        """A duress PIN met a lockdown: the door stays shut, the alarm still goes out silently."""
        details = [decision.detail or "duress PIN during lockdown"]
        rule = decision.rule
        if rule and rule.duress_script_entity_id:
            variables = {
                **self._script_variables(decision, device, door, access_type),
                "reason": Reason.DURESS.value,
            }
            try:
                await actions.async_run_script(
                    self.hass, rule.duress_script_entity_id, variables, context
                )
                details.append(f"duress: ran {rule.duress_script_entity_id}")
            except actions.ActionError as err:
                _LOGGER.warning("Duress script failed during lockdown: %s", err)
                details.append(f"duress script failed: {err}")
        return "; ".join(details)

    def _fire_brute_force(
        self, decision: Decision, device: AccessDevice | None, door: Door | None
    ) -> None:
        """A reader (or a door's HA code entry) started a cooldown: tell automations."""
        started = decision.cooldown
        assert started is not None
        self.hass.bus.async_fire(
            EVENT_BRUTE_FORCE,
            {
                "device_id": device.id if device else None,
                "device_name": device.name if device else None,
                "door_id": door.id if door else None,
                "door_name": door.name if door else None,
                "cooldown_s": started.duration_s,
                "until": datetime.fromtimestamp(started.until, dt_util.UTC).isoformat(),
                "streak": started.streak,
            },
        )

    @staticmethod
    def _script_variables(
        decision: Decision,
        device: AccessDevice | None,
        door: Door | None,
        access_type: AccessType,
    ) -> dict[str, Any]:
        return {
            "user_id": decision.user_id,
            "user_name": decision.user_name,
            "device_id": device.id if device else None,
            "device_name": device.name if device else None,
            "door_id": door.id if door else None,
            "door_name": door.name if door else None,
            "access_type": access_type.value,
            # the rule's script sees an ordinary grant, so nothing it does can reveal a duress PIN
            "result": Result.GRANTED.value,
        }

    async def _async_carry_out(
        self,
        decision: Decision,
        device: AccessDevice | None,
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
        variables = self._script_variables(decision, device, door, access_type)
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

    async def async_remote_unlock(
        self, door: Door, context: Context | None, code: str | None = None
    ) -> dict[str, Any]:
        """Unlock a door from Home Assistant (the door's lock entity); logged like a grant.

        Every HA account can use every entity, so only admins and automations (no user in the
        context) unlock without a code; anyone else must give a GEM PIN that would be granted at
        one of the door's readers right now, and the row is that GEM user's.
        """
        user = await self._async_ha_user(context)
        if user is not None and not user.is_admin:
            if not code:
                raise GemAccessError("unlock_code_required", "unauthorized")
            return await self._async_unlock_with_code(door, context, user, code)
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
        who = f"by {user.name}" if user is not None else "by an automation"
        entry = NewLogEntry(
            timestamp=now,
            user_id=None,
            user_name=user.name if user is not None else None,
            device_id=None,
            device_name=None,
            door_id=door.id,
            door_name=door.name,
            access_type=None,
            result=result.value,
            reason=reason.value,
            action_details=f"remote unlock from Home Assistant {who}: {details}",
            match_status=MatchStatus.ANONYMOUS.value,
            **_audit(context),
        )
        return await self._async_record(entry, context)

    async def _async_unlock_with_code(
        self, door: Door, context: Context | None, user: User, code: str
    ) -> dict[str, Any]:
        now = dt_util.utcnow()
        decision, device = self.engine.decide_code(
            door.id, code, now, dt_util.get_default_time_zone()
        )
        result, reason, details = await self._async_act(
            decision, device, door, AccessType.PIN, context
        )
        how = f"remote unlock from Home Assistant by {user.name} with a PIN"
        entry = NewLogEntry(
            timestamp=now,
            user_id=decision.user_id,
            user_name=decision.user_name,
            device_id=None,
            device_name=None,
            door_id=door.id,
            door_name=door.name,
            access_type=AccessType.PIN.value,
            result=result.value,
            reason=reason.value,
            action_details=f"{how}: {details}" if details else how,
            match_status=MatchStatus.ANONYMOUS.value,
            **_audit(context),
        )
        row = await self._async_record(entry, context)
        if result is not Result.GRANTED:
            if reason is Reason.LOCKDOWN:
                raise GemAccessError("lockdown_active", "conflict")
            if reason is Reason.COOLDOWN:
                raise GemAccessError("unlock_cooldown", "unauthorized")
            if result is Result.ERROR:
                raise GemAccessError("unlock_failed", "action_failed", details=details or "")
            raise GemAccessError("unlock_code_refused", "unauthorized")
        return row

    async def async_door_event(self, event: DoorEvent) -> None:
        """Log a forced or held-open door, or its contact's outage."""
        door = self.engine.config.doors.get(event.door_id)
        contact = door.contact_entity_id if door else None
        if event.kind is DoorEventKind.FORCED:
            result, reason = Result.FORCED, Reason.FORCED_DOOR
            details = "door opened without an authorised unlock"
        elif event.kind is DoorEventKind.CONTACT_LOST:
            result, reason = Result.ERROR, Reason.DEVICE_ERROR
            details = f"door contact unavailable: {contact}"
        elif event.kind is DoorEventKind.CONTACT_BACK_OPEN and event.closed_before:
            # closed before the outage, open after it, and no unlock since: someone opened it
            result, reason = Result.FORCED, Reason.FORCED_DOOR
            details = (
                f"door found open when its contact {contact} came back; it was closed "
                "before the outage and not unlocked since"
            )
        elif event.kind is DoorEventKind.CONTACT_BACK_OPEN:
            result, reason = Result.ERROR, Reason.DEVICE_ERROR
            details = (
                f"door found open when its contact {contact} came back; "
                "its state before the outage is unknown"
            )
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

    # --- faults reported by reader drivers (drivers/) ---
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

    async def _async_record(
        self, entry: NewLogEntry, context: Context | None, data_uri: str | None = None
    ) -> dict[str, Any]:
        """Store the row (committed), then tell the bus, the entities and live subscribers.

        Then, in the background, the event's picture (``data_uri`` from the caller, else the
        reader's camera) is stored as a file and the row updated: never before the row exists.

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
        if self._capture is not None:
            self._capture.async_schedule(row, data_uri)
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
        # the logbook's copy: no person, no duress, tied to the reader's (or door's) entity
        self.hass.bus.async_fire(
            EVENT_LOGBOOK, logbook_event_data(self.hass, self.entry_id, row), context=context
        )
        async_dispatcher_send(self.hass, SIGNAL_ACCESS_EVENT.format(self.entry_id), row)

    # --- rows the database refused, written later -----------------------------------------------

    def _keep_pending(self, entry: NewLogEntry) -> None:
        """Append the row to the on-disk backlog (bounded) and retry it later."""
        values = entry.column_values()
        values.pop("snapshot", None)  # media is best effort; the access event is not
        self._pending.add(values)
        self._schedule_pending_retry()

    def _schedule_pending_retry(self) -> None:
        if self._retry_unsub is None:
            self._retry_unsub = async_call_later(self.hass, PENDING_RETRY_S, self._retry_pending)

    async def _retry_pending(self, _now: datetime | None = None) -> None:
        self._retry_unsub = None
        await self.async_flush_pending()

    async def async_flush_pending(self) -> None:
        """Write rows kept from a database outage, oldest first, then report any not kept.

        Rows kept by older versions (a list in the configuration) move to the backlog first.
        """
        legacy = self.state.get(PENDING_KEY)
        if legacy:
            await self._pending.async_import([dict(values) for values in legacy])
            self.state.set(PENDING_KEY, [])
            await self.state.async_flush()  # saved at once: imported twice would be duplicates
        async with self._pending.flush_lock:
            while batch := await self._pending.async_read(FLUSH_BATCH):
                for item in batch:
                    try:
                        row = await self._async_insert_pending(item.values)
                    except LogStoreError:
                        await self._pending.async_compact()
                        self._schedule_pending_retry()
                        # refused again: rows pile up, the admin should look at the database
                        async_update_backlog_issue(self.hass, len(self._pending), self._pending.cap)
                        return
                    await self._pending.async_done([item], lost=row is None)
                    if row is not None:
                        self._notify_rows("added", row)
            lost = self._pending.lost
            if lost.count:
                try:
                    row = await self.logs.async_insert(lost_events_entry(lost, self._pending.cap))
                except LogStoreError:
                    self._schedule_pending_retry()
                    return
                await self._pending.async_clear_lost(lost)
                self._fire(row, None)
                self._notify_rows("added", row)
        if len(self._pending) == 0:  # every kept row is written
            async_update_backlog_issue(self.hass, 0, self._pending.cap)

    async def _async_insert_pending(self, values: dict[str, Any] | None) -> dict[str, Any] | None:
        """Insert one kept row; None (and the row counted lost) when it cannot be read back."""
        if values is not None:
            try:
                fields = dict(values)
                entry = NewLogEntry(
                    timestamp=datetime.fromtimestamp(fields.pop("ts"), dt_util.UTC), **fields
                )
            except (KeyError, TypeError, ValueError) as err:
                _LOGGER.error(  # noqa: TRY400 - a bad row, not a bug to trace
                    "Unreadable pending Access Log row %s: %s", values, err
                )
            else:
                return await self.logs.async_insert(entry)
        return None

    @callback
    def async_stop(self) -> None:
        """Cancel the pending-row retry timer."""
        if self._retry_unsub is not None:
            self._retry_unsub()
            self._retry_unsub = None
