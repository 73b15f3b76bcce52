"""Run the face models with numpy alone: the backend of last resort, so scoring works on every
HA install (HA OS has musllinux wheels for numpy, none for onnxruntime or OpenCV).

Only the operators the two shipped graphs use are implemented (Conv with groups/depthwise, pads,
strides and dilations; PRelu; Add; Reshape; Relu; MaxPool; Resize nearest/asymmetric/floor;
Transpose; Sigmoid), plus Constant and Clip so the alternative embedder runs too. A graph with
anything else is refused when the runner is built, never half-run.

Speed comes from doing the expensive preparation once per model: convolution weights are
reshaped into the matrices the matrix products need, and the padded-input and im2col buffers are
allocated once per input shape and reused (their zero borders stay zero). Elementwise operators
work in place when their input is a fresh intermediate nobody reads afterwards. The input size is
whatever the caller feeds (the detector is not bound to the 640x640 its file declares).

A runner keeps those buffers between calls, so one instance runs one inference at a time (a lock
makes concurrent calls wait rather than corrupt each other).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

from .onnx_reader import AttrValue, Model, Node

type F32 = npt.NDArray[np.float32]
type Env = dict[str, npt.NDArray[Any]]

SUPPORTED_OPS = frozenset(
    {
        "Conv",
        "PRelu",
        "Add",
        "Reshape",
        "Relu",
        "MaxPool",
        "Resize",
        "Transpose",
        "Sigmoid",
        "Constant",
        "Clip",
    }
)


class UnsupportedModel(ValueError):
    """The graph uses an operator or an attribute value this runner does not implement."""


def _ints(attrs: Mapping[str, AttrValue], key: str, default: tuple[int, ...]) -> tuple[int, ...]:
    value = attrs.get(key, default)
    if not isinstance(value, tuple) or not all(isinstance(v, int) for v in value):
        raise UnsupportedModel(f"attribute {key} is not a list of ints")
    return tuple(int(v) for v in value)


def _int(attrs: Mapping[str, AttrValue], key: str, default: int) -> int:
    value = attrs.get(key, default)
    if not isinstance(value, int):
        raise UnsupportedModel(f"attribute {key} is not an int")
    return value


def _str(attrs: Mapping[str, AttrValue], key: str, default: str) -> str:
    value = attrs.get(key, default)
    if not isinstance(value, str):
        raise UnsupportedModel(f"attribute {key} is not a string")
    return value


@dataclass(slots=True)
class _Conv:
    """A prepared convolution: weights as matrices, buffers per input shape."""

    weight: F32  # (O, C/g, kh, kw) as in the file
    bias: F32 | None
    group: int
    kernel: tuple[int, int]
    stride: tuple[int, int]
    dilation: tuple[int, int]
    pads: tuple[int, int, int, int]  # top, left, bottom, right
    matrix: F32 = field(init=False)  # (g, O/g, C/g*kh*kw) for matrix products
    taps: F32 = field(init=False)  # (kh*kw, O, 1, 1) for the depthwise tap loop
    depthwise: bool = field(init=False)
    bias_col: F32 | None = field(init=False)
    _pad_buf: dict[tuple[int, ...], F32] = field(init=False, default_factory=dict)
    _col_buf: dict[tuple[int, ...], F32] = field(init=False, default_factory=dict)
    _tmp_buf: dict[tuple[int, ...], F32] = field(init=False, default_factory=dict)

    def __post_init__(self) -> None:
        out_ch, cg, kh, kw = self.weight.shape
        if out_ch % self.group:
            raise UnsupportedModel("Conv output channels not divisible by group")
        self.depthwise = cg == 1 and self.group > 1
        g = self.group
        self.matrix = np.ascontiguousarray(self.weight.reshape(g, out_ch // g, cg * kh * kw))
        taps = self.weight.reshape(out_ch, -1).T if self.depthwise else np.zeros((0, out_ch))
        self.taps = np.ascontiguousarray(taps.reshape(-1, out_ch, 1, 1), dtype=np.float32)
        self.bias_col = None if self.bias is None else self.bias.reshape(out_ch, 1, 1)

    def _padded(self, x: F32) -> F32:
        top, left, bottom, right = self.pads
        if not any(self.pads):
            return x
        c, h, w = x.shape
        buf: F32 | None = self._pad_buf.get(x.shape)
        if buf is None:
            buf = self._pad_buf[x.shape] = np.zeros((c, h + top + bottom, w + left + right), np.float32)
        buf[:, top : top + h, left : left + w] = x
        return buf

    def _out_size(self, h: int, w: int) -> tuple[int, int]:
        (kh, kw), (sh, sw), (dh, dw) = self.kernel, self.stride, self.dilation
        return (h - dh * (kh - 1) - 1) // sh + 1, (w - dw * (kw - 1) - 1) // sw + 1

    def _window(self, p: F32, i: int, j: int, ho: int, wo: int) -> F32:
        (sh, sw), (dh, dw) = self.stride, self.dilation
        return p[:, i * dh : i * dh + sh * (ho - 1) + 1 : sh, j * dw : j * dw + sw * (wo - 1) + 1 : sw]

    def __call__(self, x: F32) -> F32:
        stacked: F32 = self._one(x[0])[None] if len(x) == 1 else np.stack([self._one(s) for s in x])
        return stacked

    def _one(self, x: F32) -> F32:
        out_ch = self.weight.shape[0]
        kh, kw = self.kernel
        p = self._padded(x)
        ho, wo = self._out_size(p.shape[1], p.shape[2])
        out: F32
        if self.depthwise:
            if out_ch != p.shape[0]:  # channel multiplier: each input channel feeds m outputs
                p = np.repeat(p, out_ch // p.shape[0], axis=0)
            tmp = self._tmp_buf.get(p.shape)
            if tmp is None:
                tmp = self._tmp_buf[p.shape] = np.empty((out_ch, ho, wo), np.float32)
            out = np.multiply(self._window(p, 0, 0, ho, wo), self.taps[0])
            for t in range(1, kh * kw):
                np.multiply(self._window(p, t // kw, t % kw, ho, wo), self.taps[t], out=tmp)
                out += tmp
        else:
            c = p.shape[0]
            if kh == kw == 1 and self.stride == (1, 1):
                cols = p.reshape(c, ho * wo)
            else:
                buf = self._col_buf.get(p.shape)
                if buf is None:
                    buf = self._col_buf[p.shape] = np.empty((c, kh, kw, ho, wo), np.float32)
                for i in range(kh):
                    for j in range(kw):
                        buf[:, i, j] = self._window(p, i, j, ho, wo)
                cols = buf.reshape(c * kh * kw, ho * wo)
            g = self.group
            if g == 1:
                out = (self.matrix[0] @ cols).reshape(out_ch, ho, wo)
            else:
                out = np.matmul(self.matrix, cols.reshape(g, -1, ho * wo)).reshape(out_ch, ho, wo)
        if self.bias_col is not None:
            out += self.bias_col
        return out


@dataclass(slots=True)
class _Step:
    run: Callable[[Env], None]


class NumpyRunner:
    """A prepared graph: `run({input: array}) -> {output: array}`."""

    def __init__(self, model: Model) -> None:
        graph = model.graph
        self.opset = model.opsets.get("", model.opsets.get("ai.onnx", 0))
        self.input_names = tuple(v.name for v in graph.data_inputs)
        self.output_names = tuple(v.name for v in graph.outputs)
        self._consts: Env = {k: self._as_f32(v) for k, v in graph.initializers.items()}
        unsupported = sorted({n.op_type for n in graph.nodes if n.op_type not in SUPPORTED_OPS or n.domain not in ("", "ai.onnx")})
        if unsupported:
            raise UnsupportedModel(f"operators not implemented: {', '.join(unsupported)}")
        # the index of the last node reading each value: after it, the value may be overwritten
        last_use: dict[str, int] = {}
        for index, node in enumerate(graph.nodes):
            for name in node.inputs:
                last_use[name] = index
        known = set(self._consts) | set(self.input_names)
        self._owned: set[str] = set()  # intermediates we allocated ourselves (not views)
        self._steps: list[_Step] = []
        for index, node in enumerate(graph.nodes):
            missing = [n for n in node.inputs if n and n not in known]
            if missing:
                raise UnsupportedModel(f"node {node.name or node.op_type} reads unknown {missing}")
            self._steps.append(self._prepare(node, index, last_use))
            known.update(node.outputs)
        absent = [n for n in self.output_names if n not in known]
        if absent:
            raise UnsupportedModel(f"outputs never produced: {absent}")
        self._lock = threading.Lock()

    @staticmethod
    def _as_f32(array: npt.NDArray[Any]) -> npt.NDArray[Any]:
        return array.astype(np.float32) if array.dtype.kind == "f" else array

    def run(self, inputs: Mapping[str, npt.NDArray[Any]]) -> dict[str, F32]:
        """One inference; each output is a fresh array the caller may keep."""
        with self._lock:
            env: Env = dict(self._consts)
            for name in self.input_names:
                if name not in inputs:
                    raise ValueError(f"missing input {name!r}")
                env[name] = np.ascontiguousarray(inputs[name], dtype=np.float32)
            for step in self._steps:
                step.run(env)
            return {name: np.array(env[name], dtype=np.float32) for name in self.output_names}

    # --- preparation ---------------------------------------------------------------------------

    def _prepare(self, node: Node, index: int, last_use: Mapping[str, int]) -> _Step:
        op, attrs, ins, out = node.op_type, node.attrs, node.inputs, node.outputs[0]

        def reusable(name: str) -> bool:
            """May this node overwrite the value `name` (ours, fresh, read by nobody later)?"""
            return name in self._owned and last_use.get(name) == index and name not in self.output_names

        fresh = True  # does this node's output own its memory?
        run: Callable[[Env], None]
        if op == "Conv":
            run = self._conv(node)
        elif op in ("Relu", "Sigmoid", "Clip", "PRelu"):
            inplace = reusable(ins[0])
            run = self._elementwise(node, inplace)
        elif op == "Add":
            a, b = ins
            inplace_a = reusable(a)

            def run(env: Env) -> None:
                x, y = env[a], env[b]
                if inplace_a and np.broadcast_shapes(x.shape, y.shape) == x.shape:
                    np.add(x, y, out=x)
                    env[out] = x
                else:
                    env[out] = np.add(x, y)

        elif op == "Reshape":
            fresh = False
            self._owned.discard(ins[0])  # the result may be a view: never overwrite the source
            target = ins[1]
            if target not in self._consts:
                raise UnsupportedModel("Reshape with a computed shape")
            spec = [int(v) for v in self._consts[target].reshape(-1)]

            def run(env: Env) -> None:
                x = env[ins[0]]
                shape = [x.shape[i] if d == 0 else d for i, d in enumerate(spec)]
                env[out] = x.reshape(shape)

        elif op == "Transpose":
            fresh = False
            self._owned.discard(ins[0])
            perm = _ints(attrs, "perm", ())

            def run(env: Env) -> None:
                x = env[ins[0]]
                env[out] = np.transpose(x, perm or tuple(reversed(range(x.ndim))))

        elif op == "MaxPool":
            run = self._maxpool(node)
        elif op == "Resize":
            run = self._resize(node)
        elif op == "Constant":
            value = attrs.get("value")
            if not isinstance(value, np.ndarray):
                raise UnsupportedModel("Constant without a tensor value")
            self._consts[out] = self._as_f32(value)
            fresh = False

            def run(env: Env) -> None:
                env[out] = self._consts[out]

        else:  # pragma: no cover - filtered in __init__
            raise UnsupportedModel(op)
        if fresh:
            self._owned.add(out)
        return _Step(run)

    def _conv(self, node: Node) -> Callable[[Env], None]:
        attrs, ins, out = node.attrs, node.inputs, node.outputs[0]
        weight = self._consts.get(ins[1])
        if weight is None or weight.ndim != 4:
            raise UnsupportedModel("Conv weights must be a constant 4-D tensor (2-D convolution)")
        bias = self._consts.get(ins[2]) if len(ins) > 2 and ins[2] else None
        kh, kw = weight.shape[2:]
        if _str(attrs, "auto_pad", "NOTSET") not in ("NOTSET", "VALID"):
            raise UnsupportedModel("Conv auto_pad SAME_* is not implemented")
        pads = _ints(attrs, "pads", (0, 0, 0, 0))
        conv = _Conv(
            weight=weight,
            bias=bias,
            group=_int(attrs, "group", 1),
            kernel=(int(kh), int(kw)),
            stride=_pair(_ints(attrs, "strides", (1, 1))),
            dilation=_pair(_ints(attrs, "dilations", (1, 1))),
            pads=(pads[0], pads[1], pads[2], pads[3]),
        )

        def run(env: Env) -> None:
            env[out] = conv(env[ins[0]])

        return run

    def _elementwise(self, node: Node, inplace: bool) -> Callable[[Env], None]:
        op, ins, out = node.op_type, node.inputs, node.outputs[0]
        if op == "PRelu":
            slope = self._consts.get(ins[1])
            if slope is None:
                raise UnsupportedModel("PRelu with a computed slope")
            # ONNX broadcasts the slope from the right; Paddle exports (C,), torch (C,1,1)
            if slope.ndim == 1 and slope.size > 1:
                slope = slope.reshape(-1, 1, 1)

            def prelu(x: F32, dst: F32) -> None:
                neg = np.minimum(x, 0)
                np.maximum(x, 0, out=dst)
                neg *= slope
                dst += neg

            fn: Callable[[F32, F32], None] = prelu
        elif op == "Relu":

            def fn(x: F32, dst: F32) -> None:
                np.maximum(x, 0, out=dst)

        elif op == "Sigmoid":

            def fn(x: F32, dst: F32) -> None:
                # 1/(1+e^-x) written with tanh: no overflow warnings for large |x|
                np.multiply(x, 0.5, out=dst)
                np.tanh(dst, out=dst)
                dst += 1
                dst *= 0.5

        else:  # Clip
            lo, hi = self._clip_bounds(node)

            def fn(x: F32, dst: F32) -> None:
                np.clip(x, lo, hi, out=dst)

        def run(env: Env) -> None:
            x = env[ins[0]]
            dst = x if inplace else np.empty_like(x)
            fn(x, dst)
            env[out] = dst

        return run

    def _clip_bounds(self, node: Node) -> tuple[float, float]:
        if self.opset < 11:
            lo = node.attrs.get("min", -np.inf)
            hi = node.attrs.get("max", np.inf)
            if not isinstance(lo, float | int) or not isinstance(hi, float | int):
                raise UnsupportedModel("Clip bounds")
            return float(lo), float(hi)
        bounds = [-np.inf, np.inf]
        for slot, name in enumerate(node.inputs[1:3]):
            if name:
                if name not in self._consts:
                    raise UnsupportedModel("Clip with computed bounds")
                bounds[slot] = float(self._consts[name].reshape(-1)[0])
        return bounds[0], bounds[1]

    def _maxpool(self, node: Node) -> Callable[[Env], None]:
        attrs, ins, out = node.attrs, node.inputs, node.outputs[0]
        kh, kw = _pair(_ints(attrs, "kernel_shape", ()))
        sh, sw = _pair(_ints(attrs, "strides", (1, 1)))
        dh, dw = _pair(_ints(attrs, "dilations", (1, 1)))
        top, left, bottom, right = _ints(attrs, "pads", (0, 0, 0, 0))
        if _int(attrs, "ceil_mode", 0) or _str(attrs, "auto_pad", "NOTSET") not in ("NOTSET", "VALID"):
            raise UnsupportedModel("MaxPool ceil_mode / auto_pad")
        if len(node.outputs) > 1 and node.outputs[1]:
            raise UnsupportedModel("MaxPool indices output")

        def run(env: Env) -> None:
            x = env[ins[0]]
            if top or left or bottom or right:
                x = np.pad(x, ((0, 0), (0, 0), (top, bottom), (left, right)), constant_values=-np.inf)
            ho = (x.shape[2] - dh * (kh - 1) - 1) // sh + 1
            wo = (x.shape[3] - dw * (kw - 1) - 1) // sw + 1
            result: F32 | None = None
            for i in range(kh):
                for j in range(kw):
                    view = x[:, :, i * dh : i * dh + sh * (ho - 1) + 1 : sh, j * dw : j * dw + sw * (wo - 1) + 1 : sw]
                    if result is None:
                        result = np.array(view)
                    else:
                        np.maximum(result, view, out=result)
            assert result is not None
            env[out] = result

        return run

    def _resize(self, node: Node) -> Callable[[Env], None]:
        attrs, ins, out = node.attrs, node.inputs, node.outputs[0]
        if _str(attrs, "mode", "nearest") != "nearest":
            raise UnsupportedModel("Resize: only mode=nearest")
        if _str(attrs, "coordinate_transformation_mode", "half_pixel") != "asymmetric":
            raise UnsupportedModel("Resize: only coordinate_transformation_mode=asymmetric")
        if _str(attrs, "nearest_mode", "round_prefer_floor") != "floor":
            raise UnsupportedModel("Resize: only nearest_mode=floor")
        scales_name = ins[1] if self.opset < 11 else (ins[2] if len(ins) > 2 else "")
        sizes_name = ins[3] if self.opset >= 11 and len(ins) > 3 else ""
        scales = self._consts.get(scales_name) if scales_name else None
        sizes = self._consts.get(sizes_name) if sizes_name else None
        if (scales is None or not scales.size) and sizes is None:
            raise UnsupportedModel("Resize needs constant scales or sizes")

        def run(env: Env) -> None:
            x = env[ins[0]]
            if scales is not None and scales.size:
                factors = [float(s) for s in scales.reshape(-1)]
                shape = [int(np.floor(n * f)) for n, f in zip(x.shape, factors, strict=True)]
            else:
                assert sizes is not None
                shape = [int(s) for s in sizes.reshape(-1)]
                factors = [o / n for o, n in zip(shape, x.shape, strict=True)]
            result = x
            for axis, (n_in, n_out, f) in enumerate(zip(x.shape, shape, factors, strict=True)):
                if n_in == n_out:
                    continue
                # asymmetric + floor: output index o reads input floor(o / scale)
                index = np.minimum(np.floor(np.arange(n_out) / f).astype(np.intp), n_in - 1)
                result = np.take(result, index, axis=axis)
            env[out] = np.ascontiguousarray(result)

        return run


def _pair(values: tuple[int, ...]) -> tuple[int, int]:
    if len(values) != 2:
        raise UnsupportedModel(f"expected 2 spatial values, got {values}")
    return values[0], values[1]
