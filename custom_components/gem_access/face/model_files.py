"""The model manifest and sha256 checks of the model files (pure; no network here).

`face/manifest.json` ships inside the package (a test keeps it equal to the repository's
`models/manifest.json`, the human-facing copy). It names the detector and the active embedder
and, for every file, its size, sha256, pinned download URL, licence and input spec. A file is
used only when its bytes hash to the manifest's value: a truncated download or a swapped file is
"corrupt", never loaded.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

MANIFEST_PATH: Final = Path(__file__).with_name("manifest.json")
_CHUNK: Final = 1 << 20


@dataclass(frozen=True, slots=True)
class ModelFile:
    """One manifest entry."""

    file: str
    role: str  # "detector" | "embedder"
    sha256: str
    size: int
    url: str
    licence: str
    input: Mapping[str, Any]

    def check_bytes(self, data: bytes) -> str | None:
        """None when `data` is this file, else why not (for a download in memory)."""
        if len(data) != self.size:
            return f"{self.file}: {len(data)} bytes, expected {self.size}"
        if hashlib.sha256(data).hexdigest() != self.sha256:
            return f"{self.file}: sha256 mismatch"
        return None


@dataclass(frozen=True, slots=True)
class Manifest:
    """The files and which detector/embedder pair is active."""

    files: Mapping[str, ModelFile]
    detector: str
    embedder: str

    @property
    def required(self) -> tuple[ModelFile, ...]:
        """The files the pipeline needs (the alternative embedders are optional)."""
        return (self.files[self.detector], self.files[self.embedder])


def parse_manifest(data: Mapping[str, Any]) -> Manifest:
    """Validate a manifest document."""
    files: dict[str, ModelFile] = {}
    for entry in data["files"]:
        name = str(entry["file"])
        if "/" in name or "\\" in name or name.startswith("."):
            raise ValueError(f"manifest file name must be a plain name: {name!r}")
        sha = str(entry["sha256"]).lower()
        if len(sha) != 64 or any(c not in "0123456789abcdef" for c in sha):
            raise ValueError(f"{name}: sha256 must be 64 hex digits")
        files[name] = ModelFile(
            file=name,
            role=str(entry["role"]),
            sha256=sha,
            size=int(entry["bytes"]),
            url=str(entry["url"]),
            licence=str(entry["licence"]),
            input=dict(entry.get("input", {})),
        )
    manifest = Manifest(files, str(data["detector"]), str(data["embedder"]))
    for name, role in ((manifest.detector, "detector"), (manifest.embedder, "embedder")):
        if name not in files or files[name].role != role:
            raise ValueError(f"manifest {role} {name!r} is not a {role} entry")
    return manifest


def load_manifest(path: Path = MANIFEST_PATH) -> Manifest:
    """The manifest shipped with the package (blocking read)."""
    return parse_manifest(json.loads(path.read_text(encoding="utf-8")))


def check_file(path: Path, entry: ModelFile) -> str | None:
    """None when the file at `path` is the manifest's file, else what is wrong (blocking)."""
    try:
        if not path.is_file():
            return f"{entry.file}: missing"
        size = path.stat().st_size
        if size != entry.size:
            return f"{entry.file}: {size} bytes, expected {entry.size}"
        digest = hashlib.sha256()
        with path.open("rb") as handle:
            while chunk := handle.read(_CHUNK):
                digest.update(chunk)
    except OSError as err:
        return f"{entry.file}: unreadable ({err.strerror})"
    if digest.hexdigest() != entry.sha256:
        return f"{entry.file}: sha256 mismatch"
    return None


def problems(model_dir: Path, manifest: Manifest) -> list[str]:
    """What is missing or corrupt among the required files in `model_dir` (empty: all good)."""
    return [p for entry in manifest.required if (p := check_file(model_dir / entry.file, entry))]
