"""Shared fixtures: a real Home Assistant with the recorder and GEM Access set up."""

from __future__ import annotations

import threading
from collections.abc import AsyncGenerator, Generator
from typing import Any

import pytest

# Import our package before hass starts, so HA finds gem_access here and not in the harness's config.
import custom_components
import custom_components.gem_access  # noqa: F401
from custom_components.gem_access.face.worker import THREAD_NAME as FACE_THREAD

pytest_plugins = ["pytest_homeassistant_custom_component"]


@pytest.fixture(autouse=True)
def face_thread_joined() -> Generator[None]:
    """Wait for a stopped face worker's thread to end before the harness looks for leftovers.

    The worker lets its thread finish on its own (Home Assistant's loop must not wait on a
    running inference); just after a job it can still be alive when the harness checks. First
    among this file's fixtures, so it is torn down after Home Assistant has stopped.
    """
    yield
    for thread in threading.enumerate():
        if thread.name.startswith(FACE_THREAD):
            thread.join(timeout=10)


@pytest.fixture(autouse=True)
def auto_enable_custom_integrations(enable_custom_integrations: Any) -> Generator[None]:
    """Let HA load custom_components/gem_access in every test."""
    yield


@pytest.fixture
async def mock_recorder_before_hass(async_test_recorder: Any) -> AsyncGenerator[None]:
    """The recorder must be ready before hass starts (harness requirement for recorder_mock)."""
    yield


@pytest.fixture(autouse=True)
def private_config_dir(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Generator[None]:
    """Files the product writes under hass.config.path() (photos, pending rows, media) go to
    this test's temp dir, never the harness's testing_config shared by every run in the venv."""
    if "hass" not in request.fixturenames:
        yield
        return
    hass = request.getfixturevalue("hass")
    original = hass.config.config_dir
    # a directory of its own, so tests that list their tmp_path see only their own files
    hass.config.config_dir = str(tmp_path_factory.mktemp("hass_config"))
    yield
    hass.config.config_dir = original

