"""Fixtures for the face pipeline tests: the real models and photos from ../shared (or env)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from custom_components.gem_access.face.model_files import load_manifest
from custom_components.gem_access.face.pipeline import FaceModels

from ..shared_files import shared_path

MODELS_DIR = Path(os.environ.get("GEM_MODELS_DIR") or shared_path("models"))
FACES_DIR = Path(os.environ.get("GEM_FACES_DIR") or MODELS_DIR.parent / "faces")


def have_models() -> bool:
    """Whether every file the manifest lists is present (the alternative embedder included)."""
    return all((MODELS_DIR / name).is_file() for name in load_manifest().files)


requires_models = pytest.mark.skipif(not have_models(), reason=f"face models not in {MODELS_DIR}")
requires_faces = pytest.mark.skipif(
    not (FACES_DIR / "obama_1.jpg").is_file(), reason=f"test photos not in {FACES_DIR}"
)


def photo(name: str) -> bytes:
    """The bytes of a test photo by stem (e.g. "obama_1")."""
    return (FACES_DIR / f"{name}.jpg").read_bytes()


@pytest.fixture(scope="session")
def models() -> FaceModels:
    """The pipeline on the best backend this venv has (onnxruntime when installed)."""
    if not have_models():
        pytest.skip(f"face models not in {MODELS_DIR}")
    return FaceModels.load(MODELS_DIR)


@pytest.fixture(scope="session")
def numpy_models() -> FaceModels:
    """The pipeline forced onto the pure-numpy runner (what HA OS gets)."""
    if not have_models():
        pytest.skip(f"face models not in {MODELS_DIR}")
    return FaceModels.load(MODELS_DIR, backend="numpy")
