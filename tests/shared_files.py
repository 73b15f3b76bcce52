"""Where the tests find the shared face photos and model files (never copied into the repo).

``GEM_SHARED_DIR`` if set, else ``shared/`` beside the checkout (``../shared`` from the repo root,
as on the development machines), else ``/work/shared``. Tests that need them skip when none exists.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def shared_dir() -> Path | None:
    """The shared folder with ``faces/`` and ``models/``, if this machine has one."""
    env = os.environ.get("GEM_SHARED_DIR")
    candidates = [Path(env)] if env else []
    candidates += [REPO.parent / "shared", Path("/work/shared")]
    for candidate in candidates:
        if (candidate / "faces").is_dir():
            return candidate
    return None


def shared_file(*parts: str) -> Path:
    """A file of the shared folder; skips the test when the folder is not on this machine."""
    base = shared_dir()
    if base is None or not base.joinpath(*parts).is_file():
        pytest.skip(f"shared file {'/'.join(parts)} not on this machine (set GEM_SHARED_DIR)")
    return base.joinpath(*parts)


def shared_path(*parts: str) -> Path:
    """A path in the shared folder (found as above), for module constants; may not exist."""
    return (shared_dir() or REPO.parent / "shared").joinpath(*parts)

