"""Facial recognition in Home Assistant: enrolment of profile photos and advisory scoring of events.

The one place that wires the face pipeline to the rest of the integration:

- **enrolment**: a new profile photo (``photos.py``) is embedded on the face worker and the
  embedding kept encrypted (``enrolment.py``); the user record gets ``facial_recognition_enrolled``
  or ``facial_recognition_embedding_error``. Nothing biometric is computed while the system toggle
  is off: photos uploaded then are enrolled when an admin turns facial recognition on (with the
  privacy acknowledgement).
- **scoring**: every row of a reader event with a user is given its status after it is written
  (a row listener on the controller, so the access path never waits for it): ``opt_out``,
  ``no_photo``, or ``pending`` until its picture is there (capture is asynchronous: the snapshot
  arrives as an "updated" row), then ``scored`` with 0-100 or ``no_face``; ``error`` when the
  pipeline fails or the bounded worker dropped it. ``anonymous`` and ``off`` rows are written so by
  the access path already. Scores are advisory: nothing here can change a decision.
- **models**: looked for in ``<config>/gem_access/models``; when facial recognition is on and they
  are not there, the pinned files of the manifest are downloaded (sha256-checked); if that fails a
  repair issue tells the admin where to put them.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

import aiohttp
from homeassistant.core import CALLBACK_TYPE, HomeAssistant, callback
from homeassistant.helpers import issue_registry as ir
from homeassistant.helpers.aiohttp_client import async_get_clientsession
from homeassistant.helpers.event import async_call_later
from homeassistant.util import dt as dt_util

from ..const import DOMAIN
from ..core.codes import MatchStatus
from ..logstore.errors import LogStoreError
from ..media.capture import decode_data_uri
from ..media.store import MediaStore, is_media_ref
from . import model_files
from .enrolment import EmbeddingStore, Enrolment, enrol_job
from .worker import FaceWorker, ScoringDropped, WorkerStopped

if TYPE_CHECKING:
    from ..access import AccessController
    from ..config_store import ConfigStore
    from ..logstore.store import LogStore
    from ..photos import PhotoStore
    from ..types import GemAccessConfigEntry
    from .pipeline import FaceModels

_LOGGER = logging.getLogger(__name__)

MODELS_DIR: Final = ("gem_access", "models")
ISSUE_MODELS_MISSING: Final = "face_models_missing"
# how long a pending row waits for its picture: capture may queue 15 s and wait 10 s for a camera
AWAIT_CAMERA_PICTURE_S: Final = 45.0
# without a camera only the caller's data URI can come, stored within moments of the row
AWAIT_PICTURE_S: Final = 10.0
# how far back a start looks for rows a stop left pending (a restart takes minutes, not days)
LEFT_PENDING_LOOKBACK: Final = timedelta(days=1)
MAX_LEFT_PENDING: Final = 500
# rows waiting for a picture at once; beyond it the oldest gives up (a burst at a door without camera)
MAX_AWAITING: Final = 256
NO_PICTURE: Final = "face match: no event picture to compare"
DOWNLOAD_TIMEOUT: Final = aiohttp.ClientTimeout(total=300, connect=15)


class FaceModelsMissing(Exception):
    """The model files are not in the models folder (and could not be downloaded)."""


class EmbeddingMismatch(Exception):
    """The stored embedding was made by another embedder (a different dimension)."""


@dataclass(frozen=True, slots=True)
class Scored:
    """The worker's answer for one event picture."""

    status: str  # "scored" | "no_face"
    score: int | None
    detail: str | None


def score_job(image: bytes, vector: bytes) -> Callable[[FaceModels], Scored]:
    """The worker job that compares an event picture with a user's embedding (face worker thread)."""

    def run(models: FaceModels) -> Scored:
        import numpy as np  # numpy: imported on the face worker only

        embedding = np.frombuffer(vector, dtype="<f4").astype(np.float32)
        if embedding.size != models.dim:
            raise EmbeddingMismatch(
                f"the profile photo was enrolled with a {embedding.size}-D embedder, the models "
                f"give {models.dim}-D: upload the photo again"
            )
        result = models.score(image, embedding)
        return Scored(result.status, result.score, result.detail)

    return run


def _write_atomic(path: Path, data: bytes) -> None:
    """Write a downloaded model file under a temporary name first, so no half file is ever loaded."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_name(f".{path.name}.download")
    temp.write_bytes(data)
    temp.replace(path)


def _append(details: str | None, note: str) -> str:
    return f"{details}; {note}" if details else note


class FaceService:
    """Owns the face worker and the embeddings; scores rows and enrols photos."""

    def __init__(
        self,
        hass: HomeAssistant,
        config: ConfigStore,
        logs: LogStore,
        controller: AccessController,
        media: MediaStore,
        photos: PhotoStore,
    ) -> None:
        """Wire the collaborators; nothing runs before ``async_start``."""
        self.hass = hass
        self.config = config
        self.logs = logs
        self.controller = controller
        self.media = media
        self.photos = photos
        self.model_dir = Path(hass.config.path(*MODELS_DIR))
        self.embeddings = EmbeddingStore(hass)
        self.worker = FaceWorker(hass, self._load_models)
        self._tasks: set[asyncio.Task[Any]] = set()
        # rows waiting for their picture: log id -> cancel of the give-up timer (insertion ordered)
        self._awaiting: dict[int, CALLBACK_TYPE] = {}
        # rows that stopped waiting (marked no_face): a picture that still comes is scored then
        self._gave_up: dict[int, None] = {}
        # per user, the upload being enrolled: an older enrolment finishing late is not stored
        self._enrol_generation: dict[str, int] = {}
        self._unsubs: list[CALLBACK_TYPE] = []
        self._was_enabled = False
        self._models_ready: asyncio.Task[bool] | None = None

    # --- lifecycle -------------------------------------------------------------------------------

    async def async_start(self) -> None:
        """Load the embeddings and start listening to rows and configuration changes."""
        await self.embeddings.async_load()
        for user_id in self.config.data["users"]:
            if self.embeddings.lost_key or user_id in self.embeddings.unreadable:
                await self.config.async_set_face_status(user_id, enrolled=False, error=None)
        self._unsubs.append(self.controller.async_add_row_listener(self._on_row))
        self._unsubs.append(self.config.async_add_listener(self._on_config))
        self._was_enabled = self.enabled
        self._spawn(self._async_after_start(), "face enrolment catch-up")

    async def _async_after_start(self) -> None:
        if self.enabled:
            await self._async_catch_up()
        # after the catch-up: a row is scored against the photo enrolled again, not "no_photo"
        await self._async_settle_left_pending()

    async def _async_settle_left_pending(self) -> None:
        """Rows a stop left ``pending`` (their picture or score never came) get a final status."""
        since = dt_util.utcnow() - LEFT_PENDING_LOOKBACK
        try:
            newest = await self.logs.async_last_id()
            if newest is None:
                return
            rows = await self.logs.async_rows_with_match_status(
                MatchStatus.PENDING.value, since, newest, MAX_LEFT_PENDING
            )
            for row in rows:
                if row["id"] in self._awaiting:
                    continue  # written since this start: its own wait for a picture runs
                # the stored snapshot is scored; without one the row becomes no_face (no picture)
                await self.async_score_row(row["id"], row)
        except LogStoreError as err:
            _LOGGER.warning("Rows left waiting for a face score are not settled: %s", err)

    @callback
    def async_stop(self) -> None:
        """Stop listening, cancel waiting work and shut the worker down (unload)."""
        for unsub in self._unsubs:
            unsub()
        self._unsubs.clear()
        for cancel in self._awaiting.values():
            cancel()
        self._awaiting.clear()
        for task in list(self._tasks):
            task.cancel()
        self._tasks.clear()
        self.worker.async_shutdown()

    async def async_wait_idle(self) -> None:
        """Wait until every scoring and enrolment started so far is done (tests, benchmark)."""
        while self._tasks:
            await asyncio.wait(list(self._tasks))

    def _spawn(self, coro: Coroutine[Any, Any, Any], name: str) -> asyncio.Task[Any]:
        task = self.hass.async_create_background_task(coro, f"gem_access {name}")
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task

    @property
    def enabled(self) -> bool:
        """The system toggle."""
        return bool(self.config.data["settings"].get("facial_recognition_enabled"))

    @callback
    def _on_config(self) -> None:
        # users deleted by any path lose their embedding with them
        gone = self.embeddings.users() - set(self.config.data["users"])
        for user_id in gone:
            self._spawn(self.embeddings.async_delete(user_id), "face embedding removal")
        enabled = self.enabled
        if enabled and not self._was_enabled:
            self._spawn(self._async_catch_up(), "face enrolment catch-up")
        self._was_enabled = enabled

    # --- models ----------------------------------------------------------------------------------

    def _load_models(self) -> FaceModels:
        """On the face worker: the heavy import and the model files, once."""
        from .pipeline import FaceModels, ModelsMissing  # heavy: on the worker only

        try:
            return FaceModels.load(self.model_dir)
        except ModelsMissing as err:
            raise FaceModelsMissing(str(err)) from err

    async def async_prepare_models(self) -> bool:
        """Make sure the model files are in the models folder: download them if need be."""
        if self._models_ready is None or (
            self._models_ready.done() and not self._models_ready.result()
        ):
            self._models_ready = self.hass.async_create_background_task(
                self._async_prepare_models(), "gem_access face models"
            )
        return await asyncio.shield(self._models_ready)

    async def _async_prepare_models(self) -> bool:
        try:
            manifest = await self.hass.async_add_executor_job(model_files.load_manifest)
            missing = await self.hass.async_add_executor_job(
                model_files.problems, self.model_dir, manifest
            )
        except (OSError, ValueError, KeyError) as err:
            self._models_missing(f"the model manifest is unreadable: {err}")
            return False
        if missing:
            _LOGGER.info(
                "Downloading the face models into %s (%s)", self.model_dir, "; ".join(missing)
            )
            for entry in manifest.required:
                why = await self._async_download(entry)
                if why is not None:
                    self._models_missing(why)
                    return False
        ir.async_delete_issue(self.hass, DOMAIN, ISSUE_MODELS_MISSING)
        return True

    async def _async_download(self, entry: model_files.ModelFile) -> str | None:
        """Fetch one pinned model file unless it is there already; None when it is in place, else why not."""
        path = self.model_dir / entry.file
        if await self.hass.async_add_executor_job(model_files.check_file, path, entry) is None:
            return None
        session = async_get_clientsession(self.hass)
        try:
            async with session.get(entry.url, timeout=DOWNLOAD_TIMEOUT) as response:
                response.raise_for_status()
                data = bytearray()
                async for chunk in response.content.iter_chunked(64 * 1024):
                    data += chunk
                    if len(data) > entry.size:
                        return f"{entry.file}: the download is larger than the pinned file"
        except (aiohttp.ClientError, TimeoutError) as err:
            return f"{entry.file}: download failed ({str(err) or type(err).__name__})"
        why = await self.hass.async_add_executor_job(entry.check_bytes, bytes(data))
        if why is not None:
            return f"{why} (download from {entry.url})"
        try:
            await self.hass.async_add_executor_job(_write_atomic, path, bytes(data))
        except OSError as err:
            return f"{entry.file}: cannot be written ({err.strerror})"
        return None

    @callback
    def _models_missing(self, reason: str) -> None:
        _LOGGER.error(
            "Facial recognition needs its model files in %s: %s (see Settings > Repairs)",
            self.model_dir,
            reason,
        )
        ir.async_create_issue(
            self.hass,
            DOMAIN,
            ISSUE_MODELS_MISSING,
            is_fixable=False,
            is_persistent=False,
            severity=ir.IssueSeverity.ERROR,
            translation_key=ISSUE_MODELS_MISSING,
            translation_placeholders={"folder": str(self.model_dir), "reason": reason},
        )

    # --- enrolment -------------------------------------------------------------------------------

    async def async_photo_changed(self, user_id: str, photo: bytes) -> None:
        """A new profile photo: the old embedding goes at once, the new one is made if enabled."""
        generation = self._enrol_generation.get(user_id, 0) + 1
        self._enrol_generation[user_id] = generation
        await self.embeddings.async_delete(user_id)
        await self.config.async_set_face_status(user_id, enrolled=False, error=None)
        if self.enabled:
            await self._async_enrol(user_id, photo, generation)

    async def async_photo_removed(self, user_id: str) -> None:
        """The photo was deleted: so is the embedding."""
        self._enrol_generation[user_id] = self._enrol_generation.get(user_id, 0) + 1
        await self.embeddings.async_delete(user_id)
        if user_id in self.config.data["users"]:
            await self.config.async_set_face_status(user_id, enrolled=False, error=None)

    async def _async_enrol(self, user_id: str, photo: bytes, generation: int) -> None:
        if not await self.async_prepare_models():
            return
        try:
            enrolment: Enrolment = await self.worker.async_enrol(enrol_job(photo), user_id)
        except WorkerStopped:
            return
        except FaceModelsMissing as err:
            self._models_missing(str(err))
            return
        except Exception:
            _LOGGER.exception("Could not enrol the profile photo of user %s", user_id)
            return
        if self._enrol_generation.get(user_id) != generation:
            return  # a newer photo (or a deletion) came meanwhile
        if user_id not in self.config.data["users"]:
            return  # deleted while the worker ran
        if enrolment.vector is None:
            await self.config.async_set_face_status(
                user_id, enrolled=False, error=enrolment.error or "no_face_detected"
            )
            return
        if enrolment.faces > 1:
            _LOGGER.info(
                "The profile photo of user %s shows %s faces; the largest is enrolled",
                user_id,
                enrolment.faces,
            )
        await self.embeddings.async_set(user_id, enrolment)
        await self.config.async_set_face_status(user_id, enrolled=True, error=None)

    async def _async_catch_up(self) -> None:
        """Enrol every stored photo that has no embedding yet (turned on, or a lost key)."""
        for user_id, user in list(self.config.data["users"].items()):
            if not self.enabled:
                return
            if not user.get("has_photo") or self.embeddings.has(user_id):
                continue
            if user.get("facial_recognition_embedding_error"):
                continue  # this photo was tried already
            photo = await self.hass.async_add_executor_job(self.photos.read, user_id)
            if photo is None:
                continue
            generation = self._enrol_generation.get(user_id, 0) + 1
            self._enrol_generation[user_id] = generation
            await self._async_enrol(user_id, photo, generation)

    async def async_delete_all(self, *, photos: bool) -> dict[str, int]:
        """Delete every embedding (and every profile photo when ``photos``): the admin's erase action."""
        for user_id in self._enrol_generation:
            self._enrol_generation[user_id] += 1
        embeddings = await self.embeddings.async_delete_all()
        removed_photos = 0
        for user_id, user in list(self.config.data["users"].items()):
            if photos and user.get("has_photo"):
                await self.hass.async_add_executor_job(self.photos.delete, user_id)
                await self.config.async_set_photo(user_id, False)
                removed_photos += 1
            await self.config.async_set_face_status(user_id, enrolled=False, error=None)
        _LOGGER.info(
            "Deleted all biometric data: %s embeddings, %s profile photos",
            embeddings,
            removed_photos,
        )
        return {"embeddings": embeddings, "photos": removed_photos}

    # --- scoring ---------------------------------------------------------------------------------

    def status_for(self, row: dict[str, Any]) -> MatchStatus:
        """What a row's match can be before looking at its picture; PENDING means "score it"."""
        user_id = row.get("user_id")
        if user_id is None:
            return MatchStatus.ANONYMOUS
        if not self.enabled:
            return MatchStatus.OFF
        user = self.config.data["users"].get(user_id)
        if user is not None and not user.get("facial_recognition_enabled", True):
            return MatchStatus.OPT_OUT
        if user is None or not self.embeddings.has(user_id):
            return MatchStatus.NO_PHOTO
        return MatchStatus.PENDING

    @callback
    def _on_row(self, kind: str, row: dict[str, Any]) -> None:
        log_id = row.get("id")
        if not isinstance(log_id, int):
            return
        if kind == "updated":
            if not row.get("has_snapshot"):
                return
            if log_id in self._awaiting:
                self._awaiting.pop(log_id)()
            elif log_id in self._gave_up:
                del self._gave_up[log_id]
            else:
                return
            # a late picture (a slow camera, a busy executor) is still scored when it comes
            self._spawn(self.async_score_row(log_id, row), f"face scoring of row {log_id}")
            return
        # someone in front of a reader: remote unlocks and door events have nobody to compare
        if kind != "added" or row.get("user_id") is None or row.get("device_id") is None:
            return
        status = self.status_for(row)
        if status is not MatchStatus.PENDING:
            if status.value != row.get("match_status"):
                self._spawn(self._async_set(log_id, row, status), f"face status of row {log_id}")
            return
        if row.get("has_snapshot"):
            self._spawn(self.async_score_row(log_id, row), f"face scoring of row {log_id}")
            return
        self._await_picture(log_id, row)
        self._spawn(
            self._async_set(log_id, row, MatchStatus.PENDING), f"face status of row {log_id}"
        )

    @callback
    def _await_picture(self, log_id: int, row: dict[str, Any]) -> None:
        """Wait for the row's snapshot (an "updated" row); give up after a while."""
        if len(self._awaiting) >= MAX_AWAITING:
            oldest = next(iter(self._awaiting))
            self._awaiting.pop(oldest)()
            self._gave_up[oldest] = None
            self._spawn(self._async_no_picture(oldest, None), f"face status of row {oldest}")
        device = self.config.data["devices"].get(row.get("device_id") or "", {})
        wait = AWAIT_CAMERA_PICTURE_S if device.get("camera_entity_id") else AWAIT_PICTURE_S

        @callback
        def _give_up(_now: Any) -> None:
            if self._awaiting.pop(log_id, None) is not None:
                self._gave_up[log_id] = None
                while len(self._gave_up) > MAX_AWAITING:
                    self._gave_up.pop(next(iter(self._gave_up)))
                self._spawn(
                    self._async_no_picture(log_id, row.get("action_details")),
                    f"face status of row {log_id}",
                )

        self._awaiting[log_id] = async_call_later(self.hass, wait, _give_up)

    async def _async_no_picture(self, log_id: int, details: str | None) -> None:
        await self.controller.async_update_row(
            log_id,
            match_status=MatchStatus.NO_FACE.value,
            match_score=None,
            action_details=_append(details, NO_PICTURE),
        )

    async def _async_set(
        self,
        log_id: int,
        row: dict[str, Any],
        status: MatchStatus,
        score: int | None = None,
        note: str | None = None,
    ) -> dict[str, Any] | None:
        if note is None:
            return await self.controller.async_update_row(
                log_id, match_status=status.value, match_score=score
            )
        return await self.controller.async_update_row(
            log_id,
            match_status=status.value,
            match_score=score,
            action_details=_append(row.get("action_details"), note),
        )

    async def async_score_row(
        self, log_id: int, row: dict[str, Any], image: bytes | None = None
    ) -> dict[str, Any] | None:
        """Score one row against its user's photo now; returns the updated row.

        ``image`` is the event picture when the caller has it (an NVR recording); else the row's
        stored snapshot is read.
        """
        status = self.status_for(row)
        if status is not MatchStatus.PENDING:
            return await self._async_set(log_id, row, status)
        await self._async_set(log_id, row, MatchStatus.PENDING)
        if image is None:
            image = await self._async_picture(log_id)
        if image is None:
            return await self._async_set(log_id, row, MatchStatus.NO_FACE, note=NO_PICTURE)
        vector = self.embeddings.get(row["user_id"])
        if vector is None:
            return await self._async_set(log_id, row, MatchStatus.NO_PHOTO)
        if not await self.async_prepare_models():
            return await self._async_set(
                log_id, row, MatchStatus.ERROR, note="face match: the face models are missing"
            )
        try:
            scored: Scored = await self.worker.async_score(score_job(image, vector), str(log_id))
        except WorkerStopped:
            return None
        except ScoringDropped as err:
            return await self._async_set(log_id, row, MatchStatus.ERROR, note=str(err))
        except FaceModelsMissing as err:
            self._models_missing(str(err))
            note = "face match: the face models are missing"
            return await self._async_set(log_id, row, MatchStatus.ERROR, note=note)
        except EmbeddingMismatch as err:
            return await self._async_set(log_id, row, MatchStatus.ERROR, note=f"face match: {err}")
        except Exception as err:
            _LOGGER.exception("Face scoring of log row %s failed", log_id)
            note = f"face match failed: {type(err).__name__}"
            return await self._async_set(log_id, row, MatchStatus.ERROR, note=note)
        if scored.status == MatchStatus.SCORED.value and scored.score is not None:
            return await self._async_set(
                log_id, row, MatchStatus.SCORED, max(0, min(100, scored.score))
            )
        why = f"face match: {scored.detail}" if scored.detail else None
        return await self._async_set(log_id, row, MatchStatus.NO_FACE, note=why)

    async def _async_picture(self, log_id: int) -> bytes | None:
        """The stored event picture of a row: a media file, or a legacy in-row data URI."""
        value = await self.logs.async_get_snapshot(log_id)
        if not value:
            return None
        if is_media_ref(value):
            found = self.media.resolve(value)
            if found is None or not found.mime.startswith("image/"):
                return None
            try:
                return await self.hass.async_add_executor_job(self.media.read, value)
            except OSError as err:
                _LOGGER.warning("Cannot read the picture of log row %s: %s", log_id, err)
                return None
        if value.startswith("data:image/"):
            decoded = await self.hass.async_add_executor_job(decode_data_uri, value)
            return decoded[0] if decoded is not None else None
        return None  # an https link (a clip in the cloud): not fetched for scoring

    async def async_score_now(
        self, entry: GemAccessConfigEntry, log_id: int
    ) -> dict[str, Any] | None:
        """The modal's "score now": the stored picture, else the NVR's recording of the moment."""
        row = await self.logs.async_get(log_id)
        if row is None:
            return None
        self._awaiting.pop(log_id, lambda: None)()
        self._gave_up.pop(log_id, None)  # scored here: a picture arriving later is not scored twice
        image: bytes | None = None
        if self.status_for(row) is MatchStatus.PENDING and not row.get("has_snapshot"):
            image = await self._async_nvr_picture(entry, row)
        return await self.async_score_row(log_id, row, image)

    async def _async_nvr_picture(
        self, entry: GemAccessConfigEntry, row: dict[str, Any]
    ) -> bytes | None:
        from ..media.nvr import NvrError, async_nvr_target  # only for score now

        target = async_nvr_target(self.hass, entry, row)
        if target is None:
            return None
        try:
            still = await target.nvr.async_still(target.camera, target.when)
        except NvrError as err:
            _LOGGER.debug("No NVR recording to score log row %s: %s", row["id"], err)
            return None
        return still.content
