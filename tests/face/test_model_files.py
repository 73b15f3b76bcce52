"""The model manifest: the package copy equals the repository copy; files verified by sha256."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from custom_components.gem_access.face.model_files import (
    MANIFEST_PATH,
    check_file,
    load_manifest,
    problems,
)
from custom_components.gem_access.face.pipeline import FaceModels, ModelsMissing

from .conftest import MODELS_DIR, requires_models

REPO_MANIFEST = Path(__file__).parents[2] / "models" / "manifest.json"


def test_package_manifest_equals_repository_manifest() -> None:
    assert json.loads(MANIFEST_PATH.read_text()) == json.loads(REPO_MANIFEST.read_text())


def test_manifest_urls_are_pinned_to_commits() -> None:
    manifest = load_manifest()
    assert manifest.detector == "face_detection_yunet_2023mar.onnx"
    assert manifest.embedder == "mobilefacenet_paddlex_ms1mv3_128d.onnx"
    for entry in manifest.files.values():
        assert re.fullmatch(r"https://raw\.githubusercontent\.com/[\w.-]+/[\w.-]+/[0-9a-f]{40}/\S+\.onnx", entry.url)
        assert entry.licence in ("MIT", "Apache-2.0")


@requires_models
def test_shared_model_files_verify() -> None:
    manifest = load_manifest()
    for entry in manifest.files.values():
        assert check_file(MODELS_DIR / entry.file, entry) is None
        assert entry.check_bytes((MODELS_DIR / entry.file).read_bytes()) is None
    assert problems(MODELS_DIR, manifest) == []


def test_missing_files_are_listed(tmp_path: Path) -> None:
    with pytest.raises(ModelsMissing) as err:
        FaceModels.load(tmp_path)
    assert len(err.value.problems) == 2
    assert all("missing" in p for p in err.value.problems)


@requires_models
def test_a_corrupt_file_is_not_loaded(tmp_path: Path) -> None:
    manifest = load_manifest()
    detector, embedder = manifest.required
    shutil.copy(MODELS_DIR / detector.file, tmp_path / detector.file)
    data = bytearray((MODELS_DIR / embedder.file).read_bytes())
    data[len(data) // 2] ^= 0xFF  # same size, one byte flipped
    (tmp_path / embedder.file).write_bytes(bytes(data))
    with pytest.raises(ModelsMissing) as err:
        FaceModels.load(tmp_path)
    assert err.value.problems == [f"{embedder.file}: sha256 mismatch"]
    (tmp_path / embedder.file).write_bytes(bytes(data[:1000]))
    assert check_file(tmp_path / embedder.file, embedder) == f"{embedder.file}: 1000 bytes, expected {embedder.size}"
    assert embedder.check_bytes(b"x") is not None
