"""Wiegand frames, keypad buffering and the line protocol: known frames and property-based fuzzing."""

from __future__ import annotations

import tempfile

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.configuration import set_hypothesis_home_dir

from custom_components.gem_access.core.keypad import PIN_MAX_DIGITS, KeypadBuffer
from custom_components.gem_access.core.line_protocol import LineSplitter, parse_line
from custom_components.gem_access.core.wiegand import (
    WIEGAND_FORMATS,
    Card,
    Dropped,
    Key,
    decode_bits,
    encode_card,
    encode_key,
    parse_frame,
)

# no example database, and hypothesis's caches out of the checkout: tests leave no files behind
set_hypothesis_home_dir(f"{tempfile.gettempdir()}/gem_access_hypothesis")
settings.register_profile("gem_access", database=None, deadline=None)
settings.load_profile("gem_access")

# FC 123 / CN 45678 as libosdp's peripheral sends it (26 bits, MSB first): b"\xbd\xd97@"
H10301_123_45678 = format(int.from_bytes(b"\xbd\xd97@", "big"), "032b")[:26]
FIELDS = {"wiegand26": (255, 65535), "wiegand34": (65535, 65535), "wiegand37": (65535, 524287)}


def test_h10301_known_card_reads_as_printed() -> None:
    assert parse_frame(H10301_123_45678.encode(), "wiegand26") == Card("123:45678")
    assert parse_frame(b"W26:" + H10301_123_45678.encode(), "wiegand26") == Card("123:45678")
    assert encode_card("wiegand26", 123, 45678) == H10301_123_45678
    # padded, so the engine's normalisation (separators dropped) keeps cards apart
    assert parse_frame(encode_card("wiegand26", 1, 2).encode(), "wiegand26") == Card("001:00002")


@pytest.mark.parametrize(
    ("card_format", "expected"),
    [
        ("wiegand34", "04660:01234"),
        ("wiegand37", "04660:001234"),
    ],
)
def test_other_formats(card_format: str, expected: str) -> None:
    bits = encode_card(card_format, 4660, 1234)
    assert parse_frame(bits.encode(), card_format) == Card(expected)


@pytest.mark.parametrize("card_format", ["wiegand26", "wiegand34", "wiegand37"])
def test_any_flipped_bit_is_refused(card_format: str) -> None:
    bits = encode_card(card_format, 77, 999)
    for i in range(len(bits)):
        flipped = bits[:i] + ("1" if bits[i] == "0" else "0") + bits[i + 1 :]
        assert parse_frame(flipped.encode(), card_format) == Dropped("bad_parity"), i


def test_truncated_wrong_length_and_noise() -> None:
    bits = H10301_123_45678
    assert parse_frame(bits[:-1].encode(), "wiegand26") == Dropped("bad_length")
    assert parse_frame(b"W26:" + bits[:-1].encode(), "wiegand26") == Dropped("bad_length")
    assert parse_frame(bits.encode(), "wiegand34") == Dropped("bad_length")
    assert parse_frame(b"CARD:123", "wiegand26") == Dropped("malformed")
    assert parse_frame(b"\xff\x00\x01", "wiegand26") == Dropped("malformed")
    assert parse_frame(b"1" * 500, "wiegand_raw") == Dropped("malformed")
    assert parse_frame(b"1" * 129, "wiegand_raw") == Dropped("bad_length")


def test_raw_is_the_decimal_of_the_bits() -> None:
    assert parse_frame(H10301_123_45678.encode(), "wiegand_raw") == Card(
        str(int(H10301_123_45678, 2))
    )
    assert parse_frame(b"1" * 40, "wiegand_raw") == Card(str(2**40 - 1))


def test_keys_4_and_8_bit() -> None:
    for key in "0123456789*#":
        assert parse_frame(encode_key(key).encode(), "wiegand26") == Key(key)
        assert parse_frame(encode_key(key, 8).encode(), "wiegand37") == Key(key)
    assert parse_frame(b"1100", "wiegand26") == Dropped("bad_key")  # 12: no key
    assert parse_frame(b"00010001", "wiegand26") == Dropped("bad_parity")  # high nibble not ~low


def test_repr_holds_no_credential() -> None:
    assert "45678" not in repr(parse_frame(H10301_123_45678.encode(), "wiegand26"))
    assert "7" not in repr(Key("7"))
    pad = KeypadBuffer()
    pad.press("4", 0)
    assert "4" not in repr(pad.press("#", 1))


def test_keypad_submit_clear_and_timeout() -> None:
    pad = KeypadBuffer(timeout_s=5)
    results = pad.press_many("1234#", 0.0)
    assert [r.outcome for r in results] == ["typed"] * 4 + ["submitted"]
    assert results[-1].pin == "1234"
    pad.press_many("99*", 1.0)
    assert pad.press_many("12#", 2.0)[-1].pin == "12"
    # a pause longer than the timeout forgets the digits typed before it
    pad.press_many("55", 10.0)
    result = pad.press("6", 15.5)
    assert result.timed_out
    assert pad.press("#", 16.0).pin == "6"
    assert pad.press("#", 17.0).outcome == "empty"
    # exactly at the timeout the digits are kept
    pad.press("1", 20.0)
    assert pad.press("#", 25.0).pin == "1"
    assert pad.expire(100.0) is False
    pad.press("1", 200.0)
    assert pad.expire(205.1) is True and pad.pending == 0


def test_keypad_overflow_voids_the_pin() -> None:
    pad = KeypadBuffer()
    pad.press_many("1" * (PIN_MAX_DIGITS + 1), 0)
    assert pad.press("#", 0).outcome == "overflow"
    assert pad.press_many("42#", 1)[-1].pin == "42"
    assert pad.press("A", 2).outcome == "bad_key"


# --- property-based fuzzing: no exception, no credential unless well-formed ---


@settings(max_examples=600)
@given(st.binary(max_size=300), st.sampled_from(WIEGAND_FORMATS))
def test_fuzz_random_bytes_never_raise(data: bytes, card_format: str) -> None:
    frame = parse_frame(data, card_format)
    if isinstance(frame, Card):
        # only a frame of '0'/'1' bits (optionally "W<n>:") of the format's length with good parity
        bits = data.strip().split(b":")[-1].decode()
        assert set(bits) <= {"0", "1"}
        if card_format != "wiegand_raw":
            assert len(bits) == len(encode_card(card_format, 0, 0))
            assert encode_card(card_format, *map(int, frame.number.split(":"))) == bits
    elif isinstance(frame, Key):
        assert frame.key in "0123456789*#"


@settings(max_examples=600)
@given(
    st.text(alphabet="01", max_size=60), st.sampled_from(["wiegand26", "wiegand34", "wiegand37"])
)
def test_fuzz_random_bits_grant_only_with_parity(bits: str, card_format: str) -> None:
    frame = decode_bits(bits, card_format)
    if isinstance(frame, Card):
        assert encode_card(card_format, *map(int, frame.number.split(":"))) == bits


@given(st.sampled_from(["wiegand26", "wiegand34", "wiegand37"]), st.data())
def test_fuzz_every_valid_card_round_trips(card_format: str, data: st.DataObject) -> None:
    max_facility, max_number = FIELDS[card_format]
    facility = data.draw(st.integers(0, max_facility))
    number = data.draw(st.integers(0, max_number))
    frame = parse_frame(encode_card(card_format, facility, number).encode(), card_format)
    assert isinstance(frame, Card)
    assert tuple(map(int, frame.number.split(":"))) == (facility, number)


@settings(max_examples=400)
@given(st.lists(st.tuples(st.text(max_size=2), st.floats(0, 1e6, allow_nan=False)), max_size=80))
def test_fuzz_keypad_never_raises_and_pins_are_digits(presses: list[tuple[str, float]]) -> None:
    pad = KeypadBuffer()
    for key, now in sorted(presses, key=lambda p: p[1]):
        result = pad.press(key, now)
        if result.pin is not None:
            assert result.outcome == "submitted" and key == "#"
            assert result.pin.isdigit() and len(result.pin) <= PIN_MAX_DIGITS


@settings(max_examples=400)
@given(st.lists(st.binary(max_size=400), max_size=10))
def test_fuzz_line_protocol_never_raises(chunks: list[bytes]) -> None:
    splitter = LineSplitter()
    for chunk in chunks:
        for line in splitter.feed(chunk):
            assert 0 < len(line) <= 256
            parsed = parse_line(line)
            if parsed is not None and parsed.credential is not None:
                assert parsed.credential.isascii() and parsed.credential.isprintable()


def test_line_splitter_counts_overlong_lines() -> None:
    splitter = LineSplitter()
    assert splitter.feed(b"x" * 300 + b"\nPIN:1\n") == [b"PIN:1"]
    assert splitter.feed(b"y" * 1000) == []
    assert splitter.feed(b"y" * 1000 + b"\nREX\n") == [b"REX"]  # one endless line is one drop
    assert splitter.overlong == 2
