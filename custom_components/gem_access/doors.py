"""Door contacts and strike timers in Home Assistant, feeding the pure door monitor."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from functools import partial

from homeassistant.const import STATE_OFF, STATE_ON
from homeassistant.core import Event, EventStateChangedData, HomeAssistant, callback
from homeassistant.helpers.dispatcher import async_dispatcher_send
from homeassistant.helpers.event import (
    async_call_later,
    async_track_point_in_utc_time,
    async_track_state_change_event,
)
from homeassistant.util import dt as dt_util

from . import actions
from .access import AccessController
from .const import SIGNAL_DOOR_STATE
from .core.door_monitor import DoorEvent, DoorMonitor
from .core.models import Door

_LOGGER = logging.getLogger(__name__)


class DoorWatcher:
    """Follows every door's contact entity, runs held-open timers and relocks after strikes."""

    def __init__(self, hass: HomeAssistant, controller: AccessController) -> None:
        """Hook into the controller's grant path."""
        self.hass = hass
        self.controller = controller
        self.monitor = DoorMonitor()
        self._unsub_contacts: Callable[[], None] | None = None
        self._timers: dict[str, Callable[[], None]] = {}
        self._relocks: dict[str, Callable[[], None]] = {}
        self._relock_on_close: set[str] = set()
        self._contacts: dict[str, str] = {}
        # the door's strike/lock state as GEM last set it: True while released
        self.released: dict[str, bool] = {}
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
        saved: dict[str, dict[str, float]] = self.controller.config.get_state("doors", {}) or {}
        now = dt_util.utcnow().timestamp()
        contacts: dict[str, str] = {}
        for door in self._doors.values():
            if not door.contact_entity_id:
                self.monitor.doors.pop(door.id, None)
                continue
            contacts[door.contact_entity_id] = door.id
            state = self.hass.states.get(door.contact_entity_id)
            tracked = self.monitor.doors.get(door.id)
            if state is not None and state.state == STATE_ON:
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
            elif tracked is not None and tracked.is_open:
                self.monitor.closed(door.id)
            self._publish(door.id)
        for door_id in list(self.monitor.doors):
            if door_id not in self._doors:
                del self.monitor.doors[door_id]
        if contacts:
            self._unsub_contacts = async_track_state_change_event(
                self.hass, list(contacts), self._contact_changed
            )
        self._contacts = contacts
        self._persist()

    @callback
    def async_stop(self, keep_relocks: bool = False) -> None:
        """Drop listeners and timers."""
        if self._unsub_contacts:
            self._unsub_contacts()
            self._unsub_contacts = None
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
        if door is None or new is None:
            return
        now = new.last_changed.timestamp()
        events: list[DoorEvent] = []
        if new.state == STATE_ON:
            if old is not None and old.state == STATE_OFF:
                events = self.monitor.opened(door.id, now, self._door_threshold(door))
            elif not self.monitor.state(door.id).is_open:
                # from unavailable/unknown: we did not see it open, so it is not evidence of force
                self.monitor.restore_open(door.id, now, now, self._door_threshold(door))
            self._schedule(door.id)
        elif new.state == STATE_OFF:
            self.monitor.closed(door.id)
            self._cancel_timer(door.id)
            if door.id in self._relock_on_close:
                self._relock_on_close.discard(door.id)
                self.hass.async_create_task(actions.async_secure(self.hass, door, None))
                self.released[door.id] = False
        else:
            return
        self._persist()
        self._publish(door.id)
        for door_event in events:
            self.hass.async_create_task(self.controller.async_door_event(door_event))

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
        self.monitor.authorize(door.id, dt_util.utcnow().timestamp(), rule_threshold)
        if self.monitor.state(door.id).is_open:
            self._schedule(door.id)

    @callback
    def _released(self, door: Door) -> None:
        """The actuator opened: secure it again after the strike time."""
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
            if is_lock and self.monitor.state(door.id).is_open:
                # a bolt thrown into an open door jams it: lock once the door has closed
                self._relock_on_close.add(door.id)
                return
            self.released[door.id] = False
            self._publish(door.id)
            self.hass.async_create_task(actions.async_secure(self.hass, current, None))

        self._relocks[door.id] = async_call_later(self.hass, door.strike_time_s, _relock)

    # --- state for entities and restarts -------------------------------------------------------

    def _persist(self) -> None:
        self.controller.config.set_state(
            "doors",
            {
                door_id: {"opened_at": state.opened_at, "reminders": state.reminders}
                for door_id, state in self.monitor.doors.items()
                if state.is_open and state.opened_at is not None
            },
        )

    def _publish(self, door_id: str) -> None:
        async_dispatcher_send(
            self.hass, SIGNAL_DOOR_STATE.format(self.controller.entry_id), door_id
        )
