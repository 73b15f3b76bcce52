"""Helpers of ./scripts/develop: a local Home Assistant with a GEM Access demo site.

Run with the project's venv Python (it imports homeassistant and aiohttp):

  demo_site.py missing-requirements         requirements of the integrations the demo loads that are
                                            not installed (one per line; HA runs with --skip-pip)
  demo_site.py constraints OUT              HA's package constraints without the packages our
                                            requirements file pins itself (pycares), for pip -c
  demo_site.py prepare CONFIG               configuration.yaml, custom_components link, onboarding seed
  demo_site.py seed CONFIG URL PID          against a running HA: owner login, config entry, demo site
  demo_site.py info CONFIG URL              how to log in and what to try

Everything it writes stays in CONFIG (.ha-config, gitignored). The login and a long-lived token of the
admin go to CONFIG/gem-demo.json; that file is also the marker that the demo has been seeded.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, NoReturn
from zoneinfo import ZoneInfo

import aiohttp
import homeassistant
from homeassistant import bootstrap, loader
from homeassistant.core import HomeAssistant
from homeassistant.util.package import is_installed

ROOT = Path(__file__).resolve().parent.parent
STATE_FILE = "gem-demo.json"
USERNAME = "admin"
DEFAULT_PASSWORD = "gemdemo"  # HA listens on 127.0.0.1 only; GEM_DEVELOP_PASSWORD overrides it
CLIENT_NAME = "gem_access ./scripts/develop"

# Integrations the demo configuration names (HA adds its default and core ones).
CONFIGURED_DOMAINS = (
    "http", "frontend", "config", "recorder", "logger", "input_boolean", "template",
    "binary_sensor", "switch", "lock", "event", "sensor", "onboarding", "auth", "api",
    "websocket_api",
)

CONFIGURATION_YAML = """\
# Written by ./scripts/develop for the GEM Access demo; no default_config (it reaches for the network).
# Name and time zone are set through the API (seed), so they stay editable in Settings -> System.
http:
  server_host: 127.0.0.1
  server_port: {port}

frontend:
config:
recorder:
# device pages show the readers' logbook lines (no person in them)
logbook:
history:

logger:
  default: warning
  logs:
    custom_components.gem_access: info
    # Without the system libturbojpeg, camera snapshots are only resized more slowly; HA logs
    # that as an ERROR with a traceback at every start.
    homeassistant.components.camera.img_util: critical

# --- demo hardware: helpers you toggle in the UI stand in for a door contact, a lock and a strike ---
input_boolean:
  front_door_contact:
    name: Front door contact (demo)
    icon: mdi:door
  front_door_bolt:
    name: Front door bolt thrown (demo)
    icon: mdi:lock
    initial: true
  back_door_strike:
    name: Back door strike energised (demo)
    icon: mdi:flash

template:
  - binary_sensor:
      - name: Front door contact
        unique_id: gem_demo_front_door_contact
        device_class: door
        state: "{{{{ is_state('input_boolean.front_door_contact', 'on') }}}}"
  - switch:
      - name: Back door strike
        unique_id: gem_demo_back_door_strike
        state: "{{{{ is_state('input_boolean.back_door_strike', 'on') }}}}"
        turn_on:
          - action: input_boolean.turn_on
            target:
              entity_id: input_boolean.back_door_strike
        turn_off:
          - action: input_boolean.turn_off
            target:
              entity_id: input_boolean.back_door_strike

# Named "(demo)" so that lock.front_door_lock stays free for the GEM Access door lock.
lock:
  - platform: template
    name: Front door lock (demo)
    unique_id: gem_demo_front_door_lock
    value_template: "{{{{ is_state('input_boolean.front_door_bolt', 'on') }}}}"
    lock:
      - action: input_boolean.turn_on
        target:
          entity_id: input_boolean.front_door_bolt
    unlock:
      - action: input_boolean.turn_off
        target:
          entity_id: input_boolean.front_door_bolt
"""

CONTACT_ENTITY = "binary_sensor.front_door_contact"  # GEM's own door sensor is binary_sensor.front_door
FRONT_LOCK_ENTITY = "lock.front_door_lock_demo"
BACK_STRIKE_ENTITY = "switch.back_door_strike"

DOORS: list[dict[str, Any]] = [
    {"name": "Front door", "contact_entity_id": CONTACT_ENTITY,
     "actuator_entity_id": FRONT_LOCK_ENTITY, "held_open_threshold_sec": 30},
    {"name": "Back door", "actuator_entity_id": BACK_STRIKE_ENTITY},
]
# (name, door name, exit device): only an exit device (a button inside) may send REX; the keypad
# and the card reader are outside their doors, so an exit request from them is denied.
READERS = [
    ("Front keypad", "Front door", False),
    ("Back reader", "Back door", False),
    ("Back exit button", "Back door", True),
]
USERS: list[dict[str, Any]] = [
    {"name": "Alice", "pins": ["1234"], "duress_pin": "9999"},
    {"name": "Bob", "pins": ["5678"], "rfid_cards": ["12345678"]},
]
RULE: dict[str, Any] = {
    "name": "Staff weekdays",
    "schedule": [
        {"days": ["mon", "tue", "wed", "thu", "fri"], "start": "07:00", "end": "19:00"},
        {"days": ["sat", "sun"], "start": "09:00", "end": "13:00"},
    ],
}


def fail(message: str) -> NoReturn:
    """Stop with a message on stderr."""
    print(f"demo_site: {message}", file=sys.stderr)
    sys.exit(1)


# --- requirements ---------------------------------------------------------------------------------


async def _missing_requirements() -> list[str]:
    with tempfile.TemporaryDirectory() as tmp:
        hass = HomeAssistant(tmp)
        loader.async_setup(hass)
        todo = [*bootstrap.DEFAULT_INTEGRATIONS, *bootstrap.CORE_INTEGRATIONS,
                *CONFIGURED_DOMAINS]
        seen: set[str] = set()
        missing: list[str] = []
        while todo:
            domain = todo.pop()
            if domain in seen:
                continue
            seen.add(domain)
            integration = await loader.async_get_integration(hass, domain)
            missing += [r for r in integration.requirements
                        if not is_installed(r) and r not in missing]
            todo += integration.dependencies
        await hass.async_stop(force=True)
    return missing


def cmd_missing_requirements() -> None:
    """Print the requirements HA would otherwise try to pip-install at start."""
    for requirement in asyncio.run(_missing_requirements()):
        print(requirement)


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _name_of(line: str) -> str:
    match = re.match(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)", line)
    return _norm(match.group(1)) if match else ""


def cmd_constraints(out: str) -> None:
    """HA's own constraints, minus the few packages our requirements file pins (as _venv.sh does)."""

    data = (Path(homeassistant.__file__).parent / "package_constraints.txt").read_text()
    reqs = Path(os.environ.get("GEM_REQS", ROOT / "requirements_test.txt"))
    ours = {_name_of(line) for line in reqs.read_text().splitlines()
            if line.strip() and not line.lstrip().startswith(("#", "-"))}
    ours.discard("homeassistant")
    lines = [line for line in data.splitlines() if not (_name_of(line) and _name_of(line) in ours)]
    Path(out).write_text("\n".join(lines) + "\n")


# --- configuration ------------------------------------------------------------------------------


def cmd_prepare(config: str, port: int) -> None:
    """Write a fresh configuration (the caller makes sure the directory is new)."""
    cfg = Path(config)
    (cfg / ".storage").mkdir(parents=True, exist_ok=True)
    (cfg / "configuration.yaml").write_text(CONFIGURATION_YAML.format(port=port))
    for name in ("automations.yaml", "scripts.yaml", "scenes.yaml"):
        (cfg / name).touch()
    link = cfg / "custom_components"
    if not link.is_symlink():
        link.symlink_to(ROOT / "custom_components", target_is_directory=True)
    # Every step but "user": the owner account is created through the onboarding API (seed), which
    # is what makes a real admin; "core_config" would start network-bound integrations (met, ...).
    onboarding = {"version": 4, "minor_version": 1, "key": "onboarding",
                  "data": {"done": ["core_config", "analytics", "integration"]}}
    (cfg / ".storage" / "onboarding").write_text(json.dumps(onboarding, indent=2))


def host_time_zone() -> str | None:
    """The machine's IANA time zone, if it can be told."""

    candidates = [os.environ.get("TZ", "").lstrip(":")]
    etc_tz = Path("/etc/timezone")
    if etc_tz.is_file():
        candidates.append(etc_tz.read_text().strip())
    localtime = Path("/etc/localtime")
    if localtime.is_symlink():
        target = str(localtime.resolve())
        if "zoneinfo/" in target:
            candidates.append(target.split("zoneinfo/", 1)[1])
    for name in candidates:
        if not name:
            continue
        try:
            ZoneInfo(name)
        except (ValueError, OSError):
            continue
        return "UTC" if name in ("Etc/UTC", "UTC", "Etc/Universal") else name
    return None


# --- seeding against a running HA ---------------------------------------------------------------


class Seeder:
    """Drives a freshly started HA through its HTTP and websocket APIs."""

    def __init__(self, config: Path, url: str, pid: int) -> None:
        """Remember where HA is; nothing is opened yet."""
        self.config = config
        self.url = url.rstrip("/")
        self.pid = pid
        self.client_id = f"{self.url}/"
        self.token = ""
        self._msg_id = 0

    def _alive(self) -> None:
        try:
            os.kill(self.pid, 0)
        except ProcessLookupError:
            fail(f"Home Assistant (pid {self.pid}) exited during seeding; see its log")

    async def _wait(self, session: Any, what: str, check: Any, limit_s: float = 300) -> Any:

        deadline = time.monotonic() + limit_s
        while time.monotonic() < deadline:
            self._alive()
            try:
                result = await check(session)
            except (aiohttp.ClientError, TimeoutError, ValueError):
                result = None
            if result:
                return result
            await asyncio.sleep(0.5)
        fail(f"timed out waiting for {what}")

    async def _onboarding_pending(self, session: Any) -> bool:
        async with session.get(f"{self.url}/api/onboarding") as resp:
            if resp.status != 200:
                return False
            steps = await resp.json()
            return any(s["step"] == "user" for s in steps)

    async def _running(self, session: Any) -> bool:
        async with session.get(f"{self.url}/api/config", headers=self._auth()) as resp:
            return resp.status == 200 and bool((await resp.json()).get("state") == "RUNNING")

    def _auth(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}

    async def _post(self, session: Any, path: str, payload: Any = None, **kwargs: Any) -> Any:
        async with session.post(f"{self.url}{path}", json=payload, **kwargs) as resp:
            body = await resp.text()
            if resp.status >= 300:
                fail(f"POST {path} -> HTTP {resp.status}: {body[:500]}")
            return json.loads(body) if body else None

    async def _ws(self, ws: Any, msg_type: str, **fields: Any) -> Any:
        self._msg_id += 1
        await ws.send_json({"id": self._msg_id, "type": msg_type, **fields})
        while True:
            msg = await ws.receive_json(timeout=60)
            if msg.get("id") == self._msg_id and msg.get("type") == "result":
                if not msg["success"]:
                    fail(f"{msg_type} {fields}: {msg['error']}")
                return msg["result"]

    async def run(self, password: str) -> dict[str, Any]:
        """Owner login, config entry, demo site; returns what gem-demo.json records."""

        timeout = aiohttp.ClientTimeout(total=60)
        async with aiohttp.ClientSession(timeout=timeout) as session:
            await self._wait(session, "the onboarding API", self._onboarding_pending)
            created = await self._post(session, "/api/onboarding/users", {
                "client_id": self.client_id, "name": "Admin", "username": USERNAME,
                "password": password, "language": "en",
            })
            async with session.post(f"{self.url}/auth/token", data={
                "grant_type": "authorization_code", "code": created["auth_code"],
                "client_id": self.client_id,
            }) as resp:
                if resp.status != 200:
                    fail(f"token exchange -> HTTP {resp.status}: {await resp.text()}")
                self.token = (await resp.json())["access_token"]
            await self._wait(session, "Home Assistant to finish starting", self._running)

            async with session.ws_connect(f"{self.url}/api/websocket") as ws:
                await ws.receive_json()  # auth_required
                await ws.send_json({"type": "auth", "access_token": self.token})
                if (await ws.receive_json()).get("type") != "auth_ok":
                    fail("websocket authentication failed")
                long_lived = await self._ws(
                    ws, "auth/long_lived_access_token", client_name=CLIENT_NAME, lifespan=3650
                )
                tz = host_time_zone()
                core = {"location_name": "GEM Access demo"} | ({"time_zone": tz} if tz else {})
                await self._ws(ws, "config/core/update", **core)

            # the config entry, as the UI's "Add integration" does it
            flow = await self._post(session, "/api/config/config_entries/flow",
                                    {"handler": "gem_access", "show_advanced_options": False},
                                    headers=self._auth())
            if flow.get("type") == "form":
                flow = await self._post(session,
                                        f"/api/config/config_entries/flow/{flow['flow_id']}", {},
                                        headers=self._auth())
            if flow.get("type") != "create_entry":
                fail(f"gem_access config flow did not create an entry: {flow}")

            async with session.ws_connect(f"{self.url}/api/websocket") as ws:
                await ws.receive_json()
                await ws.send_json({"type": "auth", "access_token": self.token})
                await ws.receive_json()
                site = await self._seed_site(ws)
        return {"url": self.url, "username": USERNAME, "password": password,
                "token": long_lived, "time_zone": tz, **site}

    async def _seed_site(self, ws: Any) -> dict[str, Any]:
        doors = {}
        for door in DOORS:
            doors[door["name"]] = (await self._ws(ws, "gem_access/doors/create", **door))["id"]
        readers = {}
        for name, door_name, exit_device in READERS:
            record = await self._ws(ws, "gem_access/devices/create", name=name,
                                    door_id=doors[door_name], driver="virtual",
                                    rex_allowed=exit_device)
            readers[name] = record["id"]
        users = {}
        for user in USERS:
            users[user["name"]] = (await self._ws(ws, "gem_access/users/create", **user))["id"]
        # credentials are read outside; the exit button needs no rule (an exit request is no credential)
        credential_readers = [readers[name] for name, _door, exit_device in READERS if not exit_device]
        rule = await self._ws(ws, "gem_access/rules/create", **RULE,
                              device_ids=credential_readers, user_ids=list(users.values()))
        return {"doors": doors, "readers": readers, "users": users, "rules": [rule["id"]]}


def cmd_seed(config: str, url: str, pid: int) -> None:
    """Seed a running HA and record the login in CONFIG/gem-demo.json."""
    password = os.environ.get("GEM_DEVELOP_PASSWORD") or DEFAULT_PASSWORD
    state = asyncio.run(Seeder(Path(config), url, pid).run(password))
    path = Path(config) / STATE_FILE
    path.write_text(json.dumps(state, indent=2) + "\n")
    path.chmod(0o600)
    print(f"demo site seeded: doors {list(state['doors'].values())}, "
          f"readers {list(state['readers'].values())}, users {list(state['users'].values())}, "
          f"rule {state['rules'][0]}")


def cmd_info(config: str, url: str) -> None:
    """What a person needs to use the demo."""
    state = json.loads((Path(config) / STATE_FILE).read_text())
    reader = next(iter(state["readers"].values()), "front_keypad")
    exit_button = state["readers"].get("Back exit button", "back_exit_button")
    token_file = Path(config) / STATE_FILE
    print(f"""
==================================================================================
 GEM Access demo: {url}
   login:     {state['username']} / {state['password']}
   API token: "token" in {token_file}
 Try it: Developer tools -> Actions -> "GEM Access: Present credential"
   action: gem_access.present_credential
   data:   {{device_id: {reader}, access_type: pin, credential: "1234"}}
   -> Alice is granted and lock.front_door_lock opens for 5 s (PIN 9999 is her
      duress PIN, Bob has PIN 5678 and card 12345678 (access_type: rfid)).
   The rule "Staff weekdays" allows Mon-Fri 07:00-19:00 and Sat-Sun 09:00-13:00
   ({state.get('time_zone') or 'HA time zone'}); outside it the answer is outside_schedule.
   The back door's exit button (an exit device) opens it without a credential:
   data:   {{device_id: {exit_button}, access_type: rex}}
   an exit request (rex) from a keypad or card reader outside is denied (not_authorized).
   Toggle "Front door contact (demo)" to open the door: without a grant just before,
   that is a forced door; left open over 30 s it is held open.
 Ctrl-C stops Home Assistant.
==================================================================================
""")


def main() -> None:
    """Dispatch the sub-command."""
    args = sys.argv[1:]
    if not args:
        fail(__doc__ or "usage")
    command, rest = args[0], args[1:]
    if command == "missing-requirements" and not rest:
        cmd_missing_requirements()
    elif command == "constraints" and len(rest) == 1:
        cmd_constraints(rest[0])
    elif command == "prepare" and len(rest) in (1, 2):
        cmd_prepare(rest[0], int(rest[1]) if len(rest) == 2 else 8123)
    elif command == "seed" and len(rest) == 3:
        cmd_seed(rest[0], rest[1], int(rest[2]))
    elif command == "info" and len(rest) == 2:
        cmd_info(rest[0], rest[1])
    else:
        fail(f"unknown command or arguments: {' '.join(args)}\n{__doc__}")


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        sys.exit(130)
