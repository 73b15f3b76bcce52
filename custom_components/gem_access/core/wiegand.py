"""Wiegand frames as Wiegand-to-serial converters pass them on (pure: no HA imports).

Wire format (what the converter sends, one frame per line, CR and/or LF ends it)::

    10110000000110011010101011      the frame's bits, first received first, '0'/'1' only
    W26:10110000000110011010101011  the same with the bit count the converter counted

With the ``W<n>:`` prefix the count must match the bits (a frame cut short on the way is dropped).
Key presses of Wiegand keypads are frames of their own: 4 bits (the key's value, 0-9, 10 = ``*``,
11 = ``#``) or 8 bits (the same value in the low nibble, its complement in the high nibble, as HID
keypads send them). Every card format below takes key frames as well, so a reader with a keypad
works on one wire.

Card numbers are given as readers and card boxes print them, facility code and card number in
decimal, zero-padded to the widest value of their field so that dropping the ``:`` (the engine's
card normalisation does) never makes two cards equal::

    wiegand26  H10301   FFF:NNNNN      8-bit facility, 16-bit number, even/odd parity
    wiegand34  H10306   FFFFF:NNNNN    16-bit facility, 16-bit number, even/odd parity
    wiegand37  H10304   FFFFF:NNNNNN   16-bit facility, 19-bit number, even/odd parity
    wiegand_raw         decimal        all bits as one number, no parity (unknown formats)

Nothing here raises on bad input: every frame is a ``Card``, a ``Key`` or a ``Dropped`` with the
reason, which the driver counts. A credential never appears in a repr or a message.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Final, Literal

WIEGAND_FORMATS: Final = ("wiegand26", "wiegand34", "wiegand37", "wiegand_raw")
# a raw frame longer than this is noise (the longest common formats have 37-56 bits)
RAW_MAX_BITS: Final = 128
RAW_MIN_BITS: Final = 9  # 4 and 8 bits are key presses
MAX_FRAME_CHARS: Final = RAW_MAX_BITS + 8  # "W128:" + bits

DropReason = Literal["bad_parity", "bad_length", "bad_key", "malformed"]

_FRAME_RE = re.compile(rb"(?:[Ww](?P<count>[0-9]{1,3}):)?(?P<bits>[01]+)")
_KEYS: Final = "0123456789*#"


@dataclass(frozen=True, slots=True)
class Card:
    """A card frame that passed its checks; ``number`` is what the reader prints."""

    number: str = field(repr=False)


@dataclass(frozen=True, slots=True)
class Key:
    """One key press: ``0``-``9``, ``*`` or ``#``."""

    key: str = field(repr=False)


@dataclass(frozen=True, slots=True)
class Dropped:
    """A frame that is no credential, and why (counted per reader)."""

    reason: DropReason


Frame = Card | Key | Dropped


@dataclass(frozen=True, slots=True)
class _Layout:
    """Where the fields and the parity bits of one card format are (0-based bit indexes)."""

    bits: int
    facility: tuple[int, int]  # [start, end)
    number: tuple[int, int]
    even: tuple[int, int]  # bit 0 makes this range (with itself) even
    odd: tuple[int, int]  # the last bit makes this range (with itself) odd
    widths: tuple[int, int]  # decimal digits of facility and number


_LAYOUTS: Final = {
    # H10301: P FFFFFFFF NNNNNNNNNNNNNNNN P; even over bits 1-12, odd over 13-24
    "wiegand26": _Layout(26, (1, 9), (9, 25), (1, 13), (13, 25), (3, 5)),
    # H10306: P F*16 N*16 P; even over the first 16 data bits, odd over the last 16
    "wiegand34": _Layout(34, (1, 17), (17, 33), (1, 17), (17, 33), (5, 5)),
    # H10304: P F*16 N*19 P; even over data bits 1-18, odd over 18-35 (bit 18 counts twice)
    "wiegand37": _Layout(37, (1, 17), (17, 36), (1, 19), (18, 36), (5, 6)),
}


def _value(bits: str, span: tuple[int, int]) -> int:
    return int(bits[span[0] : span[1]], 2)


def _parity_ok(bits: str, layout: _Layout) -> bool:
    even = bits[0] + bits[layout.even[0] : layout.even[1]]
    odd = bits[layout.odd[0] : layout.odd[1]] + bits[-1]
    return even.count("1") % 2 == 0 and odd.count("1") % 2 == 1


def decode_key(bits: str) -> Frame:
    """A 4- or 8-bit keypad frame as its key."""
    if len(bits) == 8:
        high, low = int(bits[:4], 2), int(bits[4:], 2)
        if high != low ^ 0xF:
            return Dropped("bad_parity")
        value = low
    elif len(bits) == 4:
        value = int(bits, 2)
    else:
        return Dropped("bad_length")
    return Key(_KEYS[value]) if value < len(_KEYS) else Dropped("bad_key")


def decode_bits(bits: str, card_format: str) -> Frame:
    """A frame's bits (a string of '0'/'1') under one card format."""
    if not bits or set(bits) - {"0", "1"}:
        return Dropped("malformed")
    if len(bits) in (4, 8):
        return decode_key(bits)
    if card_format == "wiegand_raw":
        if not RAW_MIN_BITS <= len(bits) <= RAW_MAX_BITS:
            return Dropped("bad_length")
        return Card(str(int(bits, 2)))
    layout = _LAYOUTS.get(card_format)
    if layout is None or len(bits) != layout.bits:
        return Dropped("bad_length")
    if not _parity_ok(bits, layout):
        return Dropped("bad_parity")
    facility = _value(bits, layout.facility)
    number = _value(bits, layout.number)
    return Card(f"{facility:0{layout.widths[0]}d}:{number:0{layout.widths[1]}d}")


def parse_frame(line: bytes, card_format: str) -> Frame:
    """One line from the converter (without its line end) as a card, a key or a drop."""
    if not isinstance(line, bytes | bytearray) or len(line) > MAX_FRAME_CHARS:
        return Dropped("malformed")
    match = _FRAME_RE.fullmatch(bytes(line).strip())
    if match is None:
        return Dropped("malformed")
    bits = match["bits"].decode("ascii")
    if match["count"] is not None and int(match["count"]) != len(bits):
        return Dropped("bad_length")
    return decode_bits(bits, card_format)


def encode_card(card_format: str, facility: int, number: int) -> str:
    """The bits of a card with correct parity (for tests, benchmarks and simulators)."""
    layout = _LAYOUTS[card_format]
    bits = ["0"] * layout.bits
    f_len = layout.facility[1] - layout.facility[0]
    n_len = layout.number[1] - layout.number[0]
    bits[layout.facility[0] : layout.facility[1]] = format(facility, f"0{f_len}b")[-f_len:]
    bits[layout.number[0] : layout.number[1]] = format(number, f"0{n_len}b")[-n_len:]
    text = "".join(bits)
    even = text[layout.even[0] : layout.even[1]].count("1") % 2
    odd = text[layout.odd[0] : layout.odd[1]].count("1") % 2
    return str(even) + text[1:-1] + ("0" if odd else "1")


def encode_key(key: str, width: int = 4) -> str:
    """The bits of one key press, 4-bit or 8-bit (for tests and simulators)."""
    value = _KEYS.index(key)
    if width == 8:
        return format((value ^ 0xF) << 4 | value, "08b")
    return format(value, "04b")
