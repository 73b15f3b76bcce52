"""The Access Log: one table in the recorder's database, owned and versioned by gem_access."""

from __future__ import annotations
