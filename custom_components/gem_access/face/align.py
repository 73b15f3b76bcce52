"""Five-point alignment to the ArcFace 112x112 template, in numpy (no OpenCV needed).

The embedders were trained on faces warped with a least-squares similarity transform (rotation,
uniform scale, translation; Umeyama's method) from the five detected landmarks onto this
template, resampled bilinearly with black outside the picture: the same as `cv2.warpAffine`.
"""

from __future__ import annotations

from typing import Final

import numpy as np
import numpy.typing as npt

ARCFACE_TEMPLATE: Final = np.array(
    [
        [38.2946, 51.6963],
        [73.5318, 51.5014],
        [56.0252, 71.7366],
        [41.5493, 92.3655],
        [70.7299, 92.2041],
    ],
    dtype=np.float64,
)
ALIGNED_SIZE: Final = 112


def similarity(src: npt.NDArray[np.floating], dst: npt.NDArray[np.floating]) -> npt.NDArray[np.float64]:
    """The 2x3 least-squares similarity transform mapping `src` points onto `dst` (Umeyama)."""
    src = np.asarray(src, np.float64)
    dst = np.asarray(dst, np.float64)
    src_mean, dst_mean = src.mean(axis=0), dst.mean(axis=0)
    src_c, dst_c = src - src_mean, dst - dst_mean
    cov = dst_c.T @ src_c / len(src)
    sign = np.ones(2)
    if np.linalg.det(cov) < 0:
        sign[-1] = -1  # a reflection fits better: force a proper rotation instead
    u, s, vt = np.linalg.svd(cov)
    rotation = u @ np.diag(sign) @ vt
    variance = src_c.var(axis=0).sum()
    scale = float(s @ sign / variance) if variance > 0 else 1.0
    matrix = np.empty((2, 3), np.float64)
    matrix[:, :2] = scale * rotation
    matrix[:, 2] = dst_mean - scale * rotation @ src_mean
    return matrix


def warp(
    image: npt.NDArray[np.uint8], matrix: npt.NDArray[np.float64], size: int = ALIGNED_SIZE
) -> npt.NDArray[np.uint8]:
    """Sample `image` (HxWxC) through the inverse of `matrix` into a size x size picture."""
    linear, offset = matrix[:, :2], matrix[:, 2]
    inverse = np.linalg.inv(linear)
    v, u = np.mgrid[0:size, 0:size].astype(np.float64)
    dst = np.stack([u.ravel() - offset[0], v.ravel() - offset[1]])
    sx, sy = inverse @ dst
    x0, y0 = np.floor(sx), np.floor(sy)
    fx, fy = (sx - x0)[:, None], (sy - y0)[:, None]
    height, width = image.shape[:2]
    flat = image.reshape(height * width, -1)  # gathered as uint8: never convert the whole picture
    # the four neighbours of every sample at once; outside the picture reads black
    xs = np.stack([x0, x0 + 1, x0, x0 + 1]).astype(np.intp)
    ys = np.stack([y0, y0, y0 + 1, y0 + 1]).astype(np.intp)
    inside = (xs >= 0) & (xs < width) & (ys >= 0) & (ys < height)
    index = np.clip(ys, 0, height - 1) * width + np.clip(xs, 0, width - 1)
    near = flat[index].astype(np.float32) * inside[:, :, None]
    wx, wy = fx.astype(np.float32), fy.astype(np.float32)
    top = near[0] + (near[1] - near[0]) * wx
    bottom = near[2] + (near[3] - near[2]) * wx
    out = top + (bottom - top) * wy
    result: npt.NDArray[np.uint8] = np.clip(np.rint(out), 0, 255).astype(np.uint8)
    return result.reshape(size, size, -1)


def align(image_bgr: npt.NDArray[np.uint8], landmarks: npt.NDArray[np.floating]) -> npt.NDArray[np.uint8]:
    """The face with these five landmarks, warped onto the 112x112 ArcFace template."""
    return warp(image_bgr, similarity(landmarks, ARCFACE_TEMPLATE))
