"""The ONNX reader on files other exporters write: the same tensors in their other encodings, fields
it does not know, and every malformed or unsupported file refused with a message that says why.

The files are written here with a few lines of protobuf encoding (the wire format is tiny; the
`onnx` package is not installed, as on HA OS)."""

from __future__ import annotations

import struct

import numpy as np
import pytest

from custom_components.gem_access.face import onnx_reader
from custom_components.gem_access.face.numpy_runner import NumpyRunner
from custom_components.gem_access.face.onnx_reader import (
    OnnxFormatError,
    free_spatial_dims,
    load_model,
    read_model,
)

from .conftest import MODELS_DIR, requires_models

FLOAT, INT32, INT64, FLOAT16 = 1, 6, 7, 10


# --- a minimal protobuf writer -------------------------------------------------------------------


def varint(value: int) -> bytes:
    value %= 1 << 64
    out = bytearray()
    while True:
        byte, value = value & 0x7F, value >> 7
        out.append(byte | (0x80 if value else 0))
        if not value:
            return bytes(out)


def key(number: int, wire: int) -> bytes:
    return varint(number << 3 | wire)


def num(number: int, value: int) -> bytes:
    return key(number, 0) + varint(value)


def ld(number: int, payload: bytes) -> bytes:
    return key(number, 2) + varint(len(payload)) + payload


def text(number: int, value: str) -> bytes:
    return ld(number, value.encode())


def fixed32(number: int, value: float) -> bytes:
    return key(number, 5) + struct.pack("<f", value)


def tensor(name: str, dims: list[int], dtype: int = FLOAT, *fields: bytes) -> bytes:
    return b"".join(num(1, d) for d in dims) + num(2, dtype) + text(8, name) + b"".join(fields)


def raw_floats(values: list[float]) -> bytes:
    return ld(9, np.asarray(values, "<f4").tobytes())


def dim(value: int | str | None) -> bytes:
    if value is None:
        return ld(1, b"")
    return ld(1, text(2, value) if isinstance(value, str) else num(1, value))


def value_info(name: str, shape: list[int | str | None], elem: int = FLOAT) -> bytes:
    tensor_type = num(1, elem) + ld(2, b"".join(dim(d) for d in shape))
    return text(1, name) + ld(2, ld(1, tensor_type))


def node(op: str, inputs: list[str], outputs: list[str], *attrs: bytes, domain: str = "") -> bytes:
    return (
        b"".join(text(1, i) for i in inputs)
        + b"".join(text(2, o) for o in outputs)
        + text(3, f"{op}_0")
        + text(4, op)
        + text(7, domain)
        + b"".join(ld(5, a) for a in attrs)
    )


def model(*graph: bytes, opset: int = 11, extra: bytes = b"") -> bytes:
    return (
        num(1, 7)
        + text(2, "a test exporter")
        + extra
        + ld(8, text(1, "") + num(2, opset))
        + ld(7, text(2, "g") + b"".join(graph))
    )


def add_model(*initializer_fields: bytes, dims: list[int] | None = None) -> bytes:
    """y = relu(x) + w, with w written as given."""
    shape = dims or [2, 3]
    return model(
        ld(1, node("Relu", ["x"], ["r"])),
        ld(1, node("Add", ["r", "w"], ["y"])),
        ld(5, tensor("w", shape, FLOAT, *initializer_fields)),
        ld(11, value_info("x", ["batch", *shape[1:]])),
        ld(12, value_info("y", ["batch", *shape[1:]])),
    )


W = [0.5, -1.0, 2.0, 0.0, 3.25, -7.5]


# --- the same model in other encodings ----------------------------------------------------------


@pytest.mark.parametrize(
    "fields",
    [
        [raw_floats(W)],
        [ld(4, np.asarray(W, "<f4").tobytes())],  # float_data, packed (proto3 writers)
        [fixed32(4, w) for w in W],  # float_data, one field per value (proto2 writers)
    ],
    ids=["raw_data", "packed_float_data", "float_data"],
)
def test_weights_in_any_encoding_give_the_same_results(fields: list[bytes]) -> None:
    parsed = read_model(add_model(*fields))
    np.testing.assert_array_equal(parsed.graph.initializers["w"], np.reshape(W, (2, 3)))
    runner = NumpyRunner(parsed)
    x = np.asarray([[-1, 2, -3], [4, -5, 6]], np.float32)
    np.testing.assert_array_equal(
        runner.run({"x": x})["y"], np.maximum(x, 0) + np.reshape(W, (2, 3))
    )


def test_integer_tensors_packed_dims_unknown_fields_and_attributes() -> None:
    attrs = [
        text(1, "alpha") + fixed32(2, 0.25) + num(20, 1),
        text(1, "axis") + num(3, (1 << 64) - 1) + num(20, 2),  # -1, as int64 on the wire
        text(1, "mode") + text(4, "nearest") + num(20, 3),
        text(1, "value") + ld(5, tensor("", [2], INT32, num(5, 3), num(5, 4))) + num(20, 4),
        text(1, "scales") + ld(7, np.asarray([1.0, 2.0], "<f4").tobytes()) + num(20, 6),
        text(1, "perm") + ld(8, varint(0) + varint(2) + varint(1)) + num(20, 7),
    ]
    data = model(
        ld(1, node("Custom", ["x"], ["y"], *attrs, domain="ai.onnx")),
        # dims packed in one field; int64 values one per field, negative ones too
        ld(
            5,
            ld(1, varint(3))
            + num(2, INT64)
            + text(8, "shape")
            + num(7, 1)
            + num(7, (1 << 64) - 1)
            + num(7, 5),
        ),
        ld(5, tensor("idx", [2], INT32, ld(9, np.asarray([7, -8], "<i4").tobytes()))),
        ld(11, value_info("x", [1, 3])),
        ld(11, text(1, "seq") + ld(2, ld(4, b"\x08\x01"))),  # a sequence type: not a tensor
        ld(12, value_info("y", [1, 3])),
        key(99, 1) + b"\x01" * 8,  # fields of a newer schema, of every wire type
        key(98, 5) + b"\x02" * 4,
        num(97, 5),
        extra=key(20, 1) + b"\x00" * 8,
    )
    graph = read_model(data).graph
    np.testing.assert_array_equal(graph.initializers["shape"], [1, -1, 5])
    np.testing.assert_array_equal(graph.initializers["idx"], [7, -8])
    (custom,) = graph.nodes
    assert custom.domain == "ai.onnx"
    assert custom.attrs["alpha"] == 0.25 and custom.attrs["axis"] == -1
    assert custom.attrs["mode"] == "nearest"
    np.testing.assert_array_equal(custom.attrs["value"], [3, 4])
    assert custom.attrs["scales"] == (1.0, 2.0) and custom.attrs["perm"] == (0, 2, 1)
    assert graph.inputs[1].name == "seq" and graph.inputs[1].shape == ()


def test_freeing_the_input_size_keeps_other_declarations() -> None:
    data = model(
        ld(1, node("Relu", ["x"], ["y"])),
        ld(1, node("Relu", ["v"], ["u"])),
        ld(11, value_info("x", [1, 3, 640, 640])),
        ld(11, value_info("v", [-1, None, "n"])),  # not an image: left as it is
        ld(12, value_info("y", [1, 3, 640, 640])),
        ld(12, value_info("u", [-1, None, "n"])),
        ld(13, value_info("r", [1, 3, 640, 640])),  # intermediate shapes would pin the old size
    )
    freed = read_model(free_spatial_dims(data)).graph
    assert [(v.name, v.shape) for v in freed.inputs] == [
        ("x", (1, 3, "x_h", "x_w")),
        ("v", (-1, None, "n")),
    ]
    assert [o.shape for o in freed.outputs] == [
        ("y_0", "y_1", "y_2", "y_3"),
        ("u_0", "u_1", "u_2"),
    ]
    assert freed.nodes == read_model(data).graph.nodes


# --- refused, with the reason ------------------------------------------------------------------


def _ok_graph(*extra: bytes) -> bytes:
    return model(ld(1, node("Relu", ["x"], ["y"])), ld(11, value_info("x", [1])), *extra)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (num(1, 1)[:1] + b"\xff" * 11, "varint longer than 10 bytes"),
        (key(5, 1) + b"\x00" * 7, "truncated fixed64"),
        (key(5, 5) + b"\x00" * 3, "truncated fixed32"),
        (key(5, 3), "unsupported wire type 3"),
        (num(7, 1), "expected a length-delimited field"),
        (text(1, "7"), "expected a scalar field"),
        (ld(2, b"\xff\xfe"), "invalid UTF-8 string"),
        (_ok_graph(ld(5, tensor("w", [2], FLOAT, ld(4, b"\x00" * 7)))), "not a multiple of 4"),
        (
            _ok_graph(ld(5, tensor("w", [2], FLOAT, num(14, 1)))),
            "keeps its data in an external file",
        ),
        (_ok_graph(ld(5, tensor("w", [-2], FLOAT))), "has an invalid shape"),
        (_ok_graph(ld(5, tensor("w", [1] * 9, FLOAT))), "has an invalid shape"),
        (_ok_graph(ld(5, tensor("w", [8192, 8192], FLOAT))), "is too large"),
        (
            _ok_graph(ld(5, tensor("w", [3], FLOAT, raw_floats([1, 2])))),
            "raw_data size does not match",
        ),
        (
            _ok_graph(ld(5, tensor("w", [3], INT64, ld(9, b"\x00" * 16)))),
            "raw_data size does not match",
        ),
        (
            _ok_graph(ld(5, tensor("w", [2], FLOAT16, ld(9, b"\x00" * 4)))),
            "unsupported data type 10",
        ),
        (_ok_graph(ld(5, tensor("w", [3], FLOAT, fixed32(4, 1.0)))), "1 values for shape [3]"),
        (
            model(
                ld(1, node("If", ["c"], ["y"], text(1, "then_branch") + ld(6, b"") + num(20, 5)))
            ),
            "attribute 'then_branch' has unsupported type 5",
        ),
        (model(ld(11, value_info("x", [1]))), "no graph in the file"),
    ],
    ids=[
        "long_varint",
        "fixed64",
        "fixed32",
        "group",
        "graph_not_message",
        "version_not_number",
        "utf8",
        "packed_floats",
        "external",
        "negative_dim",
        "nine_dims",
        "huge",
        "raw_float",
        "raw_int",
        "float16",
        "count",
        "subgraph_attribute",
        "no_nodes",
    ],
)
def test_malformed_or_unsupported_files_are_refused(data: bytes, message: str) -> None:
    with pytest.raises(OnnxFormatError) as refused:
        read_model(data)
    assert message in str(refused.value)


def test_too_many_nodes_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(onnx_reader, "MAX_NODES", 3)
    relu = ld(1, node("Relu", ["x"], ["x"]))
    read_model(model(relu, relu, relu))
    with pytest.raises(OnnxFormatError, match="too many nodes"):
        read_model(model(relu, relu, relu, relu))


@requires_models
def test_files_above_the_size_limit_are_refused_before_parsing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = MODELS_DIR / "face_detection_yunet_2023mar.onnx"
    monkeypatch.setattr(onnx_reader, "MAX_MODEL_BYTES", path.stat().st_size - 1)
    with pytest.raises(OnnxFormatError, match="model file too large"):
        load_model(path)
    with pytest.raises(OnnxFormatError, match="model file too large"):
        read_model(path.read_bytes())
