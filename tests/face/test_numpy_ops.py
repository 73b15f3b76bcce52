"""The numpy runner's operators beyond what the two shipped graphs exercise, checked against plain
reference implementations, and every unsupported feature refused when the model is loaded (with a
message naming it), never half-run on a user's picture."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from custom_components.gem_access.face import backends
from custom_components.gem_access.face.backends import BackendUnavailable
from custom_components.gem_access.face.numpy_runner import NumpyRunner, UnsupportedModel
from custom_components.gem_access.face.onnx_reader import Graph, Model, Node, ValueInfo

RNG = np.random.default_rng(12)


def f32(*shape: int) -> np.ndarray:
    return RNG.standard_normal(shape).astype(np.float32)


def graph_model(
    nodes: list[Node],
    consts: dict[str, np.ndarray] | None = None,
    inputs: tuple[str, ...] = ("x",),
    outputs: tuple[str, ...] = ("y",),
    opset: int = 11,
) -> Model:
    graph = Graph(
        "g",
        tuple(nodes),
        dict(consts or {}),
        tuple(ValueInfo(n, 1, ()) for n in inputs),
        tuple(ValueInfo(n, 1, ()) for n in outputs),
    )
    return Model(7, {"": opset}, "test", graph)


def op(
    op_type: str, inputs: tuple[str, ...], outputs: tuple[str, ...] = ("y",), **attrs: Any
) -> Node:
    return Node(op_type, inputs, outputs, op_type.lower(), "", attrs)


def conv_reference(x: np.ndarray, w: np.ndarray, b: np.ndarray, group: int, pad: int) -> np.ndarray:
    n, c, h, wd = x.shape
    o, cg, kh, kw = w.shape
    xp = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))
    ho, wo = xp.shape[2] - kh + 1, xp.shape[3] - kw + 1
    out = np.zeros((n, o, ho, wo), np.float64)
    per_group = o // group
    for oc in range(o):
        g = oc // per_group
        for i in range(ho):
            for j in range(wo):
                window = xp[:, g * cg : (g + 1) * cg, i : i + kh, j : j + kw]
                out[:, oc, i, j] = (window * w[oc]).sum(axis=(1, 2, 3)) + b[oc]
    return out


@pytest.mark.parametrize(
    ("channels", "out", "group"),
    [(4, 6, 2), (2, 4, 2)],
    ids=["grouped", "depthwise_with_channel_multiplier"],
)
def test_grouped_and_multiplier_convolutions(channels: int, out: int, group: int) -> None:
    x, w, b = f32(2, channels, 7, 6), f32(out, channels // group, 3, 3), f32(out)
    runner = NumpyRunner(
        graph_model([op("Conv", ("x", "w", "b"), group=group, pads=(1, 1, 1, 1))], {"w": w, "b": b})
    )
    got = runner.run({"x": x})["y"]
    np.testing.assert_allclose(got, conv_reference(x, w, b, group, 1), rtol=1e-4, atol=1e-4)


def test_maxpool_with_padding_prelu_per_channel_and_add_of_a_constant() -> None:
    x = f32(1, 3, 5, 5)
    slope = np.asarray([0.1, 0.2, 0.3], np.float32)  # Paddle's (C,) slope
    bias = f32(1, 3, 1, 1)
    runner = NumpyRunner(
        graph_model(
            [
                op(
                    "MaxPool",
                    ("x",),
                    ("p",),
                    kernel_shape=(3, 3),
                    strides=(2, 2),
                    pads=(1, 1, 1, 1),
                ),
                op("PRelu", ("p", "slope"), ("q",)),
                op("Add", ("bias", "q"), ("y",)),  # the constant first: never written in place
            ],
            {"slope": slope, "bias": bias},
        )
    )
    y = runner.run({"x": x})["y"]
    padded = np.pad(x, ((0, 0), (0, 0), (1, 1), (1, 1)), constant_values=-np.inf)
    pooled = np.array(
        [
            [
                [
                    [padded[0, c, 2 * i : 2 * i + 3, 2 * j : 2 * j + 3].max() for j in range(3)]
                    for i in range(3)
                ]
                for c in range(3)
            ]
        ]
    )
    expected = np.where(pooled > 0, pooled, pooled * slope.reshape(1, 3, 1, 1)) + bias
    np.testing.assert_allclose(y, expected, rtol=1e-6)
    runner.run({"x": x})
    np.testing.assert_array_equal(runner.run({"x": x})["y"], y)  # the constant was not touched


def test_resize_to_constant_sizes_and_both_clip_spellings() -> None:
    x = f32(1, 2, 3, 4)
    sizes = np.asarray([1, 2, 6, 8], np.int64)
    resize = NumpyRunner(
        graph_model(
            [
                op(
                    "Resize",
                    ("x", "", "", "sizes"),
                    mode="nearest",
                    coordinate_transformation_mode="asymmetric",
                    nearest_mode="floor",
                )
            ],
            {"sizes": sizes},
        )
    )
    np.testing.assert_array_equal(resize.run({"x": x})["y"], x.repeat(2, axis=2).repeat(2, axis=3))
    old = NumpyRunner(graph_model([op("Clip", ("x",), min=-0.5, max=0.5)], opset=9))
    new = NumpyRunner(
        graph_model(
            [op("Clip", ("x", "lo", "hi"))],
            {"lo": np.asarray(-0.5, np.float32), "hi": np.asarray(0.5, np.float32)},
        )
    )
    for runner in (old, new):
        np.testing.assert_array_equal(runner.run({"x": x})["y"], np.clip(x, -0.5, 0.5))


W4 = f32(4, 2, 3, 3)
RESIZE = {
    "mode": "nearest",
    "coordinate_transformation_mode": "asymmetric",
    "nearest_mode": "floor",
}


@pytest.mark.parametrize(
    ("nodes", "consts", "message"),
    [
        (
            [op("Conv", ("x", "w"), strides="2")],
            {"w": W4},
            "attribute strides is not a list of ints",
        ),
        ([op("Conv", ("x", "w"), group=2.0)], {"w": W4}, "attribute group is not an int"),
        ([op("Conv", ("x", "w"), auto_pad=1)], {"w": W4}, "attribute auto_pad is not a string"),
        ([op("Conv", ("x", "w"), group=3)], {"w": W4}, "output channels not divisible by group"),
        ([op("Conv", ("x", "x"))], {}, "Conv weights must be a constant 4-D tensor"),
        (
            [op("Conv", ("x", "w"), auto_pad="SAME_UPPER")],
            {"w": W4},
            "auto_pad SAME_* is not implemented",
        ),
        ([op("Relu", ("z",))], {}, "reads unknown ['z']"),
        ([op("Relu", ("x",), ("r",))], {}, "outputs never produced: ['y']"),
        ([op("Reshape", ("x", "x"))], {}, "Reshape with a computed shape"),
        ([op("Constant", (), value=3)], {}, "Constant without a tensor value"),
        ([op("PRelu", ("x", "x"))], {}, "PRelu with a computed slope"),
        ([op("Clip", ("x", "x"))], {}, "Clip with computed bounds"),
        (
            [op("MaxPool", ("x",), kernel_shape=(2, 2), ceil_mode=1)],
            {},
            "MaxPool ceil_mode / auto_pad",
        ),
        ([op("MaxPool", ("x",), ("y", "idx"), kernel_shape=(2, 2))], {}, "MaxPool indices output"),
        (
            [op("MaxPool", ("x",), kernel_shape=(2, 2, 2))],
            {},
            "expected 2 spatial values, got (2, 2, 2)",
        ),
        ([op("Resize", ("x", "", "x"), **{**RESIZE, "mode": "linear"})], {}, "only mode=nearest"),
        (
            [
                op(
                    "Resize",
                    ("x", "", "x"),
                    **{**RESIZE, "coordinate_transformation_mode": "half_pixel"},
                )
            ],
            {},
            "only coordinate_transformation_mode=asymmetric",
        ),
        (
            [op("Resize", ("x", "", "x"), **{**RESIZE, "nearest_mode": "ceil"})],
            {},
            "only nearest_mode=floor",
        ),
        ([op("Resize", ("x", "", "x"), **RESIZE)], {}, "Resize needs constant scales or sizes"),
        (
            [Node("Relu", ("x",), ("y",), "r", "com.microsoft", {})],
            {},
            "operators not implemented: Relu",
        ),
    ],
    ids=[
        "ints",
        "int",
        "string",
        "group",
        "weights",
        "same_pad",
        "unknown_input",
        "no_output",
        "reshape",
        "constant",
        "prelu",
        "clip",
        "ceil_mode",
        "indices",
        "3d_pool",
        "linear",
        "half_pixel",
        "ceil",
        "computed_scales",
        "foreign_domain",
    ],
)
def test_unsupported_features_are_refused_at_load(
    nodes: list[Node], consts: dict[str, np.ndarray], message: str
) -> None:
    with pytest.raises(UnsupportedModel) as refused:
        NumpyRunner(graph_model(nodes, consts))
    assert message in str(refused.value)


def test_clip_bounds_that_are_not_numbers_are_refused() -> None:
    with pytest.raises(UnsupportedModel, match="Clip bounds"):
        NumpyRunner(graph_model([op("Clip", ("x",), min="low")], opset=9))


def test_a_missing_input_is_a_clear_error() -> None:
    runner = NumpyRunner(graph_model([op("Relu", ("x",))]))
    with pytest.raises(ValueError, match="missing input 'x'"):
        runner.run({"image": f32(1, 3)})


def test_engines_that_cannot_load_say_which_and_why(tmp_path: Any) -> None:
    """What an installer sees in the log when an engine or a file does not work."""
    path = tmp_path / "model.onnx"
    garbage = b"<html>a login page saved as a model</html>"
    with pytest.raises(BackendUnavailable, match=r"^numpy: "):
        backends.open_session(path, garbage, backends.NUMPY)
    with pytest.raises(BackendUnavailable, match=r"^onnxruntime cannot load model\.onnx: "):
        pytest.importorskip("onnxruntime")
        backends.open_session(path, garbage, backends.ONNXRUNTIME)
    with pytest.raises(BackendUnavailable, match="unknown backend 'tflite'"):
        backends.open_session(path, garbage, "tflite")
