"""Embeddings at rest: AES-GCM sealed, bound to their user, unreadable without the installation key."""

from __future__ import annotations

import base64
import struct

import pytest

from custom_components.gem_access.face.crypto import (
    EmbeddingCipher,
    EmbeddingUnreadable,
    decode_key,
    encode_key,
    new_key,
)

VECTOR = struct.pack("<128f", *[(i - 64) / 100 for i in range(128)])


def test_sealed_embedding_opens_with_its_key_and_user() -> None:
    cipher = EmbeddingCipher(new_key())
    token = cipher.seal(VECTOR, "alice")
    assert cipher.open(token, "alice") == VECTOR
    # a fresh nonce each time: the same face sealed twice looks unrelated
    assert cipher.seal(VECTOR, "alice") != token


def test_stored_bytes_are_not_readable_floats() -> None:
    token = EmbeddingCipher(new_key()).seal(VECTOR, "alice")
    raw = base64.b64decode(token)
    assert VECTOR not in raw
    # no window of the sealed bytes decodes to the embedding's first values
    first = struct.unpack("<4f", VECTOR[:16])
    for offset in range(len(raw) - 16):
        assert struct.unpack("<4f", raw[offset : offset + 16]) != first


def test_wrong_key_other_user_or_damage_fail_cleanly() -> None:
    cipher = EmbeddingCipher(new_key())
    token = cipher.seal(VECTOR, "alice")
    with pytest.raises(EmbeddingUnreadable):
        EmbeddingCipher(new_key()).open(token, "alice")
    with pytest.raises(EmbeddingUnreadable):
        cipher.open(token, "bob")  # copied onto another user: never matches them
    damaged = bytearray(base64.b64decode(token))
    damaged[-1] ^= 1
    for bad in (base64.b64encode(bytes(damaged)).decode(), "not base64!", "", "AAAA"):
        with pytest.raises(EmbeddingUnreadable):
            cipher.open(bad, "alice")


def test_keys_round_trip_and_bad_keys_are_refused() -> None:
    key = new_key()
    assert decode_key(encode_key(key)) == key
    assert decode_key(None) is None
    assert decode_key("short") is None
    assert decode_key(base64.b64encode(b"x" * 16).decode()) is None
    assert "key" not in repr(EmbeddingCipher(key)).replace("<key hidden>", "")
    with pytest.raises(ValueError):
        EmbeddingCipher(b"short")
    with pytest.raises(ValueError):
        EmbeddingCipher(key).seal(b"", "alice")
