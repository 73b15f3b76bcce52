"""PIN / card validation, keyed hashing and the credential index."""

from __future__ import annotations

import pytest

from custom_components.gem_access.core.credentials import (
    CredentialError,
    CredentialHasher,
    CredentialKind,
    CredentialRef,
    KeyStatus,
    build_index,
    check_key,
    has_credentials,
    key_fingerprint,
    new_secret,
    normalise_card,
    normalise_pin,
    usable_secret,
)


@pytest.fixture
def hasher() -> CredentialHasher:
    return CredentialHasher(new_secret())


def test_new_secret_is_fresh_hex() -> None:
    a, b = new_secret(), new_secret()
    assert a != b
    assert len(bytes.fromhex(a)) == 32


@pytest.mark.parametrize("pin", ["1234", "0000", "0123", "123456789012", "987654"])
def test_valid_pins(pin: str) -> None:
    assert normalise_pin(pin) == pin


@pytest.mark.parametrize(
    "pin",
    [
        "123",
        "",
        "1234567890123",
        "12a4",
        "abcd",
        "12 34",
        " 1234",
        "1234 ",
        "12-34",
        "+1234",
        "-1234",
        "12.34",
        1234,
        None,
        ["1234"],
        b"1234",
    ],
)
def test_invalid_pins(pin: object) -> None:
    with pytest.raises(CredentialError) as err:
        normalise_pin(pin)  # type: ignore[arg-type]
    assert err.value.key == "invalid_pin"
    assert err.value.args == ("invalid_pin",)  # the value never reaches the message


@pytest.mark.parametrize("pin", ["1234\n", "\u0661\u0662\u0663\u0664"])
def test_pin_rejects_trailing_newline_and_non_ascii_digits(pin: str) -> None:
    with pytest.raises(CredentialError):
        normalise_pin(pin)


@pytest.mark.parametrize(
    ("raw", "canonical"),
    [
        ("12345678", "12345678"),
        ("0012345678", "12345678"),
        ("0000", "0"),
        ("0", "0"),
        ("AB:CD:EF:01", "abcdef01"),
        ("ab-cd-ef-01", "abcdef01"),
        ("AB CD EF 01", "abcdef01"),
        ("aBcD", "abcd"),
        (" 0012 3456 ", "123456"),
        ("04:A2:2B:1C", "04a22b1c"),  # hex keeps its leading zero
    ],
)
def test_card_normalisation(raw: str, canonical: str) -> None:
    assert normalise_card(raw) == canonical


@pytest.mark.parametrize(
    "raw", ["", "   ", "::", "12g4", "0x1234", "12_34", "12.34", "z", "a" * 65, 1234, None]
)
def test_invalid_cards(raw: object) -> None:
    with pytest.raises(CredentialError) as err:
        normalise_card(raw)  # type: ignore[arg-type]
    assert err.value.key == "invalid_card"


def test_card_variants_hash_alike(hasher: CredentialHasher) -> None:
    assert hasher.card("0012345678") == hasher.card("12345678")
    assert hasher.card("AB:CD:EF") == hasher.card("abcdef") == hasher.card("ab cd ef")


def test_hash_is_keyed_and_stable() -> None:
    secret = new_secret()
    one, same, other = (
        CredentialHasher(secret),
        CredentialHasher(secret),
        CredentialHasher(new_secret()),
    )
    assert one.pin("1234") == same.pin("1234")
    assert one.card("12345678") == same.card("12345678")
    assert one.pin("1234") != other.pin("1234")
    assert one.card("12345678") != other.card("12345678")
    assert one.pin("1234") != one.pin("1235")


def test_hash_shape_never_contains_credential(hasher: CredentialHasher) -> None:
    for pin in ("1234", "987654321012", "0000"):
        digest = hasher.pin(pin)
        assert len(digest) == 64
        int(digest, 16)
        assert digest != pin and digest == hasher.pin(pin)
    card = "99887766"
    assert hasher.card(card) != card and len(hasher.card(card)) == 64


@pytest.mark.parametrize("digits", ["1234", "00123456", "123456789012"])
def test_pin_and_card_namespaces_differ(hasher: CredentialHasher, digits: str) -> None:
    assert hasher.pin(digits) != hasher.card(digits)


def test_hashing_malformed_raises(hasher: CredentialHasher) -> None:
    with pytest.raises(CredentialError):
        hasher.pin("12")
    with pytest.raises(CredentialError):
        hasher.card("xyz!")


@pytest.mark.parametrize(
    ("access_type", "value"),
    [
        ("pin", "123"),
        ("pin", "abcd"),
        ("pin", None),
        ("pin", 1234),
        ("rfid", "xyz"),
        ("rfid", ""),
        ("rfid", None),
        ("rex", "1234"),
        ("face", "1234"),
    ],
)
def test_presented_malformed_is_none(
    hasher: CredentialHasher, access_type: str, value: object
) -> None:
    assert hasher.presented(access_type, value) is None  # type: ignore[arg-type]


def test_presented_matches_stored(hasher: CredentialHasher) -> None:
    assert hasher.presented("pin", "1234") == hasher.pin("1234")
    assert hasher.presented("rfid", "AB:CD") == hasher.card("abcd")
    assert hasher.presented("pin", "1234") != hasher.presented("rfid", "1234")


def test_build_index_maps_kinds(hasher: CredentialHasher) -> None:
    index = build_index(
        {
            "u1": {
                "pins": [hasher.pin("1111"), hasher.pin("2222")],
                "duress_pins": [hasher.pin("9999")],
                "rfid_cards": [hasher.card("1111")],
            },
            "u2": {"pins": [hasher.pin("3333")]},
            "u3": {},
        }
    )
    assert index[hasher.pin("1111")] == CredentialRef("u1", CredentialKind.PIN)
    assert index[hasher.pin("2222")] == CredentialRef("u1", CredentialKind.PIN)
    assert index[hasher.pin("9999")] == CredentialRef("u1", CredentialKind.DURESS_PIN)
    assert index[hasher.card("1111")] == CredentialRef("u1", CredentialKind.RFID)
    assert index[hasher.pin("3333")] == CredentialRef("u2", CredentialKind.PIN)
    assert len(index) == 5
    assert hasher.pin("4444") not in index


def test_build_index_empty() -> None:
    assert build_index({}) == {}


def test_key_fingerprint_names_the_key_without_revealing_it() -> None:
    key, other = new_secret(), new_secret()
    assert key_fingerprint(key) == key_fingerprint(key) == CredentialHasher(key).fingerprint
    assert key_fingerprint(key) != key_fingerprint(other)
    assert len(key_fingerprint(key)) == 16
    assert key_fingerprint(key) not in key  # not a piece of the key itself


@pytest.mark.parametrize(
    ("secret", "fingerprint", "has_hashes", "status"),
    [
        # first start: nothing to lose, make a key
        (None, None, False, KeyStatus.NEW),
        # key gone but nothing was hashed with it: a new key loses nothing
        (None, "same", False, KeyStatus.NEW),
        # key gone while hashes exist: never silently replaced
        (None, None, True, KeyStatus.MISSING),
        (None, "same", True, KeyStatus.MISSING),
        # the right key, or an install from before fingerprints
        ("key", "same", True, KeyStatus.OK),
        ("key", None, True, KeyStatus.OK),
        # another key than the hashes' own
        ("key", "other", True, KeyStatus.MISMATCH),
        ("key", "other", False, KeyStatus.OK),
    ],
)
def test_check_key(
    secret: str | None, fingerprint: str | None, has_hashes: bool, status: KeyStatus
) -> None:
    key = new_secret()
    prints = {"same": key_fingerprint(key), "other": key_fingerprint(new_secret()), None: None}
    assert check_key(key if secret else None, prints[fingerprint], has_hashes) is status


def test_usable_secret_refuses_damaged_keys() -> None:
    key = new_secret()
    assert usable_secret(key) == key
    for damaged in (None, "", key[:-1], "g" + key[1:], 42, key + "0"):
        assert usable_secret(damaged) is None


def test_has_credentials() -> None:
    assert not has_credentials({})
    assert not has_credentials({"a": {"pins": [], "duress_pins": [], "rfid_cards": []}, "b": {}})
    assert has_credentials({"a": {"pins": []}, "b": {"rfid_cards": ["x"]}})
    assert has_credentials({"a": {"duress_pins": ["x"]}})
