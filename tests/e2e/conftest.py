"""Browser tests: Playwright driving Debian's Chromium against a real Home Assistant process."""

from __future__ import annotations

import json
import os
import shutil
import time
from collections.abc import Generator
from pathlib import Path
from typing import Any

import pytest

from .site import Site, start_site

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
BUNDLE = Path(__file__).resolve().parents[2] / "custom_components/gem_access/frontend/gem-access-panel.js"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "frontend/screenshots"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "e2e: browser tests against a real Home Assistant")


def _why_skip() -> str | None:
    if not CHROMIUM.exists():
        return f"{CHROMIUM} is missing (apt-get install -y chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright is not installed (pip install playwright; never `playwright install`)"
    if not BUNDLE.exists():
        return "the panel bundle is not built (cd frontend && npm ci && npm run build)"
    return None


@pytest.fixture(autouse=True)
def _sockets_for_e2e() -> None:
    """The HA test plugin blocks sockets per test; these tests talk to a real HA over TCP."""
    import pytest_socket

    pytest_socket.enable_socket()
    pytest_socket.socket_allow_hosts(["127.0.0.1", "localhost", "::1"], allow_unix_socket=True)


@pytest.fixture(autouse=True, scope="module")
def _sockets_for_module_fixtures() -> None:
    """The same for module-scoped fixtures (set up before the function-scoped one above)."""
    import pytest_socket

    pytest_socket.enable_socket()
    pytest_socket.socket_allow_hosts(["127.0.0.1", "localhost", "::1"], allow_unix_socket=True)


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Generator[Site]:
    """One Home Assistant for the whole run (starting one takes ~15 s)."""
    reason = _why_skip()
    if reason:
        pytest.skip(reason)
    import pytest_socket

    pytest_socket.enable_socket()
    config = tmp_path_factory.mktemp("ha-config")
    site = start_site(config)
    yield site
    site.stop()


@pytest.fixture
def browser(site: Site) -> Generator[Any]:
    """Per test: sync Playwright keeps an asyncio loop running in this thread while it lives, and
    the Home Assistant test plugin's function fixtures need their own loop before and after."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def tokens_script(site: Site, tokens: dict[str, Any] | None = None) -> str:
    """Put a session into localStorage before HA's frontend reads it."""
    data = {
        "access_token": site.token,
        "token_type": "Bearer",
        "expires_in": 3600 * 24 * 365 * 10,
        "hassUrl": site.url,
        "clientId": f"{site.url}/",
        "expires": int(time.time() * 1000) + 3600 * 1000 * 24 * 365 * 10,
        "refresh_token": "",
    }
    if tokens:
        data.update(
            access_token=tokens["access_token"],
            refresh_token=tokens["refresh_token"],
            expires=int(time.time() * 1000) + tokens["expires_in"] * 1000,
            expires_in=tokens["expires_in"],
        )
    return f"window.localStorage.setItem('hassTokens', {json.dumps(json.dumps(data))});"


@pytest.fixture
def context(browser: Any, site: Site) -> Generator[Any]:
    ctx = browser.new_context(viewport={"width": 1400, "height": 900}, accept_downloads=True)
    ctx.add_init_script(tokens_script(site))
    yield ctx
    ctx.close()


@pytest.fixture
def page(context: Any) -> Generator[Any]:
    """A page that records native dialogs (alert/confirm) and dismisses them, unless a test sets
    ``page.accept_dialogs = True`` (e.g. to confirm a deletion)."""
    page = context.new_page()
    page.dialogs: list[str] = []  # type: ignore[attr-defined]
    page.accept_dialogs = False  # type: ignore[attr-defined]

    def on_dialog(dialog: Any) -> None:
        page.dialogs.append(dialog.message)  # type: ignore[attr-defined]
        if page.accept_dialogs:  # type: ignore[attr-defined]
            dialog.accept()
        else:
            dialog.dismiss()

    page.on("dialog", on_dialog)
    yield page
    page.close()


@pytest.fixture(scope="session")
def screenshots(tmp_path_factory: pytest.TempPathFactory) -> Generator[Path]:
    """Screenshots go to a temp dir; with GEM_SAVE_SCREENSHOTS=1 they are copied to frontend/screenshots/.

    A plain test run leaves the work tree as it found it.
    """
    tmp = tmp_path_factory.mktemp("screenshots")
    yield tmp
    if os.environ.get("GEM_SAVE_SCREENSHOTS") != "1":
        return
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for name in ("light.png", "dark.png", "narrow.png", "card.png", "user-form.png",
                 "reports-light.png", "reports-dark.png", "review-light.png", "review-dark.png"):
        if (tmp / name).exists():
            shutil.copy(tmp / name, SCREENSHOTS / name)
