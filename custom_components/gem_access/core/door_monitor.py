"""Door contact supervision: forced openings, doors held open and contact outages, as a pure state machine.

Time is passed in as epoch seconds so HA glue (and tests) decide what "now" is; the glue schedules a timer
for ``next_deadline`` and calls ``due`` when it fires.

One grant, one opening: ``authorize`` is called once the actuator has really released, and the opening
it admits (within ``grace_s``) uses it up, so a door that closes and opens again is forced. While the
contact is unavailable nothing is known about the door: no held-open timing, and what the contact says
when it comes back is judged against what was known before the outage.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class DoorEventKind(StrEnum):
    """What the monitor reports."""

    FORCED = "forced"
    HELD_OPEN = "held_open"
    # the contact went unavailable/unknown: once per outage
    CONTACT_LOST = "contact_lost"
    # the contact came back "open" and no unlock happened since it was lost
    CONTACT_BACK_OPEN = "contact_back_open"


@dataclass(frozen=True, slots=True)
class DoorEvent:
    """A door event to log."""

    door_id: str
    kind: DoorEventKind
    at: float
    open_for_s: float = 0.0
    threshold_s: float | None = None
    reminder: int = 0  # 0 for the first held-open report, then 1, 2, ... while still open
    # CONTACT_BACK_OPEN: the door was seen closed before the outage (so someone opened it unlocked);
    # False when its state before the outage was never known (the outage began before start-up)
    closed_before: bool = False


@dataclass(slots=True)
class DoorState:
    """What the monitor knows about one door."""

    is_open: bool = False
    opened_at: float | None = None
    authorized_at: float | None = None
    authorized_threshold: float | None = None
    threshold: float | None = None
    deadline: float | None = None
    reminders: int = 0
    forced: bool = False
    # whether the contact has ever reported open/closed to this monitor (not just the default "closed")
    seen: bool = False
    contact_lost: bool = False
    granted_while_lost: bool = False

    @property
    def held_open(self) -> bool:
        """Whether a held-open report has been made for the current opening."""
        return self.reminders > 0


@dataclass(slots=True)
class DoorMonitor:
    """Tracks every door's contact and authorisations."""

    grace_s: float = 10.0
    doors: dict[str, DoorState] = field(default_factory=dict)

    def state(self, door_id: str) -> DoorState:
        """The door's state (created closed on first use)."""
        return self.doors.setdefault(door_id, DoorState())

    def authorize(self, door_id: str, now: float, rule_threshold: float | None = None) -> None:
        """The actuator released for a grant, exit request or remote unlock: one opening may follow.

        Call it after the release succeeded, not when the decision was made: a lock that failed to
        open authorises nothing. A grant while the door stands open still admits one new opening
        (the door closer was slow), and its rule's threshold applies to the current opening.
        """
        state = self.state(door_id)
        state.authorized_at = now
        state.authorized_threshold = rule_threshold
        if state.contact_lost:
            state.granted_while_lost = True
        if state.is_open and rule_threshold is not None and state.opened_at is not None:
            # someone granted while the door stands open: their rule's threshold now applies
            self._arm(state, rule_threshold, state.opened_at, now)

    def _authorized(self, state: DoorState, now: float) -> bool:
        return state.authorized_at is not None and 0 <= now - state.authorized_at <= self.grace_s

    def _arm(self, state: DoorState, threshold: float | None, opened_at: float, now: float) -> None:
        state.threshold = threshold if threshold and threshold > 0 else None
        if state.threshold is None:
            state.deadline = None
            return
        deadline = opened_at + state.threshold * (state.reminders + 1)
        state.deadline = max(deadline, now) if state.reminders else deadline

    def opened(self, door_id: str, now: float, door_threshold: float | None) -> list[DoorEvent]:
        """The contact went from closed to open."""
        state = self.state(door_id)
        if state.is_open:
            return []
        authorized = self._authorized(state, now)
        state.is_open = True
        state.opened_at = now
        state.reminders = 0
        threshold = (
            state.authorized_threshold
            if authorized and state.authorized_threshold is not None
            else door_threshold
        )
        self._arm(state, threshold, now, now)
        state.seen = True
        if authorized:
            # the grant is used up by this opening: closing and opening again is forced
            state.authorized_at = None
            state.forced = False
            return []
        state.forced = True
        return [DoorEvent(door_id, DoorEventKind.FORCED, now)]

    def closed(self, door_id: str) -> None:
        """The contact closed: forced and held-open conditions end."""
        state = self.state(door_id)
        state.seen = True
        state.is_open = False
        state.opened_at = None
        state.deadline = None
        state.reminders = 0
        state.forced = False

    def restore_open(
        self,
        door_id: str,
        opened_at: float,
        now: float,
        door_threshold: float | None,
        reminders: int = 0,
    ) -> None:
        """Resume watching a door found open at start-up, without calling it forced."""
        state = self.state(door_id)
        state.seen = True
        state.is_open = True
        state.opened_at = min(opened_at, now)
        state.reminders = reminders
        self._arm(state, door_threshold, state.opened_at, now)

    def contact_lost(self, door_id: str, now: float) -> list[DoorEvent]:
        """The contact went unavailable/unknown: report it once per outage, pause held-open timing."""
        state = self.state(door_id)
        if state.contact_lost:
            return []
        state.contact_lost = True
        state.granted_while_lost = False
        return [DoorEvent(door_id, DoorEventKind.CONTACT_LOST, now)]

    def contact_back(
        self, door_id: str, now: float, is_open: bool, door_threshold: float | None
    ) -> list[DoorEvent]:
        """The contact reports again after an outage (or for the first time since start-up).

        Closed: whatever opening there was has ended. Open after open: the same opening goes on
        (held-open counts from when it began). Open after closed with no unlock since the outage
        began: someone opened a locked door while nobody could see it, reported as
        ``CONTACT_BACK_OPEN``. Open when nothing was known before: reported only if an outage was.
        """
        state = self.state(door_id)
        was_lost, granted = state.contact_lost, state.granted_while_lost
        known_before = state.seen
        state.contact_lost = False
        state.granted_while_lost = False
        if not is_open:
            self.closed(door_id)
            return []
        if state.is_open and state.opened_at is not None:
            self._arm(state, state.threshold, state.opened_at, now)
            return []
        if granted or self._authorized(state, now):
            # an unlock happened while the contact was away: that is the opening it admitted
            state.authorized_at = None
            threshold = (
                state.authorized_threshold
                if state.authorized_threshold is not None
                else door_threshold
            )
            self.restore_open(door_id, now, now, threshold)
            return []
        self.restore_open(door_id, now, now, door_threshold)
        if not was_lost:
            # first report since start-up: we did not see it open, so it is not evidence of force
            return []
        state.forced = known_before
        return [
            DoorEvent(door_id, DoorEventKind.CONTACT_BACK_OPEN, now, closed_before=known_before)
        ]

    def next_deadline(self, door_id: str) -> float | None:
        """When the door next needs a held-open check."""
        state = self.doors.get(door_id)
        if not state or not state.is_open or state.contact_lost:
            return None
        return state.deadline

    def due(self, door_id: str, now: float) -> list[DoorEvent]:
        """Report held-open if the deadline has passed, and re-arm for the next reminder."""
        state = self.doors.get(door_id)
        if (
            not state
            or not state.is_open
            or state.contact_lost
            or state.deadline is None
            or now < state.deadline
        ):
            return []
        assert state.opened_at is not None and state.threshold is not None
        event = DoorEvent(
            door_id,
            DoorEventKind.HELD_OPEN,
            now,
            open_for_s=now - state.opened_at,
            threshold_s=state.threshold,
            reminder=state.reminders,
        )
        state.reminders += 1
        # the next reminder is one threshold after this report, so a propped door keeps reminding
        state.deadline = now + state.threshold
        return [event]
