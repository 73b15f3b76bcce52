"""The pure-numpy runner gives onnxruntime's outputs on the same inputs, for both models."""

from __future__ import annotations

import numpy as np
import pytest

from custom_components.gem_access.face import backends
from custom_components.gem_access.face.align import align
from custom_components.gem_access.face.detect import detect, prepare
from custom_components.gem_access.face.embed import PADDLEX, EmbedderSpec, preprocess
from custom_components.gem_access.face.numpy_runner import NumpyRunner, UnsupportedModel
from custom_components.gem_access.face.onnx_reader import (
    Graph,
    Model,
    Node,
    free_spatial_dims,
    load_model,
    read_model,
)
from custom_components.gem_access.face.pipeline import FaceModels, decode_image

from .conftest import MODELS_DIR, photo, requires_faces, requires_models

pytestmark = [requires_models, requires_faces]
ort = pytest.importorskip("onnxruntime", reason="onnxruntime not installed")

YUNET = MODELS_DIR / "face_detection_yunet_2023mar.onnx"
PADDLEX_FILE = MODELS_DIR / "mobilefacenet_paddlex_ms1mv3_128d.onnx"
FOAMLIU_FILE = MODELS_DIR / "mobilefacenet_foamliu_ms1m_128d.onnx"


def _both(data: bytes, blob: np.ndarray) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
    ours = backends.open_session(YUNET, data, backends.NUMPY)
    theirs = backends.open_session(YUNET, data, backends.ONNXRUNTIME)
    feed = {ours.input_names[0]: blob}
    return ours.run(feed), theirs.run(feed)


@pytest.mark.parametrize(("name", "max_side"), [("group_1", 640), ("kit_harington_2", 320)])
def test_detector_outputs_match_onnxruntime(name: str, max_side: int) -> None:
    """At sizes other than the file's 640x640 (480x640-ish and 320-wide)."""
    image = decode_image(photo(name))
    assert image is not None
    blob, _ = prepare(image, max_side)
    assert blob.shape[2:] != (640, 640)
    ours, theirs = _both(free_spatial_dims(YUNET.read_bytes()), blob)
    assert ours.keys() == theirs.keys()
    for key in theirs:
        assert ours[key].shape == theirs[key].shape
        np.testing.assert_allclose(ours[key], theirs[key], rtol=1e-4, atol=1e-4)


@pytest.mark.parametrize(
    ("path", "spec"),
    [
        (PADDLEX_FILE, PADDLEX),
        (FOAMLIU_FILE, EmbedderSpec("RGB", (123.675, 116.28, 103.53), (58.395, 57.12, 57.375))),
    ],
)
def test_embedder_outputs_match_onnxruntime(path, spec: EmbedderSpec) -> None:
    image = decode_image(photo("rose_leslie_1"))
    assert image is not None
    detector = backends.open_session(YUNET, free_spatial_dims(YUNET.read_bytes()), backends.ONNXRUNTIME)
    face = detect(detector, image)[0]
    blob = preprocess(align(image, face.landmark_array()), spec)
    data = path.read_bytes()
    ours = backends.open_session(path, data, backends.NUMPY)
    theirs = backends.open_session(path, data, backends.ONNXRUNTIME)
    a = ours.run({ours.input_names[0]: blob})[ours.output_names[0]]
    b = theirs.run({theirs.input_names[0]: blob})[theirs.output_names[0]]
    assert a.shape == b.shape == (1, 128)
    np.testing.assert_allclose(a, b, rtol=1e-4, atol=2e-5)
    cos = float(a[0] @ b[0] / np.linalg.norm(a) / np.linalg.norm(b))
    assert cos > 0.999999


def test_repeated_runs_reuse_buffers_without_leaking_state() -> None:
    runner = NumpyRunner(load_model(PADDLEX_FILE))
    rng = np.random.default_rng(7)
    x1, x2 = (rng.standard_normal((1, 3, 112, 112), dtype=np.float32) for _ in range(2))
    first = runner.run({"x": x1})["reshape2_0.tmp_0"]
    runner.run({"x": x2})
    again = runner.run({"x": x1})["reshape2_0.tmp_0"]
    np.testing.assert_array_equal(first, again)
    batch = runner.run({"x": np.concatenate([x1, x2])})["reshape2_0.tmp_0"]
    np.testing.assert_allclose(batch[0], first[0], rtol=1e-5, atol=1e-6)


def test_whole_pipeline_scores_agree(models: FaceModels, numpy_models: FaceModels) -> None:
    """Same enrolment and the same score (within one point) on both backends."""
    assert numpy_models.backend == "numpy" and numpy_models.dim == models.dim == 128
    ref_fast = models.enrol(photo("obama_1")).embedding
    ref_numpy = numpy_models.enrol(photo("obama_1")).embedding
    assert ref_fast is not None and ref_numpy is not None
    assert float(ref_fast @ ref_numpy) > 0.9999
    for name in ("obama_2", "biden_1", "obama_verydark"):
        fast = models.score(photo(name), ref_fast)
        slow = numpy_models.score(photo(name), ref_fast)
        assert (fast.status, fast.detail) == (slow.status, slow.detail)
        if fast.similarity is not None and slow.similarity is not None and fast.score is not None and slow.score is not None:
            assert abs(fast.similarity - slow.similarity) < 1e-3
            assert abs(fast.score - slow.score) <= 1


def test_an_unknown_operator_is_refused_up_front() -> None:
    graph = read_model(PADDLEX_FILE.read_bytes()).graph
    node = Node("Gemm", ("x", "w"), ("y",), "gemm", "", {})
    bad = Graph("g", (*graph.nodes, node), graph.initializers, graph.inputs, graph.outputs)
    with pytest.raises(UnsupportedModel, match="Gemm"):
        NumpyRunner(Model(9, {"": 9}, "test", bad))
