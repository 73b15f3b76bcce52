"""The automation blueprints in blueprints/automation/gem_access/: valid for Home Assistant, and
each one, imported and filled in, sends the notification it promises on a real event."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from homeassistant.components.automation.config import AUTOMATION_BLUEPRINT_SCHEMA
from homeassistant.components.blueprint.models import Blueprint
from homeassistant.core import HomeAssistant, ServiceCall
from homeassistant.setup import async_setup_component
from homeassistant.util.yaml import load_yaml_dict
from pytest_homeassistant_custom_component.common import async_mock_service

from .conftest import PIN_ALICE, PIN_ALICE_DURESS, Site, present

BLUEPRINTS = Path(__file__).resolve().parents[2] / "blueprints/automation/gem_access"
NAMES = ["denied_burst", "door_alarm", "duress", "daily_review"]
RAW = "https://github.com/gem-access/gem_access/blob/main/blueprints/automation/gem_access/"


class _InputLoader(yaml.SafeLoader):
    """Plain PyYAML with HA's one blueprint tag."""


_InputLoader.add_constructor(
    "!input", lambda loader, node: {"!input": loader.construct_scalar(node)}
)


def test_every_blueprint_is_listed_and_readme_links_it() -> None:
    assert sorted(p.stem for p in BLUEPRINTS.glob("*.yaml")) == sorted(NAMES)
    readme = (BLUEPRINTS.parents[2] / "README.md").read_text()
    for name in NAMES:
        assert f"blueprints/automation/gem_access/{name}.yaml" in readme
        assert "my.home-assistant.io/redirect/blueprint_import" in readme


@pytest.mark.parametrize("name", NAMES)
def test_blueprint_is_valid_yaml_and_an_automation_blueprint(name: str) -> None:
    path = BLUEPRINTS / f"{name}.yaml"
    raw = yaml.load(path.read_text(), Loader=_InputLoader)
    assert set(raw) >= {"blueprint", "triggers", "actions"}
    # HA's own loader and schema, as the blueprint importer applies them
    data = load_yaml_dict(str(path))
    bp = Blueprint(data, expected_domain="automation", schema=AUTOMATION_BLUEPRINT_SCHEMA)
    assert bp.metadata["source_url"] == f"{RAW}{name}.yaml"
    used = {node["!input"] for node in _inputs_used(raw)}
    assert used == set(bp.inputs), "every input is used and every used input is declared"


def _inputs_used(node: Any) -> list[dict[str, str]]:
    if isinstance(node, dict):
        if set(node) == {"!input"}:
            return [node]
        return [i for k, v in node.items() if k != "blueprint" for i in _inputs_used(v)]
    if isinstance(node, list):
        return [i for v in node for i in _inputs_used(v)]
    return []


async def _automations(hass: HomeAssistant, *configs: tuple[str, dict[str, Any]]) -> None:
    """Import the blueprints the way HA does (its blueprints folder) and use them."""
    target = Path(hass.config.path("blueprints/automation/gem_access"))
    target.mkdir(parents=True, exist_ok=True)
    for name in NAMES:
        shutil.copy(BLUEPRINTS / f"{name}.yaml", target)
    automations = [
        {
            "id": f"{name}_{i}",
            "alias": f"{name} {i}",
            "use_blueprint": {"path": f"gem_access/{name}.yaml", "input": inputs},
        }
        for i, (name, inputs) in enumerate(configs)
    ]
    assert await async_setup_component(hass, "automation", {"automation": automations})
    await hass.async_block_till_done()
    for i, (name, _) in enumerate(configs):
        assert hass.states.get(f"automation.{name}_{i}").state == "on"


PUSH = {"notify_service": "notify.phone"}


async def test_duress_notifies_with_the_user_and_a_link(hass: HomeAssistant, site: Site) -> None:
    calls: list[ServiceCall] = async_mock_service(hass, "notify", "phone")
    await _automations(hass, ("duress", PUSH))
    await present(hass, site.ids["keypad"], "pin", PIN_ALICE)
    await hass.async_block_till_done()
    assert calls == [], "a normal grant is not a duress"

    await present(hass, site.ids["keypad"], "pin", PIN_ALICE_DURESS)
    await hass.async_block_till_done()
    assert len(calls) == 1
    data = calls[0].data
    assert data["title"] == "Duress: Alice"
    assert "Alice used a duress PIN at Front keypad (Front door)" in data["message"]
    assert data["data"]["url"] == f"/gem-access?user_id={site.ids['alice']}&result=duress&range=1"
    assert PIN_ALICE_DURESS not in str(data)


async def test_denied_burst_notifies_once_per_cooldown(hass: HomeAssistant, site: Site) -> None:
    await site.entry.runtime_data.config.async_update_settings(
        {"cooldown_failures": 3, "cooldown_window_s": 60, "cooldown_s": 120}
    )
    calls: list[ServiceCall] = async_mock_service(hass, "notify", "phone")
    await _automations(
        hass,
        ("denied_burst", PUSH),
        ("denied_burst", {**PUSH, "only_device_id": site.ids["reader"]}),
    )
    for _ in range(2):
        await present(hass, site.ids["keypad"], "pin", "0000")
    await hass.async_block_till_done()
    assert calls == [], "two denials are not a burst"
    await present(hass, site.ids["keypad"], "pin", "0000")
    await hass.async_block_till_done()
    # one notification: the second automation watches another reader
    assert len(calls) == 1
    data = calls[0].data
    assert data["title"] == "Denied attempts at Front keypad"
    assert data["message"] == (
        "Repeated denied attempts at Front keypad (Front door): the reader refuses credentials for 120 s."
    )
    assert (
        data["data"]["url"] == f"/gem-access?device_id={site.ids['keypad']}&result=denied&range=1"
    )


def _door_event(site: Site, result: str) -> dict[str, Any]:
    """`gem_access_event` as the public contract writes it for a door event."""
    return {
        "log_id": 7,
        "timestamp": "2026-03-01T12:00:05+00:00",
        "access_type": None,
        "result": result,
        "reason": "forced_door" if result == "forced" else "held_open",
        "user_id": None,
        "user_name": None,
        "device_id": None,
        "device_name": None,
        "door_id": site.ids["front"],
        "door_name": "Front door",
        "action_details": None,
    }


async def test_door_alarm_with_the_camera_picture(hass: HomeAssistant, site: Site) -> None:
    calls: list[ServiceCall] = async_mock_service(hass, "notify", "phone")
    await _automations(
        hass,
        ("door_alarm", {**PUSH, "camera": "camera.front", "include_held_open": False}),
    )
    hass.bus.async_fire("gem_access_event", _door_event(site, "held_open"))
    await hass.async_block_till_done()
    assert calls == [], "held open is switched off here"
    hass.bus.async_fire("gem_access_event", _door_event(site, "forced"))
    await hass.async_block_till_done()
    assert len(calls) == 1
    data = calls[0].data
    assert data["title"] == "Front door forced open"
    assert data["data"]["image"] == "/api/camera_proxy/camera.front"
    assert data["data"]["url"] == f"/gem-access?door_id={site.ids['front']}&result=forced&range=1"


async def test_door_alarm_held_open_in_home_assistant(hass: HomeAssistant, site: Site) -> None:
    """The default action (a persistent notification) takes no push data: the link is in the text."""
    assert await async_setup_component(hass, "persistent_notification", {})
    calls: list[ServiceCall] = async_mock_service(hass, "persistent_notification", "create")
    await _automations(hass, ("door_alarm", {}))
    hass.bus.async_fire("gem_access_event", _door_event(site, "held_open"))
    await hass.async_block_till_done()
    assert len(calls) == 1
    assert set(calls[0].data) == {"title", "message"}
    assert calls[0].data["title"] == "Front door held open"
    assert "[Open the log](/gem-access?door_id=" in calls[0].data["message"]


async def test_daily_review_digest(hass: HomeAssistant, site: Site) -> None:
    calls: list[ServiceCall] = async_mock_service(hass, "notify", "phone")
    sensor = "sensor.gem_access_access_events_today"
    await _automations(hass, ("daily_review", {**PUSH, "events_sensor": sensor, "at": "07:30:00"}))
    await present(hass, site.ids["keypad"], "pin", PIN_ALICE)
    await present(hass, site.ids["keypad"], "pin", "0000")
    await hass.async_block_till_done()
    await hass.services.async_call(
        "automation", "trigger", {"entity_id": "automation.daily_review_0"}, blocking=True
    )
    await hass.async_block_till_done()
    assert len(calls) == 1
    data = calls[0].data
    assert data["title"] == "Access review"
    assert data["message"].startswith(f"{hass.states.get(sensor).state} access events today.")
    assert hass.states.get(sensor).state == "2"
    assert "No door is forced or held open." in data["message"]
    assert data["data"]["url"] == "/gem-access?range=1"
    # its daily time trigger holds a timer: detach it before the test ends
    await hass.services.async_call(
        "automation", "turn_off", {"entity_id": "automation.daily_review_0"}, blocking=True
    )
