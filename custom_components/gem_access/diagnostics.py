"""Diagnostics: configuration and recent activity, with credentials and people left out.

Record ids are slugs of names (user "Alice" is ``alice``), and door, reader and entity names can
name a person ("Alice's office", ``lock.alice_office``). So every id and entity id is replaced by a
pseudonym (``user_1``, ``lock.entity_3``) that keeps the references between records readable
within one download, and every name and free text is redacted. Pseudonyms are numbered per
download, never derived from the name, so they cannot be reversed by guessing names.
"""

from __future__ import annotations

from typing import Any

from homeassistant.components.diagnostics import REDACTED
from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import HomeAssistant

from .logstore.rows import LogFilter
from .types import GemAccessConfigEntry

RECENT_ROWS = 20
# record fields that point at another record: field -> the kind of record
REFERENCES = {
    "user_id": "user",
    "user_ids": "user",
    "device_id": "device",
    "device_ids": "device",
    "door_id": "door",
}
# credential material: only whether there is any shows
_DROP = {"pins", "duress_pins", "rfid_cards", "facial_recognition_embedding", "snapshot"}
# text fields that name no one and help to debug (any other text is redacted)
_KEEP = {"driver", "schedule"}
# log row fields that say what happened without saying who or where
ROW_FIELDS = (
    "id",
    "timestamp",
    "access_type",
    "result",
    "reason",
    "match_score",
    "match_status",
    "has_snapshot",
)


class Pseudonyms:
    """Stable per-download stand-ins for ids and entity ids."""

    def __init__(self) -> None:
        """Start every kind's numbering at 1."""
        self._names: dict[tuple[str, str], str] = {}
        self._counts: dict[str, int] = {}

    def of(self, kind: str, value: Any) -> Any:
        """The pseudonym of ``value`` (None and non-strings pass through)."""
        if not isinstance(value, str) or not value:
            return value
        key = (kind, value)
        if key not in self._names:
            self._counts[kind] = self._counts.get(kind, 0) + 1
            self._names[key] = f"{kind}_{self._counts[kind]}"
        return self._names[key]

    def entity(self, entity_id: Any) -> Any:
        """Keep the domain (it tells a lock from a switch); hide the object id."""
        if not isinstance(entity_id, str) or "." not in entity_id:
            return self.of("entity", entity_id)
        domain = entity_id.split(".", 1)[0]
        return f"{domain}.{self.of('entity', entity_id)}"

    def field(self, key: str, value: Any) -> Any:
        """One record field, pseudonymised or redacted as it needs."""
        if key in REFERENCES:
            kind = REFERENCES[key]
            if isinstance(value, list):
                return [self.of(kind, item) for item in value]
            return self.of(kind, value)
        if key.endswith("entity_id"):
            return self.entity(value)
        if key.endswith("entity_ids") and isinstance(value, list):
            return [self.entity(item) for item in value]
        if key in _DROP:
            return REDACTED if value else value
        if key in _KEEP:
            return value
        if isinstance(value, bool | int | float) or value is None:
            return value
        # names, validity dates, driver options, free text: anything else may say who or where
        return REDACTED

    def record(self, kind: str, record: dict[str, Any]) -> dict[str, Any]:
        """A stored record with its own id and every reference replaced."""
        out = {key: self.field(key, value) for key, value in record.items() if key != "id"}
        return {"id": self.of(kind, record.get("id")), **out}


def _settings(settings: dict[str, Any]) -> dict[str, Any]:
    """Settings, without the name of the admin who acknowledged the privacy notice."""
    who = settings.get("privacy_acknowledged_by")
    return {**settings, "privacy_acknowledged_by": REDACTED if who else who}


def _face(entry: GemAccessConfigEntry) -> dict[str, Any]:
    """How facial recognition runs: counts and the backend, never an embedding or a photo."""
    face = entry.runtime_data.face
    models = face.worker.models
    return {
        "enrolled_users": len(face.embeddings.users()),
        "runtime": models.backend if models is not None else None,
        "embedding_dim": models.dim if models is not None else None,
        "pending_scores": face.worker.pending,
        "dropped_scores": face.worker.dropped,
    }


async def async_get_config_entry_diagnostics(
    hass: HomeAssistant, entry: GemAccessConfigEntry
) -> dict[str, Any]:
    """Return diagnostics that name no person, directly or through an id."""
    if entry.state is not ConfigEntryState.LOADED:
        # a failed setup has no runtime data; its state is what there is to report
        return {"state": entry.state.value, "reason": entry.reason}
    runtime = entry.runtime_data
    data = runtime.config.data
    names = Pseudonyms()
    # configured records first, so their numbers follow the configuration's order
    sections = {
        "users": [names.record("user", r) for r in data["users"].values()],
        "doors": [names.record("door", r) for r in data["doors"].values()],
        "devices": [names.record("device", r) for r in data["devices"].values()],
        "rules": [names.record("rule", r) for r in data["rules"].values()],
    }
    rows, _ = await runtime.logs.async_list(LogFilter(), RECENT_ROWS, None)
    recent = [
        {
            **{key: row.get(key) for key in ROW_FIELDS},
            "user_id": names.of("user", row.get("user_id")),
            "device_id": names.of("device", row.get("device_id")),
            "door_id": names.of("door", row.get("door_id")),
            "action_details": REDACTED if row.get("action_details") else None,
        }
        for row in rows
    ]
    return {
        "settings": _settings(runtime.config.settings),
        "face": _face(entry),
        "credential_key": runtime.config.key_status.value,
        **sections,
        "lockdown": runtime.controller.lockdown,
        "driver_status": {
            # online, dropped inputs, garbage dropped by reason, format / secure channel
            names.of("device", device_id): runtime.readers.driver_status(device_id)
            for device_id in data["devices"]
        },
        "recent_rows": recent,
    }
