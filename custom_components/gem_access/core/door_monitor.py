"""Door contact supervision: forced openings and doors held open, as a pure state machine.

Time is passed in as epoch seconds so HA glue (and tests) decide what "now" is; the glue schedules a timer
for ``next_deadline`` and calls ``due`` when it fires.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class DoorEventKind(StrEnum):
    """What the monitor reports."""

    FORCED = "forced"
    HELD_OPEN = "held_open"


@dataclass(frozen=True, slots=True)
class DoorEvent:
    """A door event to log."""

    door_id: str
    kind: DoorEventKind
    at: float
    open_for_s: float = 0.0
    threshold_s: float | None = None
    reminder: int = 0  # 0 for the first held-open report, then 1, 2, ... while still open


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
        """Note an authorised unlock (grant, exit request, remote unlock)."""
        state = self.state(door_id)
        state.authorized_at = now
        state.authorized_threshold = rule_threshold
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
        if authorized:
            state.forced = False
            return []
        state.forced = True
        return [DoorEvent(door_id, DoorEventKind.FORCED, now)]

    def closed(self, door_id: str) -> None:
        """The contact closed: forced and held-open conditions end."""
        state = self.state(door_id)
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
        state.is_open = True
        state.opened_at = min(opened_at, now)
        state.reminders = reminders
        self._arm(state, door_threshold, state.opened_at, now)

    def next_deadline(self, door_id: str) -> float | None:
        """When the door next needs a held-open check."""
        state = self.doors.get(door_id)
        return state.deadline if state and state.is_open else None

    def due(self, door_id: str, now: float) -> list[DoorEvent]:
        """Report held-open if the deadline has passed, and re-arm for the next reminder."""
        state = self.doors.get(door_id)
        if not state or not state.is_open or state.deadline is None or now < state.deadline:
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
