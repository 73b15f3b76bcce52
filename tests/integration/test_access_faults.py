"""The access path when the things it drives fail: a duress script that is gone, an actuator that
refuses to open, a database that refuses to change a row. The event is never lost: its row is
written with what failed, the alarm still reaches automations, the caller gets a clear error.
"""

from __future__ import annotations

import base64
import logging
from typing import Any

import pytest
from homeassistant.components.recorder import get_instance
from homeassistant.core import Event, HomeAssistant
from homeassistant.exceptions import HomeAssistantError

from .conftest import PIN_ALICE, PIN_ALICE_DURESS, Site, present
from .test_capture import FACE, captures_done, media_files
from .test_db_outage import _sql
from .test_media_housekeeping import REFUSE_UPDATES
from .test_readers import all_rows

LOCKDOWN = "switch.gem_access_lockdown"


async def without_duress_script(site: Site) -> None:
    """The rule's duress script was deleted (or renamed) in HA after the rule was saved."""
    await site.entry.runtime_data.config.async_update(
        "rules", site.ids["rule"], {"duress_script_entity_id": "script.silent_alarm"}
    )


def listen(hass: HomeAssistant) -> list[Event]:
    seen: list[Event] = []
    hass.bus.async_listen("gem_access_event", seen.append)
    return seen


async def test_duress_with_its_script_gone_still_opens_and_still_alarms(
    hass: HomeAssistant, site: Site
) -> None:
    await without_duress_script(site)
    events = listen(hass)

    response = await present(hass, site.ids["keypad"], "pin", PIN_ALICE_DURESS)
    await hass.async_block_till_done()

    # at the door it looks like any grant, and the door opens
    assert response["result"] == "granted"
    assert hass.states.get("lock.front_lock").state == "unlocked"
    # automations still learn of the duress; the row says the script could not run
    assert [(e.data["result"], e.data["reason"]) for e in events] == [("granted", "duress")]
    row = await site.entry.runtime_data.logs.async_get(response["log_id"])
    assert row is not None and row["reason"] == "duress"
    assert "duress script failed: script.silent_alarm does not exist" in row["action_details"]


async def test_duress_during_lockdown_with_its_script_gone_is_still_logged(
    hass: HomeAssistant, site: Site
) -> None:
    await without_duress_script(site)
    await hass.services.async_call("switch", "turn_on", {"entity_id": LOCKDOWN}, blocking=True)
    events = listen(hass)

    response = await present(hass, site.ids["keypad"], "pin", PIN_ALICE_DURESS)
    await hass.async_block_till_done()

    assert (response["result"], response["reason"]) == ("denied", "lockdown")
    assert hass.states.get("lock.front_lock").state == "locked"
    row = await site.entry.runtime_data.logs.async_get(response["log_id"])
    assert row is not None and row["user_id"] == site.ids["alice"]
    assert "duress script failed: script.silent_alarm does not exist" in row["action_details"]
    assert len(events) == 1


async def test_lockdown_switched_on_twice_is_one_lockdown(hass: HomeAssistant, site: Site) -> None:
    for _ in range(2):
        await hass.services.async_call("switch", "turn_on", {"entity_id": LOCKDOWN}, blocking=True)
    await hass.async_block_till_done()
    rows = await all_rows(site, reason="lockdown")
    assert [row["action_details"] for row in rows] == ["lockdown started by an automation"]


async def test_remote_unlock_that_the_strike_refuses_is_an_error_row_and_an_error(
    hass: HomeAssistant, site: Site
) -> None:
    """The strike's own action fails (its relay board is gone): the admin sees an error, the log
    an ``action_failed`` row; nobody is told the door opened."""
    # the back door's strike is a template switch driving input_boolean.strike; that
    # integration's service is gone (its hardware integration failed to load)
    hass.services.async_remove("input_boolean", "turn_on")
    with pytest.raises(HomeAssistantError):
        await hass.services.async_call(
            "lock", "unlock", {"entity_id": "lock.back_door_lock"}, blocking=True
        )
    await hass.async_block_till_done()

    rows = await all_rows(site, door_id=site.ids["back"])
    assert [(r["result"], r["reason"]) for r in rows] == [("error", "action_failed")]
    assert "switch.turn_on failed" in rows[0]["action_details"]
    assert hass.states.get("lock.back_door_lock").state == "locked"


@pytest.mark.parametrize("persistent_database", [True])
async def test_a_picture_the_database_will_not_record_is_not_left_on_disk(
    hass: HomeAssistant, site: Site, caplog: pytest.LogCaptureFixture
) -> None:
    """The row is written, but pointing it at its picture is refused: the row stays as it was
    (no picture), a warning names it, and the stored file is removed rather than orphaned."""
    instance = get_instance(hass)
    if instance.dialect_name != "sqlite":
        pytest.skip("adds a trigger to the SQLite file from a second connection")
    db_path = instance.db_url.removeprefix("sqlite:///")
    picture = "data:image/jpeg;base64," + base64.b64encode(FACE.read_bytes()).decode()
    await _sql(hass, db_path, REFUSE_UPDATES)
    try:
        response = await present(hass, site.ids["keypad"], "pin", PIN_ALICE, snapshot=picture)
        await captures_done(hass)
    finally:
        await _sql(hass, db_path, "DROP TRIGGER refuse_access_updates")

    assert response["result"] == "granted"
    row: dict[str, Any] | None = await site.entry.runtime_data.logs.async_get(response["log_id"])
    assert row is not None and row["has_snapshot"] is False
    assert media_files(hass) == []
    assert any(
        r.levelno == logging.WARNING
        and f"Could not update access log row {response['log_id']}" in r.getMessage()
        for r in caplog.records
    )
