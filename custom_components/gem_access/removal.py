"""What removing the integration deletes: every file it wrote; the Access Log table stays.

Deleted: ``.storage/gem_access.*`` (configuration, runtime state, credential key, face key and
embeddings, rows waiting for the database), ``.storage/gem_access_photos/`` (profile photos) and
``<config>/gem_access/`` (event pictures and clips, face model files). The log table lives in
the recorder's database, which may be shared and backed up separately: it is left for the admin
to drop (docs/removal.md), so an accidental removal never erases the audit trail.
"""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

from homeassistant.core import HomeAssistant

_LOGGER = logging.getLogger(__name__)

STORAGE_GLOBS = ("gem_access.*", "gem_access_*")
DATA_DIR = "gem_access"


def integration_paths(config_dir: Path) -> list[Path]:
    """The files and folders of ours under Home Assistant's config directory."""
    storage = config_dir / ".storage"
    paths = [path for pattern in STORAGE_GLOBS for path in sorted(storage.glob(pattern))]
    if (config_dir / DATA_DIR).exists():
        paths.append(config_dir / DATA_DIR)
    return paths


def remove_integration_files(config_dir: Path) -> list[Path]:
    """Delete them (blocking: run in the executor); return what was deleted."""
    removed: list[Path] = []
    for path in integration_paths(config_dir):
        try:
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path)
            else:
                path.unlink()
        except OSError as err:
            _LOGGER.warning("Could not delete %s: %s", path, err)
        else:
            removed.append(path)
    return removed


async def async_remove_integration_files(hass: HomeAssistant) -> None:
    """Delete every file the integration wrote; log what went."""
    removed = await hass.async_add_executor_job(
        remove_integration_files, Path(hass.config.config_dir)
    )
    if removed:
        _LOGGER.info(
            "GEM Access removed; deleted %s. The Access Log table stays in the recorder database",
            ", ".join(str(p.relative_to(hass.config.config_dir)) for p in removed),
        )
