"""Versioned storage of users, readers, doors, rules and settings; runtime state is apart."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import Any

from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers import issue_registry as ir
from homeassistant.helpers.storage import Store
from homeassistant.util import dt as dt_util
from homeassistant.util import slugify

from .const import DOMAIN, STORAGE_KEY, STORAGE_MINOR_VERSION, STORAGE_VERSION
from .core import schedules, validation
from .core.credentials import (
    CredentialHasher,
    CredentialRef,
    KeyStatus,
    build_index,
    check_key,
    has_credentials,
    new_secret,
    usable_secret,
)
from .core.models import (
    DEFAULT_SETTINGS,
    AccessConfig,
    AccessDevice,
    Door,
    EngineSettings,
    Rule,
    User,
)
from .errors import CODE_CONFLICT, GemAccessError
from .runtime_state import RuntimeState

_LOGGER = logging.getLogger(__name__)

SECRET_STORAGE_KEY = "gem_access.secret"  # noqa: S105 - a storage file name
# names the key the stored credential hashes were made with: kept in the same file as the hashes
KEY_FINGERPRINT = "credential_key_fingerprint"
# ids of deleted records, never handed out again (old log rows keep meaning the deleted one)
RETIRED_IDS = "retired_ids"
# readers whose rex_allowed the 1.2 migration set rather than the admin (see rex_review.py)
REX_REVIEW = "rex_review"
# 1.3 moved these out of the former "state" key; the rest of it went to the runtime state file
CONFIG_STATE_KEYS = (KEY_FINGERPRINT, RETIRED_IDS, REX_REVIEW)
ISSUE_CREDENTIAL_KEY = "credential_key"
COLLECTIONS = ("users", "doors", "devices", "rules")
SAVE_DELAY_S = 1.0
ID_BASE_MAX = 48

type ConfigData = dict[str, Any]


class GemAccessStore(Store[ConfigData]):
    """The configuration file, with migrations between its versions."""

    async def _async_migrate_func(  # type: ignore[override]
        self, old_major_version: int, old_minor_version: int, old_data: ConfigData
    ) -> ConfigData:
        # Version 1 is the first; later versions add their steps here, oldest first.
        data = dict(old_data)
        for key in COLLECTIONS:
            data.setdefault(key, {})
        data.setdefault("settings", {})
        if old_major_version == 1 and old_minor_version < 3:
            data = split_state(data)
        if old_major_version == 1 and old_minor_version < 2:
            data = migrate_rex_allowed(data)
        return data


def split_state(data: ConfigData) -> ConfigData:
    """1.2 -> 1.3: the facts about the configuration leave ``state``; runtime state stays there.

    ``ConfigStore.async_load`` hands what is left of ``state`` to the runtime state file.
    """
    state = dict(data.get("state") or {})
    moved = {key: state.pop(key) for key in CONFIG_STATE_KEYS if key in state}
    return {**data, **moved, "state": state}


def migrate_rex_allowed(data: ConfigData) -> ConfigData:
    """1.1 -> 1.2: readers that existed before ``rex_allowed`` keep accepting exit requests.

    Every reader accepted REX before, and the log cannot tell which reader is the button inside,
    so none is silently cut off (an exit that stops opening traps people); the ids are kept for
    a repair issue that asks the admin to switch it off on readers outside.
    """
    devices = {
        device_id: {**record, "rex_allowed": record.get("rex_allowed", True)}
        for device_id, record in data["devices"].items()
    }
    review = sorted(device_id for device_id, record in devices.items() if record["rex_allowed"])
    return {**data, "devices": devices, **({REX_REVIEW: review} if review else {})}


class _Owners:
    """Read-only ``hash -> user id`` lookups over the credential index, without copying it."""

    def __init__(self, index: dict[str, CredentialRef]) -> None:
        self._index = index

    def get(self, digest: str, default: str | None = None) -> str | None:
        ref = self._index.get(digest)
        return ref.user_id if ref is not None else default


def _empty() -> ConfigData:
    return {**{key: {} for key in COLLECTIONS}, "settings": dict(DEFAULT_SETTINGS)}


class ConfigStore:
    """All configuration records; every change is validated first and saved after."""

    def __init__(self, hass: HomeAssistant) -> None:
        """Create the stores (nothing is loaded yet)."""
        self.hass = hass
        self._store = GemAccessStore(
            hass,
            STORAGE_VERSION,
            STORAGE_KEY,
            minor_version=STORAGE_MINOR_VERSION,
            private=True,
            atomic_writes=True,
        )
        self._secret_store: Store[dict[str, str]] = Store(
            hass, 1, SECRET_STORAGE_KEY, private=True, atomic_writes=True
        )
        self.data: ConfigData = _empty()
        self.hasher: CredentialHasher
        self.key_status = KeyStatus.OK
        self._lock = asyncio.Lock()
        self._listeners: list[Callable[[], None]] = []
        self._index: dict[str, CredentialRef] | None = None

    async def async_load(self, runtime: RuntimeState) -> None:
        """Load the configuration and the installation secret (made on first start only).

        Runtime state that versions before 1.3 kept in this file moves to ``runtime`` (loaded
        already), which is written first: a crash in between leaves it in both, never in neither.

        A lost or foreign key while credential hashes exist is not papered over with a new key:
        the hashes are kept for the right key's return, no PIN or card can match meanwhile (the
        index is empty), enrolment is refused, and a repair issue tells the admin what to do.
        Everything else (exit buttons, door monitoring, lockdown, admin unlocks) keeps working.
        """
        loaded = await self._store.async_load()
        if loaded:
            self.data = {**_empty(), **loaded}
            self.data["settings"] = {**DEFAULT_SETTINGS, **loaded.get("settings", {})}
            if "state" in self.data:
                legacy = self.data.pop("state") or {}
                if legacy:
                    await runtime.async_adopt(legacy)
                await self._store.async_save(self.data)
        secret_data = await self._secret_store.async_load()
        secret = usable_secret((secret_data or {}).get("secret"))
        fingerprint = self.data.get(KEY_FINGERPRINT)
        self.key_status = check_key(secret, fingerprint, has_credentials(self.data["users"]))
        if self.key_status is KeyStatus.NEW:
            secret = new_secret()
            await self._secret_store.async_save({"secret": secret})
            self.key_status = KeyStatus.OK
        if self.credentials_usable and secret is not None:
            self.hasher = CredentialHasher(secret)
            if fingerprint != self.hasher.fingerprint:
                self.data[KEY_FINGERPRINT] = self.hasher.fingerprint
                self._changed(notify=False)
            ir.async_delete_issue(self.hass, DOMAIN, ISSUE_CREDENTIAL_KEY)
            return
        # a throwaway key that is never saved: nothing hashed with it can equal a stored hash
        self.hasher = CredentialHasher(new_secret())
        _LOGGER.error(
            "The key of the stored PINs and cards is %s (.storage/%s): every PIN and card is "
            "denied until it is restored from a backup or the credentials are re-enrolled "
            "(see Settings > Repairs)",
            "missing"
            if self.key_status is KeyStatus.MISSING
            else "not the one they were made with",
            SECRET_STORAGE_KEY,
        )
        ir.async_create_issue(
            self.hass,
            DOMAIN,
            ISSUE_CREDENTIAL_KEY,
            is_fixable=True,
            is_persistent=False,
            severity=ir.IssueSeverity.ERROR,
            translation_key=f"credential_key_{self.key_status.value}",
            translation_placeholders={"file": f".storage/{SECRET_STORAGE_KEY}"},
        )

    @property
    def credentials_usable(self) -> bool:
        """Whether stored credentials can be checked and new ones enrolled."""
        return self.key_status is KeyStatus.OK

    async def async_replace_credential_key(self) -> None:
        """Start over with a new key, after the admin confirmed it in the repair flow.

        Hashes made with the lost key can never match again, so they are removed rather than
        left to look enrolled; users, rules and everything else stay.
        """
        async with self._lock:
            secret = new_secret()
            await self._secret_store.async_save({"secret": secret})
            self.hasher = CredentialHasher(secret)
            self.key_status = KeyStatus.OK
            self.data["users"] = {
                uid: {**user, "pins": [], "duress_pins": [], "rfid_cards": []}
                for uid, user in self.data["users"].items()
            }
            self.data[KEY_FINGERPRINT] = self.hasher.fingerprint
            self._changed()
            await self._store.async_save(self.data)
        ir.async_delete_issue(self.hass, DOMAIN, ISSUE_CREDENTIAL_KEY)

    @callback
    def async_add_listener(self, listener: Callable[[], None]) -> Callable[[], None]:
        """Call ``listener`` after every configuration change."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener)

    def _changed(self, *, notify: bool = True) -> None:
        if notify:
            self._index = None
        self._store.async_delay_save(lambda: self.data, SAVE_DELAY_S)
        if notify:
            for listener in list(self._listeners):
                listener()

    async def async_flush(self) -> None:
        """Write pending changes now (on unload)."""
        await self._store.async_save(self.data)

    # --- reading -------------------------------------------------------------------------------

    @property
    def settings(self) -> dict[str, Any]:
        """Current settings."""
        return dict(self.data["settings"])

    def rex_review(self) -> list[str]:
        """Readers kept as exits by the upgrade whose ``rex_allowed`` the admin has not set yet."""
        return list(self.data.get(REX_REVIEW, []))

    def items(self, collection: str) -> dict[str, dict[str, Any]]:
        """The records of one collection, by id."""
        return dict(self.data[collection])

    def public(self, collection: str, record: dict[str, Any]) -> dict[str, Any]:
        """A record as APIs show it (never a credential hash)."""
        return validation.public_user(record) if collection == "users" else dict(record)

    def list_public(self, collection: str) -> list[dict[str, Any]]:
        """All records of a collection, safe to return to a client."""
        return [self.public(collection, r) for r in self.data[collection].values()]

    def credential_owners(self) -> _Owners:
        """Every credential hash mapped to its user id (a view over the cached index)."""
        return _Owners(self.credential_index())

    def credential_index(self) -> dict[str, CredentialRef]:
        """Hash -> owner index for the engine; rebuilt only after users change."""
        if self._index is None:
            # hashes of a lost key stay stored but are never looked up: nothing may match them
            self._index = build_index(self.data["users"]) if self.credentials_usable else {}
        return self._index

    def access_config(self) -> AccessConfig:
        """Typed snapshot for the engine."""
        users = {
            uid: User(
                id=uid,
                name=u["name"],
                enabled=u["enabled"],
                valid_from=validation.parse_validity(u.get("valid_from")),
                valid_until=validation.parse_validity(u.get("valid_until")),
            )
            for uid, u in self.data["users"].items()
        }
        doors = {
            did: Door(
                id=did,
                name=d["name"],
                contact_entity_id=d.get("contact_entity_id"),
                actuator_entity_id=d.get("actuator_entity_id"),
                strike_time_s=float(d.get("strike_time_s", 5)),
                held_open_threshold_sec=d.get("held_open_threshold_sec"),
            )
            for did, d in self.data["doors"].items()
        }
        devices = {
            vid: AccessDevice(
                id=vid,
                name=v["name"],
                door_id=v["door_id"],
                driver=v["driver"],
                rex_allowed=bool(v.get("rex_allowed", False)),
            )
            for vid, v in self.data["devices"].items()
        }
        rules = {
            rid: Rule(
                id=rid,
                name=r["name"],
                enabled=r["enabled"],
                device_ids=frozenset(r["device_ids"]),
                user_ids=frozenset(r["user_ids"]),
                schedule=schedules.parse_schedule(r["schedule"]),
                script_entity_id=r.get("script_entity_id"),
                duress_script_entity_id=r.get("duress_script_entity_id"),
                held_open_threshold_sec=r.get("held_open_threshold_sec"),
            )
            for rid, r in self.data["rules"].items()
        }
        s = self.data["settings"]
        settings = EngineSettings(
            cooldown_failures=int(s["cooldown_failures"]),
            cooldown_window_s=float(s["cooldown_window_s"]),
            cooldown_s=float(s["cooldown_s"]),
            forced_grace_s=float(s["forced_grace_s"]),
            default_held_open_threshold_sec=s.get("default_held_open_threshold_sec"),
        )
        return AccessConfig(
            users=users, doors=doors, devices=devices, rules=rules, settings=settings
        )

    # --- changing ------------------------------------------------------------------------------

    def _new_id(self, collection: str, name: str) -> str:
        # ids are stored in every log row (64 characters there), names may be longer
        base = slugify(name)[:ID_BASE_MAX].strip("_") or collection.rstrip("s")
        # a deleted record's id is never handed out again: old log rows keep meaning that one
        retired = set(self.data.get(RETIRED_IDS, {}).get(collection, []))
        candidate, n = base, 1
        while candidate in self.data[collection] or candidate in retired:
            n += 1
            candidate = f"{base}_{n}"
        return candidate

    def _require(self, collection: str, item_id: Any) -> dict[str, Any]:
        if not isinstance(item_id, str) or item_id not in self.data[collection]:
            raise GemAccessError(f"unknown_{collection.rstrip('s')}", "not_found", id=item_id)
        return dict(self.data[collection][item_id])

    def _clean(
        self, collection: str, fields: dict[str, Any], current: dict[str, Any] | None, item_id: str
    ) -> dict[str, Any]:
        d = self.data
        try:
            if collection == "users":
                owners = self.credential_owners()
                record = validation.clean_user(fields, current, self.hasher, owners, item_id)
            elif collection == "doors":
                record = validation.clean_door(fields, current)
            elif collection == "devices":
                record = validation.clean_device(fields, current, d["doors"])
            else:
                record = validation.clean_rule(fields, current, d["devices"], d["users"])
        except validation.RecordError as err:
            raise GemAccessError(err.key, err.code, **err.placeholders) from None
        record["id"] = item_id
        return record

    async def async_create(self, collection: str, fields: dict[str, Any]) -> dict[str, Any]:
        """Validate and add a record; returns it as clients see it."""
        async with self._lock:
            name = fields.get("name")
            item_id = self._new_id(collection, name if isinstance(name, str) else "")
            record = await self._async_clean(collection, fields, None, item_id)
            self.data[collection] = {**self.data[collection], item_id: record}
            self._changed()
            return self.public(collection, record)

    async def async_update(
        self, collection: str, item_id: Any, fields: dict[str, Any]
    ) -> dict[str, Any]:
        """Validate and change fields of a record."""
        async with self._lock:
            current = self._require(collection, item_id)
            record = await self._async_clean(collection, fields, current, item_id)
            self.data[collection] = {**self.data[collection], item_id: record}
            if collection == "devices" and "rex_allowed" in fields:
                self._reviewed_rex(item_id)
            self._changed()
            return self.public(collection, record)

    def _reviewed_rex(self, device_id: str) -> None:
        """The admin chose this reader's ``rex_allowed``: it leaves the upgrade's review list."""
        self.data[REX_REVIEW] = [x for x in self.rex_review() if x != device_id]

    async def _async_clean(
        self, collection: str, fields: dict[str, Any], current: dict[str, Any] | None, item_id: str
    ) -> dict[str, Any]:
        if collection == "users" and any(k in fields for k in ("pins", "duress_pin", "rfid_cards")):
            if not self.credentials_usable:
                # a hash made now would be lost again when the admin restores the right key
                raise GemAccessError("credential_key_unavailable", CODE_CONFLICT)
            # hashing is cheap (HMAC), but stays off the loop with the ownership scan of big sites
            return await self.hass.async_add_executor_job(
                self._clean, collection, fields, current, item_id
            )
        return self._clean(collection, fields, current, item_id)

    async def async_delete(self, collection: str, item_id: Any) -> None:
        """Remove a record; references from rules are dropped, a door in use is refused."""
        async with self._lock:
            self._require(collection, item_id)
            d = self.data
            if collection == "doors":
                users_of = [v["name"] for v in d["devices"].values() if v["door_id"] == item_id]
                if users_of:
                    raise GemAccessError("door_in_use", "in_use", devices=", ".join(users_of))
            new = {k: v for k, v in d[collection].items() if k != item_id}
            d[collection] = new
            if collection == "devices":
                self._reviewed_rex(item_id)
            retired = dict(d.get(RETIRED_IDS, {}))
            retired[collection] = [*retired.get(collection, []), item_id]
            d[RETIRED_IDS] = retired
            if collection in ("users", "devices"):
                field = "user_ids" if collection == "users" else "device_ids"
                d["rules"] = {
                    rid: {**r, field: [x for x in r[field] if x != item_id]}
                    for rid, r in d["rules"].items()
                }
            self._changed()

    async def async_set_photo(self, user_id: str, has_photo: bool) -> dict[str, Any]:
        """Record whether the user has a profile photo; a new photo clears any old error."""
        async with self._lock:
            record = {**self._require("users", user_id), "has_photo": has_photo}
            record["facial_recognition_embedding_error"] = None
            self.data["users"] = {**self.data["users"], user_id: record}
            self._changed()
            return self.public("users", record)

    async def async_set_face_status(
        self, user_id: str, *, enrolled: bool, error: str | None
    ) -> dict[str, Any] | None:
        """Record whether the user's photo is enrolled for facial recognition, or why not.

        Only the outcome is kept here; the embedding itself is in the face module's encrypted store.
        """
        async with self._lock:
            current = self.data["users"].get(user_id)
            if current is None:
                return None
            if (
                current.get("facial_recognition_enrolled", False) == enrolled
                and current.get("facial_recognition_embedding_error") == error
            ):
                return self.public("users", current)
            record = {
                **current,
                "facial_recognition_enrolled": enrolled,
                "facial_recognition_embedding_error": error,
            }
            self.data["users"] = {**self.data["users"], user_id: record}
            self._changed(notify=False)
            return self.public("users", record)

    async def async_update_settings(
        self, fields: dict[str, Any], acknowledged_by: str | None = None
    ) -> dict[str, Any]:
        """Validate and change settings; an acknowledgement records ``acknowledged_by`` and the time."""
        async with self._lock:
            try:
                settings = validation.clean_settings(fields, self.data["settings"])
            except validation.RecordError as err:
                raise GemAccessError(err.key, err.code, **err.placeholders) from None
            if fields.get("privacy_acknowledged") is True:
                settings["privacy_acknowledged_by"] = acknowledged_by
                settings["privacy_acknowledged_at"] = dt_util.utcnow().isoformat()
            elif not settings.get("privacy_acknowledged"):
                settings["privacy_acknowledged_by"] = settings["privacy_acknowledged_at"] = None
            self.data["settings"] = settings
            self._changed()
            return dict(settings)
