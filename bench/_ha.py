"""A real Home Assistant core in this process, for the benchmarks.

Not the pytest harness and not a mock: the same steps ``homeassistant.bootstrap`` takes
(``async_from_config_dict``), minus the default integrations (frontend, backup, analytics...)
that a benchmark does not need:

- ``HomeAssistant(config_dir)`` on HA's own event-loop policy (its executor, ``loop.time``),
  blocking-I/O-in-the-loop detection enabled as in production;
- the loader mounts ``<config_dir>/custom_components`` — a symlink to this repository's
  ``custom_components`` — exactly as it finds any HACS-installed integration;
- registries, restore state and config entries loaded from ``<config_dir>/.storage``;
- ``homeassistant`` and ``persistent_notification`` set up, the core config processed (auth manager,
  time zone), then ``recorder`` on a real database (an on-disk SQLite file with the recorder's
  own WAL / synchronous settings, or a PostgreSQL URL), ``http`` on 127.0.0.1 and a free port
  (``gem_access`` depends on it), and whatever else the caller asks for;
- the ``gem_access`` config entry created through its config flow, then ``hass.async_start()``.

Used as ``async with running_home_assistant(...) as bench: ...`` from inside ``run_in_ha_loop``.
"""

from __future__ import annotations

import asyncio
import logging
import shutil
import socket
import tempfile
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DOMAIN = "gem_access"

_LOGGER = logging.getLogger("bench")


def run_in_ha_loop[T](main: Callable[[], Awaitable[T]]) -> T:
    """Run ``main()`` on an event loop made by HA's own policy (as ``hass`` does)."""
    from homeassistant import runner

    asyncio.set_event_loop_policy(runner.HassEventLoopPolicy(False))
    loop = asyncio.new_event_loop()
    try:
        asyncio.set_event_loop(loop)
        return loop.run_until_complete(main())
    finally:
        try:
            loop.run_until_complete(loop.shutdown_asyncgens())
            loop.run_until_complete(loop.shutdown_default_executor())
        finally:
            asyncio.set_event_loop(None)
            loop.close()


def free_port() -> int:
    """A TCP port on 127.0.0.1 nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class BenchHA:
    """What the running instance offers the benchmark."""

    hass: Any  # homeassistant.core.HomeAssistant
    entry: Any  # the gem_access ConfigEntry (runtime_data: GemAccessRuntime)
    config_dir: Path
    db_url: str


@asynccontextmanager
async def running_home_assistant(
    db_url: str | None = None,
    *,
    time_zone: str = "Europe/Berlin",
    commit_interval: int = 1,
    extra_config: dict[str, Any] | None = None,
    keep_dir: bool = False,
    sqlite_copy_of: Path | None = None,
) -> AsyncIterator[BenchHA]:
    """Start HA with the recorder and gem_access; stop it (and remove its directory) afterwards.

    ``db_url`` None means a fresh SQLite file ``<tmp>/bench.db``. ``extra_config`` maps more
    integration domains to their configuration (set up before gem_access, e.g. helpers whose
    entities doors use). ``sqlite_copy_of``: start from a copy of that SQLite file (a log saved
    by an earlier run) instead of an empty database.
    """
    from homeassistant import bootstrap, loader
    from homeassistant.block_async_io import enable as enable_block_async_io
    from homeassistant.config_entries import ConfigEntries
    from homeassistant.core import HomeAssistant
    from homeassistant.core_config import async_process_ha_core_config
    from homeassistant.helpers.recorder import async_initialize_recorder
    from homeassistant.setup import async_setup_component

    tmp = Path(tempfile.mkdtemp(prefix="gem-bench-"))
    config_dir = tmp / "config"
    config_dir.mkdir()
    (config_dir / "custom_components").symlink_to(
        ROOT / "custom_components", target_is_directory=True
    )
    if db_url is None:
        db_url = f"sqlite:///{tmp / 'bench.db'}"
        if sqlite_copy_of is not None:
            shutil.copyfile(sqlite_copy_of, tmp / "bench.db")

    enable_block_async_io()
    hass = HomeAssistant(str(config_dir))
    loader.async_setup(hass)
    hass.config.skip_pip = True
    config: dict[str, Any] = {
        "homeassistant": {
            "name": "gem_access bench",
            "time_zone": time_zone,
            "latitude": 52.52,
            "longitude": 13.40,
            "elevation": 34,
            "unit_system": "metric",
        },
        "recorder": {"db_url": db_url, "commit_interval": commit_interval},
        "http": {"server_host": "127.0.0.1", "server_port": free_port()},
        **(extra_config or {}),
    }
    started = False
    try:
        # bootstrap.async_from_config_dict, without the default integrations
        hass.config_entries = ConfigEntries(hass, config)
        await loader.async_get_custom_components(hass)
        await bootstrap.async_load_base_functionality(hass)
        for domain in sorted(bootstrap.CORE_INTEGRATIONS):
            if not await async_setup_component(hass, domain, config):
                raise RuntimeError(f"core integration {domain} failed to set up")
        await async_process_ha_core_config(hass, config["homeassistant"])
        # bootstrap does this before setting up any integration when recorder is configured
        async_initialize_recorder(hass)
        for domain in ("recorder", "http", *(extra_config or {})):
            if not await async_setup_component(hass, domain, config):
                raise RuntimeError(f"{domain} failed to set up (see the log above)")

        result = await hass.config_entries.flow.async_init(DOMAIN, context={"source": "user"})
        if result["type"] == "form":
            result = await hass.config_entries.flow.async_configure(result["flow_id"], {})
        if result["type"] != "create_entry":
            raise RuntimeError(f"gem_access config flow did not create an entry: {result}")
        await hass.async_block_till_done()
        entry = hass.config_entries.async_entries(DOMAIN)[0]
        if entry.state.value != "loaded":
            raise RuntimeError(f"gem_access config entry is {entry.state.value}")

        await hass.async_start()
        started = True
        await hass.async_block_till_done()
        yield BenchHA(hass, entry, config_dir, db_url)
    finally:
        # force: also stops the recorder thread when setup failed before the start
        await hass.async_stop(force=not started)
        if keep_dir:
            _LOGGER.warning("kept %s", tmp)
        else:
            await asyncio.get_running_loop().run_in_executor(
                None, lambda: shutil.rmtree(tmp, ignore_errors=True)
            )
