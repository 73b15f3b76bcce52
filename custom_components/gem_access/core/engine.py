"""The access decision: credential + reader + time + state -> Decision. Pure and synchronous."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, replace
from datetime import date, datetime, tzinfo

from . import schedules
from .codes import AccessType, Reason, Result
from .credentials import CredentialHasher, CredentialKind, CredentialRef
from .models import AccessConfig, AccessDevice, Rule, User


@dataclass(frozen=True, slots=True)
class AccessRequest:
    """What a reader reported."""

    device_id: str
    access_type: AccessType
    credential: str | None  # None for an exit request


@dataclass(frozen=True, slots=True)
class Decision:
    """The engine's verdict and everything needed to act on it and log it."""

    result: Result
    reason: Reason
    user_id: str | None = None
    user_name: str | None = None
    rule: Rule | None = None
    detail: str | None = None
    # a duress PIN refused by a lockdown: the door stays shut, the duress script still runs
    duress_in_lockdown: bool = False
    # set on the denial that started a cooldown (automations alert on repeated ones)
    cooldown: CooldownStart | None = None

    @property
    def granted(self) -> bool:
        """Whether the door should open (duress included)."""
        return self.result is Result.GRANTED

    @property
    def duress(self) -> bool:
        """Whether this grant was made under a duress PIN."""
        return self.reason is Reason.DURESS


# A cooldown that starts within this long after the previous one ended at the same reader is
# the same attack going on: it lasts twice as long as the previous one, up to the cap.
ESCALATION_MEMORY_S = 24 * 3600.0
# Long enough to make guessing hopeless (5 guesses an hour), short enough that a brute-forcer
# cannot keep a door shut for its users for days; the cap never shortens a longer setting.
COOLDOWN_CAP_S = 3600.0


@dataclass(frozen=True, slots=True)
class CooldownStart:
    """A cooldown that has just begun: how long, and how many in a row at that reader."""

    duration_s: float
    until: float
    streak: int


class ReaderCooldown:
    """Per-reader brute-force guard: N denials within a window lock the reader for a while.

    Repeated cooldowns escalate (doubling, capped); exit requests never reach this guard.
    """

    def __init__(self) -> None:
        """Start with no history."""
        self._failures: dict[str, deque[float]] = {}
        self._until: dict[str, float] = {}
        self._streak: dict[str, tuple[int, float]] = {}  # device -> (streak, last end)

    def active(self, device_id: str, now: float) -> bool:
        """Whether the reader is currently cooling down."""
        until = self._until.get(device_id)
        if until is None:
            return False
        if now >= until:
            del self._until[device_id]
            return False
        return True

    def until(self, device_id: str) -> float | None:
        """When the current cooldown ends, if any."""
        return self._until.get(device_id)

    def record_failure(
        self, device_id: str, now: float, failures: int, window_s: float, cooldown_s: float
    ) -> CooldownStart | None:
        """Count a denial; return the cooldown it starts, if it starts one."""
        if failures <= 0 or cooldown_s <= 0:
            return None
        history = self._failures.setdefault(device_id, deque())
        history.append(now)
        while history and history[0] <= now - window_s:
            history.popleft()
        if len(history) < failures:
            return None
        history.clear()
        streak, last_end = self._streak.get(device_id, (0, float("-inf")))
        streak = streak + 1 if now - last_end < ESCALATION_MEMORY_S else 1
        duration = min(cooldown_s * 2 ** (streak - 1), max(cooldown_s, COOLDOWN_CAP_S))
        until = now + duration
        self._until[device_id] = until
        self._streak[device_id] = (streak, until)
        return CooldownStart(duration, until, streak)

    def reset(self, device_id: str | None = None) -> None:
        """Forget failures and lift cooldowns (one reader, or all)."""
        if device_id is None:
            self._failures.clear()
            self._until.clear()
            self._streak.clear()
        else:
            self._failures.pop(device_id, None)
            self._until.pop(device_id, None)
            self._streak.pop(device_id, None)


def _local_date(value: date | datetime, tz: tzinfo) -> date:
    return value.astimezone(tz).date() if isinstance(value, datetime) else value


def _outside_validity(user: User, now: datetime, tz: tzinfo) -> bool:
    """Dates are whole local days (inclusive); datetimes are exact instants."""
    if user.valid_from is not None:
        if isinstance(user.valid_from, datetime):
            if now < user.valid_from:
                return True
        elif now.astimezone(tz).date() < _local_date(user.valid_from, tz):
            return True
    if user.valid_until is not None:
        if isinstance(user.valid_until, datetime):
            if now > user.valid_until:
                return True
        elif now.astimezone(tz).date() > _local_date(user.valid_until, tz):
            return True
    return False


class AccessEngine:
    """Decides; keeps only the cooldown memory and the lockdown flag as state."""

    def __init__(
        self,
        config: AccessConfig,
        index: dict[str, CredentialRef],
        hasher: CredentialHasher,
    ) -> None:
        """Start from a configuration snapshot."""
        self.config = config
        self.index = index
        self.hasher = hasher
        self.lockdown = False
        self.cooldown = ReaderCooldown()

    def reload(self, config: AccessConfig, index: dict[str, CredentialRef]) -> None:
        """Swap in a new configuration snapshot; cooldown memory survives."""
        self.config = config
        self.index = index

    def decide(self, request: AccessRequest, now: datetime, tz: tzinfo) -> Decision:
        """Return the decision for one request at ``now`` (aware), schedules read in ``tz``."""
        if request.access_type is AccessType.REX:
            device = self.config.devices.get(request.device_id)
            if device is None or not device.rex_allowed:
                # REX comes from a button inside; from a keypad outside it would open the door
                # for anyone who can send it
                return Decision(
                    Result.DENIED, Reason.NOT_AUTHORIZED, detail="exit request from a non-exit reader"
                )
            # Egress is life safety: an exit request opens the door whatever else is going on.
            return Decision(Result.GRANTED, Reason.SUCCESS, detail="exit request")
        if self.lockdown:
            return self._in_lockdown(request, now, tz)
        stamp = now.timestamp()
        if self.cooldown.active(request.device_id, stamp):
            return Decision(Result.DENIED, Reason.COOLDOWN)
        decision = self._evaluate(request, now, tz)
        if decision.result is Result.DENIED:
            return self._count_failure(request.device_id, stamp, decision)
        return decision

    def decide_code(
        self, door_id: str, code: str, now: datetime, tz: tzinfo
    ) -> tuple[Decision, AccessDevice | None]:
        """A PIN typed into Home Assistant for a door: granted as at one of the door's readers.

        Rules, schedules, validity, lockdown and each reader's cooldown apply as at the reader;
        wrong codes count toward a cooldown of their own per door, so the HA lock dialog cannot
        be used to guess PINs faster than the keypad.
        """
        remote_key = f"remote:{door_id}"
        readers = [d for d in self.config.devices.values() if d.door_id == door_id]
        if self.lockdown:
            at = readers[0].id if readers else remote_key
            return self._in_lockdown(AccessRequest(at, AccessType.PIN, code), now, tz), None
        stamp = now.timestamp()
        if self.cooldown.active(remote_key, stamp):
            return Decision(Result.DENIED, Reason.COOLDOWN), None
        open_readers = [d for d in readers if not self.cooldown.active(d.id, stamp)]
        if readers and not open_readers:
            return Decision(Result.DENIED, Reason.COOLDOWN), None
        denial: Decision | None = None
        candidates: list[AccessDevice | None] = [*open_readers] or [None]
        for device in candidates:
            at = device.id if device else remote_key
            decision = self._evaluate(AccessRequest(at, AccessType.PIN, code), now, tz)
            if decision.granted:
                return decision, device
            if denial is None or (denial.user_id is None and decision.user_id is not None):
                denial = decision
        assert denial is not None
        return self._count_failure(remote_key, stamp, denial), None

    def _count_failure(self, key: str, stamp: float, decision: Decision) -> Decision:
        settings = self.config.settings
        started = self.cooldown.record_failure(
            key,
            stamp,
            settings.cooldown_failures,
            settings.cooldown_window_s,
            settings.cooldown_s,
        )
        if started is None:
            return decision
        note = f"cooldown {started.streak} in a row: reader locked for {started.duration_s:g} s"
        if started.streak > 1:
            note = f"brute force suspected, {note}"
        return replace(decision, cooldown=started, detail=note)

    def _in_lockdown(self, request: AccessRequest, now: datetime, tz: tzinfo) -> Decision:
        """Everything is refused; a duress PIN is still recognised so its alarm goes out."""
        decision = self._evaluate(request, now, tz)
        if decision.duress:
            return Decision(
                Result.DENIED,
                Reason.LOCKDOWN,
                user_id=decision.user_id,
                user_name=decision.user_name,
                rule=decision.rule,
                detail="duress PIN during lockdown",
                duress_in_lockdown=True,
            )
        return Decision(Result.DENIED, Reason.LOCKDOWN)

    def _evaluate(self, request: AccessRequest, now: datetime, tz: tzinfo) -> Decision:
        digest = (
            self.hasher.presented(request.access_type, request.credential)
            if request.credential is not None
            else None
        )
        ref = self.index.get(digest) if digest is not None else None
        if ref is None or (
            # a card hash can only be presented as rfid, a PIN hash only as pin
            (ref.kind is CredentialKind.RFID) != (request.access_type is AccessType.RFID)
        ):
            return Decision(Result.DENIED, Reason.UNKNOWN_CREDENTIAL)
        user = self.config.users.get(ref.user_id)
        if user is None:
            return Decision(Result.DENIED, Reason.UNKNOWN_CREDENTIAL)

        def verdict(result: Result, reason: Reason, rule: Rule | None = None) -> Decision:
            return Decision(result, reason, user_id=user.id, user_name=user.name, rule=rule)

        if not user.enabled:
            return verdict(Result.DENIED, Reason.USER_DISABLED)
        if _outside_validity(user, now, tz):
            return verdict(Result.DENIED, Reason.EXPIRED)
        covering = [
            rule
            for rule in self.config.rules_by_device.get(request.device_id, ())
            if user.id in rule.user_ids
        ]
        if not covering:
            return verdict(Result.DENIED, Reason.NOT_AUTHORIZED)
        enabled = [rule for rule in covering if rule.enabled]
        if not enabled:
            return verdict(Result.DENIED, Reason.RULE_DISABLED, covering[0])
        local_now = now.astimezone(tz)
        wrong_hours: Rule | None = None
        for rule in enabled:
            window = schedules.check(rule.schedule, local_now)
            if window is schedules.ScheduleVerdict.ALLOWED:
                reason = Reason.DURESS if ref.kind is CredentialKind.DURESS_PIN else Reason.SUCCESS
                return verdict(Result.GRANTED, reason, rule)
            if window is schedules.ScheduleVerdict.OUTSIDE_HOURS and wrong_hours is None:
                wrong_hours = rule
        if wrong_hours is not None:
            return verdict(Result.DENIED, Reason.OUTSIDE_SCHEDULE, wrong_hours)
        return verdict(Result.DENIED, Reason.SCHEDULE_DAY, enabled[0])
