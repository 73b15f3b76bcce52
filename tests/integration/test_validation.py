"""What hassfest and the HACS action check, checked here so a mistake fails before GitHub does.

hassfest itself (script/hassfest of home-assistant/core) is not in the wheel, so its rules for a
custom integration are re-implemented: the manifest's key order and fields, strings.json equal to
translations/en.json, services.yaml against the registered services and their texts, icons.json,
quality_scale.yaml against the current rule list, plus HACS's hacs.json and the brand images.
"""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path
from typing import Any

import pytest
import voluptuous as vol
import yaml
from awesomeversion import AwesomeVersion, AwesomeVersionStrategy
from homeassistant import components as ha_components
from homeassistant.const import Platform
from homeassistant.core import HomeAssistant
from PIL import Image
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.gem_access.const import DOMAIN

ROOT = Path(__file__).parents[2]
COMPONENT = ROOT / "custom_components" / DOMAIN
HA_COMPONENTS = Path(ha_components.__file__).parent


def _json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def _yaml(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


# --- manifest.json (hassfest: manifest.py, requirements.py, dependencies.py) ---

INTEGRATION_TYPES = ("device", "entity", "hardware", "helper", "hub", "service", "system", "virtual")
IOT_CLASSES = (
    "assumed_state",
    "calculated",
    "cloud_polling",
    "cloud_push",
    "local_polling",
    "local_push",
)
# hassfest's requirement pattern: a package name, an optional operator and version
REQUIREMENT = re.compile(r"^([-_.\w\d\[\]]+)(==|>=|<=|~=|!=|<|>|===)?(.*)$")
# integrations any integration may use without depending on them (hassfest dependencies.py)
ALLOWED_USED_COMPONENTS = {
    *(str(platform) for platform in Platform),
    "frontend",
    "homeassistant",
    "panel_custom",
    "persistent_notification",
    "websocket_api",
}


def _url(value: str) -> str:
    if not value.startswith("https://"):
        raise vol.Invalid("must be an https URL")
    return value


def _version(value: str) -> str:
    try:
        AwesomeVersion(
            value,
            ensure_strategy=[
                AwesomeVersionStrategy.CALVER,
                AwesomeVersionStrategy.SEMVER,
                AwesomeVersionStrategy.SIMPLEVER,
                AwesomeVersionStrategy.BUILDVER,
                AwesomeVersionStrategy.PEP440,
            ],
        )
    except Exception as err:
        raise vol.Invalid(f"{value!r} is not a valid version") from err
    return value


MANIFEST_SCHEMA = vol.Schema(
    {
        vol.Required("domain"): DOMAIN,
        vol.Required("name"): vol.All(str, vol.Length(min=1)),
        vol.Optional("after_dependencies"): [str],
        vol.Required("codeowners"): vol.All([vol.Match(r"^@[\w.-]+(/[\w.-]+)?$")], vol.Length(min=1)),
        vol.Optional("config_flow"): bool,
        vol.Optional("dependencies"): [str],
        vol.Required("documentation"): _url,
        vol.Optional("integration_type"): vol.In(INTEGRATION_TYPES),
        vol.Required("iot_class"): vol.In(IOT_CLASSES),
        vol.Optional("issue_tracker"): _url,
        vol.Optional("loggers"): [str],
        vol.Optional("requirements"): [str],
        vol.Optional("single_config_entry"): bool,
        vol.Required("version"): _version,
    }
)


def test_manifest_is_what_hassfest_accepts() -> None:
    """Fields, key order (domain, name, then alphabetical), requirements and dependencies."""
    manifest = _json(COMPONENT / "manifest.json")
    MANIFEST_SCHEMA(manifest)
    keys = list(manifest)
    assert keys == sorted(keys, key=lambda k: {"domain": ".domain", "name": ".name"}.get(k, k)), (
        "manifest keys must be domain, name, then alphabetical (hassfest sorts them so)"
    )
    # hassfest writes the file as json.dumps(indent=2) plus a newline
    assert (COMPONENT / "manifest.json").read_text() == json.dumps(manifest, indent=2) + "\n"
    assert manifest["domain"] == COMPONENT.name
    assert (COMPONENT / "config_flow.py").is_file() == manifest.get("config_flow", False)

    for requirement in manifest.get("requirements", []):
        assert " " not in requirement, requirement
        match = REQUIREMENT.match(requirement)
        assert match, requirement
        assert match.group(1) == match.group(1).lower(), f"{requirement}: lowercase name"

    deps = set(manifest.get("dependencies", []))
    after = set(manifest.get("after_dependencies", []))
    assert not deps & after, "an integration is either a dependency or an after-dependency"
    for domain in deps | after:
        assert (HA_COMPONENTS / domain / "manifest.json").is_file(), f"no integration {domain}"

    # every homeassistant.components.X our code imports is declared, or is one anyone may use
    used: set[str] = set()
    for path in COMPONENT.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            else:
                continue
            for name in names:
                parts = name.split(".")
                if parts[:2] == ["homeassistant", "components"] and len(parts) > 2:
                    used.add(parts[2])
    # a platform module of ours (logbook.py, repairs.py, diagnostics.py) may import its integration
    own_platforms = {p.stem for p in COMPONENT.glob("*.py")}
    undeclared = used - deps - after - ALLOWED_USED_COMPONENTS - own_platforms
    assert not undeclared, f"imported but not in (after_)dependencies: {sorted(undeclared)}"


def test_hacs_json() -> None:
    """HACS's hacs.json: known keys, a name, a minimum HA version our oldest test pin meets."""
    hacs = _json(ROOT / "hacs.json")
    vol.Schema(
        {
            vol.Required("name"): vol.All(str, vol.Length(min=1)),
            vol.Optional("content_in_root"): bool,
            vol.Optional("zip_release"): bool,
            vol.Optional("filename"): str,
            vol.Optional("hide_default_branch"): bool,
            vol.Optional("country"): vol.Any(str, [str]),
            vol.Optional("homeassistant"): str,
            vol.Optional("hacs"): str,
            vol.Optional("render_readme"): bool,
            vol.Optional("persistent_directory"): str,
        }
    )(hacs)
    pins = (ROOT / "requirements_test.txt").read_text()
    oldest = re.search(r"^homeassistant==(\S+)$", pins, re.MULTILINE)
    assert oldest
    assert AwesomeVersion(hacs["homeassistant"]) <= AwesomeVersion(oldest.group(1))
    assert hacs["name"] == _json(COMPONENT / "manifest.json")["name"]


def test_license_changelog_and_brand_images() -> None:
    """What a HACS reviewer opens first; brand images in the sizes HA's brand rules ask for."""
    assert "MIT License" in (ROOT / "LICENSE").read_text()
    version = _json(COMPONENT / "manifest.json")["version"]
    assert f"## {version}" in (ROOT / "CHANGELOG.md").read_text(), "CHANGELOG lacks this version"
    brand = COMPONENT / "brand"
    with Image.open(brand / "icon.png") as icon:
        assert icon.size == (256, 256)
    with Image.open(brand / "icon@2x.png") as icon:
        assert icon.size == (512, 512)
    with Image.open(brand / "logo.png") as logo:
        assert 128 <= min(logo.size) <= 256
    for path in brand.iterdir():
        with Image.open(path) as image:
            assert image.format == "PNG", path.name


# --- strings.json and translations (hassfest: translations.py) ---


def test_strings_equal_english_translation() -> None:
    """HA shows translations/en.json; strings.json is the source. They must not drift."""
    assert _json(COMPONENT / "strings.json") == _json(COMPONENT / "translations" / "en.json")


def _keys_named_in_code() -> set[str]:
    """Literal translation keys the code raises or reports with."""
    keys: set[str] = set()
    for path in COMPONENT.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        keys |= set(re.findall(r"GemAccessError\(\s*\"([a-z0-9_]+)\"", text))
        keys |= set(re.findall(r"translation_key=\"([a-z0-9_]+)\"", text))
    return keys


def test_translation_keys_exist_and_are_well_formed() -> None:
    """Every key the code names has its text; keys are lowercase snake_case as hassfest wants."""
    strings = _json(COMPONENT / "strings.json")
    known = set(strings["exceptions"]) | set(strings["issues"])
    for platform in strings["entity"].values():
        known |= set(platform)
    missing = _keys_named_in_code() - known
    assert not missing, f"translation keys without text in strings.json: {sorted(missing)}"

    for section in ("exceptions", "issues", "services", "selector"):
        for key in strings[section]:
            assert re.fullmatch(r"[a-z0-9_]+", key), f"{section}.{key}"
    for platform, entities in strings["entity"].items():
        assert platform in {str(p) for p in Platform}, platform
        for key in entities:
            assert re.fullmatch(r"[a-z0-9_]+", key), f"entity.{platform}.{key}"

    def texts(node: Any, where: str) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                texts(value, f"{where}.{key}")
        else:
            assert isinstance(node, str), where
            assert node and node == node.strip(), f"{where}: empty or padded text"

    texts(strings, "strings")


# --- services.yaml (hassfest: services.py) ---


async def test_services_yaml_matches_registered_services(
    hass: HomeAssistant, gem_entry: MockConfigEntry
) -> None:
    """Each registered action has its services.yaml entry, name, description and field texts."""
    described = _yaml(COMPONENT / "services.yaml")
    strings = _json(COMPONENT / "strings.json")["services"]
    registered = set(hass.services.async_services_for_domain(DOMAIN))
    assert registered == set(described) == set(strings)
    for service, spec in described.items():
        assert strings[service]["name"] and strings[service]["description"]
        fields = spec.get("fields", {})
        assert set(fields) == set(strings[service].get("fields", {})), service
        for field, field_spec in fields.items():
            assert {"name", "description"} <= set(strings[service]["fields"][field]), field
            assert "selector" in field_spec, f"{service}.{field} has no selector"
            for selector in field_spec["selector"].values():
                key = (selector or {}).get("translation_key")
                if key:
                    assert key in _json(COMPONENT / "strings.json")["selector"], key


# --- icons.json (hassfest: icons.py) ---

ICON = vol.Match(r"^mdi:[a-z0-9-]+$")
STATE_ICONS = vol.Schema({str: ICON})
ENTITY_ICON = vol.Schema(
    {
        vol.Optional("default"): ICON,
        vol.Optional("state"): STATE_ICONS,
        vol.Optional("range"): {vol.Coerce(float): ICON},
        vol.Optional("state_attributes"): {str: {vol.Optional("default"): ICON, "state": STATE_ICONS}},
    }
)
ICONS_SCHEMA = vol.Schema(
    {
        vol.Optional("entity"): {vol.In([str(p) for p in Platform]): {str: ENTITY_ICON}},
        vol.Optional("services"): {
            str: {vol.Required("service"): ICON, vol.Optional("sections"): {str: ICON}}
        },
    }
)


def test_icons_json() -> None:
    """Icons only for entities and actions that exist, in the form HA reads."""
    icons = ICONS_SCHEMA(_json(COMPONENT / "icons.json"))
    strings = _json(COMPONENT / "strings.json")
    for platform, entities in icons["entity"].items():
        for key, spec in entities.items():
            assert key in strings["entity"].get(platform, {}), f"icon for unknown {platform}.{key}"
            for attribute, attr_spec in spec.get("state_attributes", {}).items():
                known_states = strings["entity"][platform][key]["state_attributes"][attribute]
                assert set(attr_spec["state"]) <= set(known_states["state"])
    assert set(icons["services"]) == set(_yaml(COMPONENT / "services.yaml"))


async def test_home_assistant_loads_our_icons_and_texts(
    hass: HomeAssistant, gem_entry: MockConfigEntry
) -> None:
    """HA's own loaders read icons.json and the translations without complaint."""
    from homeassistant.helpers.icon import async_get_icons
    from homeassistant.helpers.translation import async_get_translations

    icons = await async_get_icons(hass, "entity", integrations=[DOMAIN])
    assert icons[DOMAIN]["switch"]["lockdown"]["default"] == "mdi:lock-alert"
    texts = await async_get_translations(hass, "en", "entity", integrations=[DOMAIN])
    assert texts[f"component.{DOMAIN}.entity.switch.lockdown.name"] == "Lockdown"


# --- quality_scale.yaml (hassfest: quality_scale.py, the current rule list) ---

RULES: dict[str, tuple[str, ...]] = {
    "bronze": (
        "action-setup",
        "appropriate-polling",
        "brands",
        "common-modules",
        "config-flow",
        "config-flow-test-coverage",
        "dependency-transparency",
        "docs-actions",
        "docs-conditions",
        "docs-high-level-description",
        "docs-installation-instructions",
        "docs-removal-instructions",
        "docs-triggers",
        "entity-event-setup",
        "entity-unique-id",
        "has-entity-name",
        "runtime-data",
        "test-before-configure",
        "test-before-setup",
        "unique-config-entry",
    ),
    "silver": (
        "action-exceptions",
        "config-entry-unloading",
        "docs-configuration-parameters",
        "docs-installation-parameters",
        "entity-unavailable",
        "integration-owner",
        "log-when-unavailable",
        "parallel-updates",
        "reauthentication-flow",
        "test-coverage",
    ),
    "gold": (
        "devices",
        "diagnostics",
        "discovery",
        "discovery-update-info",
        "docs-data-update",
        "docs-examples",
        "docs-known-limitations",
        "docs-supported-devices",
        "docs-supported-functions",
        "docs-troubleshooting",
        "docs-use-cases",
        "dynamic-devices",
        "entity-category",
        "entity-device-class",
        "entity-disabled-by-default",
        "entity-translations",
        "exception-translations",
        "icon-translations",
        "reconfiguration-flow",
        "repair-issues",
        "stale-devices",
    ),
    "platinum": ("async-dependency", "inject-websession", "strict-typing"),
}
ALL_RULES = [rule for tier in RULES.values() for rule in tier]
RULE_VALUE = vol.Any(
    vol.In(["todo", "done"]),
    vol.Schema({vol.Required("status"): vol.In(["todo", "done"]), vol.Required("comment"): str}),
    vol.Schema({vol.Required("status"): "exempt", vol.Required("comment"): str}),
)
QUALITY_SCALE_SCHEMA = vol.Schema({vol.Required("rules"): {vol.In(ALL_RULES): RULE_VALUE}})


def test_quality_scale_lists_every_rule_in_hassfest_form() -> None:
    """Every current rule appears; exemptions say why; bronze to gold are done or exempt."""
    data = QUALITY_SCALE_SCHEMA(_yaml(COMPONENT / "quality_scale.yaml"))
    assert set(data["rules"]) == set(ALL_RULES)
    status = {
        rule: value["status"] if isinstance(value, dict) else value
        for rule, value in data["rules"].items()
    }
    open_rules = [
        rule
        for tier in ("bronze", "silver", "gold")
        for rule in RULES[tier]
        if status[rule] == "todo"
    ]
    assert open_rules == []
    # test-coverage names how it is measured, with a script that exists (and fails under 95 %)
    coverage = data["rules"]["test-coverage"]
    assert "scripts/coverage" in coverage["comment"]
    assert "--cov-fail-under" in (ROOT / "scripts" / "coverage").read_text(encoding="utf-8")
    # a rule marked done for docs points at a page that exists
    for rule, value in data["rules"].items():
        if rule.startswith("docs-") and isinstance(value, dict) and value["status"] == "done":
            for page in re.findall(r"(docs/[\w./-]+\.md|README\.md)", value["comment"]):
                assert (ROOT / page).is_file(), f"{rule}: {page} does not exist"


@pytest.mark.parametrize("workflow", ["validate.yml", "tests.yml"])
def test_workflows_are_valid_yaml_with_the_standard_actions(workflow: str) -> None:
    """The CI files parse; validation runs hassfest and the HACS action."""
    data = _yaml(ROOT / ".github" / "workflows" / workflow)
    steps = [step for job in data["jobs"].values() for step in job["steps"]]
    uses = {step.get("uses", "").split("@")[0] for step in steps}
    if workflow == "validate.yml":
        assert {"home-assistant/actions/hassfest", "hacs/action"} <= uses
        hacs = next(s for s in steps if s.get("uses", "").startswith("hacs/action"))
        assert hacs["with"]["category"] == "integration"
    else:
        assert any("scripts/test" in step.get("run", "") for step in steps)
