"""The access decision: credential + reader + time + state -> Decision. Pure and synchronous."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from datetime import date, datetime, tzinfo

from . import schedules
from .codes import AccessType, Reason, Result
from .credentials import CredentialHasher, CredentialKind, CredentialRef
from .models import AccessConfig, Rule, User


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

    @property
    def granted(self) -> bool:
        """Whether the door should open (duress included)."""
        return self.result is Result.GRANTED

    @property
    def duress(self) -> bool:
        """Whether this grant was made under a duress PIN."""
        return self.reason is Reason.DURESS


class ReaderCooldown:
    """Per-reader brute-force guard: N denials within a window lock the reader for a while."""

    def __init__(self) -> None:
        """Start with no history."""
        self._failures: dict[str, deque[float]] = {}
        self._until: dict[str, float] = {}

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
    ) -> bool:
        """Count a denial; return True when it starts a cooldown."""
        if failures <= 0 or cooldown_s <= 0:
            return False
        history = self._failures.setdefault(device_id, deque())
        history.append(now)
        while history and history[0] <= now - window_s:
            history.popleft()
        if len(history) >= failures:
            history.clear()
            self._until[device_id] = now + cooldown_s
            return True
        return False

    def reset(self, device_id: str | None = None) -> None:
        """Forget failures and lift cooldowns (one reader, or all)."""
        if device_id is None:
            self._failures.clear()
            self._until.clear()
        else:
            self._failures.pop(device_id, None)
            self._until.pop(device_id, None)


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
            # Egress is life safety: an exit request opens the door whatever else is going on.
            return Decision(Result.GRANTED, Reason.SUCCESS, detail="exit request")
        if self.lockdown:
            return Decision(Result.DENIED, Reason.LOCKDOWN)
        stamp = now.timestamp()
        if self.cooldown.active(request.device_id, stamp):
            return Decision(Result.DENIED, Reason.COOLDOWN)
        decision = self._evaluate(request, now, tz)
        if decision.result is Result.DENIED:
            settings = self.config.settings
            self.cooldown.record_failure(
                request.device_id,
                stamp,
                settings.cooldown_failures,
                settings.cooldown_window_s,
                settings.cooldown_s,
            )
        return decision

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
