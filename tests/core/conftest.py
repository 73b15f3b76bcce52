"""Core tests are plain unit tests: no hass instance is started for them."""

from __future__ import annotations

from collections.abc import Generator

import pytest


@pytest.fixture(autouse=True)
def auto_enable_custom_integrations() -> Generator[None]:
    """Override the suite-wide fixture that would start Home Assistant for every test."""
    yield
