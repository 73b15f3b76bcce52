"""What a homeowner meets in Home Assistant's own UI: devices, names, logbook, repairs, removal."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.components.recorder import get_instance
from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers import issue_registry as ir
from homeassistant.setup import async_setup_component
from pytest_homeassistant_custom_component.common import async_fire_time_changed
from sqlalchemy import text

from custom_components.gem_access import async_remove_config_entry_device
from custom_components.gem_access.backlog_issue import ISSUE_LOG_ROWS_WAITING
from custom_components.gem_access.const import DOMAIN
from custom_components.gem_access.entity_ids import EVENT_LOGBOOK, row_entity_id

from .conftest import PIN_ALICE, PIN_ALICE_DURESS, Site, present
from .test_db_outage import _accept_writes, _refuse_writes


def _device(hass: HomeAssistant, site: Site, kind: str, key: str) -> dr.DeviceEntry:
    device = dr.async_get(hass).async_get_device(
        {(DOMAIN, f"{site.entry.entry_id}-{kind}-{site.ids[key]}")}
    )
    assert device is not None
    return device


async def test_readers_sit_under_their_door_and_follow_panel_edits(
    hass: HomeAssistant, site: Site
) -> None:
    config = site.entry.runtime_data.config
    front, keypad = _device(hass, site, "door", "front"), _device(hass, site, "device", "keypad")
    hub = dr.async_get(hass).async_get_device({(DOMAIN, site.entry.entry_id)})
    assert hub is not None
    # the door's page lists its readers; doors hang off the hub
    assert keypad.via_device_id == front.id
    assert front.via_device_id == hub.id

    # a rename in the panel reaches the device (and so every entity name) at once
    await config.async_update("devices", site.ids["keypad"], {"name": "Porch keypad"})
    await hass.async_block_till_done()
    assert _device(hass, site, "device", "keypad").name == "Porch keypad"
    # a reader moved to another door moves under that door's device
    await config.async_update("devices", site.ids["keypad"], {"door_id": site.ids["back"]})
    await hass.async_block_till_done()
    back = _device(hass, site, "door", "back")
    assert _device(hass, site, "device", "keypad").via_device_id == back.id


async def test_door_entity_is_named_as_the_door(hass: HomeAssistant, site: Site) -> None:
    # "Front door", not "Front door Door"
    state = hass.states.get("binary_sensor.front_door")
    assert state is not None
    assert state.attributes["friendly_name"] == "Front door"
    forced = hass.states.get("binary_sensor.front_door_forced")
    assert forced is not None and forced.attributes["friendly_name"] == "Front door Forced"


async def test_only_leftover_devices_can_be_deleted(hass: HomeAssistant, site: Site) -> None:
    dev_reg = dr.async_get(hass)
    entry = site.entry
    keypad = _device(hass, site, "device", "keypad")
    hub = dev_reg.async_get_device({(DOMAIN, entry.entry_id)})
    assert hub is not None
    assert not await async_remove_config_entry_device(hass, entry, keypad)
    assert not await async_remove_config_entry_device(hass, entry, hub)
    # a device whose reader is gone (e.g. deleted by an older version) may go
    leftover = dev_reg.async_get_or_create(
        config_entry_id=entry.entry_id, identifiers={(DOMAIN, f"{entry.entry_id}-device-gone")}
    )
    assert await async_remove_config_entry_device(hass, entry, leftover)


async def test_stale_devices_go_at_the_next_start(hass: HomeAssistant, site: Site) -> None:
    dev_reg = dr.async_get(hass)
    entry = site.entry
    dev_reg.async_get_or_create(
        config_entry_id=entry.entry_id, identifiers={(DOMAIN, f"{entry.entry_id}-door-gone")}
    )
    assert await hass.config_entries.async_reload(entry.entry_id)
    await hass.async_block_till_done()
    assert dev_reg.async_get_device({(DOMAIN, f"{entry.entry_id}-door-gone")}) is None
    assert _device(hass, site, "door", "front") is not None


async def test_logbook_lines_belong_to_the_reader_door_or_switch(
    hass: HomeAssistant, site: Site
) -> None:
    ids = site.ids
    entry_id = site.entry.entry_id
    reader_row = {"device_id": ids["keypad"], "door_id": ids["front"], "result": "granted"}
    assert row_entity_id(hass, entry_id, reader_row) == "event.front_keypad_access"
    forced = {"device_id": None, "door_id": ids["front"], "result": "forced"}
    assert row_entity_id(hass, entry_id, forced) == "binary_sensor.front_door_forced"
    lockdown = {"device_id": None, "door_id": None, "result": "denied", "reason": "lockdown"}
    assert row_entity_id(hass, entry_id, lockdown) == "switch.gem_access_lockdown"

    # through the logbook itself: the line names the reader's entity, and no person
    # (the logbook needs HA's frontend package, which pin B's test venv does not carry)
    pytest.importorskip("hass_frontend")
    assert await async_setup_component(hass, "logbook", {})
    await present(hass, ids["keypad"], "pin", PIN_ALICE)
    await hass.async_block_till_done()
    from homeassistant.components.logbook.processor import EventProcessor
    from homeassistant.util import dt as dt_util

    await get_instance(hass).async_block_till_done()
    now = dt_util.utcnow()
    processor = EventProcessor(hass, (EVENT_LOGBOOK,), entity_ids=["event.front_keypad_access"])
    lines = await get_instance(hass).async_add_executor_job(
        processor.get_events, now - timedelta(minutes=5), now + timedelta(minutes=1)
    )
    ours = [line for line in lines if line.get("domain") == DOMAIN]
    assert ours and ours[0]["entity_id"] == "event.front_keypad_access"
    assert ours[0]["message"] == "access granted at Front keypad"
    assert "Alice" not in str(ours)

    # a duress grant reads as any grant, even in the logbook event's raw data
    seen: list[Any] = []
    hass.bus.async_listen(EVENT_LOGBOOK, seen.append)
    await present(hass, ids["keypad"], "pin", PIN_ALICE_DURESS)
    await hass.async_block_till_done()
    assert seen[0].data["reason"] == "success" and "user_name" not in seen[0].data


@pytest.mark.parametrize("persistent_database", [True])
async def test_database_refusing_rows_raises_a_repair_until_written(
    hass: HomeAssistant, site: Site, freezer: FrozenDateTimeFactory
) -> None:
    issues = ir.async_get(hass)
    db_path = await _refuse_writes(hass)
    try:
        await present(hass, site.ids["keypad"], "pin", PIN_ALICE)
        await hass.async_block_till_done()
        # one refusal is retried quietly
        assert issues.async_get_issue(DOMAIN, ISSUE_LOG_ROWS_WAITING) is None
        freezer.tick(timedelta(seconds=31))
        async_fire_time_changed(hass)
        await hass.async_block_till_done()
        issue = issues.async_get_issue(DOMAIN, ISSUE_LOG_ROWS_WAITING)
        assert issue is not None and issue.translation_placeholders
        assert issue.translation_placeholders["count"] == "1"
    finally:
        await _accept_writes(hass, db_path)
    freezer.tick(timedelta(seconds=31))
    async_fire_time_changed(hass)
    await hass.async_block_till_done()
    assert issues.async_get_issue(DOMAIN, ISSUE_LOG_ROWS_WAITING) is None


async def test_options_show_units(hass: HomeAssistant, site: Site) -> None:
    form = await hass.config_entries.options.async_init(site.entry.entry_id)
    from homeassistant.helpers import config_validation as cv
    from voluptuous_serialize import convert

    fields = {f["name"]: f for f in convert(form["data_schema"], custom_serializer=cv.custom_serializer)}
    assert fields["retention_days"]["selector"]["number"]["unit_of_measurement"] == "d"
    assert fields["cooldown_s"]["selector"]["number"]["unit_of_measurement"] == "s"


async def test_removing_the_integration_deletes_its_files_not_the_log(
    hass: HomeAssistant, site: Site
) -> None:
    await present(hass, site.ids["keypad"], "pin", PIN_ALICE)
    await hass.async_block_till_done()
    config_dir = Path(hass.config.config_dir)
    media = config_dir / "gem_access" / "media" / "2026" / "01" / "01"
    media.mkdir(parents=True)
    (media / "1.jpg").write_bytes(b"x")
    photos = config_dir / ".storage" / "gem_access_photos"
    photos.mkdir(parents=True, exist_ok=True)
    (photos / "alice.jpg").write_bytes(b"x")
    storage = config_dir / ".storage"
    # the harness keeps Store data in memory: put the files where HA writes them
    for name in (
        "gem_access.config",
        "gem_access.runtime",
        "gem_access.secret",
        "gem_access.face_embeddings",
    ):
        (storage / name).write_text("{}")
    (config_dir / ".storage" / "core.keep").write_text("{}")  # not ours: stays

    assert await hass.config_entries.async_remove(site.entry.entry_id)
    await hass.async_block_till_done()
    assert not list(storage.glob("gem_access*"))
    assert not (config_dir / "gem_access").exists()
    assert (storage / "core.keep").exists()

    # the audit trail stays in the recorder's database until the admin drops it
    def count() -> Any:
        with get_instance(hass).get_session() as session:
            return session.execute(text("SELECT COUNT(*) FROM gem_access_log")).scalar()

    assert await get_instance(hass).async_add_executor_job(count) == 1
