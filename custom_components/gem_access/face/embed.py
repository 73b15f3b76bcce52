"""Face embedding: the embedder's preprocessing (from the manifest), inference, L2 normalisation.

The preprocessing is part of the model's identity, so it lives in the manifest next to the file:
swapping the embedder is a manifest change. The vector's length is whatever the model outputs
(128 for the shipped MobileFaceNet; the spec's 512 for an ArcFace-R100-class model).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final

import numpy as np
import numpy.typing as npt

from .backends import Session

_HALF: Final = (127.5, 127.5, 127.5)


@dataclass(frozen=True, slots=True)
class EmbedderSpec:
    """How to turn an aligned BGR face into the model's input: (pixel - mean) / std per channel."""

    channels: str = "BGR"  # the order the model expects
    mean: tuple[float, float, float] = _HALF
    std: tuple[float, float, float] = _HALF
    size: int = 112

    @classmethod
    def from_manifest(cls, spec: Mapping[str, Any]) -> EmbedderSpec:
        """Read the `input` object of a manifest entry (missing keys: PaddleX's defaults)."""
        channels = str(spec.get("channels", "BGR")).upper()
        if channels not in ("BGR", "RGB"):
            raise ValueError(f"channels must be BGR or RGB, not {channels}")
        mean = tuple(float(v) for v in spec.get("mean", _HALF))
        std = tuple(float(v) for v in spec.get("std", _HALF))
        if len(mean) != 3 or len(std) != 3 or not all(s > 0 for s in std):
            raise ValueError("mean and std need three values, std positive")
        return cls(channels, (mean[0], mean[1], mean[2]), (std[0], std[1], std[2]), int(spec.get("size", 112)))


PADDLEX: Final = EmbedderSpec()


def preprocess(aligned_bgr: npt.NDArray[np.uint8], spec: EmbedderSpec) -> npt.NDArray[np.float32]:
    """A 1x3xSxS float32 blob from an aligned SxSx3 BGR face."""
    pixels = aligned_bgr.astype(np.float32)
    if spec.channels == "RGB":
        pixels = pixels[:, :, ::-1]
    pixels -= np.asarray(spec.mean, np.float32)
    pixels /= np.asarray(spec.std, np.float32)
    return np.ascontiguousarray(pixels.transpose(2, 0, 1)[None])


def l2_normalise(vector: npt.NDArray[np.floating]) -> npt.NDArray[np.float32]:
    """Unit length (cosine similarity becomes a dot product); a zero vector stays zero."""
    flat = np.asarray(vector, np.float32).reshape(-1)
    norm = float(np.linalg.norm(flat))
    return flat / norm if norm > 0 else flat


def embed(session: Session, aligned_bgr: npt.NDArray[np.uint8], spec: EmbedderSpec) -> npt.NDArray[np.float32]:
    """The L2-normalised embedding of one aligned face."""
    outputs = session.run({session.input_names[0]: preprocess(aligned_bgr, spec)})
    return l2_normalise(outputs[session.output_names[0]][0])
