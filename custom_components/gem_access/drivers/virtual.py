"""The ``virtual`` driver: readers fed by the ``present_credential`` action (scripts, ESPHome).

Nothing to open or watch: the action calls the access controller directly, so a virtual reader is
always online and has no input queue.
"""

from __future__ import annotations

from .base import ReaderDriver, ReaderRecords


class VirtualDriver(ReaderDriver):
    """Always online."""

    name = "virtual"
    uses_inputs = False

    def configure(self, readers: ReaderRecords) -> None:
        """Nothing runs."""

    def is_online(self, device_id: str) -> bool:
        """Always."""
        return True
