"""Errors raised by the Access Log store."""

from __future__ import annotations


class LogStoreError(Exception):
    """The Access Log cannot be read or written right now."""


class SchemaTooNewError(LogStoreError):
    """The database holds a newer Access Log schema than this code understands.

    Raised instead of guessing so a downgraded integration never writes rows a newer
    version would misread.
    """

    def __init__(self, found: int, supported: int) -> None:
        """Remember both versions for the message."""
        super().__init__(
            f"Access Log schema version {found} is newer than the supported version {supported}"
        )
        self.found = found
        self.supported = supported
