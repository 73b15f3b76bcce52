"""A real Home Assistant for the browser tests: prepared and seeded by scripts/demo_site.py."""

from __future__ import annotations

import asyncio
import json
import os
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp
import requests

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "scripts" / "demo_site.py"
HA_TIME_ZONE = "America/New_York"  # not the browser's (UTC): the panel must use HA's


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Site:
    """A running HA with the demo site; REST and websocket helpers for the tests."""

    url: str
    config: Path
    process: subprocess.Popen[bytes]
    token: str
    state: dict[str, Any]
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def readers(self) -> dict[str, str]:
        return self.state["readers"]

    @property
    def users(self) -> dict[str, str]:
        return self.state["users"]

    def headers(self, token: str | None = None) -> dict[str, str]:
        return {"Authorization": f"Bearer {token or self.token}"}

    def present(self, device: str, access_type: str, credential: str | None = None,
                snapshot: str | None = None, session: requests.Session | None = None) -> dict[str, Any]:
        """gem_access.present_credential over REST; returns its response data."""
        data: dict[str, Any] = {"device_id": device, "access_type": access_type}
        if credential is not None:
            data["credential"] = credential
        if snapshot is not None:
            data["snapshot"] = snapshot
        resp = (session or requests).post(
            f"{self.url}/api/services/gem_access/present_credential?return_response",
            json=data, headers=self.headers(), timeout=30,
        )
        resp.raise_for_status()
        return resp.json()["service_response"]

    def present_many(self, count: int, workers: int = 12) -> None:
        """Many events quickly (unknown PINs: denied, no door action)."""
        reader = self.readers["Front keypad"]
        def one(i: int) -> None:
            with requests.Session() as s:
                for j in range(i, count, workers):
                    self.present(reader, "pin", f"9{j:07d}", session=s)
        with ThreadPoolExecutor(workers) as pool:
            list(pool.map(one, range(workers)))

    def ws(self, *messages: dict[str, Any], token: str | None = None) -> list[Any]:
        """Websocket commands in order; each result (raises on an error)."""
        # in a thread of its own: sync Playwright keeps an event loop running in the test's thread
        with ThreadPoolExecutor(1) as pool:
            return pool.submit(asyncio.run, self._ws(list(messages), token or self.token)).result()

    async def _ws(self, messages: list[dict[str, Any]], token: str) -> list[Any]:
        results = []
        async with aiohttp.ClientSession() as session, session.ws_connect(
            f"{self.url}/api/websocket"
        ) as ws:
            await ws.receive_json()
            await ws.send_json({"type": "auth", "access_token": token})
            auth = await ws.receive_json()
            if auth.get("type") != "auth_ok":
                raise RuntimeError(f"websocket auth failed: {auth}")
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

    def login(self, username: str, password: str) -> dict[str, Any]:
        """Tokens of a user through HA's login flow (what the login form does)."""
        client_id = f"{self.url}/"
        flow = requests.post(f"{self.url}/auth/login_flow", json={
            "client_id": client_id, "handler": ["homeassistant", None],
            "redirect_uri": f"{self.url}/?auth_callback=1"}, timeout=30).json()
        done = requests.post(f"{self.url}/auth/login_flow/{flow['flow_id']}", json={
            "client_id": client_id, "username": username, "password": password}, timeout=30).json()
        tokens = requests.post(f"{self.url}/auth/token", data={
            "grant_type": "authorization_code", "code": done["result"], "client_id": client_id},
            timeout=30).json()
        return tokens

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(60)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)


def start_site(config: Path) -> Site:
    """prepare -> start hass -> seed (the same steps as ./scripts/develop) and keep HA running."""
    python = sys.executable
    hass = Path(python).with_name("hass")
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    subprocess.run([python, str(DEMO), "prepare", str(config), str(port)], check=True, cwd=ROOT)
    log = (config / "e2e-hass.log").open("wb")
    env = {**os.environ, "TZ": "UTC"}
    process = subprocess.Popen(
        [str(hass), "-c", str(config), "--skip-pip"], stdout=log, stderr=subprocess.STDOUT,
        cwd=ROOT, env=env,
    )
    try:
        subprocess.run([python, str(DEMO), "seed", str(config), url, str(process.pid)],
                       check=True, cwd=ROOT, env=env, timeout=300)
    except BaseException:
        process.terminate()
        process.wait(30)
        raise
    state = json.loads((config / "gem-demo.json").read_text())
    site = Site(url=url, config=config, process=process, token=state["token"], state=state)
    _seed_extra(site)
    return site


def _seed_extra(site: Site) -> None:
    """HA in another time zone than the browser, an always-open rule, no cooldown, a non-admin."""
    readers = list(site.readers.values())
    users = list(site.users.values())
    results = site.ws(
        {"type": "config/core/update", "time_zone": HA_TIME_ZONE},
        {"type": "gem_access/settings/update", "cooldown_failures": 0},
        {"type": "gem_access/rules/create", "name": "E2E always", "device_ids": readers,
         "user_ids": users, "schedule": []},
        {"type": "config/auth/create", "name": "Guest", "group_ids": ["system-users"],
         "local_only": False},
    )
    guest = results[3]["user"]
    site.ws({"type": "config/auth_provider/homeassistant/create", "user_id": guest["id"],
             "username": "guest", "password": "guestpass"})
    site.extra["guest"] = ("guest", "guestpass")
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        cfg = requests.get(f"{site.url}/api/config", headers=site.headers(), timeout=10).json()
        if cfg.get("time_zone") == HA_TIME_ZONE:
            break
        time.sleep(0.2)
