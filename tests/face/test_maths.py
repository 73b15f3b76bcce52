"""Pure maths of the pipeline: the score map, the similarity transform, the warp."""

from __future__ import annotations

import math

import numpy as np
import pytest

from custom_components.gem_access.face.align import ARCFACE_TEMPLATE, similarity, warp
from custom_components.gem_access.face.detect import Face, decode, nms
from custom_components.gem_access.face.embed import EmbedderSpec, l2_normalise
from custom_components.gem_access.face.quality import TOO_SMALL, measure
from custom_components.gem_access.face.scoring import cosine, score_from_cosine


@pytest.mark.parametrize(
    ("cos", "score"),
    [(-0.5, 0), (0.0, 0), (0.1, 15), (0.2, 30), (0.25, 40), (0.2999, 49), (0.3, 50), (0.5, 75), (0.7, 100), (0.95, 100), (math.nan, 0)],
)
def test_score_map(cos: float, score: int) -> None:
    assert score_from_cosine(cos) == score


def test_score_map_is_monotonic() -> None:
    scores = [score_from_cosine(c) for c in np.linspace(-1, 1, 2001)]
    assert scores == sorted(scores) and scores[0] == 0 and scores[-1] == 100


def test_cosine() -> None:
    assert cosine(np.array([1.0, 0]), np.array([2.0, 0])) == pytest.approx(1)
    assert cosine(np.zeros(3), np.ones(3)) == 0
    with pytest.raises(ValueError):
        cosine(np.ones(3), np.ones(4))
    assert float(np.linalg.norm(l2_normalise(np.array([3.0, 4.0])))) == pytest.approx(1)


def test_similarity_recovers_a_known_transform() -> None:
    angle, scale, shift = 0.3, 1.7, np.array([12.0, -5.0])
    rotation = np.array([[math.cos(angle), -math.sin(angle)], [math.sin(angle), math.cos(angle)]])
    src = ARCFACE_TEMPLATE
    dst = scale * src @ rotation.T + shift
    matrix = similarity(src, dst)
    np.testing.assert_allclose(matrix[:, :2], scale * rotation, atol=1e-9)
    np.testing.assert_allclose(matrix[:, 2], shift, atol=1e-9)


def test_warp_translation_is_exact_and_black_outside() -> None:
    image = np.arange(200 * 200 * 3, dtype=np.uint32).reshape(200, 200, 3).astype(np.uint8)
    shifted = warp(image, np.array([[1.0, 0, -10], [0, 1.0, -20]]))  # dst(x, y) = src(x+10, y+20)
    np.testing.assert_array_equal(shifted, image[20:132, 10:122])
    outside = warp(image, np.array([[1.0, 0, 150], [0, 1.0, 0]]))
    assert not outside[:, :150 - 1].any()


def test_decode_and_nms() -> None:
    """One strong anchor at stride 8 cell (col 2, row 1) of a 32x32 input, and its duplicate."""
    outputs = {}
    for stride in (8, 16, 32):
        n = (32 // stride) ** 2
        outputs[f"cls_{stride}"] = np.zeros((1, n, 1), np.float32)
        outputs[f"obj_{stride}"] = np.zeros((1, n, 1), np.float32)
        outputs[f"bbox_{stride}"] = np.zeros((1, n, 4), np.float32)
        outputs[f"kps_{stride}"] = np.zeros((1, n, 10), np.float32)
    index = 1 * 4 + 2
    outputs["cls_8"][0, index] = outputs["obj_8"][0, index] = 0.9
    outputs["cls_8"][0, index + 1] = 0.85
    outputs["obj_8"][0, index + 1] = 0.85
    outputs["bbox_8"][0, index + 1, 0] = -0.9  # same box shifted back onto the first
    faces = decode(outputs, (32, 32), scale=0.5)
    assert len(faces) == 1
    face = faces[0]
    assert face.score == pytest.approx(0.9)
    # centre (2*8, 1*8) = (16, 8), w = h = 8, then / scale 0.5
    assert (face.x, face.y, face.w, face.h) == pytest.approx((24, 8, 16, 16))
    assert face.landmarks[0] == pytest.approx((32, 16))
    boxes = np.array([[0, 0, 10, 10], [50, 50, 10, 10], [1, 1, 10, 10]], np.float32)
    assert nms(boxes, np.array([0.9, 0.8, 0.95], np.float32), 0.3) == [2, 1]


def test_small_face_fails_the_gate() -> None:
    face = Face(0, 0, 20, 24, 0.9, ((0.0, 0.0),) * 5)
    rng = np.random.default_rng(1)
    aligned = rng.integers(0, 255, (112, 112, 3), dtype=np.uint8)
    assert measure(face, aligned).problem == TOO_SMALL


def test_embedder_spec_from_manifest() -> None:
    spec = EmbedderSpec.from_manifest({"channels": "rgb", "mean": [1, 2, 3], "std": [4, 5, 6]})
    assert (spec.channels, spec.mean, spec.std) == ("RGB", (1, 2, 3), (4, 5, 6))
    with pytest.raises(ValueError):
        EmbedderSpec.from_manifest({"channels": "YUV"})
