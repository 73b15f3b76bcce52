"""Facial recognition when things go wrong, on a real HA with the real models and photos: the model
download (checked, retried, a repair when it fails), damaged or lost files and keys, pictures that
come late or never, "score now" from the NVR, and failures of the pipeline. In every case the door
decision is the same as without facial recognition: scores are advisory."""

from __future__ import annotations

import asyncio
import base64
import os
import shutil
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from aiohttp import web
from homeassistant.core import HomeAssistant
from homeassistant.helpers import issue_registry as ir
from homeassistant.util import dt as dt_util
from pytest_homeassistant_custom_component.common import async_fire_time_changed
from pytest_homeassistant_custom_component.test_util.aiohttp import AiohttpClientMocker
from pytest_homeassistant_custom_component.typing import (
    ClientSessionGenerator,
    WebSocketGenerator,
)

from custom_components.gem_access.const import DOMAIN
from custom_components.gem_access.face import glue as face_glue
from custom_components.gem_access.face import model_files
from custom_components.gem_access.face.enrolment import KEY_STORAGE_KEY, Enrolment
from custom_components.gem_access.face.glue import ISSUE_MODELS_MISSING, NO_PICTURE
from custom_components.gem_access.face.pipeline import FaceModels

from .conftest import PIN_ALICE, Site, present
from .test_face import MODELS, data_uri, face, row_of, settle, upload
from .test_snapshots import FAKE_MP4

MANIFEST = model_files.load_manifest()
DETECTOR, EMBEDDER = MANIFEST.required
MISSING_MODELS = "face match: the face models are missing"

type WsSend = Callable[..., Awaitable[dict[str, Any]]]


def models_folder(hass: HomeAssistant) -> Path:
    return Path(hass.config.path("gem_access", "models"))


def shared_model(entry: model_files.ModelFile) -> bytes:
    assert MODELS is not None
    return (MODELS / entry.file).read_bytes()


def link_models(hass: HomeAssistant) -> None:
    """What an admin does by hand: put the two files into the models folder."""
    assert MODELS is not None
    folder = models_folder(hass)
    folder.mkdir(parents=True, exist_ok=True)
    for entry in MANIFEST.required:
        (folder / entry.file).symlink_to((MODELS / entry.file).resolve())


def models_issue(hass: HomeAssistant) -> ir.IssueEntry | None:
    return ir.async_get(hass).async_get_issue(DOMAIN, ISSUE_MODELS_MISSING)


@pytest.fixture
async def ws(hass: HomeAssistant, hass_ws_client: WebSocketGenerator) -> AsyncIterator[WsSend]:
    """One admin websocket connection; ``await ws(type=..., ...)`` returns the reply."""
    client = await hass_ws_client(hass)
    ids = iter(range(1, 10_000))

    async def send(**msg: Any) -> dict[str, Any]:
        await client.send_json({"id": next(ids), **msg})
        return await client.receive_json()

    yield send
    await client.close()


async def face_on(ws: WsSend, on: bool = True) -> None:
    reply = await ws(
        type="gem_access/settings/update", facial_recognition_enabled=on, privacy_acknowledged=True
    )
    assert reply["success"], reply


# --- the model download --------------------------------------------------------------------------


async def test_missing_models_are_downloaded_checked_and_used(
    hass: HomeAssistant,
    site: Site,
    aioclient_mock: AiohttpClientMocker,
    hass_client: ClientSessionGenerator,
    ws: WsSend,
) -> None:
    for entry in MANIFEST.required:
        aioclient_mock.get(entry.url, content=shared_model(entry))
    await face_on(ws)
    client = await hass_client()
    user = await upload(hass, client, site.ids["alice"], face("obama_1.jpg"))
    assert user["facial_recognition_enrolled"] is True
    # the pinned files, from their pinned URLs, in the folder the docs name; no temp file left
    assert sorted(str(call[1]) for call in aioclient_mock.mock_calls) == sorted(
        e.url for e in MANIFEST.required
    )
    folder = models_folder(hass)
    assert sorted(p.name for p in folder.iterdir()) == sorted(e.file for e in MANIFEST.required)
    for entry in MANIFEST.required:
        assert (folder / entry.file).read_bytes() == shared_model(entry)
    assert models_issue(hass) is None

    granted = await present(
        hass, site.ids["keypad"], "pin", PIN_ALICE, snapshot=data_uri("obama_2.jpg")
    )
    await settle(hass, site)
    row = await row_of(site, granted["log_id"])
    assert row["match_status"] == "scored" and row["match_score"] >= 50
    # downloaded once: the next enrolment finds the files in place
    await upload(hass, client, site.ids["bob"], face("biden_1.jpg"))
    assert aioclient_mock.call_count == 2


async def test_only_the_missing_file_is_downloaded(
    hass: HomeAssistant,
    site: Site,
    aioclient_mock: AiohttpClientMocker,
    hass_client: ClientSessionGenerator,
    ws: WsSend,
) -> None:
    assert MODELS is not None
    folder = models_folder(hass)
    folder.mkdir(parents=True)
    (folder / DETECTOR.file).symlink_to((MODELS / DETECTOR.file).resolve())
    aioclient_mock.get(EMBEDDER.url, content=shared_model(EMBEDDER))
    await face_on(ws)
    user = await upload(hass, await hass_client(), site.ids["alice"], face("obama_1.jpg"))
    assert user["facial_recognition_enrolled"] is True
    assert [str(call[1]) for call in aioclient_mock.mock_calls] == [EMBEDDER.url]
    assert (folder / EMBEDDER.file).read_bytes() == shared_model(EMBEDDER)


def _oversized(entry: model_files.ModelFile) -> dict[str, Any]:
    return {"content": shared_model(entry) + b"\0" * 70_000}


@pytest.mark.parametrize(
    ("response", "reason"),
    [
        ({"exc": aiohttp.ClientConnectionError("no route to host")}, "download failed (no route"),
        ({"exc": TimeoutError()}, "download failed (TimeoutError)"),
        ({"status": 404}, "download failed (404"),
        (lambda e: {"content": b"<html>rate limited</html>"}, "bytes, expected"),
        (lambda e: {"content": shared_model(e)[:-1] + b"X"}, "sha256 mismatch (download from"),
        (_oversized, "the download is larger than the pinned file"),
        ("unwritable", "cannot be written"),
    ],
    ids=[
        "unreachable",
        "timeout",
        "not_found",
        "wrong_size",
        "tampered",
        "oversized",
        "unwritable",
    ],
)
async def test_a_failed_download_is_a_repair_and_the_fix_is_what_it_says(
    hass: HomeAssistant,
    site: Site,
    aioclient_mock: AiohttpClientMocker,
    hass_client: ClientSessionGenerator,
    ws: WsSend,
    caplog: pytest.LogCaptureFixture,
    response: Any,
    reason: str,
) -> None:
    folder = models_folder(hass)
    if response == "unwritable":
        folder.parent.mkdir(parents=True)
        folder.write_text("not a folder")  # e.g. a file left by a restore
        aioclient_mock.get(DETECTOR.url, content=shared_model(DETECTOR))
    else:
        aioclient_mock.get(DETECTOR.url, **(response(DETECTOR) if callable(response) else response))
    await face_on(ws)
    client = await hass_client()
    user = await upload(hass, client, site.ids["alice"], face("obama_1.jpg"))
    # not enrolled, and not blamed on the photo: the photo is fine, the models are not
    assert user["facial_recognition_enrolled"] is False
    assert user["facial_recognition_embedding_error"] is None
    issue = models_issue(hass)
    assert issue is not None and issue.severity is ir.IssueSeverity.ERROR
    assert issue.translation_placeholders is not None
    assert issue.translation_placeholders["folder"] == str(folder)
    assert reason in issue.translation_placeholders["reason"]
    assert "Facial recognition needs its model files" in caplog.text
    # the first failure stops the attempt: the embedder is not fetched in vain
    assert [str(call[1]) for call in aioclient_mock.mock_calls] == [DETECTOR.url]
    # no half-written model file is ever left to be loaded
    if folder.is_dir():
        assert list(folder.iterdir()) == []
    # the door works as before
    granted = await present(
        hass, site.ids["keypad"], "pin", PIN_ALICE, snapshot=data_uri("obama_2.jpg")
    )
    assert granted["result"] == "granted"
    await settle(hass, site)

    # the repair's advice: put the files into the folder, turn facial recognition off and on
    if folder.is_file():
        folder.unlink()
    link_models(hass)
    await face_on(ws, False)
    await face_on(ws)
    await settle(hass, site)
    assert models_issue(hass) is None
    users = (await ws(type="gem_access/users/list"))["result"]
    alice = next(u for u in users if u["id"] == site.ids["alice"])
    assert alice["facial_recognition_enrolled"] is True
    assert len(aioclient_mock.mock_calls) == 1  # files in place: nothing downloaded


async def test_an_unreadable_manifest_is_a_repair_not_a_crash(
    hass: HomeAssistant,
    site: Site,
    hass_client: ClientSessionGenerator,
    ws: WsSend,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    # a damaged install: the manifest shipped with the package is cut short
    broken = tmp_path / "manifest.json"
    broken.write_text(model_files.MANIFEST_PATH.read_text(encoding="utf-8")[:500])
    real = model_files.load_manifest
    monkeypatch.setattr(model_files, "load_manifest", lambda: real(broken))
    await face_on(ws)
    user = await upload(hass, await hass_client(), site.ids["alice"], face("obama_1.jpg"))
    assert user["facial_recognition_enrolled"] is False
    issue = models_issue(hass)
    assert issue is not None and issue.translation_placeholders is not None
    assert issue.translation_placeholders["reason"].startswith("the model manifest is unreadable")


# --- files and keys damaged while running or across a restart -----------------------------------


async def test_models_deleted_before_a_restart_mark_scores_error_never_the_decision(
    hass: HomeAssistant,
    site: Site,
    aioclient_mock: AiohttpClientMocker,
    hass_client: ClientSessionGenerator,
    ws: WsSend,
) -> None:
    link_models(hass)
    await face_on(ws)
    await upload(hass, await hass_client(), site.ids["alice"], face("obama_1.jpg"))
    # the models folder is lost (a restore without it) and the host is offline
    shutil.rmtree(models_folder(hass))
    aioclient_mock.get(DETECTOR.url, exc=aiohttp.ClientConnectionError("offline"))
    assert await hass.config_entries.async_reload(site.entry.entry_id)
    await hass.async_block_till_done()
    granted = await present(
        hass, site.ids["keypad"], "pin", PIN_ALICE, snapshot=data_uri("obama_2.jpg")
    )
    assert granted["result"] == "granted"
    await settle(hass, site)
    row = await row_of(site, granted["log_id"])
    assert (row["match_status"], row["match_score"]) == ("error", None)
    assert MISSING_MODELS in row["action_details"]
    assert models_issue(hass) is not None


async def test_a_model_file_damaged_while_running_is_a_repair_and_retried(
    hass: HomeAssistant,
    site: Site,
    hass_client: ClientSessionGenerator,
    ws: WsSend,
    tmp_path: Path,
) -> None:
    link_models(hass)
    await face_on(ws)
    client = await hass_client()
    await upload(hass, client, site.ids["alice"], face("obama_1.jpg"))
    # restart: the new worker loads the models on its first job; the files were checked at start
    assert await hass.config_entries.async_reload(site.entry.entry_id)
    await hass.async_block_till_done()
    service = site.entry.runtime_data.face
    assert await service.async_prepare_models()
    # ... and then the embedder is overwritten with a cut copy (a failed manual update)
    damaged = tmp_path / EMBEDDER.file
    damaged.write_bytes(shared_model(EMBEDDER)[:1000])
    target = models_folder(hass) / EMBEDDER.file
    target.unlink()
    target.symlink_to(damaged)

    granted = await present(
        hass, site.ids["keypad"], "pin", PIN_ALICE, snapshot=data_uri("obama_2.jpg")
    )
    assert granted["result"] == "granted"
    await settle(hass, site)
    row = await row_of(site, granted["log_id"])
    assert row["match_status"] == "error" and MISSING_MODELS in row["action_details"]
    issue = models_issue(hass)
    assert issue is not None and issue.translation_placeholders is not None
    assert (
        f"{EMBEDDER.file}: 1000 bytes, expected {EMBEDDER.size}"
        in (issue.translation_placeholders["reason"])
    )
    # an enrolment meanwhile is not blamed on the photo
    user = await upload(hass, client, site.ids["bob"], face("biden_1.jpg"))
    assert user["facial_recognition_enrolled"] is False
    assert user["facial_recognition_embedding_error"] is None

    # the file is put right: the next event loads the models and is scored (no restart needed)
    target.unlink()
    assert MODELS is not None
    target.symlink_to((MODELS / EMBEDDER.file).resolve())
    again = await present(
        hass, site.ids["keypad"], "pin", PIN_ALICE, snapshot=data_uri("obama_3.jpg")
    )
    await settle(hass, site)
    row = await row_of(site, again["log_id"])
    assert row["match_status"] == "scored" and row["match_score"] >= 50


async def test_a_lost_key_reenrols_from_the_kept_photos(
    hass: HomeAssistant,
    hass_storage: dict[str, Any],
    site: Site,
    hass_client: ClientSessionGenerator,
    ws: WsSend,
    caplog: pytest.LogCaptureFixture,
) -> None:
    link_models(hass)
    await face_on(ws)
    await upload(hass, await hass_client(), site.ids["alice"], face("obama_1.jpg"))
    # an event waiting for its picture when HA stops: unloading cancels the wait cleanly
    waiting = await present(hass, site.ids["keypad"], "pin", PIN_ALICE)
    await hass.async_block_till_done()
    assert site.entry.runtime_data.face._awaiting
    # a partial restore: the key file is gone, the sealed embeddings are there
    del hass_storage[KEY_STORAGE_KEY]
    assert await hass.config_entries.async_reload(site.entry.entry_id)
    await hass.async_block_till_done()
    assert "embedding key (.storage/gem_access.face_key) is missing or damaged" in caplog.text
    await settle(hass, site)
    service = site.entry.runtime_data.face
    vector = service.embeddings.get(site.ids["alice"])
    assert vector is not None and len(vector) == 4 * 128  # made again from the photo, new key
    users = (await ws(type="gem_access/users/list"))["result"]
    assert next(u for u in users if u["id"] == site.ids["alice"])["facial_recognition_enrolled"]
    # the waiting row is settled by the new start: it does not stay pending for ever (HA 2026.2
    # once gave "off" here where 2025.4 gives "no_face"; not understood yet, see the closing note)
    await service.async_wait_idle()
    await settle(hass, site)
    waited = await row_of(site, waiting["log_id"])
    assert waited["match_status"] != "pending" and waited["match_score"] is None
    granted = await present(
        hass, site.ids["keypad"], "pin", PIN_ALICE, snapshot=data_uri("obama_2.jpg")
    )
    await settle(hass, site)
    assert (await row_of(site, granted["log_id"]))["match_status"] == "scored"


async def test_a_key_from_another_install_reenrols_from_the_kept_photos(
    hass: HomeAssistant,
    hass_storage: dict[str, Any],
    site: Site,
    hass_client: ClientSessionGenerator,
    ws: WsSend,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A restore that mixed two installs' files: the embeddings do not open with the key. They
    are made again from the photos (not "no photo" for every event from then on)."""
    link_models(hass)
    await face_on(ws)
    await upload(hass, await hass_client(), site.ids["alice"], face("obama_1.jpg"))
    hass_storage[KEY_STORAGE_KEY]["data"]["key"] = base64.b64encode(os.urandom(32)).decode()
    assert await hass.config_entries.async_reload(site.entry.entry_id)
    await hass.async_block_till_done()
    assert "1 stored face embeddings cannot be read with the key" in caplog.text
    service = site.entry.runtime_data.face
    await service.async_wait_idle()
    vector = service.embeddings.get(site.ids["alice"])
    assert vector is not None and len(vector) == 4 * 128
    users = (await ws(type="gem_access/users/list"))["result"]
    assert next(u for u in users if u["id"] == site.ids["alice"])["facial_recognition_enrolled"]
    granted = await present(
        hass, site.ids["keypad"], "pin", PIN_ALICE, snapshot=data_uri("obama_2.jpg")
    )
    assert granted["result"] == "granted"
    await settle(hass, site)
    row = await row_of(site, granted["log_id"])
    assert row["match_status"] == "scored" and row["match_score"] >= 50


async def test_an_embedding_from_another_embedder_asks_for_a_new_upload(
    hass: HomeAssistant, site: Site, ws: WsSend
) -> None:
    link_models(hass)
    await face_on(ws)
    # enrolled when a 512-D embedder was configured (the manifest's embedder changed since)
    service = site.entry.runtime_data.face
    await service.embeddings.async_set(
        site.ids["alice"], Enrolment(b"\0\0\x80\x3f" * 512, None, 1, "onnxruntime", 512)
    )
    granted = await present(
        hass, site.ids["keypad"], "pin", PIN_ALICE, snapshot=data_uri("obama_2.jpg")
    )
    assert granted["result"] == "granted"
    await settle(hass, site)
    row = await row_of(site, granted["log_id"])
    assert row["match_status"] == "error"
    assert (
        "enrolled with a 512-D embedder, the models give 128-D: upload the photo again"
        in (row["action_details"])
    )


async def test_a_crash_in_the_pipeline_is_an_error_row_and_logged(
    hass: HomeAssistant,
    site: Site,
    hass_client: ClientSessionGenerator,
    ws: WsSend,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    link_models(hass)
    await face_on(ws)
    client = await hass_client()
    await upload(hass, client, site.ids["alice"], face("obama_1.jpg"))

    def out_of_memory(*_args: Any) -> Any:  # what a small host may hit
        raise MemoryError

    monkeypatch.setattr(FaceModels, "score", out_of_memory)
    monkeypatch.setattr(FaceModels, "enrol", out_of_memory)
    granted = await present(
        hass, site.ids["keypad"], "pin", PIN_ALICE, snapshot=data_uri("obama_2.jpg")
    )
    assert granted["result"] == "granted"
    await settle(hass, site)
    row = await row_of(site, granted["log_id"])
    assert row["match_status"] == "error"
    assert "face match failed: MemoryError" in row["action_details"]
    assert f"Face scoring of log row {granted['log_id']} failed" in caplog.text
    user = await upload(hass, client, site.ids["bob"], face("biden_1.jpg"))
    assert user["facial_recognition_enrolled"] is False
    assert "Could not enrol the profile photo of user bob" in caplog.text


# --- pictures that come late, never, or from elsewhere ------------------------------------------


async def test_a_late_picture_is_still_scored_and_the_wait_is_bounded(
    hass: HomeAssistant,
    site: Site,
    hass_client: ClientSessionGenerator,
    ws: WsSend,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    link_models(hass)
    await face_on(ws)
    await upload(hass, await hass_client(), site.ids["alice"], face("obama_1.jpg"))
    service = site.entry.runtime_data.face
    controller = site.entry.runtime_data.controller
    monkeypatch.setattr(face_glue, "MAX_AWAITING", 2)
    first, second, third = [
        (await present(hass, site.ids["keypad"], "pin", PIN_ALICE))["log_id"] for _ in range(3)
    ]
    await settle(hass, site)
    # a burst without pictures: beyond the bound the oldest stops waiting at once
    row = await row_of(site, first)
    assert (row["match_status"], row["match_score"]) == ("no_face", None)
    assert NO_PICTURE in row["action_details"]
    assert [(await row_of(site, i))["match_status"] for i in (second, third)] == ["pending"] * 2
    # the others give up after the camera's time
    async_fire_time_changed(hass, dt_util.utcnow() + timedelta(seconds=60))
    await settle(hass, site)
    assert {(await row_of(site, i))["match_status"] for i in (second, third)} == {"no_face"}
    assert not service._awaiting
    # the slow camera's picture still comes for the newest: it is scored then
    await controller.async_update_row(third, snapshot=data_uri("obama_2.jpg"))
    await service.async_wait_idle()
    await settle(hass, site)
    late = await row_of(site, third)
    assert late["match_status"] == "scored" and late["match_score"] >= 50
    # a picture for a row long forgotten (beyond the bound) is kept but not scored
    await controller.async_update_row(first, snapshot=data_uri("obama_2.jpg"))
    await settle(hass, site)
    assert (await row_of(site, first))["match_status"] == "no_face"


async def test_score_now_on_rows_without_a_usable_picture(
    hass: HomeAssistant,
    site: Site,
    hass_client: ClientSessionGenerator,
    ws: WsSend,
    caplog: pytest.LogCaptureFixture,
) -> None:
    link_models(hass)
    await face_on(ws)
    await upload(hass, await hass_client(), site.ids["alice"], face("obama_1.jpg"))
    runtime = site.entry.runtime_data

    async def score_now(log_id: int) -> dict[str, Any]:
        reply = await ws(type="gem_access/face/score", log_id=log_id)
        assert reply["success"], reply
        return dict(reply["result"])

    # nobody to compare: an unknown credential
    anonymous = await present(hass, site.ids["keypad"], "pin", "000000")
    assert (await score_now(anonymous["log_id"]))["match_status"] == "anonymous"
    # a row that does not exist (purged)
    missing = await ws(type="gem_access/face/score", log_id=999_999)
    assert not missing["success"] and missing["error"]["code"] == "not_found"
    # no picture and no NVR for this reader
    bare = await present(hass, site.ids["keypad"], "pin", PIN_ALICE)
    scored = await score_now(bare["log_id"])
    assert (scored["match_status"], scored["match_score"]) == ("no_face", None)
    assert NO_PICTURE in scored["action_details"]
    # the picture is a link to a clip in the cloud: not fetched for scoring
    linked = await present(
        hass, site.ids["keypad"], "pin", PIN_ALICE, snapshot="https://example.com/clip/1.jpg"
    )
    await settle(hass, site)
    assert (await row_of(site, linked["log_id"]))["match_status"] == "no_face"
    # the event's media is a video clip, not a picture
    clip = await present(
        hass,
        site.ids["keypad"],
        "pin",
        PIN_ALICE,
        snapshot="data:video/mp4;base64," + base64.b64encode(FAKE_MP4).decode(),
    )
    await settle(hass, site)
    row = await row_of(site, clip["log_id"])
    assert row["has_snapshot"] and row["match_status"] == "no_face"
    assert NO_PICTURE in row["action_details"]
    # the stored picture was removed (retention) or its file cannot be read
    stored = await present(
        hass, site.ids["keypad"], "pin", PIN_ALICE, snapshot=data_uri("obama_2.jpg")
    )
    await settle(hass, site)
    row = await row_of(site, stored["log_id"])
    assert row["match_status"] == "scored"
    ref = await runtime.logs.async_get_snapshot(stored["log_id"])
    found = runtime.media.resolve(ref)
    assert found is not None
    found.path.unlink()
    found.path.mkdir()  # unreadable as a file
    assert (await score_now(stored["log_id"]))["match_status"] == "no_face"
    assert f"Cannot read the picture of log row {stored['log_id']}" in caplog.text
    found.path.rmdir()
    assert (await score_now(stored["log_id"]))["match_status"] == "no_face"


async def test_score_now_takes_the_nvr_recording(
    hass: HomeAssistant,
    site: Site,
    socket_enabled: None,
    hass_client: ClientSessionGenerator,
    ws: WsSend,
) -> None:
    async def still(request: web.Request) -> web.Response:
        if request.match_info["camera"] == "front":
            return web.Response(body=face("obama_2.jpg"), content_type="image/jpeg")
        return web.json_response({"success": False, "message": "Recording not found"}, status=404)

    app = web.Application()
    app.router.add_get("/api/{camera}/recordings/{ts}/snapshot.jpg", still)
    runner = web.AppRunner(app)
    await runner.setup()
    server = web.TCPSite(runner, "127.0.0.1", 0)
    await server.start()
    try:
        url = f"http://127.0.0.1:{runner.addresses[0][1]}"
        assert (await ws(type="gem_access/settings/update", frigate_url=url))["success"]
        link_models(hass)
        await face_on(ws)
        await upload(hass, await hass_client(), site.ids["alice"], face("obama_1.jpg"))
        config = site.entry.runtime_data.config
        for camera, expected in (("front", "scored"), ("gone", "no_face")):
            await config.async_update("devices", site.ids["keypad"], {"nvr_camera": camera})
            row = await present(hass, site.ids["keypad"], "pin", PIN_ALICE)
            reply = await ws(type="gem_access/face/score", log_id=row["log_id"])
            assert reply["success"], reply
            assert reply["result"]["match_status"] == expected, camera
            if expected == "scored":
                assert reply["result"]["match_score"] >= 50
    finally:
        await runner.cleanup()


# --- enrolment races and catch-up ----------------------------------------------------------------


async def test_the_newest_photo_wins_and_a_deleted_user_keeps_nothing(
    hass: HomeAssistant, site: Site, ws: WsSend
) -> None:
    link_models(hass)
    await face_on(ws)
    service = site.entry.runtime_data.face
    alice = site.ids["alice"]
    # two uploads in quick succession: the first finishes after the second was sent
    await asyncio.gather(
        service.async_photo_changed(alice, face("kit_harington_1.jpg")),
        service.async_photo_changed(alice, face("obama_1.jpg")),
    )
    granted = await present(
        hass, site.ids["keypad"], "pin", PIN_ALICE, snapshot=data_uri("obama_2.jpg")
    )
    await settle(hass, site)
    assert (await row_of(site, granted["log_id"]))["match_score"] >= 50
    # the user is deleted while the photo is being embedded: no embedding is kept for nobody
    bob = site.ids["bob"]
    enrolling = hass.async_create_task(service.async_photo_changed(bob, face("biden_1.jpg")))
    await asyncio.sleep(0)
    await site.entry.runtime_data.config.async_delete("users", bob)
    await enrolling
    await settle(hass, site)
    assert not service.embeddings.has(bob)


async def test_turning_on_enrols_waiting_photos_once(
    hass: HomeAssistant,
    site: Site,
    hass_client: ClientSessionGenerator,
    ws: WsSend,
) -> None:
    link_models(hass)
    client = await hass_client()
    service = site.entry.runtime_data.face
    await face_on(ws)
    # a photo without a face: tried once, the admin is told
    user = await upload(hass, client, site.ids["bob"], face("noface_2.jpg"))
    assert user["facial_recognition_embedding_error"] == "no_face_detected"
    await face_on(ws, False)
    # uploaded while off: kept, not embedded
    await upload(hass, client, site.ids["alice"], face("obama_1.jpg"))
    assert not service.embeddings.users()
    # a photo lost on disk (a partial restore) is skipped, not an error
    await hass.async_add_executor_job(service.photos.delete, site.ids["alice"])
    await face_on(ws)
    await settle(hass, site)
    assert not service.embeddings.users()
    users = {u["id"]: u for u in (await ws(type="gem_access/users/list"))["result"]}
    assert users[site.ids["bob"]]["facial_recognition_embedding_error"] == "no_face_detected"
    assert users[site.ids["alice"]]["facial_recognition_enrolled"] is False
    # a catch-up still running when an admin turns it off again enrols nothing more
    await hass.async_add_executor_job(service.photos.write, site.ids["alice"], face("obama_1.jpg"))
    await face_on(ws, False)
    await service._async_catch_up()
    assert not service.embeddings.users()


async def test_work_after_unload_changes_nothing(
    hass: HomeAssistant,
    site: Site,
    hass_client: ClientSessionGenerator,
    ws: WsSend,
    caplog: pytest.LogCaptureFixture,
) -> None:
    link_models(hass)
    await face_on(ws)
    await upload(hass, await hass_client(), site.ids["alice"], face("obama_1.jpg"))
    service = site.entry.runtime_data.face
    waiting = await present(hass, site.ids["keypad"], "pin", PIN_ALICE)
    await settle(hass, site)
    row = await row_of(site, waiting["log_id"])
    service.worker.async_shutdown()  # what unloading does
    assert await service.async_score_row(waiting["log_id"], row, face("obama_2.jpg")) is None
    assert (await row_of(site, waiting["log_id"]))["match_status"] == "pending"
    await service.async_photo_changed(site.ids["bob"], face("biden_1.jpg"))
    assert not service.embeddings.has(site.ids["bob"])
    assert "Traceback" not in caplog.text


async def test_rows_a_restart_left_pending_are_settled_at_the_next_start(
    hass: HomeAssistant, site: Site, hass_client: ClientSessionGenerator, ws: WsSend
) -> None:
    """HA stopped while two rows waited for their pictures: after the start, the one whose
    picture was stored meanwhile is scored and the other is no_face; neither stays pending."""
    link_models(hass)
    await face_on(ws)
    await upload(hass, await hass_client(), site.ids["alice"], face("obama_1.jpg"))
    ids = [(await present(hass, site.ids["keypad"], "pin", PIN_ALICE))["log_id"] for _ in range(2)]
    await settle(hass, site)
    assert [(await row_of(site, i))["match_status"] for i in ids] == ["pending"] * 2
    # the camera's picture of the second lands in the table as Home Assistant goes down
    await site.entry.runtime_data.logs.async_update(ids[1], snapshot=data_uri("obama_2.jpg"))

    assert await hass.config_entries.async_reload(site.entry.entry_id)
    await hass.async_block_till_done()
    await site.entry.runtime_data.face.async_wait_idle()
    await settle(hass, site)

    no_picture, scored = [await row_of(site, i) for i in ids]
    assert (no_picture["match_status"], no_picture["match_score"]) == ("no_face", None)
    assert NO_PICTURE in no_picture["action_details"]
    assert scored["match_status"] == "scored" and scored["match_score"] >= 50
