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


# --- one grant, one opening -----------------------------------------------------------------


def test_one_grant_admits_one_opening(monitor: DoorMonitor) -> None:
    monitor.authorize(DOOR, T0)
    assert monitor.opened(DOOR, T0 + 1, None) == []
    monitor.closed(DOOR)
    # the same grant, still within the grace time, does not admit a second opening
    assert monitor.opened(DOOR, T0 + 3, None) == [DoorEvent(DOOR, DoorEventKind.FORCED, T0 + 3)]
    assert monitor.state(DOOR).forced


def test_a_second_grant_admits_a_second_opening(monitor: DoorMonitor) -> None:
    monitor.authorize(DOOR, T0)
    monitor.opened(DOOR, T0 + 1, None)
    monitor.closed(DOOR)
    monitor.authorize(DOOR, T0 + 2)
    assert monitor.opened(DOOR, T0 + 3, None) == []


def test_grant_while_open_admits_the_next_opening(monitor: DoorMonitor) -> None:
    # the door closer is slow: the next person is granted before the door has latched
    monitor.authorize(DOOR, T0)
    monitor.opened(DOOR, T0 + 1, None)
    monitor.authorize(DOOR, T0 + 4)
    monitor.closed(DOOR)
    assert monitor.opened(DOOR, T0 + 6, None) == []
    monitor.closed(DOOR)
    assert [e.kind for e in monitor.opened(DOOR, T0 + 7, None)] == [DoorEventKind.FORCED]


def test_opening_before_the_release_is_forced(monitor: DoorMonitor) -> None:
    # the window starts when the actuator has released, not when the decision was made
    events = monitor.opened(DOOR, T0, None)
    monitor.authorize(DOOR, T0 + 0.5)
    assert [e.kind for e in events] == [DoorEventKind.FORCED]


# --- contact outages --------------------------------------------------------------------------


def test_contact_lost_is_reported_once_per_outage(monitor: DoorMonitor) -> None:
    monitor.closed(DOOR)
    assert monitor.contact_lost(DOOR, T0) == [DoorEvent(DOOR, DoorEventKind.CONTACT_LOST, T0)]
    assert monitor.contact_lost(DOOR, T0 + 5) == []
    assert monitor.contact_back(DOOR, T0 + 10, is_open=False, door_threshold=None) == []
    [again] = monitor.contact_lost(DOOR, T0 + 20)
    assert again.kind is DoorEventKind.CONTACT_LOST


def test_back_open_after_closed_without_unlock_is_reported(monitor: DoorMonitor) -> None:
    monitor.closed(DOOR)
    monitor.contact_lost(DOOR, T0)
    events = monitor.contact_back(DOOR, T0 + 60, is_open=True, door_threshold=30)
    assert events == [DoorEvent(DOOR, DoorEventKind.CONTACT_BACK_OPEN, T0 + 60, closed_before=True)]
    state = monitor.state(DOOR)
    assert state.is_open
    assert state.forced
    assert monitor.next_deadline(DOOR) == T0 + 90


def test_back_open_with_unknown_state_before_is_not_called_forced(monitor: DoorMonitor) -> None:
    # the outage began before start-up: nobody knows whether the door was closed
    monitor.contact_lost(DOOR, T0)
    [event] = monitor.contact_back(DOOR, T0 + 60, is_open=True, door_threshold=None)
    assert (event.kind, event.closed_before) == (DoorEventKind.CONTACT_BACK_OPEN, False)
    assert not monitor.state(DOOR).forced


def test_back_open_after_a_grant_during_the_outage_is_quiet(monitor: DoorMonitor) -> None:
    monitor.closed(DOOR)
    monitor.contact_lost(DOOR, T0)
    monitor.authorize(DOOR, T0 + 10, rule_threshold=20)
    # long after the grace time: the contact could not tell when the door opened
    assert monitor.contact_back(DOOR, T0 + 300, is_open=True, door_threshold=60) == []
    assert not monitor.state(DOOR).forced
    assert monitor.next_deadline(DOOR) == T0 + 320
    # the grant is used up by that opening
    monitor.closed(DOOR)
    assert [e.kind for e in monitor.opened(DOOR, T0 + 301, None)] == [DoorEventKind.FORCED]


def test_first_report_after_start_up_is_not_an_outage(monitor: DoorMonitor) -> None:
    assert monitor.contact_back(DOOR, T0, is_open=True, door_threshold=None) == []
    assert monitor.state(DOOR).is_open
    assert not monitor.state(DOOR).forced


def test_open_through_the_outage_is_the_same_opening(monitor: DoorMonitor) -> None:
    monitor.authorize(DOOR, T0)
    monitor.opened(DOOR, T0, door_threshold=30)
    monitor.contact_lost(DOOR, T0 + 10)
    # no held-open timing while nobody can see the door
    assert monitor.next_deadline(DOOR) is None
    assert monitor.due(DOOR, T0 + 40) == []
    assert monitor.contact_back(DOOR, T0 + 50, is_open=True, door_threshold=30) == []
    # held-open counts from the real opening, so it is overdue at once
    assert monitor.next_deadline(DOOR) == T0 + 30
    [event] = monitor.due(DOOR, T0 + 50)
    assert (event.kind, event.open_for_s) == (DoorEventKind.HELD_OPEN, 50)


def test_back_closed_ends_the_opening(monitor: DoorMonitor) -> None:
    monitor.opened(DOOR, T0, door_threshold=30)
    monitor.contact_lost(DOOR, T0 + 1)
    assert monitor.contact_back(DOOR, T0 + 5, is_open=False, door_threshold=30) == []
    state = monitor.state(DOOR)
    assert not state.is_open
    assert not state.forced
    assert not state.contact_lost
