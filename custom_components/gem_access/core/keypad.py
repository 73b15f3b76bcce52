"""Key presses buffered into a PIN (pure: no HA imports; time is passed in).

Wiegand keypads (one frame per key) and OSDP readers (key-press events) send single keys. A PIN is
the digits typed since the last submit or clear: ``#`` submits it, ``*`` clears it, and a pause
longer than the inter-key timeout forgets what was typed (someone walked away half-way: the next
person must not inherit their digits). A ``#`` with nothing typed, and a PIN longer than
``PIN_MAX_DIGITS``, submit nothing (counted by the caller as drops).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Final, Literal

PIN_MAX_DIGITS: Final = 32  # the line protocol's limit, so both kinds of reader agree
DEFAULT_KEY_TIMEOUT_S: Final = 5.0

KeyOutcome = Literal["typed", "cleared", "submitted", "empty", "overflow", "bad_key"]


@dataclass(frozen=True, slots=True)
class KeyResult:
    """What one key did; ``pin`` is set only when ``#`` submitted one."""

    outcome: KeyOutcome
    pin: str | None = field(default=None, repr=False)
    timed_out: bool = False  # the digits before this key were forgotten (pause too long)


class KeypadBuffer:
    """The digits typed at one reader, with the time of the last key."""

    def __init__(self, timeout_s: float = DEFAULT_KEY_TIMEOUT_S) -> None:
        """Start empty; ``timeout_s`` is the longest pause between two keys of one PIN."""
        self.timeout_s = timeout_s
        self._digits: list[str] = []
        self._last: float | None = None
        self._overflow = False

    def __repr__(self) -> str:
        """Never the digits."""
        return f"KeypadBuffer({len(self._digits)} digits)"

    @property
    def pending(self) -> int:
        """How many digits wait for ``#``."""
        return len(self._digits)

    def expire(self, now: float) -> bool:
        """Forget the digits when the last key is older than the timeout; True if some were."""
        if self._last is not None and now - self._last > self.timeout_s:
            had = bool(self._digits) or self._overflow
            self._reset()
            return had
        return False

    def press(self, key: str, now: float) -> KeyResult:
        """One key at time ``now`` (seconds, monotonic)."""
        timed_out = self.expire(now)
        self._last = now
        if key == "*":
            self._reset()
            self._last = now
            return KeyResult("cleared", timed_out=timed_out)
        if key == "#":
            digits, overflow = self._digits, self._overflow
            self._reset()
            if overflow:
                return KeyResult("overflow", timed_out=timed_out)
            if not digits:
                return KeyResult("empty", timed_out=timed_out)
            return KeyResult("submitted", "".join(digits), timed_out=timed_out)
        if len(key) != 1 or key not in "0123456789":
            return KeyResult("bad_key", timed_out=timed_out)
        if len(self._digits) >= PIN_MAX_DIGITS:
            # a stuck key or noise: this PIN is void until the next '*' or '#'
            self._overflow = True
            self._digits.clear()
        elif not self._overflow:
            self._digits.append(key)
        return KeyResult("typed", timed_out=timed_out)

    def press_many(self, keys: str, now: float) -> list[KeyResult]:
        """Several keys that arrived together (an OSDP key-press event carries a string)."""
        return [self.press(key, now) for key in keys]

    def _reset(self) -> None:
        self._digits = []
        self._overflow = False
        self._last = None
