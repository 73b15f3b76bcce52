"""One bounded worker for all face work: a single thread, a capped queue, models loaded once.

Face inference is CPU-heavy (tens of milliseconds per picture, more on a Raspberry Pi) and the
models are large imports, so none of it may touch the event loop or HA's shared executor (whose
threads serve every integration). Everything runs on ONE dedicated thread, one job at a time:

- enrolments (an admin uploaded a photo) are never dropped and go before waiting scorings;
- scorings wait in a queue of at most ``max_pending``; beyond it the OLDEST waiting scoring is
  dropped (its awaiter gets ``ScoringDropped``, and the glue marks that row ``error`` with the
  reason): a burst at a busy door costs a few scores, never unbounded memory or threads, and the
  newest events, the ones someone may be looking at, are scored first.

Native thread pools are capped to one thread (see ``cap_native_threads``) so that a scoring never
takes every core of a small host away from Home Assistant.
"""

from __future__ import annotations

import asyncio
import logging
import os
import sys
from collections import deque
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Final

from homeassistant.core import HomeAssistant

if TYPE_CHECKING:
    from .pipeline import FaceModels

_LOGGER = logging.getLogger(__name__)

THREAD_NAME: Final = "gem_access_face"
# scorings waiting for the worker; at ~30-150 ms each this is a few seconds to a minute of backlog
MAX_PENDING_SCORES: Final = 32
# environment variables read by the BLAS/OpenMP libraries when they load (numpy, onnxruntime, OpenCV)
THREAD_ENV_VARS: Final = (
    "OMP_NUM_THREADS",
    "OPENBLAS_NUM_THREADS",
    "MKL_NUM_THREADS",
    "BLIS_NUM_THREADS",
    "VECLIB_MAXIMUM_THREADS",
    "NUMEXPR_NUM_THREADS",
)


class ScoringDropped(Exception):
    """A waiting scoring was dropped to keep the queue bounded."""


class WorkerStopped(Exception):
    """The worker was shut down (unload) before the job ran."""


def cap_native_threads() -> str:
    """Limit BLAS/OpenMP thread pools to one thread; returns how (for the log). Runs on the worker.

    The variables only work if they are set before the native library loads, and numpy loads its
    BLAS once per process. So: if numpy is not imported yet (the usual case: nothing in HA core
    imports it), the variables are set with ``setdefault`` (an admin's explicit choice wins) before
    the worker's first import of the face pipeline. They are process-wide; one BLAS thread for
    other numpy users in HA is the safe side on the small hosts HA runs on. If numpy is already
    loaded, ``threadpoolctl`` caps the live pools when it is installed; otherwise the pools keep
    their size and only our own parallelism is capped (one thread, one job at a time, and the
    pipeline's onnxruntime/OpenCV sessions are single-threaded).
    """
    if "numpy" not in sys.modules:
        for name in THREAD_ENV_VARS:
            os.environ.setdefault(name, "1")
        return "environment"
    try:
        from threadpoolctl import threadpool_limits  # optional
    except ImportError:
        return "none (numpy was loaded before the face worker, threadpoolctl not installed)"
    threadpool_limits(limits=1)
    return "threadpoolctl"


@dataclass(slots=True)
class _Job:
    fn: Callable[[FaceModels], Any]
    future: asyncio.Future[Any]
    label: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


class FaceWorker:
    """Runs face jobs one at a time on a dedicated thread; loads the models on first use."""

    def __init__(
        self,
        hass: HomeAssistant,
        load_models: Callable[[], FaceModels],
        *,
        max_pending: int = MAX_PENDING_SCORES,
    ) -> None:
        """``load_models`` is blocking (it runs on the worker thread, once, when first needed)."""
        self.hass = hass
        self._load_models = load_models
        self.max_pending = max_pending
        self._executor: ThreadPoolExecutor | None = None
        self._models: FaceModels | None = None
        self._enrolments: deque[_Job] = deque()
        self._scorings: deque[_Job] = deque()
        self._runner: asyncio.Task[None] | None = None
        self._stopped = False
        self.dropped = 0
        self.thread_cap = ""

    @property
    def pending(self) -> int:
        """Jobs waiting (not counting the one running)."""
        return len(self._enrolments) + len(self._scorings)

    @property
    def models(self) -> FaceModels | None:
        """The loaded models, None before the first job loaded them."""
        return self._models

    async def async_enrol(self, fn: Callable[[FaceModels], Any], label: str = "") -> Any:
        """Run an enrolment job (never dropped; before any waiting scoring)."""
        return await self._async_submit(self._enrolments, fn, label)

    async def async_score(self, fn: Callable[[FaceModels], Any], label: str = "") -> Any:
        """Run a scoring job; ``ScoringDropped`` if newer ones pushed it out of the queue."""
        if len(self._scorings) >= self.max_pending:
            oldest = self._scorings.popleft()
            self.dropped += 1
            if not oldest.future.done():
                oldest.future.set_exception(
                    ScoringDropped(
                        f"face scoring skipped: more than {self.max_pending} events were "
                        "waiting to be scored"
                    )
                )
        return await self._async_submit(self._scorings, fn, label)

    async def _async_submit(
        self, queue: deque[_Job], fn: Callable[[FaceModels], Any], label: str
    ) -> Any:
        if self._stopped:
            raise WorkerStopped
        future: asyncio.Future[Any] = self.hass.loop.create_future()
        queue.append(_Job(fn, future, label))
        if self._runner is None or self._runner.done():
            self._runner = self.hass.async_create_background_task(
                self._async_run(), "gem_access face worker"
            )
        return await future

    async def _async_run(self) -> None:
        """Feed the thread one job at a time until both queues are empty."""
        while self._enrolments or self._scorings:
            job = (self._enrolments or self._scorings).popleft()
            if job.future.done():  # its awaiter went away (cancelled)
                continue
            if self._executor is None:
                self._executor = ThreadPoolExecutor(
                    max_workers=1, thread_name_prefix=THREAD_NAME, initializer=self._init_thread
                )
            try:
                result = await self.hass.loop.run_in_executor(self._executor, self._call, job.fn)
            except asyncio.CancelledError:
                if not job.future.done():
                    job.future.set_exception(WorkerStopped())
                raise
            except Exception as err:  # handed to the job's awaiter, who reports it
                if not job.future.done():
                    job.future.set_exception(err)
            else:
                if not job.future.done():
                    job.future.set_result(result)

    def _init_thread(self) -> None:
        self.thread_cap = cap_native_threads()

    def _call(self, fn: Callable[[FaceModels], Any]) -> Any:
        """On the worker thread: load the models once (a failure is retried by the next job)."""
        if self._models is None:
            self._models = self._load_models()
            _LOGGER.info(
                "Face models loaded (%s backend, %s-D embeddings; native threads capped by %s)",
                self._models.backend,
                self._models.dim,
                self.thread_cap,
            )
        return fn(self._models)

    def async_shutdown(self) -> None:
        """Stop: waiting jobs fail with ``WorkerStopped``; a running inference finishes on its own."""
        self._stopped = True
        for queue in (self._enrolments, self._scorings):
            while queue:
                job = queue.popleft()
                if not job.future.done():
                    job.future.set_exception(WorkerStopped())
        if self._runner is not None:
            self._runner.cancel()
            self._runner = None
        if self._executor is not None:
            self._executor.shutdown(wait=False, cancel_futures=True)
            self._executor = None
        self._models = None
