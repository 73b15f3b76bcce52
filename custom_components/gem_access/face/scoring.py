"""Cosine similarity -> the 0..100 match score shown in the Match column.

The raw cosine is a poor display scale: genuine pairs of this embedder (PaddleX MobileFaceNet,
YuNet + ArcFace alignment) average 0.64-0.70 and impostor pairs about 0.01, so `cos * 100` would
show a clear match as "64" and put 8-12 % of genuine pairs below the green line (SOURCES.md: held
-out LFW 92.2 % green, LFW View-2 87.9 %). The score is therefore a piecewise-linear map through
measured operating points:

    cos 0.00 ->   0   (unrelated faces sit around here)
    cos 0.20 ->  30   amber line: about FAR 3 % on the held-out impostor pairs
    cos 0.30 ->  50   green line: about FAR 1e-3 (impostor p99.9 is 0.303)
    cos 0.70 -> 100   a typical good genuine pair and above

clamped to 0..100. Measured with it (SOURCES.md): held-out genuine 99.7 % green, impostors
97.3 % red and 0.12 % green; LFW View-2 genuine 98.7 % green, impostors 97.6 % red; the distinct
clean photos in shared/faces all genuine green (min 66), all impostors red (max 26). So a genuine
match lands >= 50 and a stranger < 30, with the amber band holding the few doubtful pairs. The
band thresholds (50/30) are settings, but the map is tied to this embedder: a different embedder
in the manifest needs its own calibration.
"""

from __future__ import annotations

import math
from typing import Final

import numpy as np
import numpy.typing as npt

# (cosine, score) knots, increasing
SCORE_KNOTS: Final = ((0.0, 0.0), (0.20, 30.0), (0.30, 50.0), (0.70, 100.0))


def cosine(a: npt.NDArray[np.floating], b: npt.NDArray[np.floating]) -> float:
    """Cosine similarity of two vectors (they need not be normalised)."""
    a = np.asarray(a, np.float64).reshape(-1)
    b = np.asarray(b, np.float64).reshape(-1)
    if a.shape != b.shape:
        raise ValueError(f"embedding sizes differ: {a.size} vs {b.size}")
    denominator = float(np.linalg.norm(a) * np.linalg.norm(b))
    return float(a @ b) / denominator if denominator > 0 else 0.0


def score_from_cosine(similarity: float) -> int:
    """The 0..100 score; floor, so a band boundary is reached only by the cosine that earns it."""
    if not math.isfinite(similarity):
        return 0
    xs = [k[0] for k in SCORE_KNOTS]
    ys = [k[1] for k in SCORE_KNOTS]
    value = float(np.interp(similarity, xs, ys, left=0.0, right=100.0))
    return max(0, min(100, math.floor(value + 1e-9)))
