"""Damaged or hostile stored data around the face models: the embedding key and sealed embeddings
in ``.storage``, and a tampered model manifest. Each is refused with a reason, never half-used."""

from __future__ import annotations

import base64
import copy
import json
from typing import Any

import pytest

from custom_components.gem_access.face.crypto import (
    EmbeddingCipher,
    EmbeddingUnreadable,
    decode_key,
    encode_key,
    new_key,
)
from custom_components.gem_access.face.model_files import MANIFEST_PATH, parse_manifest

VECTOR = bytes(range(64)) * 8  # 128 float32 values' worth of bytes


@pytest.mark.parametrize(
    "stored",
    [None, 42, "", "not base64 at all!", base64.b64encode(b"\0" * 16).decode()],
    ids=["absent", "number", "empty", "garbage", "aes128_key"],
)
def test_a_damaged_key_reads_as_no_key(stored: object) -> None:
    assert decode_key(stored) is None


def test_the_key_never_shows_and_must_be_256_bits() -> None:
    key = new_key()
    assert decode_key(encode_key(key)) == key
    cipher = EmbeddingCipher(key)
    assert encode_key(key) not in repr(cipher) and key.hex() not in repr(cipher)
    with pytest.raises(ValueError, match="must be 32 bytes"):
        EmbeddingCipher(key[:16])


@pytest.mark.parametrize("vector", [b"", b"\0\0\0", b"\0" * (4 * 100_000)])
def test_only_embeddings_are_sealed(vector: bytes) -> None:
    with pytest.raises(ValueError, match="not an embedding"):
        EmbeddingCipher(new_key()).seal(vector, "alice")


def test_sealed_embeddings_open_only_for_their_user_and_unaltered() -> None:
    cipher = EmbeddingCipher(new_key())
    token = cipher.seal(VECTOR, "alice")
    assert cipher.open(token, "alice") == VECTOR
    raw = bytearray(base64.b64decode(token))
    raw[-1] ^= 1
    refused = {
        "other user": (token, "bob"),
        "flipped bit": (base64.b64encode(bytes(raw)).decode(), "alice"),
        "other key": (EmbeddingCipher(new_key()).seal(VECTOR, "alice"), "alice"),
        "not base64": ("%%%", "alice"),
        "other format": (base64.b64encode(b"\x02" + bytes(raw[1:])).decode(), "alice"),
        "too short": (base64.b64encode(b"\x01" + b"\0" * 5).decode(), "alice"),
    }
    reasons = {}
    for name, (value, user) in refused.items():
        with pytest.raises(EmbeddingUnreadable) as err:
            cipher.open(value, user)
        reasons[name] = str(err.value)
    assert reasons["not base64"] == "not a sealed embedding"
    assert reasons["other format"] == reasons["too short"] == "unknown embedding format"
    assert reasons["other user"] == reasons["other key"] == "wrong key, other user or damaged"


def _manifest() -> dict[str, Any]:
    return dict(json.loads(MANIFEST_PATH.read_text(encoding="utf-8")))


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda m: m["files"][0].update(file="../../secrets.yaml"), "must be a plain name"),
        (lambda m: m["files"][0].update(file=".hidden.onnx"), "must be a plain name"),
        (lambda m: m["files"][0].update(sha256="abc"), "sha256 must be 64 hex digits"),
        (lambda m: m["files"][0].update(sha256="z" * 64), "sha256 must be 64 hex digits"),
        (lambda m: m.update(detector=m["embedder"]), "is not a detector entry"),
        (lambda m: m.update(embedder="absent.onnx"), "embedder 'absent.onnx' is not a embedder"),
    ],
    ids=["traversal", "hidden", "short_sha", "not_hex", "swapped_roles", "unknown_file"],
)
def test_a_tampered_manifest_is_refused(change: Any, message: str) -> None:
    manifest = copy.deepcopy(_manifest())
    parse_manifest(manifest)  # the shipped one is valid
    change(manifest)
    with pytest.raises(ValueError) as refused:
        parse_manifest(manifest)
    assert message in str(refused.value)
