"""The quality gate: is this face good enough to judge at all?

A face too dark, too small or too blurred does not give a low score, it gives no score
(`no_face` with the reason): a low score would say "stranger" when the truth is "cannot tell".
The measures are taken on the aligned 112x112 face (inner region: eyes, nose, mouth), so they are
relative to the face's own size, plus the detected box's size in the original picture.

Calibrated on shared/faces (YuNet at <= 640 px, PaddleX embedder; values of the largest face):

| photo            | box px | contrast p95-p5 | sharpness | cosine vs obama_1/2/3 | gate           |
|------------------|--------|-----------------|-----------|-----------------------|----------------|
| clean photos     | 58-235 | 80-191          | 0.35-1.04 | genuine 0.43-0.81     | pass           |
| obama_dark       | 133    | 46              | 0.87      | 0.73-0.96             | pass           |
| obama_verydark   | 154    | 8               | 1.79      | 0.06-0.14 (garbage)   | too_dark       |
| obama_blur_mild  | 141    | 104             | 0.17      | 0.57-0.82             | pass           |
| obama_blur (s=6) | 142    | 80              | 0.09      | 0.35-0.50             | too_blurred    |
| obama_lowres     | 104    | 133             | 1.04      | 0.78-0.97 (same shot) | pass           |

- contrast: obama_verydark still fires YuNet (0.81) but its face spans 8 grey levels, mostly
  noise, and its embedding matches its own source photo at 0.06; the dark-but-usable version spans
  46. The line is at 20.
- sharpness: the Laplacian's standard deviation over the grey level's (brightness-independent).
  Heavy blur (sigma 6 px on a 140 px face) pulls genuine cosines down to 0.35-0.50, a hair above the
  green line, so one more degradation would show a genuine person as a stranger; mild blur keeps
  0.57-0.82. The line (0.12) sits between them, with the sharpest clean photo well above (0.35).
- size: below 32 px (the box's short side) the embedder sees a face upscaled 3.5x; the smallest
  clean faces here (58-62 px) score 0.73-0.80 and pass. A downscaled copy of obama_1 gives the
  too_small case in the tests.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

import numpy as np
import numpy.typing as npt

from .detect import Face

MIN_FACE_PX: Final = 32.0
MIN_CONTRAST: Final = 20.0
MIN_SHARPNESS: Final = 0.12

TOO_SMALL: Final = "too_small"
TOO_DARK: Final = "too_dark"
TOO_BLURRED: Final = "too_blurred"

# rows/cols of the ArcFace-aligned 112x112 face holding the eyes, nose and mouth
_INNER: Final = (slice(36, 100), slice(28, 84))
_BGR_TO_GREY: Final = np.array([0.114, 0.587, 0.299], np.float32)


@dataclass(frozen=True, slots=True)
class Quality:
    """Measures of one aligned face."""

    face_px: float  # the detected box's shorter side, original pixels
    brightness: float  # mean grey level of the inner face, 0..255
    contrast: float  # 95th - 5th percentile of the inner face's grey levels
    sharpness: float  # std of the Laplacian / std of the grey levels

    @property
    def problem(self) -> str | None:
        """Why this face cannot be judged (TOO_*), or None when it can."""
        if self.face_px < MIN_FACE_PX:
            return TOO_SMALL
        if self.contrast < MIN_CONTRAST:
            return TOO_DARK
        if self.sharpness < MIN_SHARPNESS:
            return TOO_BLURRED
        return None


def measure(face: Face, aligned_bgr: npt.NDArray[np.uint8]) -> Quality:
    """Size, brightness, contrast and sharpness of an aligned face."""
    grey = aligned_bgr.astype(np.float32) @ _BGR_TO_GREY
    inner = grey[_INNER]
    low, high = np.percentile(inner, [5, 95])
    laplacian = 4 * inner[1:-1, 1:-1] - inner[:-2, 1:-1] - inner[2:, 1:-1] - inner[1:-1, :-2] - inner[1:-1, 2:]
    spread = float(inner.std())
    return Quality(
        face_px=min(face.w, face.h),
        brightness=float(inner.mean()),
        contrast=float(high - low),
        sharpness=float(laplacian.std()) / spread if spread > 1e-3 else 0.0,
    )
