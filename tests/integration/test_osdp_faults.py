"""OSDP reader faults as an installer meets them in Home Assistant: a tampered or failing reader is
one error row each, an unplugged reader an error row and (after minutes) a repair that goes when
it is back, and a Home Assistant without libosdp a repair that names the cause.

The readers are libosdp's own reader side (PD) on a real pty pair, as in ``test_osdp``.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import sys
import tty
from collections.abc import AsyncGenerator
from dataclasses import dataclass
from typing import Any

import osdp_sys
import pytest
from homeassistant.core import HomeAssistant
from homeassistant.helpers import issue_registry as ir

from custom_components.gem_access import drivers as drivers_package
from custom_components.gem_access.const import DOMAIN
from custom_components.gem_access.drivers import manager as manager_module
from custom_components.gem_access.drivers.manager import issue_id
from custom_components.gem_access.drivers.osdp_keys import (
    OSDP_KEYS_STORAGE_KEY,
    OsdpKeyStore,
    parse_scbk,
)

from .conftest import Site
from .test_osdp import OFFLINE_S, ONLINE_S, Reader, Wire, keys, wait_until, wiegand26
from .test_readers import add_reader, all_rows, wait_row


@dataclass
class Pty:
    """The RS-485 adapter's port (``port``) and the wire the readers sit on."""

    port: str
    wire: Wire


@pytest.fixture
async def pty() -> AsyncGenerator[Pty]:
    master, slave = os.openpty()
    tty.setraw(master)
    tty.setraw(slave)
    os.set_blocking(master, False)
    yield Pty(os.ttyname(slave), Wire(master))
    for fd in (master, slave):
        with contextlib.suppress(OSError):
            os.close(fd)


@contextlib.asynccontextmanager
async def running(reader: Reader) -> AsyncGenerator[Reader]:
    task = asyncio.get_running_loop().create_task(reader.run())
    try:
        yield reader
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


async def test_tamper_power_and_unplugging_are_error_rows_and_a_repair(
    hass: HomeAssistant, site: Site, pty: Pty, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the repair for a reader offline "for minutes" comes after seconds here
    monkeypatch.setattr(manager_module, "OFFLINE_REPAIR_S", 1.0)
    issues = ir.async_get(hass)
    async with running(Reader(pty.wire, 1, None)) as reader:
        device_id = await add_reader(
            site, "Side OSDP", "front", "osdp", port=pty.port, address=1, baudrate=115200
        )
        manager = site.entry.runtime_data.readers
        await wait_until(lambda: manager.is_online(device_id), ONLINE_S, "the reader online")

        local = {"event": osdp_sys.EVENT_STATUS, "type": osdp_sys.STATUS_REPORT_LOCAL}
        reader.submit({**local, "report": b"\x01\x01"})  # tamper and power at once
        errors = await wait_row(hass, site, 2, device_id=device_id, result="error")
        assert sorted(row["action_details"] for row in errors) == [
            "reader power failure",
            "reader tamper",
        ]
        assert {row["reason"] for row in errors} == {"device_error"}
        reader.submit({**local, "report": b"\x00\x00"})  # cleared: no row for good news
        # a card that fails its parity check opens nothing and logs no access attempt,
        bad = wiegand26(99, 9999)
        reader.submit({**bad, "data": bytes([bad["data"][0] ^ 0x80]) + bad["data"][1:]})
        # nor does a stuck key (a PIN far longer than any PIN)
        reader.submit(keys(b"1" * 40 + b"#"))
        await asyncio.sleep(0.5)
        assert len(await all_rows(site, device_id=device_id)) == 2

        reader.power_off()
        await wait_until(lambda: not manager.is_online(device_id), OFFLINE_S, "the reader offline")
        offline = await wait_row(hass, site, 3, device_id=device_id, result="error")
        assert offline[0]["action_details"] == "OSDP reader offline"
        await wait_until(
            lambda: issues.async_get_issue(DOMAIN, issue_id("offline", device_id)) is not None,
            5,
            "the offline repair",
        )
        issue = issues.async_get_issue(DOMAIN, issue_id("offline", device_id))
        assert issue is not None and issue.translation_placeholders
        assert issue.translation_placeholders["reader"] == "Side OSDP"

        # plugged back: online again (within the bus's retry period) and the repair is gone
        reader.power_on()
        await wait_until(lambda: manager.is_online(device_id), 15, "the reader back online")
        assert issues.async_get_issue(DOMAIN, issue_id("offline", device_id)) is None
        assert len(await all_rows(site, device_id=device_id, result="error")) == 3

        # a reader taken out of service while offline: its outage raises nothing any more
        reader.power_off()
        await wait_until(lambda: not manager.is_online(device_id), OFFLINE_S, "offline again")
        await site.entry.runtime_data.config.async_delete("devices", device_id)
        await asyncio.sleep(1.5)
        await hass.async_block_till_done()
        assert issues.async_get_issue(DOMAIN, issue_id("offline", device_id)) is None
    await hass.config_entries.async_unload(site.entry.entry_id)
    await hass.async_block_till_done()


async def test_without_libosdp_an_osdp_reader_is_a_repair_not_a_crash(
    hass: HomeAssistant, site: Site, pty: Pty, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Home Assistant OS installs without the libosdp wheel: the reader reads nothing, says why in a
    repair, and the rest of GEM Access works; the repair goes with the reader."""
    # what a Python without the libosdp package looks like to the import in the driver
    monkeypatch.setitem(sys.modules, "osdp_sys", None)
    monkeypatch.delitem(sys.modules, "custom_components.gem_access.drivers.osdp")
    monkeypatch.delattr(drivers_package, "osdp")
    issues = ir.async_get(hass)

    device_id = await add_reader(site, "Gate OSDP", "front", "osdp", port=pty.port, address=3)
    await hass.async_block_till_done()

    issue = issues.async_get_issue(DOMAIN, issue_id("osdp_unavailable", device_id))
    assert issue is not None and issue.translation_placeholders
    assert issue.translation_placeholders == {
        "reader": "Gate OSDP",
        "reason": "libosdp is not installed",
    }
    manager = site.entry.runtime_data.readers
    assert not manager.is_online(device_id)
    assert manager.driver_status(device_id)["online"] is False
    # the other readers carry on
    response = await hass.services.async_call(
        DOMAIN,
        "present_credential",
        {"device_id": site.ids["keypad"], "access_type": "pin", "credential": "1234"},
        blocking=True,
        return_response=True,
    )
    assert response is not None and response["result"] == "granted"

    await site.entry.runtime_data.config.async_delete("devices", device_id)
    await hass.async_block_till_done()
    assert issues.async_get_issue(DOMAIN, issue_id("osdp_unavailable", device_id)) is None


async def test_a_damaged_key_file_entry_costs_that_reader_its_key_only(
    hass: HomeAssistant, hass_storage: dict[str, Any]
) -> None:
    """One key mangled on disk (hand-edited, half-restored): that reader has no key (the panel
    shows it and the installer sets it again), the others keep theirs; a wrong-length key is
    refused rather than stored, and removing a key really removes it."""
    good = "00112233445566778899aabbccddeeff"
    hass_storage[OSDP_KEYS_STORAGE_KEY] = {
        "version": 1,
        "key": OSDP_KEYS_STORAGE_KEY,
        "data": {"keys": {"door": good, "gate": "00112233", "yard": 42}},
    }
    store = OsdpKeyStore(hass)
    await store.async_load()
    assert store.has_key("door") and store.key("door") == bytes.fromhex(good)
    assert not store.has_key("gate") and not store.has_key("yard")

    with pytest.raises(ValueError):
        await store.async_set_key("gate", bytes(15))
    with pytest.raises(TypeError):
        parse_scbk(bytes(16))  # type: ignore[arg-type]
    assert not store.has_key("gate")

    await store.async_set_key("door", None)
    await store.async_set_key("door", None)  # already gone: nothing to do
    reloaded = OsdpKeyStore(hass)
    await reloaded.async_load()
    assert not reloaded.has_key("door")
    spec = await reloaded.async_reader_spec("door", 4, install_mode=False)
    assert spec.scbk is None
