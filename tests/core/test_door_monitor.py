"""DoorMonitor: forced openings, held-open thresholds and reminders, restore after restart."""

from __future__ import annotations

import pytest

from custom_components.gem_access.core.door_monitor import (
    DoorEvent,
    DoorEventKind,
    DoorMonitor,
)

T0 = 1_700_000_000.0
DOOR = "d1"


@pytest.fixture
def monitor() -> DoorMonitor:
    return DoorMonitor(grace_s=10)


def test_opening_without_authorisation_is_forced(monitor: DoorMonitor) -> None:
    events = monitor.opened(DOOR, T0, door_threshold=None)
    assert events == [DoorEvent(DOOR, DoorEventKind.FORCED, T0)]
    assert monitor.state(DOOR).forced
    assert monitor.state(DOOR).is_open


def test_second_open_report_while_open_is_ignored(monitor: DoorMonitor) -> None:
    monitor.opened(DOOR, T0, None)
    assert monitor.opened(DOOR, T0 + 1, None) == []


@pytest.mark.parametrize("delay", [0, 0.5, 5, 9.99, 10])
def test_opening_within_grace_is_not_forced(monitor: DoorMonitor, delay: float) -> None:
    monitor.authorize(DOOR, T0)
    assert monitor.opened(DOOR, T0 + delay, None) == []
    assert not monitor.state(DOOR).forced


@pytest.mark.parametrize("delay", [10.01, 11, 60, -1])
def test_opening_outside_grace_is_forced(monitor: DoorMonitor, delay: float) -> None:
    monitor.authorize(DOOR, T0)
    events = monitor.opened(DOOR, T0 + delay, None)
    assert [e.kind for e in events] == [DoorEventKind.FORCED]
    assert monitor.state(DOOR).forced


def test_grace_is_configurable() -> None:
    monitor = DoorMonitor(grace_s=2)
    monitor.authorize(DOOR, T0)
    assert [e.kind for e in monitor.opened(DOOR, T0 + 3, None)] == [DoorEventKind.FORCED]


def test_authorisation_is_per_door(monitor: DoorMonitor) -> None:
    monitor.authorize("other", T0)
    assert [e.kind for e in monitor.opened(DOOR, T0 + 1, None)] == [DoorEventKind.FORCED]


def test_closing_clears_everything(monitor: DoorMonitor) -> None:
    monitor.opened(DOOR, T0, door_threshold=30)
    assert monitor.due(DOOR, T0 + 30)
    state = monitor.state(DOOR)
    assert state.forced
    assert state.held_open
    monitor.closed(DOOR)
    assert not state.is_open
    assert not state.forced
    assert not state.held_open
    assert state.deadline is None
    assert monitor.next_deadline(DOOR) is None
    assert monitor.due(DOOR, T0 + 1000) == []


def test_held_open_uses_door_threshold(monitor: DoorMonitor) -> None:
    monitor.authorize(DOOR, T0)
    monitor.opened(DOOR, T0 + 1, door_threshold=30)
    assert monitor.next_deadline(DOOR) == T0 + 31


def test_rule_threshold_beats_door_threshold(monitor: DoorMonitor) -> None:
    monitor.authorize(DOOR, T0, rule_threshold=20)
    assert monitor.opened(DOOR, T0 + 1, door_threshold=60) == []
    assert monitor.next_deadline(DOOR) == T0 + 21
    assert monitor.due(DOOR, T0 + 20.9) == []
    [event] = monitor.due(DOOR, T0 + 21)
    assert event.threshold_s == 20


def test_rule_threshold_ignored_when_authorisation_expired(monitor: DoorMonitor) -> None:
    monitor.authorize(DOOR, T0, rule_threshold=20)
    monitor.opened(DOOR, T0 + 30, door_threshold=60)  # forced: the grant's threshold is moot
    assert monitor.next_deadline(DOOR) == T0 + 90


def test_held_open_report_and_reminders(monitor: DoorMonitor) -> None:
    monitor.authorize(DOOR, T0, rule_threshold=30)
    monitor.opened(DOOR, T0, door_threshold=None)
    assert monitor.next_deadline(DOOR) == T0 + 30
    assert monitor.due(DOOR, T0 + 29.9) == []
    assert not monitor.state(DOOR).held_open

    [first] = monitor.due(DOOR, T0 + 30)
    assert first == DoorEvent(
        DOOR, DoorEventKind.HELD_OPEN, T0 + 30, open_for_s=30, threshold_s=30, reminder=0
    )
    assert monitor.state(DOOR).held_open
    assert monitor.due(DOOR, T0 + 30) == []  # reported once per deadline
    assert monitor.next_deadline(DOOR) == T0 + 60
    assert monitor.due(DOOR, T0 + 59) == []

    reminders = []
    for k in range(1, 4):
        [event] = monitor.due(DOOR, T0 + 30 * (k + 1))
        reminders.append((event.reminder, event.open_for_s))
        assert monitor.next_deadline(DOOR) == T0 + 30 * (k + 2)
    assert reminders == [(1, 60), (2, 90), (3, 120)]


def test_late_timer_rearms_from_report(monitor: DoorMonitor) -> None:
    monitor.opened(DOOR, T0, door_threshold=30)
    [event] = monitor.due(DOOR, T0 + 45)  # the timer fired late
    assert event.open_for_s == 45
    assert monitor.next_deadline(DOOR) == T0 + 75


def test_forced_door_also_reports_held_open(monitor: DoorMonitor) -> None:
    assert monitor.opened(DOOR, T0, door_threshold=30)[0].kind is DoorEventKind.FORCED
    [event] = monitor.due(DOOR, T0 + 30)
    assert event.kind is DoorEventKind.HELD_OPEN
    assert monitor.state(DOOR).forced


@pytest.mark.parametrize("threshold", [None, 0])
def test_no_threshold_no_held_open(monitor: DoorMonitor, threshold: float | None) -> None:
    monitor.authorize(DOOR, T0)
    monitor.opened(DOOR, T0, door_threshold=threshold)
    assert monitor.next_deadline(DOOR) is None
    assert monitor.due(DOOR, T0 + 86400) == []


def test_due_on_unknown_or_closed_door(monitor: DoorMonitor) -> None:
    assert monitor.due("ghost", T0) == []
    assert monitor.next_deadline("ghost") is None
    monitor.state(DOOR)
    assert monitor.due(DOOR, T0) == []


def test_reopening_restarts_timing(monitor: DoorMonitor) -> None:
    monitor.opened(DOOR, T0, door_threshold=30)
    monitor.due(DOOR, T0 + 30)
    monitor.closed(DOOR)
    monitor.authorize(DOOR, T0 + 100)
    assert monitor.opened(DOOR, T0 + 101, door_threshold=30) == []
    assert not monitor.state(DOOR).held_open
    assert monitor.next_deadline(DOOR) == T0 + 131
    [event] = monitor.due(DOOR, T0 + 131)
    assert event.reminder == 0


def test_grant_while_open_applies_rule_threshold(monitor: DoorMonitor) -> None:
    monitor.opened(DOOR, T0, door_threshold=120)
    monitor.authorize(DOOR, T0 + 5, rule_threshold=20)
    assert monitor.next_deadline(DOOR) == T0 + 20


def test_restore_open_resumes_without_forced(monitor: DoorMonitor) -> None:
    monitor.restore_open(DOOR, opened_at=T0, now=T0 + 10, door_threshold=30)
    state = monitor.state(DOOR)
    assert state.is_open
    assert not state.forced
    assert monitor.next_deadline(DOOR) == T0 + 30
    assert monitor.due(DOOR, T0 + 29) == []
    [event] = monitor.due(DOOR, T0 + 30)
    assert (event.kind, event.open_for_s, event.reminder) == (DoorEventKind.HELD_OPEN, 30, 0)
    # the contact reporting "open" again after restart is not a new opening
    assert monitor.opened(DOOR, T0 + 31, 30) == []


def test_restore_open_overdue_reports_at_once(monitor: DoorMonitor) -> None:
    monitor.restore_open(DOOR, opened_at=T0, now=T0 + 100, door_threshold=30)
    [event] = monitor.due(DOOR, T0 + 100)
    assert event.open_for_s == 100
    assert monitor.next_deadline(DOOR) == T0 + 130


def test_restore_open_continues_reminder_count(monitor: DoorMonitor) -> None:
    monitor.restore_open(DOOR, opened_at=T0, now=T0 + 70, door_threshold=30, reminders=2)
    assert monitor.state(DOOR).held_open
    assert monitor.next_deadline(DOOR) == T0 + 90
    [event] = monitor.due(DOOR, T0 + 90)
    assert event.reminder == 2


def test_restore_open_with_future_opened_at_is_clamped(monitor: DoorMonitor) -> None:
    monitor.restore_open(DOOR, opened_at=T0 + 50, now=T0, door_threshold=30)
    assert monitor.state(DOOR).opened_at == T0
    assert monitor.next_deadline(DOOR) == T0 + 30


def test_restore_open_without_threshold(monitor: DoorMonitor) -> None:
    monitor.restore_open(DOOR, opened_at=T0, now=T0 + 10, door_threshold=None)
    assert monitor.next_deadline(DOOR) is None
    assert monitor.due(DOOR, T0 + 10_000) == []
