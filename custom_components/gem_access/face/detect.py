"""YuNet face detection: input preparation and output decoding (as OpenCV's FaceDetectorYN does).

YuNet was trained on faces of about 10-300 px, and its cost grows with the pixel count, so the
picture is shrunk (never enlarged) until its long side is at most `DETECT_MAX_SIDE`, padded
right/bottom with zeros to a multiple of 32 (the coarsest stride), detected, and the boxes and
landmarks divided by the scale again. Alignment then works on the full-resolution picture.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

import numpy as np
import numpy.typing as npt

from .backends import Session

# The size the calibration (SOURCES.md) was measured at. Smaller is cheaper but the landmarks get
# coarser: at 320 px the alignment shifts enough to lift impostor cosines from 0.17 to 0.20 (the
# amber line) on shared/faces, so this is not a knob to turn for speed.
DETECT_MAX_SIDE: Final = 640
# 0.8 per SOURCES.md: 0.6-0.73 fired on a painting; 0.9 (the zoo default) misses 0.4 % of LFW.
SCORE_THRESHOLD: Final = 0.8
NMS_IOU: Final = 0.3
STRIDES: Final = (8, 16, 32)
_ALIGN: Final = 32


@dataclass(frozen=True, slots=True)
class Face:
    """One detection in the original picture's pixel coordinates."""

    x: float
    y: float
    w: float
    h: float
    score: float
    # eye (image left), eye (image right), nose tip, mouth corner left, mouth corner right
    landmarks: tuple[tuple[float, float], ...]

    @property
    def area(self) -> float:
        """Box area, to pick the largest (nearest) face."""
        return self.w * self.h

    def landmark_array(self) -> npt.NDArray[np.float32]:
        """The five landmarks as a (5, 2) array."""
        return np.asarray(self.landmarks, dtype=np.float32)


def prepare(
    image_bgr: npt.NDArray[np.uint8], max_side: int = DETECT_MAX_SIDE
) -> tuple[npt.NDArray[np.float32], float]:
    """The detector's input blob (1x3xHxW, BGR 0..255) and the scale applied to the picture."""
    height, width = image_bgr.shape[:2]
    scale = min(1.0, max_side / max(height, width))
    small = image_bgr
    if scale < 1.0:
        from PIL import Image

        size = (max(1, round(width * scale)), max(1, round(height * scale)))
        small = np.asarray(Image.fromarray(image_bgr).resize(size, Image.Resampling.BILINEAR))
    h, w = small.shape[:2]
    blob = np.zeros((1, 3, -(-h // _ALIGN) * _ALIGN, -(-w // _ALIGN) * _ALIGN), np.float32)
    blob[0, :, :h, :w] = small.transpose(2, 0, 1)
    return blob, scale


def decode(
    outputs: dict[str, npt.NDArray[np.float32]],
    input_hw: tuple[int, int],
    scale: float,
    threshold: float = SCORE_THRESHOLD,
    nms_iou: float = NMS_IOU,
) -> list[Face]:
    """Faces above `threshold` after NMS, largest first, in original-picture coordinates."""
    boxes: list[npt.NDArray[np.float32]] = []
    kpss: list[npt.NDArray[np.float32]] = []
    scores: list[npt.NDArray[np.float32]] = []
    for stride in STRIDES:
        rows, cols = input_hw[0] // stride, input_hw[1] // stride
        cls = outputs[f"cls_{stride}"].reshape(-1)
        obj = outputs[f"obj_{stride}"].reshape(-1)
        if cls.size != rows * cols:
            raise ValueError(f"stride {stride}: {cls.size} anchors for a {rows}x{cols} grid")
        score = np.sqrt(np.clip(cls, 0, 1) * np.clip(obj, 0, 1))
        keep = np.nonzero(score >= threshold)[0]
        if not keep.size:
            continue
        col = (keep % cols).astype(np.float32)
        row = (keep // cols).astype(np.float32)
        bbox = outputs[f"bbox_{stride}"].reshape(-1, 4)[keep]
        kps = outputs[f"kps_{stride}"].reshape(-1, 10)[keep]
        cx = (col + bbox[:, 0]) * stride
        cy = (row + bbox[:, 1]) * stride
        w = np.exp(bbox[:, 2]) * stride
        h = np.exp(bbox[:, 3]) * stride
        boxes.append(np.stack([cx - w / 2, cy - h / 2, w, h], axis=1))
        points = kps.reshape(-1, 5, 2).copy()
        points[:, :, 0] = (points[:, :, 0] + col[:, None]) * stride
        points[:, :, 1] = (points[:, :, 1] + row[:, None]) * stride
        kpss.append(points)
        scores.append(score[keep])
    if not boxes:
        return []
    all_boxes = np.concatenate(boxes) / scale
    all_kps = np.concatenate(kpss) / scale
    all_scores = np.concatenate(scores)
    faces = [
        Face(
            x=float(all_boxes[i, 0]),
            y=float(all_boxes[i, 1]),
            w=float(all_boxes[i, 2]),
            h=float(all_boxes[i, 3]),
            score=float(all_scores[i]),
            landmarks=tuple((float(px), float(py)) for px, py in all_kps[i]),
        )
        for i in nms(all_boxes, all_scores, nms_iou)
    ]
    return sorted(faces, key=lambda f: f.area, reverse=True)


def nms(boxes: npt.NDArray[np.float32], scores: npt.NDArray[np.float32], iou: float) -> list[int]:
    """Greedy non-maximum suppression over (x, y, w, h) boxes; indices kept, best first."""
    order: list[int] = [int(i) for i in np.argsort(-scores, kind="stable")]
    x1, y1 = boxes[:, 0], boxes[:, 1]
    x2, y2 = x1 + boxes[:, 2], y1 + boxes[:, 3]
    areas = boxes[:, 2] * boxes[:, 3]
    kept: list[int] = []
    while order:
        best = order.pop(0)
        kept.append(best)
        if not order:
            break
        rest = np.asarray(order)
        iw = np.clip(np.minimum(x2[best], x2[rest]) - np.maximum(x1[best], x1[rest]), 0, None)
        ih = np.clip(np.minimum(y2[best], y2[rest]) - np.maximum(y1[best], y1[rest]), 0, None)
        inter = iw * ih
        overlap = inter / np.maximum(areas[best] + areas[rest] - inter, 1e-9)
        order = [int(i) for i, o in zip(rest, overlap, strict=True) if o <= iou]
    return kept


def detect(
    session: Session,
    image_bgr: npt.NDArray[np.uint8],
    max_side: int = DETECT_MAX_SIDE,
    threshold: float = SCORE_THRESHOLD,
) -> list[Face]:
    """All faces in a BGR picture, largest first."""
    blob, scale = prepare(image_bgr, max_side)
    outputs = session.run({session.input_names[0]: blob})
    return decode(outputs, (blob.shape[2], blob.shape[3]), scale, threshold)
