"""Reader drivers on a real HA: serial line readers on real ptys, HA tag scans on the real bus."""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import time
import tty
from collections.abc import AsyncGenerator, Callable
from datetime import timedelta
from pathlib import Path
from typing import Any
from unittest.mock import patch

import pytest
from homeassistant.config_entries import ConfigEntryState
from homeassistant.const import STATE_UNAVAILABLE
from homeassistant.core import HomeAssistant
from homeassistant.helpers import issue_registry as ir
from homeassistant.util import dt as dt_util
from pytest_homeassistant_custom_component.common import async_fire_time_changed
from pytest_homeassistant_custom_component.components.diagnostics import (
    get_diagnostics_for_config_entry,
)

from custom_components.gem_access.const import DOMAIN
from custom_components.gem_access.core.wiegand import encode_card, encode_key
from custom_components.gem_access.drivers import INPUT_QUEUE_MAX
from custom_components.gem_access.drivers.manager import OFFLINE_REPAIR_S
from custom_components.gem_access.errors import GemAccessError
from custom_components.gem_access.logstore.rows import LogFilter

from .conftest import CARD_BOB, PIN_ALICE, PIN_ALICE_DURESS, Site, present

TIMEOUT_S = 10.0
TAG = "3b2b1c9e-0b0c-4a8e-9d8b-6c7b1f2e3a4d"


class Pty:
    """A pty pair: the test writes as the reader on the master, the integration opens the slave."""

    def __init__(self) -> None:
        self.master, self.slave = os.openpty()
        tty.setraw(self.slave)  # no echo, no CR/LF translation
        os.set_blocking(self.master, False)
        self.path = os.ttyname(self.slave)
        self.master_open = True

    def send(self, data: bytes) -> None:
        os.write(self.master, data)

    async def reply(self, wait_s: float = TIMEOUT_S) -> bytes:
        """The next line the integration wrote back."""
        received = b""
        deadline = time.monotonic() + wait_s
        while not received.endswith(b"\n"):
            try:
                received += os.read(self.master, 64)
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise TimeoutError(f"no reply, got {received!r}") from None
                await asyncio.sleep(0.01)
        return received

    def close_master(self) -> None:
        if self.master_open:
            os.close(self.master)
            self.master_open = False

    def close(self) -> None:
        self.close_master()
        with contextlib.suppress(OSError):
            os.close(self.slave)


@pytest.fixture
async def ptys(hass: HomeAssistant, site: Site) -> AsyncGenerator[Callable[[], Pty]]:
    """Pty pairs, closed only after the readers stopped (a closed pty is an outage row)."""
    made: list[Pty] = []

    def make() -> Pty:
        made.append(Pty())
        return made[-1]

    yield make
    if site.entry.state is ConfigEntryState.LOADED:
        await hass.config_entries.async_unload(site.entry.entry_id)
        await hass.async_block_till_done()
    for pty in made:
        pty.close()


def _opened_by_us(path: str) -> int:
    """How many of this process's file descriptors are open on ``path``."""
    count = 0
    for fd in Path("/proc/self/fd").iterdir():
        with contextlib.suppress(OSError):
            if fd.readlink() == Path(path):
                count += 1
    return count


async def wait_port_open(pty: Pty) -> None:
    """Wait until the integration has the slave open (ours is one fd, its port the second)."""
    deadline = time.monotonic() + TIMEOUT_S
    while _opened_by_us(pty.path) < 2:
        assert time.monotonic() < deadline, f"{pty.path} never opened"
        await asyncio.sleep(0.02)
    # the port flushes its input while it is being opened: let the open finish
    await asyncio.sleep(0.3)


async def all_rows(site: Site, **filters: Any) -> list[dict[str, Any]]:
    """All rows, newest first."""
    found, _ = await site.entry.runtime_data.logs.async_list(LogFilter(**filters), 1000, None)
    return found


async def wait_row(
    hass: HomeAssistant, site: Site, count: int = 1, **filters: Any
) -> list[dict[str, Any]]:
    """Poll the log until at least ``count`` rows match; newest first."""
    deadline = time.monotonic() + TIMEOUT_S
    while True:
        await hass.async_block_till_done()
        found = await all_rows(site, **filters)
        if len(found) >= count:
            return found
        assert time.monotonic() < deadline, f"no row for {filters}: {await all_rows(site)}"
        await asyncio.sleep(0.05)


async def add_reader(
    site: Site, name: str, door: str, driver: str, *, rex_allowed: bool = False, **options: Any
) -> str:
    """A new reader at ``door``, covered by the standard rule."""
    config = site.entry.runtime_data.config
    device = await config.async_create(
        "devices",
        {
            "name": name,
            "door_id": site.ids[door],
            "driver": driver,
            "driver_options": options,
            "rex_allowed": rex_allowed,
        },
    )
    rule = config.items("rules")[site.ids["rule"]]
    await config.async_update(
        "rules", site.ids["rule"], {"device_ids": [*rule["device_ids"], device["id"]]}
    )
    return str(device["id"])


# --- serial readers ----------------------------------------------------------------------------


async def test_serial_reader_grants_denies_disconnects_and_moves(
    hass: HomeAssistant, site: Site, ptys: Callable[[], Pty]
) -> None:
    pty = ptys()
    side = await add_reader(
        site, "Side keypad", "front", "serial", port=pty.path, baudrate=115200, rex_allowed=True
    )
    await wait_port_open(pty)

    pty.send(b"PIN:" + PIN_ALICE.encode() + b"\r\n")
    granted = await wait_row(hass, site, device_id=side, result="granted")
    assert granted[0]["user_id"] == site.ids["alice"]
    assert granted[0]["access_type"] == "pin" and granted[0]["reason"] == "success"
    assert await pty.reply() == b"OK\n"

    # garbage in between is ignored: no row, no reply
    pty.send(b"HELLO\r\n\x00\xff\xfe\r\n" + b"x" * 400 + b"\n")
    pty.send(b"pin:0000\r\n")
    denied = await wait_row(hass, site, device_id=side, result="denied")
    assert denied[0]["reason"] == "unknown_credential" and denied[0]["user_id"] is None
    assert await pty.reply() == b"NO\n"

    pty.send(b"REX\n")
    rex = await wait_row(hass, site, device_id=side, access_type="rex")
    assert rex[0]["result"] == "granted"
    assert await pty.reply() == b"OK\n"
    assert len(await all_rows(site, device_id=side)) == 3
    # the credential is in no row (as a number of its own: a timestamp's microseconds or a
    # hex id may contain "1234" by chance)
    pin_alone = re.compile(rf"(?<!\d){PIN_ALICE}(?!\d)")
    assert not any(pin_alone.search(str(v)) for r in await all_rows(site) for v in r.values())

    # unplugged: one device_error row for the outage, however many reconnects fail
    pty.close_master()
    errors = await wait_row(hass, site, device_id=side, reason="device_error")
    assert errors[0]["result"] == "error" and errors[0]["access_type"] is None
    assert errors[0]["action_details"] == f"reader disconnected: {pty.path}"
    assert errors[0]["door_id"] == site.ids["front"]
    await asyncio.sleep(2.0)  # retries at 0.5 s, 1 s, ...
    await hass.async_block_till_done()
    assert len(await all_rows(site, device_id=side, reason="device_error")) == 1

    # plugged in elsewhere: moving the reader to the new port restarts it there
    moved = ptys()
    await site.entry.runtime_data.config.async_update(
        "devices", side, {"driver_options": {"port": moved.path}}
    )
    await wait_port_open(moved)
    moved.send(b"PIN:" + PIN_ALICE.encode() + b"\r\n")
    await wait_row(hass, site, 2, device_id=side, result="granted", access_type="pin")
    assert await moved.reply() == b"OK\n"
    assert len(await all_rows(site, device_id=side, reason="device_error")) == 1


async def test_serial_reader_unrelated_changes_keep_connection(
    hass: HomeAssistant, site: Site, ptys: Callable[[], Pty]
) -> None:
    pty = ptys()
    side = await add_reader(site, "Side keypad", "front", "serial", port=pty.path)
    await wait_port_open(pty)
    # a user change does not reopen the port (a reopen would flush this line)
    pty.send(b"CARD:")
    await site.entry.runtime_data.config.async_update(
        "users", site.ids["alice"], {"name": "Alice A."}
    )
    await hass.async_block_till_done()
    pty.send(CARD_BOB.encode() + b"\r\n")
    row = (await wait_row(hass, site, device_id=side))[0]
    assert (row["result"], row["user_id"], row["access_type"]) == (
        "granted",
        site.ids["bob"],
        "rfid",
    )
    assert await pty.reply() == b"OK\n"
    assert _opened_by_us(pty.path) == 2


async def test_serial_port_missing_at_start_is_one_error(hass: HomeAssistant, site: Site) -> None:
    port = "/dev/serial/by-id/usb-gem-access-test-missing-keypad"
    side = await add_reader(site, "Garage keypad", "back", "serial", port=port)
    errors = await wait_row(hass, site, device_id=side, reason="device_error")
    assert errors[0]["action_details"] == f"reader disconnected: {port}"
    await asyncio.sleep(1.8)
    await hass.async_block_till_done()
    assert len(await all_rows(site, device_id=side)) == 1


async def test_serial_silence_watchdog(
    hass: HomeAssistant, site: Site, ptys: Callable[[], Pty]
) -> None:
    pty = ptys()
    side = await add_reader(
        site,
        "Quiet keypad",
        "front",
        "serial",
        port=pty.path,
        silence_timeout_s=1,
        rex_allowed=True,
    )
    await wait_port_open(pty)
    errors = await wait_row(hass, site, device_id=side, reason="device_error")
    assert errors[0]["action_details"] == f"reader silent for 1 s: {pty.path}"
    await asyncio.sleep(1.5)
    await hass.async_block_till_done()
    assert len(await all_rows(site, device_id=side, reason="device_error")) == 1
    # still connected: input is read as usual
    pty.send(b"EXIT\r\n")
    await wait_row(hass, site, device_id=side, access_type="rex")
    assert await pty.reply() == b"OK\n"


async def wait_state(
    hass: HomeAssistant, entity_id: str, available: bool, wait_s: float = TIMEOUT_S
) -> None:
    """Wait until the entity is (un)available."""
    deadline = time.monotonic() + wait_s
    while True:
        state = hass.states.get(entity_id)
        assert state is not None, entity_id
        if (state.state != STATE_UNAVAILABLE) == available:
            return
        assert time.monotonic() < deadline, f"{entity_id} is still {state.state}"
        await asyncio.sleep(0.05)


async def test_reader_event_entity_unavailable_while_port_is_lost(
    hass: HomeAssistant, site: Site, ptys: Callable[[], Pty]
) -> None:
    pty = ptys()
    side = await add_reader(site, "Side keypad", "front", "serial", port=pty.path)
    entity_id = "event.side_keypad_access"
    await wait_port_open(pty)
    await wait_state(hass, entity_id, available=True)
    # a virtual reader (fed by the service) is always available
    assert hass.states.get("event.front_keypad_access").state != STATE_UNAVAILABLE

    pty.close_master()  # unplugged
    await wait_state(hass, entity_id, available=False)
    await wait_row(hass, site, device_id=side, reason="device_error")

    moved = ptys()  # plugged in again (a new port)
    await site.entry.runtime_data.config.async_update(
        "devices", side, {"driver_options": {"port": moved.path}}
    )
    await wait_port_open(moved)
    await wait_state(hass, entity_id, available=True)
    moved.send(b"PIN:" + PIN_ALICE.encode() + b"\r\n")
    assert await moved.reply() == b"OK\n"
    await wait_row(hass, site, device_id=side, result="granted")  # the entity fires with the row
    state = hass.states.get(entity_id)
    assert state.attributes["event_type"] == "granted"

    # a reader whose port never opens is unavailable from the start
    missing = await add_reader(
        site, "Garage keypad", "back", "serial", port="/dev/serial/by-id/gem-test-missing"
    )
    await wait_row(hass, site, device_id=missing, reason="device_error")
    assert hass.states.get("event.garage_keypad_access").state == STATE_UNAVAILABLE


async def test_serial_reader_reconnects_to_network_converter(
    hass: HomeAssistant, site: Site, socket_enabled: None
) -> None:
    """A ``socket://`` converter that drops the connection: unavailable, then back by itself."""
    connections: asyncio.Queue[tuple[asyncio.StreamReader, asyncio.StreamWriter]] = asyncio.Queue()

    async def accept(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await connections.put((reader, writer))

    server = await asyncio.start_server(accept, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    try:
        side = await add_reader(
            site, "Gate keypad", "front", "serial", port=f"socket://127.0.0.1:{port}"
        )
        entity_id = "event.gate_keypad_access"
        reader, writer = await asyncio.wait_for(connections.get(), TIMEOUT_S)
        await wait_state(hass, entity_id, available=True)
        writer.write(b"PIN:" + PIN_ALICE.encode() + b"\r\n")
        assert await asyncio.wait_for(reader.readline(), TIMEOUT_S) == b"OK\n"

        writer.close()  # the converter drops the line
        await wait_state(hass, entity_id, available=False)
        reader, writer = await asyncio.wait_for(connections.get(), TIMEOUT_S)  # reconnected
        await wait_state(hass, entity_id, available=True)
        writer.write(b"PIN:0000\r\n")
        assert await asyncio.wait_for(reader.readline(), TIMEOUT_S) == b"NO\n"
        rows = await wait_row(hass, site, 3, device_id=side)
        assert [r["reason"] for r in rows] == ["unknown_credential", "device_error", "success"]
        await hass.config_entries.async_unload(site.entry.entry_id)
        await hass.async_block_till_done()
        writer.close()
    finally:
        server.close()
        await server.wait_closed()


async def test_serial_reader_answers_while_a_row_waits_for_the_database(
    hass: HomeAssistant, site: Site, ptys: Callable[[], Pty], monkeypatch: pytest.MonkeyPatch
) -> None:
    pty = ptys()
    side = await add_reader(site, "Side keypad", "front", "serial", port=pty.path)
    await wait_port_open(pty)
    logs = site.entry.runtime_data.logs
    original = logs.async_insert
    unlocked = asyncio.Event()
    blocked: list[str] = []

    async def insert_behind_write_lock(entry: Any) -> dict[str, Any]:
        # SQLite's write lock is held elsewhere: the row waits (up to minutes in real life)
        blocked.append(entry.result)
        await unlocked.wait()
        return await original(entry)

    monkeypatch.setattr(logs, "async_insert", insert_behind_write_lock)

    pty.send(b"PIN:" + PIN_ALICE.encode() + b"\r\n")
    assert await pty.reply() == b"OK\n"
    assert hass.states.get("input_boolean.front_unlocked").state == "on"  # the door opened
    pty.send(b"PIN:0000\r\n")
    assert await pty.reply() == b"NO\n"  # the next person is answered meanwhile
    assert blocked[0] == "granted"
    assert await all_rows(site, device_id=side) == []

    unlocked.set()
    rows = await wait_row(hass, site, 2, device_id=side)
    assert [(r["result"], r["user_id"]) for r in rows] == [
        ("denied", None),
        ("granted", site.ids["alice"]),
    ]
    assert rows[0]["id"] > rows[1]["id"]  # written in the order they were decided


async def test_serial_reader_queue_is_bounded(
    hass: HomeAssistant,
    site: Site,
    ptys: Callable[[], Pty],
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    pty = ptys()
    side = await add_reader(site, "Side keypad", "front", "serial", port=pty.path)
    await wait_port_open(pty)
    controller = site.entry.runtime_data.controller
    original = controller.async_present
    go_on = asyncio.Event()
    started = asyncio.Event()

    async def slow_present(*args: Any, **kwargs: Any) -> dict[str, Any]:
        started.set()
        await go_on.wait()  # a door action that hangs
        return await original(*args, **kwargs)

    monkeypatch.setattr(controller, "async_present", slow_present)
    pty.send(b"PIN:0000\r\n")
    await asyncio.wait_for(started.wait(), TIMEOUT_S)
    extra = 5
    pty.send(b"PIN:0000\r\n" * (INPUT_QUEUE_MAX + extra))
    manager = site.entry.runtime_data.readers
    assert manager is not None
    deadline = time.monotonic() + TIMEOUT_S
    while manager.dropped_inputs.get(side, 0) < extra:
        assert time.monotonic() < deadline, manager.dropped_inputs
        await asyncio.sleep(0.05)
    assert manager.dropped_inputs == {side: extra}
    assert len([r for r in caplog.records if "new pin input dropped" in r.getMessage()]) == 1

    go_on.set()
    await wait_row(hass, site, 1 + INPUT_QUEUE_MAX, device_id=side)
    await asyncio.sleep(0.3)
    await hass.async_block_till_done()
    assert len(await all_rows(site, device_id=side)) == 1 + INPUT_QUEUE_MAX


async def test_duress_is_a_plain_grant_on_the_event_entity(hass: HomeAssistant, site: Site) -> None:
    response = await present(hass, site.ids["keypad"], "pin", PIN_ALICE_DURESS)
    assert (response["result"], response["reason"]) == ("granted", "duress")  # automations see it
    state = hass.states.get("event.front_keypad_access")
    assert state is not None
    assert state.attributes["event_types"] == ["granted", "denied", "error"]
    assert state.attributes["event_type"] == "granted"
    assert state.attributes["reason"] == "success"
    assert "user_id" not in state.attributes and "user_name" not in state.attributes
    assert "Alice" not in str(state.as_dict()) and site.ids["alice"] not in str(state.as_dict())
    assert "duress" not in str(state.as_dict())

    # an ordinary grant looks the same
    await present(hass, site.ids["keypad"], "pin", PIN_ALICE)
    plain = hass.states.get("event.front_keypad_access")
    assert {k: v for k, v in plain.attributes.items() if k != "log_id"} == {
        k: v for k, v in state.attributes.items() if k != "log_id"
    }


async def test_driver_options_validation(hass: HomeAssistant, site: Site) -> None:
    config = site.entry.runtime_data.config
    base = {"name": "R", "door_id": site.ids["front"]}
    cases: list[tuple[dict[str, Any], str, dict[str, str]]] = [
        ({"driver": "serial"}, "invalid_field", {"field": "driver_options.port"}),
        ({"driver": "serial", "driver_options": {"port": ""}}, "invalid_field", {}),
        ({"driver": "serial", "driver_options": {"port": 3}}, "invalid_field", {}),
        (
            {"driver": "serial", "driver_options": {"port": "/dev/ttyUSB0", "baudrate": 300}},
            "invalid_number",
            {"field": "driver_options.baudrate"},
        ),
        (
            {"driver": "serial", "driver_options": {"port": "/dev/ttyUSB0", "baudrate": "9600"}},
            "invalid_number",
            {},
        ),
        (
            {"driver": "serial", "driver_options": {"port": "/dev/ttyS0", "silence_timeout_s": 0}},
            "invalid_number",
            {},
        ),
        (
            {"driver": "serial", "driver_options": {"port": "/x", "parity": "N"}},
            "unknown_field",
            {"field": "driver_options.parity"},
        ),
        # pyserial's other URL handlers are no reader ports
        (
            {"driver": "serial", "driver_options": {"port": "loop://"}},
            "invalid_serial_port",
            {"field": "driver_options.port"},
        ),
        (
            {"driver": "serial", "driver_options": {"port": "spy:///dev/ttyS0"}},
            "invalid_serial_port",
            {},
        ),
        (
            {"driver": "serial", "driver_options": {"port": "hwgrep://USB"}},
            "invalid_serial_port",
            {},
        ),
        (
            {"driver": "serial", "driver_options": {"port": "/etc/passwd"}},
            "invalid_serial_port",
            {},
        ),
        # an HA tag reader names its scanner
        (
            {"driver": "ha_tag"},
            "tag_scanner_required",
            {"field": "driver_options.tag_device_id"},
        ),
        ({"driver": "ha_tag", "driver_options": {"tag_device_id": ""}}, "tag_scanner_required", {}),
        ({"driver": "ha_tag", "driver_options": {"tag_device_id": 5}}, "invalid_field", {}),
        ({"driver": "ha_tag", "driver_options": {"port": "/x"}}, "unknown_field", {}),
        ({"driver_options": {"port": "/x"}}, "unknown_field", {}),  # virtual takes none
    ]
    for fields, key, placeholders in cases:
        with pytest.raises(GemAccessError) as err:
            await config.async_create("devices", {**base, **fields})
        assert err.value.translation_key == key, fields
        assert placeholders.items() <= (err.value.translation_placeholders or {}).items()

    device = await config.async_create(
        "devices",
        {
            **base,
            "driver": "serial",
            "driver_options": {"port": " /dev/serial/by-id/usb-keypad ", "baudrate": 115200.0},
        },
    )
    assert device["driver_options"] == {"port": "/dev/serial/by-id/usb-keypad", "baudrate": 115200}
    # a new driver starts without the old driver's options: an HA tag reader needs its scanner
    with pytest.raises(GemAccessError) as err:
        await config.async_update("devices", device["id"], {"driver": "ha_tag"})
    assert err.value.translation_key == "tag_scanner_required"
    changed = await config.async_update(
        "devices", device["id"], {"driver": "ha_tag", "driver_options": {"tag_device_id": "dev1"}}
    )
    assert changed["driver_options"] == {"tag_device_id": "dev1"}
    # an OSDP reader names its bus and its address there
    for options, key in [
        ({"address": 1}, "invalid_field"),
        ({"port": "/dev/ttyUSB7"}, "invalid_field"),
        ({"port": "/dev/ttyUSB7", "address": 127}, "invalid_number"),
        ({"port": "/dev/ttyUSB7", "address": 1, "install_mode": "yes"}, "invalid_field"),
    ]:
        with pytest.raises(GemAccessError) as err:
            await config.async_create(
                "devices", {**base, "driver": "osdp", "driver_options": options}
            )
        assert err.value.translation_key == key, options
    osdp = await config.async_create(
        "devices",
        {**base, "driver": "osdp", "driver_options": {"port": "/dev/ttyUSB7", "address": 1}},
    )
    assert osdp["driver_options"] == {"port": "/dev/ttyUSB7", "address": 1}
    # a serial reader's format is one of the described ones
    with pytest.raises(GemAccessError) as err:
        await config.async_create(
            "devices",
            {**base, "driver": "serial", "driver_options": {"port": "/dev/x", "format": "w26"}},
        )
    assert err.value.translation_placeholders == {"field": "driver_options.format"}


async def test_osdp_reader_without_libosdp_is_offline_with_a_repair(
    hass: HomeAssistant, site: Site, caplog: pytest.LogCaptureFixture
) -> None:
    with patch(
        "custom_components.gem_access.drivers.osdp_readers._osdp_available", return_value=False
    ):
        device_id = await add_reader(
            site, "Lobby OSDP", "front", "osdp", port="/dev/ttyGEMnone", address=1
        )
        await site.entry.runtime_data.config.async_update(
            "users", site.ids["alice"], {"name": "Alice A."}
        )
        await hass.async_block_till_done()
    warnings = [r for r in caplog.records if "OSDP reader" in r.getMessage()]
    assert len(warnings) == 1
    assert "Lobby OSDP" in warnings[0].getMessage()
    issue = ir.async_get(hass).async_get_issue(DOMAIN, f"reader_osdp_unavailable_{device_id}")
    assert issue is not None
    assert issue.translation_placeholders == {
        "reader": "Lobby OSDP",
        "reason": "libosdp is not installed",
    }
    assert hass.states.get("event.lobby_osdp_access").state == STATE_UNAVAILABLE
    # the reader becomes a virtual one: the issue goes
    await site.entry.runtime_data.config.async_update(
        "devices", device_id, {"driver": "virtual", "driver_options": {}}
    )
    await hass.async_block_till_done()
    assert (
        ir.async_get(hass).async_get_issue(DOMAIN, f"reader_osdp_unavailable_{device_id}") is None
    )


# --- HA tag scanners ---------------------------------------------------------------------------


async def scan(hass: HomeAssistant, tag_id: str, scanner: str | None) -> None:
    data = {"tag_id": tag_id} if scanner is None else {"tag_id": tag_id, "device_id": scanner}
    hass.bus.async_fire("tag_scanned", data)
    await hass.async_block_till_done()


async def test_ha_tag_counts_only_the_named_scanner(hass: HomeAssistant, site: Site) -> None:
    config = site.entry.runtime_data.config
    await config.async_update("users", site.ids["bob"], {"rfid_cards": [CARD_BOB, TAG]})
    back = await add_reader(site, "Back tag", "back", "ha_tag", tag_device_id="scanner-1")
    front = await add_reader(site, "Front tag", "front", "ha_tag", tag_device_id="scanner-2")

    # the named scanner opens its reader's door, and only that one
    await scan(hass, TAG, "scanner-1")
    row = (await wait_row(hass, site, device_id=back))[0]
    assert (row["result"], row["user_id"], row["access_type"]) == (
        "granted",
        site.ids["bob"],
        "rfid",
    )
    assert await all_rows(site, device_id=front) == []

    # a tag id is no secret: from another scanner, or with no scanner at all (a webhook that
    # sends just the id), it opens nothing and leaves no row
    await scan(hass, TAG, "scanner-9")
    await scan(hass, TAG, None)
    hass.bus.async_fire("tag_scanned", {"tag_id": TAG, "device_id": 5})
    await hass.async_block_till_done()
    assert len(await all_rows(site)) == 1

    # the tag id's case does not matter
    await scan(hass, TAG.upper(), "scanner-2")
    await wait_row(hass, site, device_id=front, result="granted")

    # an unknown tag is a denied row; its id is in no row
    await scan(hass, "deadbeef-0000", "scanner-2")
    denied = (await wait_row(hass, site, device_id=front, result="denied"))[0]
    assert denied["reason"] == "unknown_credential"
    assert not any("deadbeef" in str(v) for r in await all_rows(site) for v in r.values())

    # two readers pinned to one scanner both get its scans
    second = await add_reader(site, "Front tag 2", "front", "ha_tag", tag_device_id="scanner-1")
    await scan(hass, TAG, "scanner-1")
    await wait_row(hass, site, device_id=second, result="granted")
    await wait_row(hass, site, 2, device_id=back)

    # a malformed event is ignored
    hass.bus.async_fire("tag_scanned", {"device_id": "scanner-1"})
    await hass.async_block_till_done()
    assert len(await all_rows(site)) == 5


async def test_ha_tag_reader_stored_without_scanner_reads_nothing(
    hass: HomeAssistant, site: Site, caplog: pytest.LogCaptureFixture
) -> None:
    """An older install's unpinned tag reader: no scan counts there until a scanner is named."""
    config = site.entry.runtime_data.config
    await config.async_update("users", site.ids["bob"], {"rfid_cards": [CARD_BOB, TAG]})
    # stored before the scanner became required (validation would refuse it now)
    reader = site.ids["reader"]
    config.data["devices"][reader] = {
        **config.data["devices"][reader],
        "driver": "ha_tag",
        "driver_options": {},
    }
    await config.async_update("users", site.ids["alice"], {"name": "Alice A."})
    await config.async_update("users", site.ids["alice"], {"name": "Alice"})
    await hass.async_block_till_done()
    for scanner in ("scanner-1", None):
        await scan(hass, TAG, scanner)
    assert await all_rows(site) == []
    warnings = [r for r in caplog.records if "without a tag scanner" in r.getMessage()]
    assert len(warnings) == 1
    assert "Back reader" in warnings[0].getMessage()
    # its event entity says the reader cannot read
    assert hass.states.get("event.back_reader_access").state == "unavailable"

    # naming the scanner brings it back
    await config.async_update("devices", reader, {"driver_options": {"tag_device_id": "scanner-1"}})
    await hass.async_block_till_done()
    assert hass.states.get("event.back_reader_access").state != "unavailable"
    await scan(hass, TAG, "scanner-1")
    row = (await wait_row(hass, site, device_id=reader))[0]
    assert (row["result"], row["user_id"]) == ("granted", site.ids["bob"])


async def test_ha_tag_listener_follows_config(hass: HomeAssistant, site: Site) -> None:
    config = site.entry.runtime_data.config
    await config.async_update("users", site.ids["bob"], {"rfid_cards": [CARD_BOB, TAG]})
    reader = await add_reader(site, "Front tag", "front", "ha_tag", tag_device_id="scanner-9")
    await scan(hass, TAG, "scanner-9")
    await wait_row(hass, site, device_id=reader)
    # back to a virtual reader: tag scans are no longer presented anywhere
    await config.async_update("devices", reader, {"driver": "virtual"})
    await scan(hass, TAG, "scanner-9")
    assert len(await all_rows(site)) == 1
    # unloading stops the readers
    await config.async_update(
        "devices", reader, {"driver": "ha_tag", "driver_options": {"tag_device_id": "scanner-9"}}
    )
    await hass.config_entries.async_unload(site.entry.entry_id)
    await hass.async_block_till_done()
    hass.bus.async_fire("tag_scanned", {"tag_id": TAG})
    await hass.async_block_till_done()
    assert hass.bus.async_listeners().get("tag_scanned", 0) == 0


# --- Wiegand converters, garbage, repairs --------------------------------------------------------


def frame(bits: str) -> bytes:
    """One frame as the converter writes it."""
    return b"W%d:%s\r\n" % (len(bits), bits.encode())


def keys(text: str, width: int = 4) -> bytes:
    """Key presses, one frame per key, as a Wiegand keypad sends them."""
    return b"".join(encode_key(key, width).encode() + b"\n" for key in text)


async def test_wiegand_converter_cards_keypad_and_garbage(
    hass: HomeAssistant, hass_client: Any, site: Site, ptys: Callable[[], Pty]
) -> None:
    pty = ptys()
    reader = await add_reader(
        site, "Gate", "front", "serial", port=pty.path, format="wiegand26", key_timeout_s=1
    )
    await wait_port_open(pty)

    # Bob's card 0012345678 is printed on the card as FC 123 / CN 45678
    pty.send(frame(encode_card("wiegand26", 123, 45678)))
    rows = await wait_row(hass, site, device_id=reader, result="granted")
    assert rows[0]["user_id"] == site.ids["bob"] and rows[0]["access_type"] == "rfid"
    assert await pty.reply() == b"OK\n"

    # a PIN typed key by key (4-bit bursts), '#' submits
    pty.send(keys(PIN_ALICE + "#"))
    rows = await wait_row(hass, site, 2, device_id=reader, result="granted")
    assert rows[0]["user_id"] == site.ids["alice"] and rows[0]["access_type"] == "pin"
    assert await pty.reply() == b"OK\n"

    # 8-bit keys; '*' clears a mistyped start (the duress PIN's digits are not kept)
    pty.send(keys(PIN_ALICE_DURESS[:2] + "*" + PIN_ALICE + "#", width=8))
    rows = await wait_row(hass, site, 3, device_id=reader, result="granted")
    assert rows[0]["user_id"] == site.ids["alice"]
    assert await pty.reply() == b"OK\n"

    # garbage: bad parity, a frame cut short, binary noise, an endless line, a lone '#'
    good = encode_card("wiegand26", 123, 45678)
    flipped = good[:5] + ("0" if good[5] == "1" else "1") + good[6:]
    pty.send(frame(flipped))
    pty.send(b"W26:" + good[:-3].encode() + b"\n")
    pty.send(b"\x00\xff\xfe\x81garbage\r\n")
    pty.send(b"1" * 2000 + b"\n")
    pty.send(keys("#"))
    # digits typed, then a pause longer than the keypad timeout: they are forgotten
    pty.send(keys("99"))
    await asyncio.sleep(1.3)
    pty.send(keys(PIN_ALICE + "#"))
    rows = await wait_row(hass, site, 4, device_id=reader, result="granted")
    assert await pty.reply() == b"OK\n"
    assert len(await all_rows(site, device_id=reader)) == 4  # no row from any garbage
    assert not any(r["result"] == "denied" for r in await all_rows(site, device_id=reader))

    diagnostics = await get_diagnostics_for_config_entry(hass, hass_client, site.entry)
    status = next(
        s for s in diagnostics["driver_status"].values() if s.get("format") == "wiegand26"
    )
    assert status["online"] is True
    assert status["dropped_frames"] == {
        "bad_parity": 1,
        "bad_length": 1,
        "malformed": 1,
        "overlong": 1,
        "keypad_timeout": 1,
    }


async def test_line_reader_garbage_is_counted(
    hass: HomeAssistant, site: Site, ptys: Callable[[], Pty]
) -> None:
    pty = ptys()
    reader = await add_reader(site, "Side", "front", "serial", port=pty.path)
    await wait_port_open(pty)
    pty.send(b"HELLO\r\n\x00\xff\xfe\r\n" + b"x" * 400 + b"\nPIN:\n")
    pty.send(b"PIN:" + PIN_ALICE.encode() + b"\n")
    await wait_row(hass, site, device_id=reader, result="granted")
    status = site.entry.runtime_data.readers.driver_status(reader)
    assert status["dropped_frames"] == {"malformed": 3, "overlong": 1}


async def test_reader_offline_for_minutes_raises_a_repair_until_back(
    hass: HomeAssistant, site: Site, ptys: Callable[[], Pty]
) -> None:
    reader = await add_reader(site, "Back door", "front", "serial", port="/dev/ttyGEMmissing0")
    await wait_row(hass, site, device_id=reader, reason="device_error")
    issues = ir.async_get(hass)
    assert issues.async_get_issue(DOMAIN, f"reader_offline_{reader}") is None
    async_fire_time_changed(hass, dt_util.utcnow() + timedelta(seconds=OFFLINE_REPAIR_S - 10))
    await hass.async_block_till_done()
    assert issues.async_get_issue(DOMAIN, f"reader_offline_{reader}") is None
    async_fire_time_changed(hass, dt_util.utcnow() + timedelta(seconds=OFFLINE_REPAIR_S + 1))
    await hass.async_block_till_done()
    issue = issues.async_get_issue(DOMAIN, f"reader_offline_{reader}")
    assert issue is not None
    assert issue.translation_placeholders == {"reader": "Back door", "minutes": "5"}
    # one row for the whole outage, however long
    assert len(await all_rows(site, device_id=reader, reason="device_error")) == 1

    # plugged in (on its new port): the issue goes
    pty = ptys()
    await site.entry.runtime_data.config.async_update(
        "devices", reader, {"driver_options": {"port": pty.path}}
    )
    await wait_port_open(pty)
    await hass.async_block_till_done()
    assert issues.async_get_issue(DOMAIN, f"reader_offline_{reader}") is None
    # virtual readers never raise it
    virtual = await add_reader(site, "Script", "front", "virtual")
    async_fire_time_changed(hass, dt_util.utcnow() + timedelta(seconds=2 * OFFLINE_REPAIR_S))
    await hass.async_block_till_done()
    assert issues.async_get_issue(DOMAIN, f"reader_offline_{virtual}") is None


async def test_shared_port_is_a_repair_and_only_the_first_reader_reads(
    hass: HomeAssistant, site: Site, ptys: Callable[[], Pty]
) -> None:
    pty = ptys()
    first = await add_reader(site, "First", "front", "serial", port=pty.path)
    second = await add_reader(site, "Second", "front", "serial", port=pty.path)
    await wait_port_open(pty)
    issues = ir.async_get(hass)
    issue = issues.async_get_issue(DOMAIN, f"reader_port_shared_{second}")
    assert issue is not None
    assert issue.translation_placeholders == {
        "reader": "Second",
        "port": pty.path,
        "other": "First",
    }
    assert issues.async_get_issue(DOMAIN, f"reader_port_shared_{first}") is None
    assert hass.states.get("event.second_access").state == STATE_UNAVAILABLE
    pty.send(b"PIN:" + PIN_ALICE.encode() + b"\n")
    await wait_row(hass, site, device_id=first, result="granted")
    assert await all_rows(site, device_id=second) == []
    # an OSDP reader may not take a serial reader's port either
    with patch(
        "custom_components.gem_access.drivers.osdp_readers._osdp_available", return_value=False
    ):
        osdp = await add_reader(site, "Bus", "front", "osdp", port=pty.path, address=0)
    assert issues.async_get_issue(DOMAIN, f"reader_port_shared_{osdp}") is not None
    await site.entry.runtime_data.config.async_delete("devices", osdp)
    # given its own port, the issue goes
    other = ptys()
    await site.entry.runtime_data.config.async_update(
        "devices", second, {"driver_options": {"port": other.path}}
    )
    await wait_port_open(other)
    assert issues.async_get_issue(DOMAIN, f"reader_port_shared_{second}") is None


async def test_drivers_list_websocket(
    hass: HomeAssistant, site: Site, hass_ws_client: Any, hass_read_only_access_token: str
) -> None:
    client = await hass_ws_client(hass)
    await client.send_json_auto_id({"type": "gem_access/drivers/list"})
    msg = await client.receive_json()
    assert msg["success"], msg
    drivers = {d["name"]: d for d in msg["result"]["drivers"]}
    assert list(drivers) == ["virtual", "serial", "osdp", "ha_tag"]
    serial_format = next(o for o in drivers["serial"]["options"] if o["key"] == "format")
    assert [c[0] for c in serial_format["choices"]] == [
        "line",
        "wiegand26",
        "wiegand34",
        "wiegand37",
        "wiegand_raw",
    ]
    # admins only, like every command of ours
    user = await hass_ws_client(hass, hass_read_only_access_token)
    await user.send_json_auto_id({"type": "gem_access/drivers/list"})
    msg = await user.receive_json()
    assert not msg["success"] and msg["error"]["code"] == "unauthorized"


async def test_osdp_readers_grouped_by_bus(hass: HomeAssistant, site: Site) -> None:
    """Readers on one port are one bus; an address taken twice there is a repair, not a crash."""
    first = await add_reader(site, "Bus one", "front", "osdp", port="/dev/ttyGEMbus0", address=1)
    second = await add_reader(site, "Bus two", "front", "osdp", port="/dev/ttyGEMbus0", address=2)
    clash = await add_reader(site, "Bus clash", "front", "osdp", port="/dev/ttyGEMbus0", address=1)
    await hass.async_block_till_done()
    issues = ir.async_get(hass)
    issue = issues.async_get_issue(DOMAIN, f"reader_osdp_unavailable_{clash}")
    assert issue is not None
    assert issue.translation_placeholders == {
        "reader": "Bus clash",
        "reason": "address 1 is taken on /dev/ttyGEMbus0",
    }
    for device_id in (first, second):
        assert issues.async_get_issue(DOMAIN, f"reader_osdp_unavailable_{device_id}") is None
        assert issues.async_get_issue(DOMAIN, f"reader_port_shared_{device_id}") is None
    # the bus's port does not exist: its readers are offline
    assert hass.states.get("event.bus_one_access").state == STATE_UNAVAILABLE
    await site.entry.runtime_data.config.async_update(
        "devices", clash, {"driver_options": {"port": "/dev/ttyGEMbus0", "address": 3}}
    )
    await hass.async_block_till_done()
    assert issues.async_get_issue(DOMAIN, f"reader_osdp_unavailable_{clash}") is None
    await hass.config_entries.async_unload(site.entry.entry_id)
    await hass.async_block_till_done()
