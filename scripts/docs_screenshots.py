"""The user guide's screenshots, taken from a real Home Assistant running the demo site.

  .venv/bin/python scripts/docs_screenshots.py [--out docs/screenshots] [--no-offline-wait]
                                               [--keep-config]

What it does, the way a user would meet each picture:

1. prepares a temporary configuration exactly as ``./scripts/develop`` does (``demo_site.py
   prepare``/``seed``: admin ``admin``/``gemdemo``, two doors, three virtual readers, Alice and Bob),
   plus ``logbook:`` (a device page shows its Activity only with it), a garage door whose contact
   helper can drop off the network, and a rule that lets Alice and Bob in at any hour (so the
   pictures do not depend on the time of day the script runs);
2. first run: a day at the door through the public action and the demo helpers (grants, a wrong
   PIN, an exit request, a door held open, a forced door) and two serial card readers set to a port
   that does not exist, the second on the first one's port;
3. stops Home Assistant and turns the stored configuration into what an upgrade from 0.1 finds
   (minor version 1: readers without ``rex_allowed``) and removes the credential key file, as a
   lost backup would;
4. second run: the garage contact goes unavailable; an admin unlocks the front door remotely, it
   is held open, a wrong PIN is typed, and the door is forced open while the browser (Debian's
   Chromium through Playwright, light theme, 1280x800) takes its device page; then the keypad's
   device page and the panel; then it waits for the readers' ``reader_offline`` issues (raised
   after ``OFFLINE_REPAIR_S``, five minutes of a run: the outage timer is not stored, so this is a
   real wait; ``--no-offline-wait`` skips it and the pictures lack those issues) and takes
   Settings > Repairs and two repair dialogs.

Brand images come from the integration's ``brand/`` folder (HA 2026.3+ serves them itself; this
HA asks brands.home-assistant.io, which may be out of reach). HA writes U+2E31 between an issue's
severity and its age: without a font that has it (``fonts-symbola``) Chromium draws a box.
Nothing is written outside the temporary directory except the PNGs.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import aiohttp
import requests
from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "scripts" / "demo_site.py"
OUT = ROOT / "docs" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORT = {"width": 1280, "height": 800}
MAX_PNG_BYTES = 300_000
OFFLINE_WAIT_S = 420  # OFFLINE_REPAIR_S (300 s) from the second start, with room for a slow machine

# A reader's serial port that does not exist on this machine (nor on most): the reader stays offline.
MISSING_PORT = "/dev/serial/by-id/usb-FTDI_FT232R_card_reader_A10K2GEM-if00-port0"

# Added to the demo configuration: a garage door whose contact can lose its radio (a helper).
EXTRA_INPUT_BOOLEANS = """\
  garage_contact_reachable:
    name: Garage door contact reachable (demo)
    icon: mdi:access-point-network
    initial: true
"""
EXTRA_TEMPLATES = """\
  - binary_sensor:
      - name: Garage door contact
        unique_id: gem_docs_garage_door_contact
        device_class: door
        availability: "{{ is_state('input_boolean.garage_contact_reachable', 'on') }}"
        state: "{{ false }}"
"""
EXTRA_YAML = """
# docs_screenshots.py: a device page shows its Activity (logbook) only with these
logbook:
history:
"""


def log(message: str) -> None:
    """Progress on the console."""
    print(f"== {message}", flush=True)


def free_port() -> int:
    """A TCP port nobody listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


# --- Home Assistant --------------------------------------------------------------------------------


class HomeAssistantRun:
    """One ``hass`` process on the temporary configuration, with REST and websocket helpers."""

    def __init__(self, config: Path, port: int, token: str = "") -> None:
        """Nothing starts until ``start``."""
        self.config = config
        self.url = f"http://127.0.0.1:{port}"
        self.token = token
        self.process: subprocess.Popen[bytes] | None = None

    def start(self, log_name: str) -> None:
        """Start hass in the background; its output goes to a log in the configuration."""
        hass = Path(sys.executable).with_name("hass")
        out = (self.config / log_name).open("wb")
        self.process = subprocess.Popen(
            [str(hass), "-c", str(self.config), "--skip-pip"],
            stdout=out,
            stderr=subprocess.STDOUT,
            cwd=self.config,
        )

    def stop(self) -> None:
        """SIGTERM and wait: HA writes its storage files on the way out."""
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(90)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(10)

    def wait_running(self, limit_s: float = 300) -> None:
        """Until the REST API says RUNNING (integrations set up)."""
        deadline = time.monotonic() + limit_s
        while time.monotonic() < deadline:
            if self.process is not None and self.process.poll() is not None:
                raise RuntimeError("Home Assistant exited while starting")
            try:
                resp = requests.get(f"{self.url}/api/config", headers=self.headers(), timeout=5)
                if resp.status_code == 200 and resp.json().get("state") == "RUNNING":
                    return
            except requests.RequestException:
                pass
            time.sleep(0.5)
        raise RuntimeError("timed out waiting for Home Assistant to run")

    def headers(self) -> dict[str, str]:
        """The admin's bearer token."""
        return {"Authorization": f"Bearer {self.token}"}

    def call(self, domain: str, service: str, **data: Any) -> Any:
        """An action over REST (with its response when it has one)."""
        query = (
            "?return_response" if (domain, service) == ("gem_access", "present_credential") else ""
        )
        resp = requests.post(
            f"{self.url}/api/services/{domain}/{service}{query}",
            json=data,
            headers=self.headers(),
            timeout=30,
        )
        resp.raise_for_status()
        return resp.json()

    def present(self, device_id: str, access_type: str, credential: str | None = None) -> Any:
        """``gem_access.present_credential``, as an ESPHome keypad or a script would call it."""
        data = {"device_id": device_id, "access_type": access_type}
        if credential is not None:
            data["credential"] = credential
        return self.call("gem_access", "present_credential", **data)["service_response"]

    def ws(self, *messages: dict[str, Any]) -> list[Any]:
        """Websocket commands in order, each one's result (raises on an error)."""
        # a thread of its own: sync Playwright keeps an event loop running in the main thread
        with ThreadPoolExecutor(1) as pool:
            return pool.submit(asyncio.run, self._ws(list(messages))).result()

    async def _ws(self, messages: list[dict[str, Any]]) -> list[Any]:
        results = []
        async with (
            aiohttp.ClientSession() as session,
            session.ws_connect(f"{self.url}/api/websocket") as ws,
        ):
            await ws.receive_json()
            await ws.send_json({"type": "auth", "access_token": self.token})
            if (await ws.receive_json()).get("type") != "auth_ok":
                raise RuntimeError("websocket authentication failed")
            for i, msg in enumerate(messages, start=1):
                await ws.send_json({"id": i, **msg})
                while True:
                    reply = await ws.receive_json(timeout=60)
                    if reply.get("id") == i and reply.get("type") == "result":
                        break
                if not reply["success"]:
                    raise RuntimeError(f"{msg['type']}: {reply['error']}")
                results.append(reply["result"])
        return results

    def gem_issues(self) -> list[dict[str, Any]]:
        """The GEM Access issues Settings > Repairs lists now."""
        issues = self.ws({"type": "repairs/list_issues"})[0]["issues"]
        return [i for i in issues if i["domain"] == "gem_access"]

    def wait_for(self, what: str, check: Callable[[], bool], limit_s: float) -> None:
        """Poll ``check`` until it holds."""
        deadline = time.monotonic() + limit_s
        while time.monotonic() < deadline:
            if check():
                return
            time.sleep(1)
        raise RuntimeError(f"timed out waiting for {what}")


@contextmanager
def running(ha: HomeAssistantRun, log_name: str) -> Iterator[HomeAssistantRun]:
    """HA runs inside the block and is stopped after it, whatever happens."""
    ha.start(log_name)
    try:
        yield ha
    except BaseException:
        tail = (ha.config / log_name).read_text(errors="replace").splitlines()[-40:]
        print("-- last lines of the Home Assistant log:", *tail, sep="\n", file=sys.stderr)
        raise
    finally:
        ha.stop()


# --- the site ------------------------------------------------------------------------------------


def prepare(config: Path, port: int) -> None:
    """``demo_site.py prepare`` plus what the pictures need (see the module docstring)."""
    subprocess.run([sys.executable, str(DEMO), "prepare", str(config), str(port)], check=True)
    path = config / "configuration.yaml"
    text = path.read_text()
    for key, extra in (
        ("input_boolean:\n", EXTRA_INPUT_BOOLEANS),
        ("template:\n", EXTRA_TEMPLATES),
    ):
        if key not in text:
            raise RuntimeError(f"demo configuration has no {key.strip()} block any more")
        text = text.replace(key, key + extra, 1)
    path.write_text(text + EXTRA_YAML)


def first_run(config: Path, port: int) -> dict[str, Any]:
    """Seed the demo (as ./scripts/develop does), then a day at the doors; returns gem-demo.json."""
    ha = HomeAssistantRun(config, port)
    with running(ha, "first-run.log"):
        assert ha.process is not None
        env = {**os.environ, "GEM_DEVELOP_PASSWORD": "gemdemo"}
        subprocess.run(
            [sys.executable, str(DEMO), "seed", str(config), ha.url, str(ha.process.pid)],
            check=True,
            env=env,
            timeout=300,
        )
        state: dict[str, Any] = json.loads((config / "gem-demo.json").read_text())
        ha.token = state["token"]
        ha.wait_running()
        readers, users, doors = state["readers"], state["users"], state["doors"]
        log("adding the garage door, two serial card readers and an any-hour rule")
        # without a country HA core raises its own repair, which is not what the pictures are about
        ha.ws({"type": "config/core/update", "country": "US"})
        garage = ha.ws(
            {
                "type": "gem_access/doors/create",
                "name": "Garage door",
                "contact_entity_id": "binary_sensor.garage_door_contact",
            }
        )[0]["id"]
        ha.ws(
            {
                "type": "gem_access/rules/create",
                "name": "Household, any time",
                "device_ids": [readers["Front keypad"], readers["Back reader"]],
                "user_ids": list(users.values()),
                "schedule": [],
            },
            {
                "type": "gem_access/devices/create",
                "name": "Front card reader",
                "door_id": doors["Front door"],
                "driver": "serial",
                "driver_options": {"port": MISSING_PORT},
            },
            {
                "type": "gem_access/devices/create",
                "name": "Garage keypad",
                "door_id": garage,
                "driver": "serial",
                "driver_options": {"port": MISSING_PORT},
            },
        )
        log("a morning at the doors (credentials, while the key is still there)")
        keypad, back, exit_button = (
            readers["Front keypad"],
            readers["Back reader"],
            readers["Back exit button"],
        )
        contact = "input_boolean.front_door_contact"
        steps: list[tuple[str, Callable[[], Any]]] = [
            ("Alice's PIN at the front keypad", lambda: ha.present(keypad, "pin", "1234")),
            ("front door opens", lambda: ha.call("input_boolean", "turn_on", entity_id=contact)),
            ("...", lambda: time.sleep(3)),
            ("front door closes", lambda: ha.call("input_boolean", "turn_off", entity_id=contact)),
            ("a wrong PIN", lambda: ha.present(keypad, "pin", "2580")),
            ("Bob's card at the back reader", lambda: ha.present(back, "rfid", "12345678")),
            ("the back exit button", lambda: ha.present(exit_button, "rex")),
            ("an exit request from the keypad outside", lambda: ha.present(keypad, "rex")),
            ("an unknown card at the back reader", lambda: ha.present(back, "rfid", "87654321")),
            ("Bob's PIN at the front keypad", lambda: ha.present(keypad, "pin", "5678")),
        ]
        for label, step in steps:
            result = step()
            if isinstance(result, dict) and "result" in result:
                log(f"  {label}: {result['result']} / {result['reason']}")
        time.sleep(3)  # the last rows and the storage's delayed save
    return state


def upgrade_from_0_1(config: Path) -> None:
    """What an upgrade from 0.1 finds: a 1.1 configuration file, and (a lost backup) no key file.

    0.1 kept the runtime state (door times, lockdown) and the key's fingerprint under the
    configuration's ``state`` and had no ``rex_allowed``; later versions migrate that on load.
    """
    storage = config / ".storage"
    path = storage / "gem_access.config"
    stored = json.loads(path.read_text())
    data = stored["data"]
    state = dict(data.pop("state", None) or {})
    for key in ("credential_key_fingerprint", "retired_ids"):
        if key in data:
            state[key] = data.pop(key)
    data.pop("rex_review", None)
    state.pop("rex_review", None)
    runtime = storage / "gem_access.runtime"
    if runtime.exists():
        state.update(json.loads(runtime.read_text())["data"])
        runtime.unlink()
    for record in data["devices"].values():
        record.pop("rex_allowed", None)
    stored["minor_version"] = 1
    stored["data"] = {**data, "state": state}
    path.write_text(json.dumps(stored, indent=2))
    (storage / "gem_access.secret").unlink()


# --- pictures --------------------------------------------------------------------------------------


def tokens_script(ha: HomeAssistantRun) -> str:
    """A session in localStorage before HA's frontend reads it (the admin's long-lived token)."""
    ten_years = 3600 * 24 * 365 * 10
    data = {
        "access_token": ha.token,
        "token_type": "Bearer",
        "expires_in": ten_years,
        "hassUrl": ha.url,
        "clientId": f"{ha.url}/",
        "expires": int(time.time() * 1000) + ten_years * 1000,
        "refresh_token": "",
    }
    return f"window.localStorage.setItem('hassTokens', {json.dumps(json.dumps(data))});"


def save_png(page: Any, out: Path, name: str, **kwargs: Any) -> None:
    """A screenshot, re-encoded smaller when it is large (docs live in git)."""
    path = out / name
    page.screenshot(path=str(path), **kwargs)
    with Image.open(path) as shot:
        image = shot.convert("RGB")
    image.save(path, optimize=True)
    if path.stat().st_size > MAX_PNG_BYTES:
        image.quantize(colors=256, method=Image.Quantize.MEDIANCUT).save(path, optimize=True)
    log(
        f"  {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path} "
        f"({path.stat().st_size // 1024} KB)"
    )


def device_id_of(ha: HomeAssistantRun, name: str) -> str:
    """The device-registry id of a GEM Access device by its name."""
    devices = ha.ws({"type": "config/device_registry/list"})[0]
    for device in devices:
        if device["name"] == name and any(i[0] == "gem_access" for i in device["identifiers"]):
            return str(device["id"])
    raise RuntimeError(f"no GEM Access device named {name}")


def entity_of(ha: HomeAssistantRun, device_id: str, domain: str) -> str:
    """The device's entity of one domain (its id may have been renamed; ask the registry)."""
    for entity in ha.ws({"type": "config/entity_registry/list"})[0]:
        if entity["device_id"] == device_id and entity["entity_id"].startswith(f"{domain}."):
            return str(entity["entity_id"])
    raise RuntimeError(f"no {domain} entity on device {device_id}")


def settle(page: Any, ms: int = 2500) -> None:
    """Let lazy cards (logbook, history) finish and animations end."""
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(ms)


def open_device(ha: HomeAssistantRun, page: Any, device_id: str, expect: str) -> None:
    """A device page, once ``expect`` (a text on it) shows."""
    page.goto(f"{ha.url}/config/devices/device/{device_id}")
    page.wait_for_selector("ha-config-device-page", timeout=30_000)
    page.get_by_text(expect).first.wait_for(timeout=30_000)
    settle(page)


def door_activity(ha: HomeAssistantRun, state: dict[str, Any], page: Any, out: Path) -> None:
    """An admin's remote unlock, a door held open, a wrong PIN, and a door forced while we look."""
    door = device_id_of(ha, "Front door")
    lock = entity_of(ha, door, "lock")
    contact = "input_boolean.front_door_contact"
    log(f"the admin unlocks {lock}; the door is held open past its 30 s threshold")
    ha.call("lock", "unlock", entity_id=lock)
    time.sleep(1)
    ha.call("input_boolean", "turn_on", entity_id=contact)
    time.sleep(34)
    ha.call("input_boolean", "turn_off", entity_id=contact)
    time.sleep(12)  # locked again, past the grace after a grant
    result = ha.present(state["readers"]["Front keypad"], "pin", "2580")
    log(f"a wrong PIN at the front keypad: {result['result']} / {result['reason']}")
    log("the front door is forced open")
    ha.call("input_boolean", "turn_on", entity_id=contact)
    try:
        open_device(ha, page, door, "Front keypad")  # the door's readers are listed
        page.get_by_text("forced open").first.wait_for(timeout=30_000)  # its logbook has it
        settle(page)
        save_png(page, out, "device-door.png")
    finally:
        ha.call("input_boolean", "turn_off", entity_id=contact)
    open_device(ha, page, device_id_of(ha, "Front keypad"), "access denied")
    save_png(page, out, "device-reader.png")


def panel_pages(ha: HomeAssistantRun, page: Any, out: Path) -> None:
    """The Access Log and its Users screen, for the set-up walkthrough."""
    page.goto(f"{ha.url}/gem-access?range=today")
    page.wait_for_selector("gem-access-log-grid .body .row", timeout=30_000)
    settle(page)
    save_png(page, out, "panel-log.png")
    page.goto(f"{ha.url}/gem-access/users")
    page.get_by_text("Alice").first.wait_for(timeout=30_000)
    settle(page)
    save_png(page, out, "panel-users.png")


def repairs_pages(ha: HomeAssistantRun, page: Any, out: Path) -> None:
    """Settings > Repairs, the credential key's fix flow, and an offline reader's explanation."""
    page.goto(f"{ha.url}/config/repairs")
    page.get_by_text("Check which readers may open doors").first.wait_for(timeout=30_000)
    settle(page)
    save_png(page, out, "repairs.png")

    page.get_by_text("the key of the stored PINs and cards is missing").first.click()
    page.get_by_text("Start over with a new credential key").first.wait_for(timeout=30_000)
    settle(page, 1500)
    save_png(page, out, "repair-flow.png")

    # a fresh page: the flow dialog leaves the list inert for a while after it closes
    page.goto(f"{ha.url}/config/repairs")
    page.get_by_text("Check which readers may open doors").first.wait_for(timeout=30_000)
    settle(page, 1000)
    offline = page.get_by_text("Reader Front card reader is offline")
    if offline.count():
        offline.first.click()
        page.get_by_text("has not been able to read from").first.wait_for(timeout=30_000)
        settle(page, 1500)
        save_png(page, out, "repair-offline.png")


def route_brands(context: Any) -> None:
    """Brand images from the integration's ``brand/`` folder instead of brands.home-assistant.io.

    The machine taking the pictures may be offline, and HA 2026.3+ shows these local images
    itself; Home Assistant's own icon is its favicon from the installed frontend.
    """
    import hass_frontend

    own = ROOT / "custom_components" / "gem_access" / "brand"
    ha_icon = Path(hass_frontend.where()) / "static" / "icons" / "favicon-192x192.png"

    def handle(route: Any) -> None:
        parts = route.request.url.split("?")[0].split("/")
        domain, image = parts[-2], parts[-1].removeprefix("dark_")
        path = (
            own / image
            if domain == "gem_access"
            else ha_icon
            if domain == "homeassistant"
            else None
        )
        if path is not None and path.exists():
            route.fulfill(path=str(path), content_type="image/png")
        else:
            route.fulfill(status=404, body="")

    context.route("https://brands.home-assistant.io/**", handle)


def second_run(
    config: Path, port: int, state: dict[str, Any], out: Path, offline_wait: bool
) -> None:
    """The upgraded site: its issues, its device pages, its panel."""
    from playwright.sync_api import sync_playwright

    ha = HomeAssistantRun(config, port, state["token"])
    with running(ha, "second-run.log"):
        started = time.monotonic()
        ha.wait_running()
        log("the garage door contact drops off the network")
        ha.call("input_boolean", "turn_off", entity_id="input_boolean.garage_contact_reachable")

        def raised_at_start() -> bool:
            ids = {i["issue_id"] for i in ha.gem_issues()}
            return {"rex_review", "credential_key"} <= ids and any(
                i.startswith("contact_unavailable") for i in ids
            )

        ha.wait_for("the issues raised at start", raised_at_start, 60)
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            context = browser.new_context(viewport=VIEWPORT, color_scheme="light", locale="en-US")
            context.add_init_script(tokens_script(ha))
            route_brands(context)
            page = context.new_page()
            log("device pages")
            door_activity(ha, state, page, out)
            log("the panel")
            panel_pages(ha, page, out)
            if offline_wait:
                left = OFFLINE_WAIT_S - (time.monotonic() - started)
                log(
                    f"waiting for the offline readers' issues (up to {left:.0f} s: five minutes "
                    "offline since the start)"
                )
                ha.wait_for(
                    "reader_offline issues",
                    lambda: any(
                        i["issue_id"].startswith("reader_offline") for i in ha.gem_issues()
                    ),
                    max(left, 10),
                )
            log("repairs")
            for issue in ha.gem_issues():
                log(f"  issue {issue['issue_id']} ({issue['severity']})")
            repairs_pages(ha, page, out)
            browser.close()


def main() -> None:
    """Parse the options, build the site in a temp dir, take the pictures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--out", type=Path, default=OUT, help="where the PNGs go (docs/screenshots)"
    )
    parser.add_argument(
        "--no-offline-wait",
        action="store_true",
        help="skip the five-minute wait for the reader_offline issues (quicker, fewer issues)",
    )
    parser.add_argument(
        "--keep-config",
        action="store_true",
        help="keep the temporary HA configuration and print it",
    )
    args = parser.parse_args()
    if not Path(CHROMIUM).exists():
        sys.exit(f"{CHROMIUM} is missing (apt-get install -y chromium)")
    fonts = subprocess.run(
        ["fc-list", ":charset=2e31"], capture_output=True, text=True, check=False
    )
    if not fonts.stdout.strip():
        # HA writes "Error ⸱ 5 minutes ago" with U+2E31; without a font for it Chromium draws a box
        print("warning: no font has U+2E31 (apt-get install -y fonts-symbola)", file=sys.stderr)
    out: Path = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    tmp = tempfile.mkdtemp(prefix="gem-docs-shots-")
    config = Path(tmp) / "config"
    try:
        port = free_port()
        log(f"preparing the demo site in {config}")
        prepare(config, port)
        log("first run: seeding the demo site")
        state = first_run(config, port)
        log("upgrading the stored configuration from 0.1 and losing the credential key")
        upgrade_from_0_1(config)
        log("second run")
        second_run(config, port, state, out, not args.no_offline_wait)
    finally:
        if args.keep_config:
            print(f"configuration kept in {config}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    log("done")


if __name__ == "__main__":
    main()
