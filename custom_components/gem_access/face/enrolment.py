"""Users' face embeddings: computed from the profile photo on the face worker, kept encrypted.

Two private files in ``.storage`` (mode 0600, atomic writes), apart from the configuration so that
no code path that reads or returns user records (APIs, diagnostics, backups of settings) ever holds
an embedding:

- ``gem_access.face_key``: the per-installation AES-256 key;
- ``gem_access.face_embeddings``: per user, the sealed embedding (``crypto.py``), its dimension and
  the backend that made it.

If the key is lost (a partial restore) the sealed embeddings can never be opened again: they are
dropped and the photos, which are kept, are enrolled again (``FaceService``); nothing biometric is
ever stored in the clear to survive such a loss.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final

from homeassistant.core import HomeAssistant
from homeassistant.helpers.storage import Store
from homeassistant.util import dt as dt_util

from .crypto import EmbeddingCipher, EmbeddingUnreadable, decode_key, encode_key, new_key

if TYPE_CHECKING:
    from .pipeline import FaceModels

_LOGGER = logging.getLogger(__name__)

KEY_STORAGE_KEY: Final = "gem_access.face_key"
EMBEDDINGS_STORAGE_KEY: Final = "gem_access.face_embeddings"
STORAGE_VERSION: Final = 1


@dataclass(frozen=True, slots=True)
class Enrolment:
    """What the worker made of a photo: a float32 embedding, or why there is none."""

    vector: bytes | None
    error: str | None  # None | "no_face_detected" | "unreadable_image"
    faces: int
    backend: str
    dim: int


def enrol_job(image: bytes) -> Any:
    """The worker job that embeds a profile photo (blocking; runs on the face worker thread)."""

    def run(models: FaceModels) -> Enrolment:
        result = models.enrol(image)
        vector = None
        if result.embedding is not None:
            # float32 bytes: the event loop side never needs numpy
            vector = result.embedding.astype("<f4").reshape(-1).tobytes()
        return Enrolment(vector, result.error, result.faces, models.backend, models.dim)

    return run


class EmbeddingStore:
    """Encrypted embeddings by user id; the key in a file of its own."""

    def __init__(self, hass: HomeAssistant) -> None:
        """Create the stores (nothing is loaded yet)."""
        self._key_store: Store[dict[str, str]] = Store(
            hass, STORAGE_VERSION, KEY_STORAGE_KEY, private=True, atomic_writes=True
        )
        self._store: Store[dict[str, Any]] = Store(
            hass, STORAGE_VERSION, EMBEDDINGS_STORAGE_KEY, private=True, atomic_writes=True
        )
        self._cipher: EmbeddingCipher | None = None
        self._records: dict[str, dict[str, Any]] = {}
        # set when a lost key made the stored embeddings unreadable (they were dropped)
        self.lost_key = False
        # users whose embedding the key could not open at load (a key from another install)
        self.unreadable: frozenset[str] = frozenset()

    async def async_load(self) -> None:
        """Load the key and the sealed embeddings; make a key on first use."""
        stored = await self._store.async_load() or {}
        records = stored.get("embeddings", {})
        self._records = dict(records) if isinstance(records, dict) else {}
        key = decode_key((await self._key_store.async_load() or {}).get("key"))
        if key is None:
            if self._records:
                _LOGGER.error(
                    "The face embedding key (.storage/%s) is missing or damaged: the %s stored "
                    "embeddings cannot be read and are dropped; profile photos are enrolled again",
                    KEY_STORAGE_KEY,
                    len(self._records),
                )
                self.lost_key = True
                self._records = {}
                await self._async_save()
            key = new_key()
            await self._key_store.async_save({"key": encode_key(key)})
        self._cipher = EmbeddingCipher(key)
        self.unreadable = frozenset(
            user_id for user_id in self._records if self.get(user_id, quiet=True) is None
        )
        if self.unreadable:
            # kept, they would answer "no photo" for ever; dropped, the photos are enrolled again
            _LOGGER.error(
                "%s stored face embeddings cannot be read with the key in .storage/%s (a key "
                "from another installation?): they are dropped; profile photos are enrolled again",
                len(self.unreadable),
                KEY_STORAGE_KEY,
            )
            self._records = {
                uid: r for uid, r in self._records.items() if uid not in self.unreadable
            }
            await self._async_save()

    @property
    def _sealer(self) -> EmbeddingCipher:
        if self._cipher is None:
            raise RuntimeError("EmbeddingStore used before async_load")
        return self._cipher

    def users(self) -> set[str]:
        """Ids of the users with a stored embedding."""
        return set(self._records)

    def has(self, user_id: str) -> bool:
        """Whether the user has a stored embedding."""
        return user_id in self._records

    def get(self, user_id: str, *, quiet: bool = False) -> bytes | None:
        """The user's embedding (float32 bytes); None if absent or unreadable with this key."""
        record = self._records.get(user_id)
        if record is None:
            return None
        try:
            return self._sealer.open(str(record.get("sealed", "")), user_id)
        except EmbeddingUnreadable as err:
            if not quiet:
                _LOGGER.warning("The face embedding of user %s cannot be read: %s", user_id, err)
            return None

    async def async_set(self, user_id: str, enrolment: Enrolment) -> None:
        """Store the user's new embedding, sealed."""
        assert enrolment.vector is not None
        self._records = {
            **self._records,
            user_id: {
                "sealed": self._sealer.seal(enrolment.vector, user_id),
                "dim": enrolment.dim,
                "backend": enrolment.backend,
                "enrolled_at": dt_util.utcnow().isoformat(),
            },
        }
        await self._async_save()

    async def async_delete(self, user_id: str) -> bool:
        """Forget the user's embedding; True if there was one."""
        if user_id not in self._records:
            return False
        self._records = {uid: r for uid, r in self._records.items() if uid != user_id}
        await self._async_save()
        return True

    async def async_delete_all(self) -> int:
        """Forget every embedding; returns how many there were."""
        count = len(self._records)
        self._records = {}
        await self._async_save()
        return count

    async def _async_save(self) -> None:
        # saved at once, not delayed: a deletion of biometric data must be on disk when we say so
        await self._store.async_save({"embeddings": self._records})
