"""Embeddings encrypted at rest with AES-GCM (pure: no HA imports).

An embedding is biometric data (GDPR art. 9, BIPA): a copy of ``.storage`` in a backup, a support
bundle or a synced folder must not hand out readable face vectors. Each embedding is sealed with
AES-256-GCM under a per-installation key kept in a private file of its own, so the sealed
embeddings alone reveal nothing and cannot be altered unnoticed. The user id is the associated
data: a sealed embedding copied onto another user fails to open instead of matching that user.

Embeddings travel as little-endian float32 bytes: numpy (a heavy import) stays in the face worker's
thread, and sealing 512 bytes is cheap enough for the event loop.
"""

from __future__ import annotations

import base64
import binascii
import os
from typing import Final

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

KEY_BYTES: Final = 32
NONCE_BYTES: Final = 12
# a version byte in front of every sealed value, so the format can change without guessing
FORMAT_V1: Final = b"\x01"
# the largest embedding accepted (the spec's 512-D); the dimension itself comes from the model
MAX_DIM: Final = 4096


class EmbeddingUnreadable(Exception):
    """A sealed embedding that this key cannot open (wrong key, other user, damaged or foreign)."""


def new_key() -> bytes:
    """A fresh random AES-256 key."""
    return AESGCM.generate_key(KEY_BYTES * 8)


def encode_key(key: bytes) -> str:
    """The key as stored (base64)."""
    return base64.b64encode(key).decode("ascii")


def decode_key(value: object) -> bytes | None:
    """A stored key back to bytes; None when it is absent or not a 256-bit key."""
    if not isinstance(value, str):
        return None
    try:
        key = base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        return None
    return key if len(key) == KEY_BYTES else None


class EmbeddingCipher:
    """Seals and opens embeddings under one installation key."""

    __slots__ = ("_aead",)

    def __init__(self, key: bytes) -> None:
        """``key``: 32 random bytes (``new_key``)."""
        if len(key) != KEY_BYTES:
            raise ValueError("the embedding key must be 32 bytes")
        self._aead = AESGCM(key)

    def __repr__(self) -> str:
        """Never the key."""
        return "EmbeddingCipher(<key hidden>)"

    def seal(self, vector: bytes, user_id: str) -> str:
        """The embedding (float32 bytes) encrypted and authenticated, as base64 text for a JSON store."""
        if not vector or len(vector) % 4 or len(vector) > MAX_DIM * 4:
            raise ValueError("not an embedding")
        nonce = os.urandom(NONCE_BYTES)  # random 96-bit nonces: safe for far more than 2^32 seals
        sealed = self._aead.encrypt(nonce, bytes(vector), _aad(user_id))
        return base64.b64encode(FORMAT_V1 + nonce + sealed).decode("ascii")

    def open(self, token: str, user_id: str) -> bytes:
        """The embedding sealed for ``user_id``; ``EmbeddingUnreadable`` for anything else."""
        try:
            raw = base64.b64decode(token, validate=True)
        except (binascii.Error, ValueError, TypeError) as err:
            raise EmbeddingUnreadable("not a sealed embedding") from err
        if len(raw) <= 1 + NONCE_BYTES or raw[:1] != FORMAT_V1:
            raise EmbeddingUnreadable("unknown embedding format")
        nonce, sealed = raw[1 : 1 + NONCE_BYTES], raw[1 + NONCE_BYTES :]
        try:
            plain = self._aead.decrypt(nonce, sealed, _aad(user_id))
        except InvalidTag as err:
            raise EmbeddingUnreadable("wrong key, other user or damaged") from err
        if not plain or len(plain) % 4:
            raise EmbeddingUnreadable("damaged embedding")
        return plain


def _aad(user_id: str) -> bytes:
    return b"gem_access embedding v1\x00" + user_id.encode("utf-8")
