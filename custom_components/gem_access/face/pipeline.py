"""The face pipeline the HA glue calls: load the models, enrol a profile photo, score a picture.

Everything here blocks (model loading, decoding, inference): call it from one worker thread,
never on the event loop. One `FaceModels` runs one image at a time (a lock serialises callers),
which is also what keeps a Raspberry Pi responsive: each backend uses a single thread.

Decoding uses Pillow (a Home Assistant core dependency): EXIF orientation is honoured, pictures
are bounded in bytes and pixels, and large ones are shrunk to `WORK_MAX_SIDE` first (JPEG's DCT
scaling makes that nearly free), which is more than the alignment's 112 px face needs.
"""

from __future__ import annotations

import io
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Final

import numpy as np
import numpy.typing as npt

from . import backends
from .align import align
from .backends import BackendUnavailable, Session
from .detect import Face, detect
from .embed import EmbedderSpec, embed
from .model_files import load_manifest, problems
from .onnx_reader import free_spatial_dims
from .quality import measure
from .scoring import cosine, score_from_cosine

MAX_IMAGE_BYTES: Final = 20 * 1024 * 1024
MAX_IMAGE_PIXELS: Final = 40_000_000
WORK_MAX_SIDE: Final = 1280
IMAGE_FORMATS: Final = frozenset({"JPEG", "MPO", "PNG", "WEBP"})

NO_FACE_DETECTED: Final = "no_face_detected"
UNREADABLE_IMAGE: Final = "unreadable_image"
SCORED: Final = "scored"
NO_FACE: Final = "no_face"
NONE_FOUND: Final = "none_found"


class ModelsMissing(Exception):
    """Required model files are absent or do not match the manifest's sha256."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass(frozen=True, slots=True)
class EnrolResult:
    """The outcome of enrolling a profile photo."""

    embedding: npt.NDArray[np.float32] | None  # float32, L2-normalised
    error: str | None  # None | "no_face_detected" | "unreadable_image"
    faces: int  # faces found (the largest is enrolled)
    # with error "no_face_detected": "none_found" or the quality gate's reason (too_dark, ...)
    detail: str | None = None


@dataclass(frozen=True, slots=True)
class ScoreResult:
    """The outcome of scoring one picture against one enrolled embedding."""

    status: str  # "scored" | "no_face"
    score: int | None  # 0..100 when scored
    similarity: float | None
    # why no_face: "none_found" | "too_small" | "too_dark" | "too_blurred" | "unreadable_image"
    detail: str | None


def decode_image(data: bytes) -> npt.NDArray[np.uint8] | None:
    """A BGR uint8 picture from JPEG/PNG/WebP bytes, upright per EXIF; None if unreadable."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    if not data or len(data) > MAX_IMAGE_BYTES:
        return None
    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.format not in IMAGE_FORMATS:
                return None
            width, height = image.size
            if width < 1 or height < 1 or width * height > MAX_IMAGE_PIXELS:
                return None
            if image.format in ("JPEG", "MPO"):
                image.draft("RGB", (WORK_MAX_SIDE, WORK_MAX_SIDE))
            image.load()
            ImageOps.exif_transpose(image, in_place=True)  # no copy when already upright
            rgb = image if image.mode == "RGB" else image.convert("RGB")
            if max(rgb.size) > WORK_MAX_SIDE:
                rgb.thumbnail((WORK_MAX_SIDE, WORK_MAX_SIDE), Image.Resampling.BILINEAR)
            pixels = np.asarray(rgb, dtype=np.uint8)
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, ValueError, SyntaxError):
        return None
    return np.ascontiguousarray(pixels[:, :, ::-1])


class FaceModels:
    """Detector + embedder loaded on one backend."""

    backend: str
    dim: int

    def __init__(self, detector: Session, embedder: Session, spec: EmbedderSpec, dim: int) -> None:
        self._detector = detector
        self._embedder = embedder
        self._spec = spec
        self.backend = detector.backend
        self.dim = dim
        self._lock = threading.Lock()

    @classmethod
    def load(cls, model_dir: Path, backend: str | None = None) -> FaceModels:
        """Verify and load the manifest's detector and embedder (blocking).

        `backend` forces one engine (tests, bench); None takes the best one that loads and runs.
        Raises ModelsMissing (files absent/corrupt) or BackendUnavailable (forced engine absent).
        """
        manifest = load_manifest()
        found = problems(model_dir, manifest)
        if found:
            raise ModelsMissing(found)
        det_entry, emb_entry = manifest.required
        det_path, emb_path = model_dir / det_entry.file, model_dir / emb_entry.file
        det_bytes = free_spatial_dims(det_path.read_bytes())
        emb_bytes = emb_path.read_bytes()
        spec = EmbedderSpec.from_manifest(emb_entry.input)
        candidates = (backend,) if backend else backends.available()
        errors: list[str] = []
        for name in candidates:
            try:
                detector = backends.open_session(det_path, det_bytes, name)
                embedder = backends.open_session(emb_path, emb_bytes, name)
                dim = cls._warm_up(detector, embedder, spec)
            except BackendUnavailable as err:
                errors.append(str(err))
                continue
            except Exception as err:
                errors.append(f"{name}: {err}")
                continue
            return cls(detector, embedder, spec, dim)
        raise BackendUnavailable("; ".join(errors) or "no backend")

    @staticmethod
    def _warm_up(detector: Session, embedder: Session, spec: EmbedderSpec) -> int:
        """Run both models once (a size other than 640 proves the detector is not shape-bound);
        the embedder's output length is the embedding dimension."""
        detector.run({detector.input_names[0]: np.zeros((1, 3, 96, 128), np.float32)})
        out = embedder.run({embedder.input_names[0]: np.zeros((1, 3, spec.size, spec.size), np.float32)})
        dim = int(out[embedder.output_names[0]].reshape(-1).size)
        if dim < 1:
            raise BackendUnavailable("embedder gives an empty output")
        return dim

    def _largest_face(
        self, image: npt.NDArray[np.uint8]
    ) -> tuple[int, Face | None, npt.NDArray[np.uint8] | None]:
        faces = detect(self._detector, image)
        if not faces:
            return 0, None, None
        return len(faces), faces[0], align(image, faces[0].landmark_array())

    def enrol(self, image: bytes) -> EnrolResult:
        """The embedding of the largest face in a profile photo (blocking)."""
        with self._lock:
            pixels = decode_image(image)
            if pixels is None:
                return EnrolResult(None, UNREADABLE_IMAGE, 0)
            count, face, aligned = self._largest_face(pixels)
            if face is None or aligned is None:
                return EnrolResult(None, NO_FACE_DETECTED, 0, NONE_FOUND)
            problem = measure(face, aligned).problem
            if problem:
                # a template from a face we could not judge would make every later score wrong
                return EnrolResult(None, NO_FACE_DETECTED, count, problem)
            return EnrolResult(embed(self._embedder, aligned, self._spec), None, count)

    def score(self, image: bytes, embedding: npt.NDArray[np.float32]) -> ScoreResult:
        """Match the largest face in an event picture against an enrolled embedding (blocking).

        Raises ValueError when the embedding was made by an embedder of another dimension.
        """
        reference = np.asarray(embedding, np.float32).reshape(-1)
        if reference.size != self.dim:
            raise ValueError(f"embedding has {reference.size} values, the model gives {self.dim}")
        with self._lock:
            pixels = decode_image(image)
            if pixels is None:
                return ScoreResult(NO_FACE, None, None, UNREADABLE_IMAGE)
            _, face, aligned = self._largest_face(pixels)
            if face is None or aligned is None:
                return ScoreResult(NO_FACE, None, None, NONE_FOUND)
            problem = measure(face, aligned).problem
            if problem:
                return ScoreResult(NO_FACE, None, None, problem)
            similarity = cosine(embed(self._embedder, aligned, self._spec), reference)
        return ScoreResult(SCORED, score_from_cosine(similarity), similarity, None)
