"""A minimal, bounded reader (and one narrow rewriter) of the ONNX protobuf format.

HA OS installs from musllinux wheels and neither `onnx` nor `protobuf`'s C parser is guaranteed
there, so the numpy runner reads the few messages it needs itself: ModelProto -> GraphProto ->
NodeProto / TensorProto / AttributeProto / ValueInfoProto. Only data is decoded; nothing in the
file is ever executed, unknown fields are skipped, every length is checked against the buffer and
the sizes below, and a malformed file raises `OnnxFormatError` (never an IndexError or a hang).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

import numpy as np
import numpy.typing as npt

# Far above the models we ship (4 MB, ~100 nodes) and far below what could exhaust a Pi.
MAX_MODEL_BYTES: Final = 64 * 1024 * 1024
MAX_NODES: Final = 10_000
MAX_DIMS: Final = 8
MAX_ELEMENTS: Final = 32 * 1024 * 1024

# TensorProto.DataType values this reader can turn into arrays
FLOAT: Final = 1
INT32: Final = 6
INT64: Final = 7

_WT_VARINT: Final = 0
_WT_I64: Final = 1
_WT_LEN: Final = 2
_WT_I32: Final = 5


class OnnxFormatError(ValueError):
    """The bytes are not an ONNX model this reader understands."""


@dataclass(frozen=True, slots=True)
class ValueInfo:
    """A graph input or output: its name, element type and shape (str for a symbolic dim)."""

    name: str
    elem_type: int
    shape: tuple[int | str | None, ...]


@dataclass(frozen=True, slots=True)
class Node:
    """One operator application, in the graph's topological order."""

    op_type: str
    inputs: tuple[str, ...]
    outputs: tuple[str, ...]
    name: str
    domain: str
    attrs: dict[str, AttrValue]


type AttrValue = int | float | str | tuple[int, ...] | tuple[float, ...] | npt.NDArray[np.generic]


@dataclass(frozen=True, slots=True)
class Graph:
    """The node list, the weights (initialisers) and the declared inputs/outputs."""

    name: str
    nodes: tuple[Node, ...]
    initializers: dict[str, npt.NDArray[np.generic]]
    inputs: tuple[ValueInfo, ...]
    outputs: tuple[ValueInfo, ...]

    @property
    def data_inputs(self) -> tuple[ValueInfo, ...]:
        """Inputs the caller must feed (old exporters also list the weights as inputs)."""
        return tuple(v for v in self.inputs if v.name not in self.initializers)


@dataclass(frozen=True, slots=True)
class Model:
    """What the runner needs of a ModelProto."""

    ir_version: int
    opsets: dict[str, int]
    producer: str
    graph: Graph
    extra: dict[str, str] = field(default_factory=dict)


# --- wire format -------------------------------------------------------------------------------


def _varint(buf: memoryview, pos: int) -> tuple[int, int]:
    result = 0
    for shift in range(0, 70, 7):
        if pos >= len(buf):
            raise OnnxFormatError("truncated varint")
        byte = buf[pos]
        pos += 1
        result |= (byte & 0x7F) << shift
        if not byte & 0x80:
            return result, pos
    raise OnnxFormatError("varint longer than 10 bytes")


def _signed64(value: int) -> int:
    return value - (1 << 64) if value >= 1 << 63 else value


type _Field = tuple[int, int, int | memoryview, int, int]


def _fields(buf: memoryview) -> Iterator[_Field]:
    """(field number, wire type, value, start, end) of each field; value is an int or a slice."""
    pos = 0
    end = len(buf)
    while pos < end:
        start = pos
        key, pos = _varint(buf, pos)
        number, wire = key >> 3, key & 7
        if number == 0:
            raise OnnxFormatError("field number 0")
        value: int | memoryview
        if wire == _WT_VARINT:
            value, pos = _varint(buf, pos)
        elif wire == _WT_I64:
            if pos + 8 > end:
                raise OnnxFormatError("truncated fixed64")
            value = int.from_bytes(buf[pos : pos + 8], "little")
            pos += 8
        elif wire == _WT_I32:
            if pos + 4 > end:
                raise OnnxFormatError("truncated fixed32")
            value = int.from_bytes(buf[pos : pos + 4], "little")
            pos += 4
        elif wire == _WT_LEN:
            length, pos = _varint(buf, pos)
            if length > end - pos:
                raise OnnxFormatError("length past the end of the message")
            value = buf[pos : pos + length]
            pos += length
        else:  # groups (3/4) are not used by ONNX
            raise OnnxFormatError(f"unsupported wire type {wire}")
        yield number, wire, value, start, pos


def _as_bytes(value: int | memoryview) -> memoryview:
    if isinstance(value, int):
        raise OnnxFormatError("expected a length-delimited field")
    return value


def _as_int(value: int | memoryview) -> int:
    if not isinstance(value, int):
        raise OnnxFormatError("expected a scalar field")
    return value


def _text(value: int | memoryview) -> str:
    try:
        return bytes(_as_bytes(value)).decode("utf-8")
    except UnicodeDecodeError as err:
        raise OnnxFormatError("invalid UTF-8 string") from err


def _packed_varints(value: int | memoryview) -> list[int]:
    """A repeated int64 field: one varint, or a packed run of them."""
    if isinstance(value, int):
        return [_signed64(value)]
    out: list[int] = []
    pos = 0
    while pos < len(value):
        v, pos = _varint(value, pos)
        out.append(_signed64(v))
    return out


def _packed_floats(wire: int, value: int | memoryview) -> npt.NDArray[np.float32]:
    if wire == _WT_I32:
        return np.frombuffer(_as_int(value).to_bytes(4, "little"), dtype="<f4").astype(np.float32)
    data = _as_bytes(value)
    if len(data) % 4:
        raise OnnxFormatError("packed float field not a multiple of 4 bytes")
    return np.frombuffer(data, dtype="<f4").astype(np.float32)


# --- messages ----------------------------------------------------------------------------------


def _tensor(buf: memoryview) -> tuple[str, npt.NDArray[np.generic]]:
    dims: list[int] = []
    data_type = 0
    name = ""
    raw: memoryview | None = None
    floats: list[npt.NDArray[np.float32]] = []
    ints: list[int] = []
    external = False
    for number, wire, value, _, _ in _fields(buf):
        if number == 1:
            dims.extend(_packed_varints(value))
        elif number == 2:
            data_type = _as_int(value)
        elif number == 4:
            floats.append(_packed_floats(wire, value))
        elif number in (5, 7):  # int32_data / int64_data
            ints.extend(_packed_varints(value))
        elif number == 8:
            name = _text(value)
        elif number == 9:
            raw = _as_bytes(value)
        elif number == 14:
            external = _as_int(value) == 1
    if external:
        raise OnnxFormatError(f"tensor {name!r} keeps its data in an external file")
    if len(dims) > MAX_DIMS or any(d < 0 for d in dims):
        raise OnnxFormatError(f"tensor {name!r} has an invalid shape {dims}")
    count = int(np.prod(dims, dtype=np.int64)) if dims else 1
    if count > MAX_ELEMENTS:
        raise OnnxFormatError(f"tensor {name!r} is too large")
    array: npt.NDArray[np.generic]
    if data_type == FLOAT:
        if raw is not None:
            if len(raw) != count * 4:
                raise OnnxFormatError(f"tensor {name!r}: raw_data size does not match its shape")
            array = np.frombuffer(raw, dtype="<f4").astype(np.float32)
        else:
            array = np.concatenate(floats) if floats else np.zeros(0, np.float32)
    elif data_type in (INT64, INT32):
        dtype = "<i8" if data_type == INT64 else "<i4"
        if raw is not None:
            width = 8 if data_type == INT64 else 4
            if len(raw) != count * width:
                raise OnnxFormatError(f"tensor {name!r}: raw_data size does not match its shape")
            array = np.frombuffer(raw, dtype=dtype).astype(np.int64)
        else:
            array = np.asarray(ints, dtype=np.int64)
    else:
        raise OnnxFormatError(f"tensor {name!r} has unsupported data type {data_type}")
    if array.size != count:
        raise OnnxFormatError(f"tensor {name!r}: {array.size} values for shape {dims}")
    return name, array.reshape(dims)


def _attribute(buf: memoryview) -> tuple[str, AttrValue]:
    name = ""
    atype = 0
    scalar_f: float | None = None
    scalar_i: int | None = None
    text: str | None = None
    tensor: npt.NDArray[np.generic] | None = None
    floats: list[float] = []
    ints: list[int] = []
    for number, wire, value, _, _ in _fields(buf):
        if number == 1:
            name = _text(value)
        elif number == 20:
            atype = _as_int(value)
        elif number == 2:
            scalar_f = float(_packed_floats(wire, value)[0])
        elif number == 3:
            scalar_i = _signed64(_as_int(value))
        elif number == 4:
            text = _text(value)
        elif number == 5:
            tensor = _tensor(_as_bytes(value))[1]
        elif number == 7:
            floats.extend(float(f) for f in _packed_floats(wire, value))
        elif number == 8:
            ints.extend(_packed_varints(value))
    # AttributeType: FLOAT 1, INT 2, STRING 3, TENSOR 4, FLOATS 6, INTS 7
    result: AttrValue | None = {
        1: scalar_f,
        2: scalar_i,
        3: text,
        4: tensor,
        6: tuple(floats),
        7: tuple(ints),
    }.get(atype)
    if result is None:
        raise OnnxFormatError(f"attribute {name!r} has unsupported type {atype}")
    return name, result


def _node(buf: memoryview) -> Node:
    inputs: list[str] = []
    outputs: list[str] = []
    name = op_type = domain = ""
    attrs: dict[str, AttrValue] = {}
    for number, _, value, _, _ in _fields(buf):
        if number == 1:
            inputs.append(_text(value))
        elif number == 2:
            outputs.append(_text(value))
        elif number == 3:
            name = _text(value)
        elif number == 4:
            op_type = _text(value)
        elif number == 7:
            domain = _text(value)
        elif number == 5:
            key, attr = _attribute(_as_bytes(value))
            attrs[key] = attr
    return Node(op_type, tuple(inputs), tuple(outputs), name, domain, attrs)


def _value_info(buf: memoryview) -> ValueInfo:
    name = ""
    elem_type = 0
    shape: list[int | str | None] = []
    for number, _, value, _, _ in _fields(buf):
        if number == 1:
            name = _text(value)
        elif number == 2:  # TypeProto
            for tnum, _, tval, _, _ in _fields(_as_bytes(value)):
                if tnum != 1:  # tensor_type only
                    continue
                for knum, _, kval, _, _ in _fields(_as_bytes(tval)):
                    if knum == 1:
                        elem_type = _as_int(kval)
                    elif knum == 2:  # TensorShapeProto
                        for dnum, _, dval, _, _ in _fields(_as_bytes(kval)):
                            if dnum == 1:
                                shape.append(_dimension(_as_bytes(dval)))
    return ValueInfo(name, elem_type, tuple(shape))


def _dimension(buf: memoryview) -> int | str | None:
    dim: int | str | None = None
    for number, _, value, _, _ in _fields(buf):
        if number == 1:
            dim = _signed64(_as_int(value))
        elif number == 2:
            dim = _text(value)
    return dim


def _graph(buf: memoryview) -> Graph:
    name = ""
    nodes: list[Node] = []
    inits: dict[str, npt.NDArray[np.generic]] = {}
    inputs: list[ValueInfo] = []
    outputs: list[ValueInfo] = []
    for number, _, value, _, _ in _fields(buf):
        if number == 1:
            if len(nodes) >= MAX_NODES:
                raise OnnxFormatError("too many nodes")
            nodes.append(_node(_as_bytes(value)))
        elif number == 2:
            name = _text(value)
        elif number == 5:
            key, array = _tensor(_as_bytes(value))
            inits[key] = array
        elif number == 11:
            inputs.append(_value_info(_as_bytes(value)))
        elif number == 12:
            outputs.append(_value_info(_as_bytes(value)))
        elif number == 6:
            raise OnnxFormatError("subgraphs are not supported")
    return Graph(name, tuple(nodes), inits, tuple(inputs), tuple(outputs))


def read_model(data: bytes) -> Model:
    """Parse a serialised ModelProto (bytes of an .onnx file)."""
    if len(data) > MAX_MODEL_BYTES:
        raise OnnxFormatError("model file too large")
    buf = memoryview(data)
    ir_version = 0
    producer = ""
    opsets: dict[str, int] = {}
    graph: Graph | None = None
    for number, _, value, _, _ in _fields(buf):
        if number == 1:
            ir_version = _as_int(value)
        elif number == 2:
            producer = _text(value)
        elif number == 8:
            domain, version = "", 0
            for onum, _, oval, _, _ in _fields(_as_bytes(value)):
                if onum == 1:
                    domain = _text(oval)
                elif onum == 2:
                    version = _as_int(oval)
            opsets[domain] = version
        elif number == 7:
            graph = _graph(_as_bytes(value))
    if graph is None or not graph.nodes:
        raise OnnxFormatError("no graph in the file")
    return Model(ir_version, opsets, producer, graph)


def load_model(path: Path) -> Model:
    """Read and parse an .onnx file (blocking)."""
    if path.stat().st_size > MAX_MODEL_BYTES:
        raise OnnxFormatError("model file too large")
    return read_model(path.read_bytes())


# --- the one rewrite: free the spatial input size ----------------------------------------------


def _key(number: int, wire: int) -> bytes:
    return _encode_varint(number << 3 | wire)


def _encode_varint(value: int) -> bytes:
    if value < 0:
        value += 1 << 64
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        if value:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def _len_field(number: int, payload: bytes) -> bytes:
    return _key(number, _WT_LEN) + _encode_varint(len(payload)) + payload


def _encode_value_info(info: ValueInfo) -> bytes:
    dims = b""
    for dim in info.shape:
        if isinstance(dim, int):
            dims += _len_field(1, _key(1, _WT_VARINT) + _encode_varint(dim))
        elif isinstance(dim, str):
            dims += _len_field(1, _len_field(2, dim.encode()))
        else:
            dims += _len_field(1, b"")
    tensor = _key(1, _WT_VARINT) + _encode_varint(info.elem_type) + _len_field(2, dims)
    return _len_field(1, info.name.encode()) + _len_field(2, _len_field(1, tensor))


def free_spatial_dims(data: bytes) -> bytes:
    """The same model with the height/width of its 4-D inputs and every output dim symbolic.

    YuNet's file declares a fixed 1x3x640x640 input although the graph itself (strided convs,
    2x resizes, reshapes to [1,-1,k]) works at any size whose sides are multiples of 32. With the
    declared shape freed, onnxruntime runs it at the detection size we choose, so every backend
    sees the same pixels. Only the graph's input/output declarations (and the optional
    intermediate value_info, which would pin the old shapes) are rewritten; nodes and weights are
    copied byte for byte.
    """
    model = read_model(data)
    buf = memoryview(data)
    out = bytearray()
    for number, _, value, start, end in _fields(buf):
        if number != 7:
            out += buf[start:end]
            continue
        graph = bytearray()
        for gnum, _, gval, gstart, gend in _fields(_as_bytes(value)):
            if gnum == 11:
                info = _value_info(_as_bytes(gval))
                if info.name not in model.graph.initializers and len(info.shape) == 4:
                    spatial = (*info.shape[:2], f"{info.name}_h", f"{info.name}_w")
                    info = ValueInfo(info.name, info.elem_type, spatial)
                graph += _len_field(11, _encode_value_info(info))
            elif gnum == 12:
                info = _value_info(_as_bytes(gval))
                free: tuple[int | str | None, ...] = tuple(
                    f"{info.name}_{i}" for i in range(len(info.shape))
                )
                graph += _len_field(12, _encode_value_info(ValueInfo(info.name, info.elem_type, free)))
            elif gnum == 13:
                continue
            else:
                graph += _as_bytes(value)[gstart:gend]
        out += _len_field(7, bytes(graph))
    return bytes(out)
