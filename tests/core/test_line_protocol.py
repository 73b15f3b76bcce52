"""The serial readers' line protocol: parsing, line splitting and replies."""

from __future__ import annotations

import os

import pytest

from custom_components.gem_access.core.codes import AccessType
from custom_components.gem_access.core.credentials import normalise_card
from custom_components.gem_access.core.line_protocol import (
    MAX_LINE_BYTES,
    LineSplitter,
    ReaderInput,
    parse_line,
    reply_for,
)

PIN, RFID, REX = AccessType.PIN, AccessType.RFID, AccessType.REX


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (b"PIN:1234", ReaderInput(PIN, "1234")),
        (b"PIN:1234\r\n", ReaderInput(PIN, "1234")),
        (b"  pin:1234  \r", ReaderInput(PIN, "1234")),
        (b"Pin : 0042", ReaderInput(PIN, "0042")),
        ("PIN:123456789012", ReaderInput(PIN, "123456789012")),
        (b"CARD:0012345678", ReaderInput(RFID, "0012345678")),
        (b"card:0012345678\r\n", ReaderInput(RFID, "0012345678")),
        (b"RFID:04A22B1C", ReaderInput(RFID, "04A22B1C")),
        (b"rfid:04:a2:2b:1c", ReaderInput(RFID, "04:a2:2b:1c")),
        (b"RFID:74-10-37-94", ReaderInput(RFID, "74-10-37-94")),
        (b"REX", ReaderInput(REX)),
        (b"rex\r\n", ReaderInput(REX)),
        (b"EXIT", ReaderInput(REX)),
        (b"exit:", ReaderInput(REX)),
        (b"\tREX \n", ReaderInput(REX)),
    ],
)
def test_valid_lines(line: bytes | str, expected: ReaderInput) -> None:
    assert parse_line(line) == expected


@pytest.mark.parametrize(
    "line",
    [
        b"",
        b"\r\n",
        b"   ",
        b"PIN",
        b"PIN:",
        b"PIN:  ",
        b"PIN:12a4",
        b"PIN:12 34",
        b"PIN:" + b"1" * 33,
        b"PIN=1234",
        b"1234",
        b"CARD:",
        b"CARD:xyz",
        b"CARD:-1234",
        b"RFID:04A2\x002B",
        b"REX:1234",
        b"EXIT now",
        b"OPEN",
        b"HELLO:1234",
        b":1234",
        b"PIN:1234" + b" " * MAX_LINE_BYTES,
        b"CARD:" + b"1" * 300,
        b"\xff\xfe\x00PIN:1234",
        b"PIN:\xd9\xa1\xd9\xa2\xd9\xa3\xd9\xa4",  # Arabic-Indic digits: not ASCII
        "PIN:١٢٣٤",
        b"\x1b[2JPIN:1234",
        bytes(range(256)),
    ],
)
def test_garbage_is_none(line: bytes | str) -> None:
    assert parse_line(line) is None


def test_random_binary_noise_never_raises() -> None:
    for _ in range(2000):
        noise = os.urandom(int.from_bytes(os.urandom(1)) + 1)
        result = parse_line(noise)
        assert result is None or isinstance(result, ReaderInput)


def test_line_at_the_limit() -> None:
    line = b"CARD:" + b"0" * (MAX_LINE_BYTES - 5)
    assert len(line) == MAX_LINE_BYTES
    assert parse_line(line) is None  # card too long for the card pattern, but it was considered
    padded = b"PIN:1234".ljust(MAX_LINE_BYTES)
    assert parse_line(padded) == ReaderInput(PIN, "1234")
    assert parse_line(padded + b" ") is None


def test_credential_not_in_repr() -> None:
    parsed = parse_line(b"PIN:987654")
    assert parsed is not None
    assert "987654" not in repr(parsed)
    assert "987654" not in str(parsed)


def test_cards_parsed_are_cards_the_hasher_accepts() -> None:
    for line in (b"CARD:0012345678", b"RFID:04A22B1C", b"RFID:04:a2:2b:1c", b"RFID:74-10-37-94"):
        parsed = parse_line(line)
        assert parsed is not None and parsed.credential is not None
        normalise_card(parsed.credential)
    assert normalise_card("0012345678") == normalise_card(parse_line(b"CARD:12345678").credential)  # type: ignore[union-attr]


def test_ha_tag_ids_are_cards() -> None:
    """HA tag ids (UUIDs from the companion app, dashed hex from ESPHome) normalise as cards."""
    assert (
        normalise_card("3b2b1c9e-0b0c-4a8e-9d8b-6c7b1f2e3a4d") == "3b2b1c9e0b0c4a8e9d8b6c7b1f2e3a4d"
    )
    assert normalise_card("74-10-37-94") == "74103794"
    assert normalise_card("04A22B1C") == "04a22b1c"


def test_replies() -> None:
    assert reply_for(True) == b"OK\n"
    assert reply_for(False) == b"NO\n"


# --- splitting a byte stream into lines ------------------------------------------------------------


def test_splitter_crlf_and_fragments() -> None:
    splitter = LineSplitter()
    assert splitter.feed(b"PIN:12") == []
    assert splitter.feed(b"34\r") == [b"PIN:1234"]
    assert splitter.feed(b"\nREX\r\nCARD:1\nCARD:2\rEX") == [b"REX", b"CARD:1", b"CARD:2"]
    assert splitter.feed(b"IT\n\n\n") == [b"EXIT"]


def test_splitter_drops_overlong_line_and_recovers() -> None:
    splitter = LineSplitter()
    assert splitter.feed(b"x" * 200) == []
    assert splitter.feed(b"x" * 200) == []  # over the limit: discarding until the line ends
    assert splitter.feed(b"y" * 5000) == []
    assert splitter.feed(b"tail\nPIN:1234\n") == [b"PIN:1234"]
    # an overlong line that ends within one chunk is dropped too
    assert splitter.feed(b"z" * (MAX_LINE_BYTES + 1) + b"\nREX\n") == [b"REX"]
    # exactly at the limit is kept
    assert splitter.feed(b"a" * MAX_LINE_BYTES + b"\n") == [b"a" * MAX_LINE_BYTES]


def test_splitter_binary_noise_bounded() -> None:
    splitter = LineSplitter()
    for _ in range(200):
        for line in splitter.feed(os.urandom(512)):
            assert 0 < len(line) <= MAX_LINE_BYTES
            parse_line(line)
    assert len(splitter._buffer) <= MAX_LINE_BYTES
