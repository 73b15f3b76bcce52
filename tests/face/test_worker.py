"""The face worker on a real HA loop with the real models: one job at a time, enrolments first, a
bounded queue that drops the oldest scoring, errors handed to the caller, models loaded once (and
again after a failure), a clean stop, and native thread pools capped to one thread."""

from __future__ import annotations

import asyncio
import os
import sys
import threading
import types
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from homeassistant.core import HomeAssistant

from custom_components.gem_access.face import worker as worker_module
from custom_components.gem_access.face.enrolment import enrol_job
from custom_components.gem_access.face.glue import Scored, score_job
from custom_components.gem_access.face.pipeline import FaceModels, ModelsMissing
from custom_components.gem_access.face.worker import FaceWorker, ScoringDropped, WorkerStopped

from .conftest import photo, requires_faces, requires_models

pytestmark = [requires_models, requires_faces]


@pytest.fixture
def gate() -> Iterator[threading.Event]:
    """Holds the worker thread inside a job until the test lets it go (always let go at the end)."""
    event = threading.Event()
    yield event
    event.set()


def held(gate: threading.Event, started: threading.Event, done: list[str], label: str) -> Any:
    def run(models: FaceModels) -> str:
        started.set()
        gate.wait(10)
        done.append(label)
        return label

    return run


def recorded(done: list[str], label: str, job: Callable[[FaceModels], Any]) -> Any:
    def run(models: FaceModels) -> Any:
        done.append(label)
        return job(models)

    return run


async def wait_for(started: threading.Event) -> None:
    for _ in range(500):
        if started.is_set():
            return
        await asyncio.sleep(0.01)
    raise AssertionError("the worker never started the job")


async def test_a_burst_drops_the_oldest_scoring_and_enrolments_go_first(
    hass: HomeAssistant, models: FaceModels, gate: threading.Event
) -> None:
    worker = FaceWorker(hass, lambda: models, max_pending=2)
    reference = models.enrol(photo("obama_1")).embedding
    assert reference is not None
    vector = reference.astype("<f4").tobytes()
    started, done = threading.Event(), []
    busy = hass.async_create_task(worker.async_enrol(held(gate, started, done, "busy")))
    await wait_for(started)
    scorings = [
        hass.async_create_task(
            worker.async_score(recorded(done, name, score_job(photo(name), vector)), name)
        )
        for name in ("kit_harington_1", "obama_2", "obama_3")
    ]
    enrolment = hass.async_create_task(
        worker.async_enrol(recorded(done, "enrol", enrol_job(photo("biden_1"))))
    )
    await asyncio.sleep(0)
    assert worker.pending == 3  # never more scorings waiting than the bound
    gate.set()
    assert await busy == "busy"
    with pytest.raises(ScoringDropped, match="more than 2 events were waiting to be scored"):
        await scorings[0]
    genuine, also_genuine = await scorings[1], await scorings[2]
    assert isinstance(genuine, Scored) and genuine.status == "scored"
    assert genuine.score is not None and genuine.score >= 50
    assert also_genuine.status == "scored"
    made = await enrolment
    assert made.vector is not None and made.dim == models.dim == 128
    # the enrolment sent last ran before the waiting scorings; the dropped one never ran
    assert done == ["busy", "enrol", "obama_2", "obama_3"]
    assert worker.dropped == 1
    worker.async_shutdown()


async def test_a_failing_job_reaches_its_caller_and_the_next_job_runs(
    hass: HomeAssistant, models: FaceModels
) -> None:
    worker = FaceWorker(hass, lambda: models)

    def broken(_models: FaceModels) -> None:
        raise ValueError("embedding has 3 values, the model gives 128")

    with pytest.raises(ValueError, match="embedding has 3 values"):
        await worker.async_score(broken)
    enrolled = await worker.async_enrol(enrol_job(photo("rose_leslie_1")))
    assert enrolled.vector is not None and enrolled.error is None
    # a picture without a face is an answer, not an error
    nobody = await worker.async_enrol(enrol_job(photo("noface_1")))
    assert (nobody.vector, nobody.error) == (None, "no_face_detected")
    worker.async_shutdown()


async def test_models_are_loaded_once_and_again_after_a_failure(
    hass: HomeAssistant, models: FaceModels, caplog: pytest.LogCaptureFixture
) -> None:
    loads: list[str] = []

    def load() -> FaceModels:
        loads.append("load")
        if len(loads) == 1:  # the files are being copied in when the first event comes
            raise ModelsMissing(["face_detection_yunet_2023mar.onnx: missing"])
        return models

    worker = FaceWorker(hass, load)
    assert worker.models is None
    with pytest.raises(ModelsMissing, match="yunet_2023mar.onnx: missing"):
        await worker.async_enrol(enrol_job(photo("obama_1")))
    first = await worker.async_enrol(enrol_job(photo("obama_1")))
    second = await worker.async_enrol(enrol_job(photo("obama_2")))
    assert first.vector is not None and second.vector is not None
    assert loads == ["load", "load"] and worker.models is models
    assert f"Face models loaded ({models.backend} backend, 128-D embeddings" in caplog.text
    worker.async_shutdown()


async def test_a_request_given_up_while_waiting_never_runs(
    hass: HomeAssistant, models: FaceModels, gate: threading.Event
) -> None:
    worker = FaceWorker(hass, lambda: models)
    started, done = threading.Event(), []
    busy = hass.async_create_task(worker.async_enrol(held(gate, started, done, "busy")))
    await wait_for(started)
    waiting = hass.async_create_task(
        worker.async_score(recorded(done, "abandoned", lambda _m: None))
    )
    await asyncio.sleep(0)
    waiting.cancel()
    gate.set()
    assert await busy == "busy"
    assert await worker.async_score(recorded(done, "next", lambda _m: "ok")) == "ok"
    assert done == ["busy", "next"]
    worker.async_shutdown()


async def test_stopping_fails_waiting_and_running_jobs_and_refuses_new_ones(
    hass: HomeAssistant, models: FaceModels, gate: threading.Event
) -> None:
    worker = FaceWorker(hass, lambda: models)
    started, done = threading.Event(), []
    running = hass.async_create_task(worker.async_enrol(held(gate, started, done, "running")))
    await wait_for(started)
    queued = [
        hass.async_create_task(worker.async_enrol(recorded(done, "enrol", lambda _m: None))),
        hass.async_create_task(worker.async_score(recorded(done, "score", lambda _m: None))),
    ]
    await asyncio.sleep(0)
    worker.async_shutdown()  # unload
    for task in (running, *queued):
        with pytest.raises(WorkerStopped):
            await task
    with pytest.raises(WorkerStopped):
        await worker.async_score(lambda _m: None)
    assert worker.pending == 0 and worker.models is None
    gate.set()  # the inference already running finishes on its own; nothing after it runs
    await asyncio.sleep(0.05)
    assert "enrol" not in done and "score" not in done


def test_thread_pools_capped_through_the_environment_before_numpy_loads(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delitem(sys.modules, "numpy")
    for name in worker_module.THREAD_ENV_VARS:
        monkeypatch.setenv(name, "")  # recorded, so what the worker sets is undone after the test
        monkeypatch.delenv(name)
    monkeypatch.setenv("OMP_NUM_THREADS", "2")  # an admin's explicit choice
    assert worker_module.cap_native_threads() == "environment"
    assert os.environ["OMP_NUM_THREADS"] == "2"
    assert all(os.environ[n] == "1" for n in worker_module.THREAD_ENV_VARS[1:])


def test_thread_pools_capped_live_when_numpy_was_loaded_first(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # without threadpoolctl the log says the pools keep their size
    monkeypatch.setitem(sys.modules, "threadpoolctl", None)
    assert "threadpoolctl not installed" in worker_module.cap_native_threads()
    # with it (an optional package, not installed in this venv), the live pools go to one thread
    calls: list[int] = []
    fake = types.ModuleType("threadpoolctl")
    fake.threadpool_limits = lambda limits: calls.append(limits)  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "threadpoolctl", fake)
    assert worker_module.cap_native_threads() == "threadpoolctl"
    assert calls == [1]
