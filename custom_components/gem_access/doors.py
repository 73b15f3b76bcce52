"""Door contacts and strike timers in Home Assistant, feeding the pure door monitor."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from functools import partial

from homeassistant.const import STATE_OFF, STATE_ON, STATE_UNAVAILABLE, STATE_UNKNOWN
from homeassistant.core import Event, EventStateChangedData, HomeAssistant, State, callback
from homeassistant.helpers import issue_registry as ir
from homeassistant.helpers.dispatcher import async_dispatcher_send
from homeassistant.helpers.event import (
    async_call_later,
    async_track_point_in_utc_time,
    async_track_state_change_event,
)
from homeassistant.helpers.start import async_at_started
from homeassistant.util import dt as dt_util

from . import actions
from .access import AccessController
from .const import DOMAIN, SIGNAL_DOOR_STATE
from .core.door_monitor import DoorEvent, DoorMonitor
from .core.models import Door

_LOGGER = logging.getLogger(__name__)

# persisted: doors whose contact outage has been logged (so a restart does not log it again),
# each with whether the door's state before the outage was known
LOST_KEY = "contacts_lost"
ISSUE_CONTACT = "contact_unavailable_{}"


def state_unknown(state: State | None) -> bool:
    """Whether a contact (or an actuator) is missing, unavailable or unknown: no truth to show."""
    return state is None or state.state in (STATE_UNAVAILABLE, STATE_UNKNOWN)


class DoorWatcher:
    """Follows every door's contact entity, runs held-open timers and relocks after strikes."""

    def __init__(self, hass: HomeAssistant, controller: AccessController) -> None:
        """Hook into the controller's grant path."""
        self.hass = hass
        self.controller = controller
        self.monitor = DoorMonitor()
        self._unsub_contacts: Callable[[], None] | None = None
        self._unsub_started: Callable[[], None] | None = None
        self._timers: dict[str, Callable[[], None]] = {}
        self._relocks: dict[str, Callable[[], None]] = {}
        self._relock_on_close: set[str] = set()
        self._contacts: dict[str, str] = {}
        # the door's strike/lock state as GEM last set it: True while released
        self.released: dict[str, bool] = {}
        # the rule threshold of the grant whose actuator is being released (see _authorized)
        self._pending_threshold: dict[str, float | None] = {}
        # outages logged before this watcher started (a restart or reload): not logged again
        self._lost_before_start: dict[str, bool] = dict(controller.state.get(LOST_KEY, {}) or {})
        controller.on_authorized = self._authorized
        controller.after_release = self._released

    @property
    def _doors(self) -> dict[str, Door]:
        return self.controller.engine.config.doors

    def _door_threshold(self, door: Door) -> float | None:
        if door.held_open_threshold_sec is not None:
            return door.held_open_threshold_sec
        return self.controller.engine.config.settings.default_held_open_threshold_sec

    @callback
    def async_start(self) -> None:
        """(Re)subscribe to the configured contacts; resume doors that are open right now."""
        self.async_stop(keep_relocks=True)
        self.monitor.grace_s = self.controller.engine.config.settings.forced_grace_s
        saved: dict[str, dict[str, float]] = self.controller.state.get("doors", {}) or {}
        now = dt_util.utcnow().timestamp()
        previous_contacts = {door_id: entity for entity, door_id in self._contacts.items()}
        contacts: dict[str, str] = {}
        events: list[DoorEvent] = []
        for door in self._doors.values():
            if previous_contacts.get(door.id, door.contact_entity_id) != door.contact_entity_id:
                # another contact entity: what we knew (and its outage) was about the old one
                self.monitor.doors.pop(door.id, None)
                self._contact_back_issue(door.id)
            if not door.contact_entity_id:
                self.monitor.doors.pop(door.id, None)
                self._contact_back_issue(door.id)
                continue
            contacts[door.contact_entity_id] = door.id
            state = self.hass.states.get(door.contact_entity_id)
            if door.id in self._lost_before_start and door.id not in self.monitor.doors:
                self._resume_outage(door, saved.get(door.id), self._lost_before_start[door.id], now)
            tracked = self.monitor.doors.get(door.id)
            if state_unknown(state):
                pass  # judged once HA has started (see _check_outages)
            elif tracked is not None and tracked.contact_lost:
                # it came back while we were not listening (a reload)
                assert state is not None
                events += self._contact_back(door, state)
            elif state is not None and state.state == STATE_ON:
                if tracked is None or not tracked.is_open:
                    # found open (HA restart or a newly configured contact): never call that forced
                    previous = saved.get(door.id, {})
                    opened_at = previous.get("opened_at", state.last_changed.timestamp())
                    self.monitor.restore_open(
                        door.id,
                        opened_at,
                        now,
                        self._door_threshold(door),
                        int(previous.get("reminders", 0)),
                    )
                self._schedule(door.id)
            elif state is not None and state.state == STATE_OFF:
                self.monitor.closed(door.id)
            self._publish(door.id)
        for door_id in list(self.monitor.doors):
            if door_id not in self._doors:
                del self.monitor.doors[door_id]
                self._contact_back_issue(door_id)
        if contacts:
            self._unsub_contacts = async_track_state_change_event(
                self.hass, list(contacts), self._contact_changed
            )
        self._contacts = contacts
        self._lost_before_start.clear()
        self._persist()
        self._record(events)
        # at HA start-up contacts are unavailable until their integration loads: judge them after
        self._unsub_started = async_at_started(self.hass, self._check_outages)

    @callback
    def async_stop(self, keep_relocks: bool = False) -> None:
        """Drop listeners and timers."""
        if self._unsub_contacts:
            self._unsub_contacts()
            self._unsub_contacts = None
        if self._unsub_started:
            self._unsub_started()
            self._unsub_started = None
        for unsub in self._timers.values():
            unsub()
        self._timers.clear()
        if not keep_relocks:
            for unsub in self._relocks.values():
                unsub()
            self._relocks.clear()

    async def async_shutdown(self, _event: Event | None = None) -> None:
        """HA is stopping: secure every door GEM has released, then drop timers."""
        pending = [door_id for door_id in self._relocks] + list(self._relock_on_close)
        self.async_stop()
        self._relock_on_close.clear()
        for door_id in pending:
            door = self._doors.get(door_id)
            if door is not None:
                await actions.async_secure(self.hass, door, None)
                self.released[door_id] = False

    # --- contact changes -----------------------------------------------------------------------

    @callback
    def _contact_changed(self, event: Event[EventStateChangedData]) -> None:
        door_id = self._contacts.get(event.data["entity_id"])
        door = self._doors.get(door_id) if door_id else None
        new, old = event.data["new_state"], event.data["old_state"]
        if door is None:
            return
        if new is None:
            self._publish(door.id)  # the entity was removed: the door sensors go unavailable
            return
        now = new.last_changed.timestamp()
        events: list[DoorEvent] = []
        if state_unknown(new):
            events = self._contact_lost(door, now)
        elif new.state not in (STATE_ON, STATE_OFF):
            return
        elif self.monitor.state(door.id).contact_lost or state_unknown(old):
            events = self._contact_back(door, new)
        elif new.state == STATE_ON:
            events = self.monitor.opened(door.id, now, self._door_threshold(door))
            self._schedule(door.id)
        else:
            self.monitor.closed(door.id)
            self._door_closed(door)
        self._persist()
        self._publish(door.id)
        self._record(events)

    def _door_closed(self, door: Door) -> None:
        self._cancel_timer(door.id)
        if door.id in self._relock_on_close:
            self._relock_on_close.discard(door.id)
            self.hass.async_create_task(actions.async_secure(self.hass, door, None))
            self.released[door.id] = False

    def _record(self, events: list[DoorEvent]) -> None:
        for door_event in events:
            self.hass.async_create_task(self.controller.async_door_event(door_event))

    # --- contact outages -----------------------------------------------------------------------

    def _contact_lost(self, door: Door, now: float) -> list[DoorEvent]:
        """The contact stopped reporting: no held-open timing, an issue, and the bolt thrown anyway."""
        events = self.monitor.contact_lost(door.id, now)
        self._cancel_timer(door.id)
        if door.id in self._relock_on_close:
            # the strike time is over and we would wait for a close we cannot see: lock now
            self._door_closed(door)
        ir.async_create_issue(
            self.hass,
            DOMAIN,
            ISSUE_CONTACT.format(door.id),
            is_fixable=False,
            severity=ir.IssueSeverity.ERROR,
            translation_key="contact_unavailable",
            translation_placeholders={
                "door": door.name,
                "entity_id": door.contact_entity_id or "",
            },
        )
        return events

    def _contact_back(self, door: Door, state: State) -> list[DoorEvent]:
        """The contact reports again: judge what it says against what was known before."""
        self._contact_back_issue(door.id)
        is_open = state.state == STATE_ON
        events = self.monitor.contact_back(
            door.id, state.last_changed.timestamp(), is_open, self._door_threshold(door)
        )
        if is_open:
            self._schedule(door.id)
        else:
            self._door_closed(door)
        return events

    def _resume_outage(
        self, door: Door, saved: dict[str, float] | None, known: bool, now: float
    ) -> None:
        """An outage logged before a restart goes on: what was known then still holds."""
        if known and saved and "opened_at" in saved:
            self.monitor.restore_open(
                door.id,
                saved["opened_at"],
                now,
                self._door_threshold(door),
                int(saved.get("reminders", 0)),
            )
        elif known:
            self.monitor.closed(door.id)
        self.monitor.contact_lost(door.id, now)  # already logged: the event is dropped

    def _contact_back_issue(self, door_id: str) -> None:
        ir.async_delete_issue(self.hass, DOMAIN, ISSUE_CONTACT.format(door_id))

    @callback
    def _check_outages(self, _hass: HomeAssistant | None = None) -> None:
        """Report contacts that are still unavailable once HA runs (logged once per outage)."""
        self._unsub_started = None
        now = dt_util.utcnow().timestamp()
        events: list[DoorEvent] = []
        for entity_id, door_id in self._contacts.items():
            door = self._doors.get(door_id)
            state = self.hass.states.get(entity_id)
            if door is None or state is None or not state_unknown(state):
                # a missing entity is a configuration matter, not an outage of a working contact
                continue
            events += self._contact_lost(door, now)
            self._publish(door_id)
        self._persist()
        self._record(events)

    # --- held-open timers ----------------------------------------------------------------------

    def _cancel_timer(self, door_id: str) -> None:
        unsub = self._timers.pop(door_id, None)
        if unsub:
            unsub()

    def _schedule(self, door_id: str) -> None:
        self._cancel_timer(door_id)
        deadline = self.monitor.next_deadline(door_id)
        if deadline is None:
            return
        when = datetime.fromtimestamp(deadline, dt_util.UTC)
        self._timers[door_id] = async_track_point_in_utc_time(
            self.hass, callback(partial(self._due, door_id)), when
        )

    @callback
    def _due(self, door_id: str, now: datetime) -> None:
        self._timers.pop(door_id, None)
        events = self.monitor.due(door_id, now.timestamp())
        self._schedule(door_id)
        if events:
            self._persist()
            self._publish(door_id)
        for door_event in events:
            self.hass.async_create_task(self.controller.async_door_event(door_event))

    # --- grants and strike timers --------------------------------------------------------------

    @callback
    def _authorized(self, door: Door, rule_threshold: float | None) -> None:
        """A grant is about to release the door: remember its rule's held-open threshold only.

        The door is not authorised yet: if the actuator fails, nothing may open it.
        """
        self._pending_threshold[door.id] = rule_threshold

    @callback
    def _released(self, door: Door) -> None:
        """The actuator opened: one opening is authorised now; secure it after the strike time."""
        threshold = self._pending_threshold.pop(door.id, None)
        self.monitor.authorize(door.id, dt_util.utcnow().timestamp(), threshold)
        if self.monitor.state(door.id).is_open:
            self._schedule(door.id)
        self.released[door.id] = True
        self._publish(door.id)
        unsub = self._relocks.pop(door.id, None)
        if unsub:
            unsub()

        @callback
        def _relock(_now: datetime) -> None:
            self._relocks.pop(door.id, None)
            current = self._doors.get(door.id, door)
            is_lock = bool(
                current.actuator_entity_id and current.actuator_entity_id.startswith("lock.")
            )
            state = self.monitor.state(door.id)
            if is_lock and state.is_open and not state.contact_lost:
                # a bolt thrown into an open door jams it: lock once the door has closed
                # (unless the contact is away: then we would wait for ever, so lock now)
                self._relock_on_close.add(door.id)
                return
            self.released[door.id] = False
            self._publish(door.id)
            self.hass.async_create_task(actions.async_secure(self.hass, current, None))

        self._relocks[door.id] = async_call_later(self.hass, door.strike_time_s, _relock)

    # --- state for entities and restarts -------------------------------------------------------

    def _persist(self) -> None:
        saved = self.controller.state
        saved.set(
            "doors",
            {
                door_id: {"opened_at": state.opened_at, "reminders": state.reminders}
                for door_id, state in self.monitor.doors.items()
                if state.is_open and state.opened_at is not None
            },
        )
        lost = {
            door_id: state.seen
            for door_id, state in self.monitor.doors.items()
            if state.contact_lost
        }
        if lost != saved.get(LOST_KEY, {}):
            saved.set(LOST_KEY, lost)

    def _publish(self, door_id: str) -> None:
        async_dispatcher_send(
            self.hass, SIGNAL_DOOR_STATE.format(self.controller.entry_id), door_id
        )
