"""Typed runtime data of the config entry."""

from __future__ import annotations

from dataclasses import dataclass

from homeassistant.config_entries import ConfigEntry

from .access import AccessController
from .config_store import ConfigStore
from .doors import DoorWatcher
from .drivers import ReaderManager
from .face.glue import FaceService
from .logstore.store import LogStore
from .media.store import MediaStore
from .runtime_state import RuntimeState


@dataclass(slots=True)
class GemAccessRuntime:
    """Everything the integration runs, reachable from ``entry.runtime_data``."""

    config: ConfigStore
    state: RuntimeState
    logs: LogStore
    controller: AccessController
    doors: DoorWatcher
    readers: ReaderManager
    media: MediaStore
    face: FaceService


type GemAccessConfigEntry = ConfigEntry[GemAccessRuntime]
