"""Keyed hashing of PINs and card numbers, and the O(1) index that finds their owner.

A credential is stored only as HMAC-SHA256(installation secret, kind + normalised value). The secret lives in
HA's private storage, so a copy of the configuration alone does not reveal any PIN or card, and lookups stay
a single dictionary access however many users there are.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

PIN_RE = re.compile(r"[0-9]{4,12}")
_CARD_STRIP_RE = re.compile(r"[\s:\-]")
_CARD_RE = re.compile(r"[0-9a-f]{1,64}")


class CredentialKind(StrEnum):
    """What a stored credential is."""

    PIN = "pin"
    DURESS_PIN = "duress_pin"
    RFID = "rfid"


class CredentialError(ValueError):
    """A credential value that cannot be used."""

    def __init__(self, key: str) -> None:
        """Carry a translation key; the value itself is never put in the message."""
        super().__init__(key)
        self.key = key


def new_secret() -> str:
    """Return a fresh per-installation key."""
    return secrets.token_hex(32)


_FINGERPRINT_LABEL = b"gem_access credential key fingerprint v1"
_SECRET_RE = re.compile(r"[0-9a-fA-F]{64}")


def usable_secret(value: object) -> str | None:
    """The stored key if it is one this module made (64 hex digits), else None (lost or damaged)."""
    return value if isinstance(value, str) and _SECRET_RE.fullmatch(value) else None


def key_fingerprint(secret: str) -> str:
    """Name a key without revealing it: a truncated HMAC of a fixed label, kept next to the hashes.

    64 bits tell a wrong key from the right one; they cannot be turned back into the key.
    """
    return hmac.new(bytes.fromhex(secret), _FINGERPRINT_LABEL, hashlib.sha256).hexdigest()[:16]


class KeyStatus(StrEnum):
    """Whether the installation key can check the stored credential hashes."""

    OK = "ok"  # the key the hashes were made with (or there are no hashes to check)
    NEW = "new"  # no key and nothing hashed yet: first start, make one
    MISSING = "missing"  # hashes exist but their key is gone
    MISMATCH = "mismatch"  # hashes exist but the key is another one than theirs


def check_key(secret: str | None, fingerprint: str | None, has_hashes: bool) -> KeyStatus:
    """Decide what loading may do with the key.

    Making a new key while hashes exist would turn every PIN and card into ``unknown_credential``
    without a word, so that case is reported instead. A stored key without a fingerprint is an
    install from before fingerprints: it is trusted and its fingerprint recorded.
    """
    if secret is None:
        return KeyStatus.MISSING if has_hashes else KeyStatus.NEW
    if fingerprint is None or not has_hashes:
        return KeyStatus.OK
    if hmac.compare_digest(fingerprint, key_fingerprint(secret)):
        return KeyStatus.OK
    return KeyStatus.MISMATCH


def has_credentials(users: dict[str, dict[str, Any]]) -> bool:
    """Whether any user has a stored PIN, duress PIN or card hash."""
    return any(
        user.get(field)
        for user in users.values()
        for field in ("pins", "duress_pins", "rfid_cards")
    )


def normalise_pin(value: str) -> str:
    """Return the PIN if it is 4-12 digits."""
    if not isinstance(value, str) or not PIN_RE.fullmatch(value):
        raise CredentialError("invalid_pin")
    return value


def normalise_card(value: str) -> str:
    """Return a canonical card number: separators dropped, hex lower-case, decimal without leading zeros.

    Readers report the same card as "0012345678" or "12345678"; both must find the same user.
    """
    if not isinstance(value, str):
        raise CredentialError("invalid_card")
    cleaned = _CARD_STRIP_RE.sub("", value).lower()
    if not _CARD_RE.fullmatch(cleaned):
        raise CredentialError("invalid_card")
    if cleaned.isdigit():
        cleaned = cleaned.lstrip("0") or "0"
    return cleaned


class CredentialHasher:
    """Hashes credentials with the installation's secret."""

    def __init__(self, secret: str) -> None:
        """Keep the key as bytes."""
        self._key = bytes.fromhex(secret)

    @property
    def fingerprint(self) -> str:
        """The fingerprint of this hasher's key."""
        return key_fingerprint(self._key.hex())

    def _digest(self, namespace: str, value: str) -> str:
        return hmac.new(self._key, f"{namespace}:{value}".encode(), hashlib.sha256).hexdigest()

    def pin(self, value: str) -> str:
        """Hash a PIN (normal and duress PINs share one namespace so they can never collide)."""
        return self._digest("pin", normalise_pin(value))

    def card(self, value: str) -> str:
        """Hash a card number."""
        return self._digest("rfid", normalise_card(value))

    def presented(self, access_type: str, value: str) -> str | None:
        """Hash what a reader sent; None when it cannot be a valid credential of that type."""
        try:
            if access_type == "pin":
                return self.pin(value)
            if access_type == "rfid":
                return self.card(value)
        except CredentialError:
            return None
        return None


@dataclass(frozen=True, slots=True)
class CredentialRef:
    """Whose credential a hash is, and which kind."""

    user_id: str
    kind: CredentialKind


def build_index(users: dict[str, dict[str, list[str]]]) -> dict[str, CredentialRef]:
    """Map every stored hash to its owner.

    ``users`` maps a user id to ``{"pins": [...], "duress_pins": [...], "rfid_cards": [...]}`` of hashes.
    """
    index: dict[str, CredentialRef] = {}
    for user_id, creds in users.items():
        for digest in creds.get("pins", []):
            index[digest] = CredentialRef(user_id, CredentialKind.PIN)
        for digest in creds.get("duress_pins", []):
            index[digest] = CredentialRef(user_id, CredentialKind.DURESS_PIN)
        for digest in creds.get("rfid_cards", []):
            index[digest] = CredentialRef(user_id, CredentialKind.RFID)
    return index
