"""The minimal ONNX reader on the real model files, and its refusal of malformed input."""

from __future__ import annotations

from collections import Counter

import numpy as np
import pytest

from custom_components.gem_access.face.onnx_reader import (
    OnnxFormatError,
    free_spatial_dims,
    load_model,
    read_model,
)

from .conftest import MODELS_DIR, requires_models

pytestmark = requires_models

YUNET = "face_detection_yunet_2023mar.onnx"
PADDLEX = "mobilefacenet_paddlex_ms1mv3_128d.onnx"


def test_reads_the_detector() -> None:
    model = load_model(MODELS_DIR / YUNET)
    graph = model.graph
    assert model.opsets[""] == 11
    assert Counter(n.op_type for n in graph.nodes) == {
        "Conv": 53, "Relu": 15, "Transpose": 12, "Reshape": 12, "Sigmoid": 6,
        "MaxPool": 4, "Resize": 2, "Add": 2,
    }
    (inp,) = graph.data_inputs
    assert (inp.name, inp.shape) == ("input", (1, 3, 640, 640))
    assert [o.name for o in graph.outputs] == [
        f"{kind}_{s}" for kind in ("cls", "obj", "bbox", "kps") for s in (8, 16, 32)
    ]
    params = sum(a.size for a in graph.initializers.values() if a.dtype == np.float32)
    assert 50_000 < params < 60_000  # "53k params" (SOURCES.md)
    # attributes decoded with their types
    resize = next(n for n in graph.nodes if n.op_type == "Resize")
    assert resize.attrs["mode"] == "nearest" and resize.attrs["nearest_mode"] == "floor"
    depthwise = [n for n in graph.nodes if n.op_type == "Conv" and n.attrs.get("group", 1) == 64]
    assert len(depthwise) == 10
    reshape_targets = {tuple(graph.initializers[n.inputs[1]].tolist()) for n in graph.nodes if n.op_type == "Reshape"}
    assert reshape_targets == {(1, -1, 1), (1, -1, 4), (1, -1, 10)}


def test_reads_the_embedder() -> None:
    model = load_model(MODELS_DIR / PADDLEX)
    graph = model.graph
    assert model.opsets[""] == 9
    assert Counter(n.op_type for n in graph.nodes) == {"Conv": 50, "PRelu": 33, "Add": 12, "Reshape": 1}
    (inp,) = graph.data_inputs
    assert inp.name == "x" and inp.shape[1:] == (3, 112, 112) and isinstance(inp.shape[0], str)
    assert graph.outputs[0].name == "reshape2_0.tmp_0"
    assert sum(a.size for a in graph.initializers.values()) == 993_346  # as SOURCES.md counts them
    assert sum(a.size for a in graph.initializers.values() if a.dtype == np.int64) == 2  # Reshape's target
    assert all(np.isfinite(a).all() for a in graph.initializers.values())


def test_freeing_the_input_size_keeps_nodes_and_weights() -> None:
    data = (MODELS_DIR / YUNET).read_bytes()
    before, after = read_model(data), read_model(free_spatial_dims(data))
    assert after.graph.data_inputs[0].shape[:2] == (1, 3)
    assert all(isinstance(d, str) for d in after.graph.data_inputs[0].shape[2:])
    assert all(isinstance(d, str) for o in after.graph.outputs for d in o.shape)
    assert after.graph.nodes == before.graph.nodes
    assert after.graph.initializers.keys() == before.graph.initializers.keys()
    for name, array in before.graph.initializers.items():
        assert np.array_equal(array, after.graph.initializers[name])


@pytest.mark.parametrize("cut", [1, 17, 1000, 100_000, -3])
def test_truncated_file_is_refused(cut: int) -> None:
    data = (MODELS_DIR / YUNET).read_bytes()
    with pytest.raises(OnnxFormatError):
        read_model(data[:cut])


@pytest.mark.parametrize(
    "data",
    [b"", b"\x00\x00\x00", b"<html>not a model</html>", bytes(range(256)) * 4, b"\x3a\xff\xff\xff\xff\x0f"],
)
def test_garbage_is_refused(data: bytes) -> None:
    with pytest.raises(OnnxFormatError):
        read_model(data)
