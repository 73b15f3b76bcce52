"""One way to run an ONNX model, whichever engine this install has.

Preference: onnxruntime (fastest; no musllinux wheel, so absent on HA OS), then OpenCV's DNN on
the same file, then our numpy runner (always there). Each is capped at one thread: scoring is
background work and must leave the Pi's other core(s) to Home Assistant. Heavy imports happen
here, lazily, so importing this module costs nothing on the event loop.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Final, Protocol

import numpy as np
import numpy.typing as npt

from .numpy_runner import NumpyRunner, UnsupportedModel
from .onnx_reader import OnnxFormatError, read_model

ONNXRUNTIME: Final = "onnxruntime"
OPENCV: Final = "opencv"
NUMPY: Final = "numpy"
PREFERENCE: Final = (ONNXRUNTIME, OPENCV, NUMPY)


class BackendUnavailable(RuntimeError):
    """The requested engine is not installed here or cannot run this model."""


class Session(Protocol):
    """A loaded model: named float32 inputs in, named float32 outputs out."""

    backend: str
    input_names: tuple[str, ...]
    output_names: tuple[str, ...]

    def run(self, inputs: Mapping[str, npt.NDArray[np.float32]]) -> dict[str, npt.NDArray[np.float32]]:
        """One inference (blocking)."""
        ...


def _importable(module: str) -> bool:
    try:
        importlib.import_module(module)
    except Exception:
        return False
    return True


def available() -> tuple[str, ...]:
    """The engines usable in this Python, best first (imports them: call off the event loop)."""
    present = {ONNXRUNTIME: _importable("onnxruntime"), OPENCV: _importable("cv2"), NUMPY: True}
    return tuple(name for name in PREFERENCE if present[name])


class _OrtSession:
    backend = ONNXRUNTIME

    def __init__(self, data: bytes) -> None:
        import onnxruntime as ort

        options = ort.SessionOptions()
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
        options.log_severity_level = 3
        self._session = ort.InferenceSession(data, options, providers=["CPUExecutionProvider"])
        self.input_names = tuple(i.name for i in self._session.get_inputs())
        self.output_names = tuple(o.name for o in self._session.get_outputs())

    def run(self, inputs: Mapping[str, npt.NDArray[np.float32]]) -> dict[str, npt.NDArray[np.float32]]:
        outputs: list[Any] = self._session.run(list(self.output_names), dict(inputs))
        return {n: np.asarray(v, dtype=np.float32) for n, v in zip(self.output_names, outputs, strict=True)}


class _OpenCvSession:
    backend = OPENCV

    def __init__(self, path: Path, input_names: tuple[str, ...], output_names: tuple[str, ...]) -> None:
        import cv2

        # process-wide, but OpenCV's pool is only ours to use here; one thread keeps HA responsive
        cv2.setNumThreads(1)
        self._net = cv2.dnn.readNetFromONNX(str(path))
        self.input_names = input_names
        self.output_names = output_names

    def run(self, inputs: Mapping[str, npt.NDArray[np.float32]]) -> dict[str, npt.NDArray[np.float32]]:
        for name, value in inputs.items():
            self._net.setInput(np.ascontiguousarray(value, dtype=np.float32), name)
        outputs = self._net.forward(list(self.output_names))
        return {n: np.asarray(v, dtype=np.float32) for n, v in zip(self.output_names, outputs, strict=True)}


class _NumpySession:
    backend = NUMPY

    def __init__(self, data: bytes) -> None:
        self._runner = NumpyRunner(read_model(data))
        self.input_names = self._runner.input_names
        self.output_names = self._runner.output_names

    def run(self, inputs: Mapping[str, npt.NDArray[np.float32]]) -> dict[str, npt.NDArray[np.float32]]:
        return self._runner.run(inputs)


def open_session(path: Path, data: bytes, backend: str) -> Session:
    """Load `data` (the bytes of `path`, possibly with freed input dims) on one named engine."""
    try:
        if backend == ONNXRUNTIME:
            return _OrtSession(data)
        if backend == OPENCV:
            graph = read_model(data).graph
            return _OpenCvSession(
                path, tuple(v.name for v in graph.data_inputs), tuple(v.name for v in graph.outputs)
            )
        if backend == NUMPY:
            return _NumpySession(data)
    except (ImportError, OnnxFormatError, UnsupportedModel) as err:
        raise BackendUnavailable(f"{backend}: {err}") from err
    except Exception as err:  # onnxruntime/OpenCV raise their own error types
        raise BackendUnavailable(f"{backend} cannot load {path.name}: {err}") from err
    raise BackendUnavailable(f"unknown backend {backend!r}")
