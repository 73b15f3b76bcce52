"""The services: present_credential (virtual readers, keypads, scripts) and delete_old_logs."""

from __future__ import annotations

import base64
import logging
import re
from collections.abc import Generator
from datetime import timedelta
from typing import Any

import pytest
import voluptuous as vol
from freezegun.api import FrozenDateTimeFactory
from homeassistant.components.recorder import get_instance
from homeassistant.const import EVENT_LOGGING_CHANGED
from homeassistant.core import Context, HomeAssistant
from homeassistant.exceptions import ServiceValidationError, Unauthorized
from homeassistant.helpers import config_validation as cv
from homeassistant.helpers.script import Script
from homeassistant.util import dt as dt_util
from pytest_homeassistant_custom_component.common import MockUser
from pytest_homeassistant_custom_component.components.recorder.common import (
    async_wait_recording_done,
)
from sqlalchemy import text

from custom_components.gem_access.const import DOMAIN
from custom_components.gem_access.logstore.rows import LogFilter

from .conftest import CARD_BOB, PIN_ALICE, PIN_ALICE_DURESS, PIN_BOB, Site, present

JPEG = "data:image/jpeg;base64," + base64.b64encode(b"\xff\xd8\xff\xe0fake jpeg\xff\xd9").decode()


async def rows(site: Site) -> list[dict[str, Any]]:
    """Every log row, newest first."""
    result, _ = await site.entry.runtime_data.logs.async_list(LogFilter(), 1000, None)
    return result


async def last_id(site: Site) -> int:
    """The newest row id (0 when empty)."""
    return await site.entry.runtime_data.logs.async_last_id() or 0


async def delete_old(hass: HomeAssistant, keep_days: Any, **kwargs: Any) -> dict[str, Any]:
    """Call delete_old_logs and return its response."""
    return await hass.services.async_call(
        DOMAIN,
        "delete_old_logs",
        {"keep_days": keep_days},
        blocking=True,
        return_response=True,
        **kwargs,
    )


# --- present_credential ----------------------------------------------------------------------------


async def test_response_has_exactly_the_contract_keys(hass: HomeAssistant, site: Site) -> None:
    response = await present(hass, site.ids["keypad"], "pin", PIN_ALICE)
    assert set(response) == {"log_id", "result", "reason", "user_id"}
    assert response == {
        "log_id": response["log_id"],
        "result": "granted",
        "reason": "success",
        "user_id": site.ids["alice"],
    }
    assert isinstance(response["log_id"], int)
    assert (await rows(site))[0]["id"] == response["log_id"]

    denied = await present(hass, site.ids["keypad"], "pin", "000000")
    assert set(denied) == {"log_id", "result", "reason", "user_id"}
    assert (denied["result"], denied["reason"], denied["user_id"]) == (
        "denied",
        "unknown_credential",
        None,
    )

    card = await present(hass, site.ids["reader"], "rfid", CARD_BOB)
    assert (card["result"], card["user_id"]) == ("granted", site.ids["bob"])


async def test_duress_response_looks_like_a_grant_apart_from_reason(
    hass: HomeAssistant, site: Site
) -> None:
    response = await present(hass, site.ids["keypad"], "pin", PIN_ALICE_DURESS)
    assert set(response) == {"log_id", "result", "reason", "user_id"}
    assert (response["result"], response["reason"], response["user_id"]) == (
        "granted",
        "duress",
        site.ids["alice"],
    )


async def test_unknown_device_is_a_translated_error_and_logs_nothing(
    hass: HomeAssistant, site: Site
) -> None:
    await present(hass, site.ids["keypad"], "pin", PIN_ALICE)
    before = await last_id(site)
    with pytest.raises(ServiceValidationError) as err:
        await present(hass, "ghost_reader", "pin", PIN_ALICE)
    assert err.value.translation_key == "unknown_device"
    message = str(err.value)
    assert "ghost_reader" in message
    assert message != "unknown_device" and " " in message
    assert PIN_ALICE not in message
    assert await last_id(site) == before


@pytest.mark.parametrize("access_type", ["pin", "rfid"])
@pytest.mark.parametrize("credential", [None, ""])
async def test_missing_credential_is_an_error(
    hass: HomeAssistant, site: Site, access_type: str, credential: str | None
) -> None:
    before = await last_id(site)
    extra = {} if credential is None else {"credential": credential}
    with pytest.raises(ServiceValidationError) as err:
        await present(hass, site.ids["keypad"], access_type, **extra)
    assert err.value.translation_key == "credential_required"
    assert " " in str(err.value)
    assert await last_id(site) == before


@pytest.mark.parametrize(
    "data",
    [
        {"access_type": "face"},
        {"access_type": "PIN"},
        {"access_type": None},
        {},
    ],
    ids=["face", "upper case", "none", "missing"],
)
async def test_bad_access_type_is_an_error(
    hass: HomeAssistant, site: Site, data: dict[str, Any]
) -> None:
    before = await last_id(site)
    with pytest.raises((vol.Invalid, ServiceValidationError)):
        await hass.services.async_call(
            DOMAIN,
            "present_credential",
            {"device_id": site.ids["keypad"], "credential": PIN_ALICE, **data},
            blocking=True,
            return_response=True,
        )
    assert await last_id(site) == before


async def test_missing_device_id_is_an_error(hass: HomeAssistant, site: Site) -> None:
    with pytest.raises((vol.Invalid, ServiceValidationError)):
        await hass.services.async_call(
            DOMAIN,
            "present_credential",
            {"access_type": "rex"},
            blocking=True,
            return_response=True,
        )
    assert await last_id(site) == 0


async def test_rex_without_credential_opens_the_door(hass: HomeAssistant, site: Site) -> None:
    response = await present(hass, site.ids["exit"], "rex")
    assert response == {
        "log_id": response["log_id"],
        "result": "granted",
        "reason": "success",
        "user_id": None,
    }
    await hass.async_block_till_done()
    assert hass.states.get("lock.front_lock").state == "unlocked"
    row = (await rows(site))[0]
    assert (row["access_type"], row["result"], row["user_id"]) == ("rex", "granted", None)


async def test_rex_ignores_a_credential(hass: HomeAssistant, site: Site) -> None:
    response = await present(hass, site.ids["exit"], "rex", PIN_ALICE)
    assert (response["result"], response["user_id"]) == ("granted", None)


@pytest.mark.parametrize(
    "snapshot",
    [
        "javascript:alert(1)",
        "http://x/y.jpg",
        "data:text/html;base64,AAA",
        "data:image/jpeg;base64,not base64!",
        "file:///etc/passwd",
        "https://",
        "https://user:pass@nvr.example/1.jpg",
        "https://user@nvr.example/1.jpg",
    ],
)
async def test_invalid_snapshot_is_ignored_and_the_decision_proceeds(
    hass: HomeAssistant, site: Site, snapshot: str, caplog: pytest.LogCaptureFixture
) -> None:
    response = await present(hass, site.ids["keypad"], "pin", PIN_ALICE, snapshot=snapshot)
    assert (response["result"], response["reason"]) == ("granted", "success")
    assert "Ignoring snapshot" in caplog.text
    row = (await rows(site))[0]
    assert row["id"] == response["log_id"]
    assert row["has_snapshot"] is False
    assert await site.entry.runtime_data.logs.async_get_snapshot(response["log_id"]) is None
    await hass.async_block_till_done()
    assert hass.states.get("lock.front_lock").state == "unlocked"


@pytest.mark.parametrize(
    "snapshot", [JPEG, "https://nvr.example/snapshots/1.jpg"], ids=["data uri", "https"]
)
async def test_valid_snapshot_is_stored(hass: HomeAssistant, site: Site, snapshot: str) -> None:
    response = await present(hass, site.ids["keypad"], "pin", PIN_ALICE, snapshot=snapshot)
    assert response["result"] == "granted"
    # a data URI becomes a file after the decision (capture in the background); a URL is kept as is
    await hass.async_block_till_done(wait_background_tasks=True)
    row = (await rows(site))[0]
    assert row["has_snapshot"] is True
    stored = await site.entry.runtime_data.logs.async_get_snapshot(response["log_id"])
    if snapshot.startswith("data:"):
        assert stored is not None and stored.startswith("media:")
        media = site.entry.runtime_data.media
        assert await hass.async_add_executor_job(media.read, stored) is not None
    else:
        assert stored == snapshot


async def test_snapshot_on_a_denial_is_kept(hass: HomeAssistant, site: Site) -> None:
    response = await present(hass, site.ids["keypad"], "pin", "000000", snapshot=JPEG)
    assert response["result"] == "denied"
    await hass.async_block_till_done(wait_background_tasks=True)
    assert (await rows(site))[0]["has_snapshot"] is True


async def test_long_names_are_logged(hass: HomeAssistant, site: Site) -> None:
    """Names may be 100 characters; their ids must still fit the log table's id columns."""
    config = site.entry.runtime_data.config
    long_name = "Maximilian " + "x" * 80
    user = await config.async_create("users", {"name": long_name, "pins": ["7777"]})
    reader = await config.async_create("devices", {"name": long_name, "door_id": site.ids["back"]})
    await config.async_update(
        "rules",
        site.ids["rule"],
        {
            "user_ids": [site.ids["alice"], site.ids["bob"], user["id"]],
            "device_ids": [site.ids["keypad"], site.ids["reader"], reader["id"]],
        },
    )
    await hass.async_block_till_done()
    response = await present(hass, reader["id"], "pin", "7777")
    assert (response["result"], response["user_id"]) == ("granted", user["id"])
    assert (await rows(site))[0]["device_id"] == reader["id"]


async def test_numeric_credentials_from_yaml_work(hass: HomeAssistant, site: Site) -> None:
    """YAML turns `credential: 5678` into an int; a keypad automation must still open the door."""
    pin = await present(hass, site.ids["keypad"], "pin", int(PIN_BOB))
    assert (pin["result"], pin["user_id"]) == ("granted", site.ids["bob"])
    card = await present(hass, site.ids["reader"], "rfid", int(CARD_BOB))
    assert (card["result"], card["user_id"]) == ("granted", site.ids["bob"])


async def test_script_presenting_a_fixed_pin_works_every_time(
    hass: HomeAssistant, site: Site
) -> None:
    """A dashboard button script for a virtual reader, run three times."""
    sequence = cv.SCRIPT_SCHEMA(
        [
            {
                "action": "gem_access.present_credential",
                "data": {
                    "device_id": site.ids["keypad"],
                    "access_type": "pin",
                    "credential": PIN_ALICE,
                },
                "response_variable": "decision",
            },
            {"event": "test_decision", "event_data": {"result": "{{ decision.result }}"}},
        ]
    )
    script = Script(hass, sequence, "Door button", DOMAIN)
    results: list[str] = []
    hass.bus.async_listen("test_decision", lambda event: results.append(event.data["result"]))
    for _ in range(3):
        await script.async_run(context=Context())
    await hass.async_block_till_done()
    assert results == ["granted"] * 3


async def test_credential_is_blanked_in_the_callers_data(hass: HomeAssistant, site: Site) -> None:
    """Documented trade-off: HA records the caller's own dict in the call_service event, so
    the credential is blanked there; a caller must build fresh data for every call (scripts,
    automations, ESPHome, REST and websocket callers always do)."""
    data = {"device_id": site.ids["keypad"], "access_type": "pin", "credential": PIN_ALICE}
    response = await hass.services.async_call(
        DOMAIN, "present_credential", data, blocking=True, return_response=True
    )
    assert response["result"] == "granted"
    assert data["credential"] == "**REDACTED**"


@pytest.fixture
async def plain_user(hass: HomeAssistant) -> Any:
    """A normal (non-admin) Home Assistant user."""
    return await hass.auth.async_create_user("Guest", group_ids=["system-users"])


async def test_non_admin_users_are_refused(
    hass: HomeAssistant, site: Site, hass_read_only_user: MockUser, plain_user: Any
) -> None:
    await present(hass, site.ids["keypad"], "pin", PIN_ALICE)
    before = await rows(site)
    for user in (hass_read_only_user, plain_user):
        assert not user.is_admin
        context = Context(user_id=user.id)
        with pytest.raises(Unauthorized):
            await hass.services.async_call(
                DOMAIN,
                "present_credential",
                {"device_id": site.ids["exit"], "access_type": "rex"},
                blocking=True,
                return_response=True,
                context=context,
            )
        with pytest.raises(Unauthorized):
            await delete_old(hass, 0, context=context)
        # a refused caller learns nothing about the reader either
        with pytest.raises(Unauthorized):
            await hass.services.async_call(
                DOMAIN,
                "present_credential",
                {"device_id": "ghost", "access_type": "pin", "credential": PIN_ALICE},
                blocking=True,
                return_response=True,
                context=context,
            )
    await hass.async_block_till_done()
    assert await rows(site) == before
    assert hass.states.get("lock.front_lock").state == "unlocked"  # from the first, admin-less call


async def test_admins_and_automations_may_call(
    hass: HomeAssistant, site: Site, hass_admin_user: MockUser
) -> None:
    admin = Context(user_id=hass_admin_user.id)
    response = await hass.services.async_call(
        DOMAIN,
        "present_credential",
        {"device_id": site.ids["keypad"], "access_type": "pin", "credential": PIN_BOB},
        blocking=True,
        return_response=True,
        context=admin,
    )
    assert response["result"] == "granted"
    automation = await present(hass, site.ids["reader"], "rfid", CARD_BOB)  # no user context
    assert automation["result"] == "granted"
    assert await delete_old(hass, 30, context=admin) == {"deleted": 0}


# --- delete_old_logs ----------------------------------------------------------------------------------


async def test_delete_old_logs_keep_zero_deletes_everything_before_now(
    hass: HomeAssistant, site: Site
) -> None:
    for _ in range(3):
        await present(hass, site.ids["keypad"], "pin", PIN_ALICE)
    assert len(await rows(site)) == 3
    assert await delete_old(hass, 0) == {"deleted": 3}
    assert await rows(site) == []
    assert await delete_old(hass, 0) == {"deleted": 0}
    # the log keeps working after a purge, with fresh ids
    response = await present(hass, site.ids["keypad"], "pin", PIN_ALICE)
    assert [r["id"] for r in await rows(site)] == [response["log_id"]]


async def test_delete_old_logs_keeps_recent_rows(
    hass: HomeAssistant, site: Site, freezer: FrozenDateTimeFactory
) -> None:
    start = dt_util.utcnow().replace(microsecond=0)
    freezer.move_to(start)
    old = await present(hass, site.ids["keypad"], "pin", PIN_ALICE)
    freezer.move_to(start + timedelta(days=1))
    middle = await present(hass, site.ids["keypad"], "pin", PIN_BOB)
    freezer.move_to(start + timedelta(days=2))
    new = await present(hass, site.ids["reader"], "rfid", CARD_BOB)

    # exactly keep_days old is not "strictly older": nothing goes
    assert await delete_old(hass, 2) == {"deleted": 0}
    freezer.tick(timedelta(seconds=1))
    assert await delete_old(hass, 2) == {"deleted": 1}
    assert [r["id"] for r in await rows(site)] == [new["log_id"], middle["log_id"]]
    assert old["log_id"] not in {r["id"] for r in await rows(site)}
    assert await delete_old(hass, "1") == {"deleted": 1}  # a whole number as text is fine
    assert [r["id"] for r in await rows(site)] == [new["log_id"]]


@pytest.mark.parametrize("keep_days", [-1, 1.5, "abc", "", None, True, [], "-1", 10**9])
async def test_delete_old_logs_bad_keep_days_deletes_nothing(
    hass: HomeAssistant, site: Site, keep_days: Any
) -> None:
    await present(hass, site.ids["keypad"], "pin", PIN_ALICE)
    before = await rows(site)
    with pytest.raises((ServiceValidationError, vol.Invalid)) as err:
        await delete_old(hass, keep_days)
    if isinstance(err.value, ServiceValidationError):
        assert err.value.translation_key == "invalid_keep_days"
        assert " " in str(err.value)
    assert await rows(site) == before


async def test_delete_old_logs_missing_keep_days(hass: HomeAssistant, site: Site) -> None:
    await present(hass, site.ids["keypad"], "pin", PIN_ALICE)
    with pytest.raises(vol.Invalid):
        await hass.services.async_call(
            DOMAIN, "delete_old_logs", {}, blocking=True, return_response=True
        )
    assert len(await rows(site)) == 1


# --- credentials never reach the log output -----------------------------------------------------------


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.fixture
def debug_log(hass: HomeAssistant) -> Generator[_Collect]:
    """Every log record at DEBUG level, from every logger (like caplog, without the plugin)."""
    handler = _Collect()
    root = logging.getLogger()
    old_level = root.level
    named = [logging.getLogger(n) for n in ("homeassistant", "custom_components")]
    old_named = [lg.level for lg in named]
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    for lg in named:
        lg.setLevel(logging.DEBUG)
    hass.bus.async_fire(EVENT_LOGGING_CHANGED)  # HA caches "is debug on" in a few places
    yield handler
    root.removeHandler(handler)
    root.setLevel(old_level)
    for lg, level in zip(named, old_named, strict=True):
        lg.setLevel(level)


def _text(record: logging.LogRecord) -> str:
    text = record.getMessage()
    if record.exc_info and record.exc_info[1] is not None:
        text += repr(record.exc_info[1])
    return text


async def _exercise_credentials(hass: HomeAssistant, site: Site) -> None:
    """Grants, duress, denials, malformed and failing calls, credential changes."""
    await present(hass, site.ids["keypad"], "pin", PIN_ALICE, snapshot="javascript:alert(1)")
    await present(hass, site.ids["keypad"], "pin", PIN_ALICE_DURESS)
    await present(hass, site.ids["keypad"], "pin", WRONG_PIN)
    await present(hass, site.ids["keypad"], "pin", "12")
    await present(hass, site.ids["reader"], "rfid", CARD_BOB)
    await present(hass, site.ids["reader"], "rfid", WRONG_CARD)
    for bad in (
        {"device_id": "ghost", "access_type": "pin", "credential": PIN_BOB},
        {"device_id": site.ids["keypad"], "access_type": "face", "credential": PIN_BOB},
    ):
        with pytest.raises((ServiceValidationError, vol.Invalid)):
            await hass.services.async_call(
                DOMAIN, "present_credential", bad, blocking=True, return_response=True
            )
    config = site.entry.runtime_data.config
    await config.async_update("users", site.ids["bob"], {"pins": [PIN_BOB, WRONG_PIN]})
    with pytest.raises(ServiceValidationError):
        await config.async_create("users", {"name": "Eve", "pins": [PIN_ALICE]})
    await hass.async_block_till_done()


WRONG_PIN = "424242"
WRONG_CARD = "9a8b7c6d"
SECRETS = (PIN_ALICE, PIN_ALICE_DURESS, PIN_BOB, WRONG_PIN, WRONG_CARD, CARD_BOB)


def _standalone(secret: str, text: str) -> bool:
    """The secret as a value of its own, not digits inside a timestamp or an id."""
    return re.search(rf"(?<![0-9A-Za-z]){secret}(?![0-9A-Za-z])", text) is not None


def _leaks(records: list[logging.LogRecord]) -> list[tuple[str, str]]:
    return [(r.name, _text(r)) for r in records if any(_standalone(s, _text(r)) for s in SECRETS)]


async def test_credentials_never_appear_in_the_integrations_log(
    hass: HomeAssistant, site: Site, debug_log: _Collect
) -> None:
    """Nothing gem_access logs (at any level) and nothing at INFO or above names a credential."""
    await hass.async_block_till_done()
    debug_log.records.clear()
    await _exercise_credentials(hass, site)

    assert debug_log.records, "the handler saw nothing: the check would be vacuous"
    ours = [r for r in debug_log.records if r.name.startswith("custom_components.gem_access")]
    assert any(r.levelno == logging.WARNING for r in ours)  # the ignored snapshot
    assert _leaks(ours) == []
    # sqlalchemy echoes SQL at INFO in the test harness only (see the recorder test below)
    loud = [
        r
        for r in debug_log.records
        if r.levelno >= logging.INFO and not r.name.startswith("sqlalchemy")
    ]
    assert _leaks(loud) == []


async def test_credentials_never_appear_in_the_debug_log(
    hass: HomeAssistant, site: Site, debug_log: _Collect
) -> None:
    """Not even HA core's debug lines of the service call ("Bus:Handling <Event call_service")."""
    await hass.async_block_till_done()
    debug_log.records.clear()
    await _exercise_credentials(hass, site)
    assert debug_log.records
    harness_echo = [r for r in debug_log.records if not r.name.startswith("sqlalchemy")]
    assert _leaks(harness_echo) == []


async def test_credentials_are_not_stored_in_the_recorder_database(
    hass: HomeAssistant, site: Site
) -> None:
    """The recorder keeps call_service events with their data: the credential must be blanked."""
    await _exercise_credentials(hass, site)
    await async_wait_recording_done(hass)

    def dump() -> str:
        with get_instance(hass).get_session() as session:
            parts = [
                str(row)
                for table, column in (
                    ("event_data", "shared_data"),
                    ("state_attributes", "shared_attrs"),
                    ("states", "state"),
                )
                for row in session.execute(text(f"SELECT {column} FROM {table}")).scalars()
            ]
        return "\n".join(parts)

    stored = await get_instance(hass).async_add_executor_job(dump)
    assert "present_credential" in stored  # the service calls were recorded, redacted
    # a secret stands alone as a value; inside a timestamp or an id ("...59.999921") it is chance
    leaked = {
        secret: match.group(0)
        for secret in SECRETS
        if (
            match := re.search(
                rf".{{0,40}}(?<![0-9A-Za-z]){secret}(?![0-9A-Za-z]).{{0,40}}", stored
            )
        )
    }
    assert leaked == {}
