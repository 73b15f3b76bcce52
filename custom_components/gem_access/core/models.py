"""Typed records the engine works on, built from the stored configuration."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

DEFAULT_SETTINGS: dict[str, Any] = {
    "facial_recognition_enabled": False,
    "privacy_acknowledged": False,
    # who ticked the privacy acknowledgement (HA user name) and when (ISO 8601 UTC): set by the server
    "privacy_acknowledged_by": None,
    "privacy_acknowledged_at": None,
    # Match column bands: green from this score up, amber from the amber one, red below
    "match_green_threshold": 50,
    "match_amber_threshold": 30,
    "retention_days": 0,
    # event pictures may go sooner than their rows (0 = as long as the rows); at most retention_days
    "snapshot_retention_days": 0,
    "cooldown_failures": 5,
    "cooldown_window_s": 60,
    "cooldown_s": 300,
    "forced_grace_s": 10,
    "default_held_open_threshold_sec": 60,
    # the Frigate server for recordings when a reader's NVR device is not one of the Frigate integration
    "frigate_url": None,
    # red flags (logstore/flags.py documents each rule)
    "flag_denied_burst_count": 5,
    "flag_denied_burst_minutes": 5,
    "flag_unknown_credential_count": 3,
    "flag_failing_user_count": 3,
    "flag_unusual_hours_days": 30,
    "flag_unusual_hours_min_grants": 20,
    "flag_device_error_count": 1,
}


@dataclass(frozen=True, slots=True)
class ScheduleWindow:
    """Weekly window: on each listed day from start until end (end < start runs overnight)."""

    days: frozenset[int]  # 0 = Monday, as datetime.weekday()
    start_min: int  # minutes after local midnight
    end_min: int  # 1..1440; below start_min means the window ends the next day


@dataclass(frozen=True, slots=True)
class User:
    """A person who may hold credentials."""

    id: str
    name: str
    enabled: bool = True
    valid_from: date | datetime | None = None
    valid_until: date | datetime | None = None


@dataclass(frozen=True, slots=True)
class Door:
    """A door: what opens it and what reports it open."""

    id: str
    name: str
    contact_entity_id: str | None = None
    actuator_entity_id: str | None = None
    strike_time_s: float = 5.0
    held_open_threshold_sec: float | None = None


@dataclass(frozen=True, slots=True)
class AccessDevice:
    """A reader (keypad, card reader, exit button) in front of one door."""

    id: str
    name: str
    door_id: str
    driver: str = "virtual"
    # an exit device (a button inside) may send REX; a keypad outside must never open by REX
    rex_allowed: bool = False


@dataclass(frozen=True, slots=True)
class Rule:
    """Who may pass which readers, when, and what runs on a grant."""

    id: str
    name: str
    enabled: bool = True
    device_ids: frozenset[str] = frozenset()
    user_ids: frozenset[str] = frozenset()
    schedule: tuple[ScheduleWindow, ...] = ()
    script_entity_id: str | None = None
    duress_script_entity_id: str | None = None
    held_open_threshold_sec: float | None = None


@dataclass(frozen=True, slots=True)
class EngineSettings:
    """The settings the engine and door monitor read."""

    cooldown_failures: int = 5
    cooldown_window_s: float = 60.0
    cooldown_s: float = 300.0
    forced_grace_s: float = 10.0
    default_held_open_threshold_sec: float | None = 60.0


@dataclass(slots=True)
class AccessConfig:
    """A consistent snapshot of everything a decision needs."""

    users: dict[str, User] = field(default_factory=dict)
    doors: dict[str, Door] = field(default_factory=dict)
    devices: dict[str, AccessDevice] = field(default_factory=dict)
    rules: dict[str, Rule] = field(default_factory=dict)
    settings: EngineSettings = field(default_factory=EngineSettings)
    # rules by reader id, in rule order, so a decision only looks at rules that can apply
    rules_by_device: dict[str, tuple[Rule, ...]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        """Index rules by reader."""
        by_device: dict[str, list[Rule]] = {}
        for rule in self.rules.values():
            for device_id in rule.device_ids:
                by_device.setdefault(device_id, []).append(rule)
        self.rules_by_device = {k: tuple(v) for k, v in by_device.items()}
