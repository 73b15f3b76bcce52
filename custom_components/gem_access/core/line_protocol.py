"""The line protocol of simple serial readers (pure: no HA imports).

ESP/Arduino keypads and Wiegand-to-serial boards send one event per line::

    PIN:1234        a PIN typed on the keypad
    CARD:0012345678 a card number (decimal or hex, ``:``/``-`` separators allowed)
    RFID:04A22B1C   the same as CARD
    REX / EXIT      the exit button

Keywords are case-insensitive, whitespace and CR/LF are trimmed. Anything else is garbage and is
dropped: parsing never raises, and a credential never appears in an exception or a log message
(``ReaderInput`` leaves it out of its repr). The reader gets ``OK`` or ``NO`` back so it can beep.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Final

from .codes import AccessType

MAX_LINE_BYTES: Final = 256
REPLY_GRANTED: Final = b"OK\n"
REPLY_REFUSED: Final = b"NO\n"

_PIN_RE = re.compile(r"[0-9]{1,32}")
# what normalise_card accepts: hex or decimal digits with ':' / '-' / ' ' separators
_CARD_RE = re.compile(r"[0-9A-Fa-f][0-9A-Fa-f:\- ]{0,127}")
_KEYWORDS: Final = {
    "PIN": AccessType.PIN,
    "CARD": AccessType.RFID,
    "RFID": AccessType.RFID,
    "REX": AccessType.REX,
    "EXIT": AccessType.REX,
}


@dataclass(frozen=True, slots=True)
class ReaderInput:
    """One thing a reader reported: a PIN, a card, or an exit request (no credential)."""

    access_type: AccessType
    credential: str | None = field(default=None, repr=False)


def parse_line(line: bytes | str) -> ReaderInput | None:
    """Return what the line says, or None for an empty, overlong or malformed line."""
    if isinstance(line, str):
        try:
            line = line.encode("ascii")
        except UnicodeEncodeError:
            return None
    if not isinstance(line, bytes | bytearray) or len(line) > MAX_LINE_BYTES:
        return None
    try:
        text = bytes(line).decode("ascii").strip()
    except UnicodeDecodeError:
        return None
    if not text or not text.isprintable():
        return None
    keyword, sep, value = text.partition(":")
    access_type = _KEYWORDS.get(keyword.strip().upper())
    if access_type is None:
        return None
    value = value.strip()
    if access_type is AccessType.REX:
        # "REX" or "REX:"; an exit button carries nothing
        return ReaderInput(AccessType.REX) if not value else None
    if not sep or not value:
        return None
    if access_type is AccessType.PIN:
        return ReaderInput(AccessType.PIN, value) if _PIN_RE.fullmatch(value) else None
    return ReaderInput(AccessType.RFID, value) if _CARD_RE.fullmatch(value) else None


def reply_for(granted: bool) -> bytes:
    """The line sent back to the reader: ``OK`` for a grant, ``NO`` for anything else."""
    return REPLY_GRANTED if granted else REPLY_REFUSED


class LineSplitter:
    """Cuts a byte stream into lines at CR or LF; overlong lines are dropped whole.

    A reader that never sends a newline (wrong baud rate, binary protocol) must not make the
    buffer grow: past ``MAX_LINE_BYTES`` the bytes are discarded up to the next line end.
    """

    def __init__(self, max_bytes: int = MAX_LINE_BYTES) -> None:
        """Start with an empty buffer."""
        self._max = max_bytes
        self._buffer = bytearray()
        self._discarding = False
        self.overlong = 0  # lines dropped for their length, since the start

    def feed(self, data: bytes) -> list[bytes]:
        """Add received bytes; return the complete, non-empty lines (without line ends)."""
        lines: list[bytes] = []
        start = 0
        for match in re.finditer(rb"[\r\n]", data):
            chunk = data[start : match.start()]
            start = match.end()
            if self._discarding:
                self._discarding = False
                self._buffer.clear()
                continue
            self._buffer += chunk
            if 0 < len(self._buffer) <= self._max:
                lines.append(bytes(self._buffer))
            elif self._buffer:
                self.overlong += 1
            self._buffer.clear()
        rest = data[start:]
        if not self._discarding:
            self._buffer += rest
            if len(self._buffer) > self._max:
                self._discarding = True
                self.overlong += 1
                self._buffer.clear()
        return lines
