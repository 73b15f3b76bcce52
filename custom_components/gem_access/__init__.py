"""GEM Access: PIN keypads, card readers, exit buttons and door contacts as an access-control system."""

from __future__ import annotations

from homeassistant.config_entries import ConfigEntryState
from homeassistant.const import EVENT_HOMEASSISTANT_STOP, Platform
from homeassistant.core import Event, HomeAssistant, callback
from homeassistant.exceptions import ConfigEntryError, ConfigEntryNotReady
from homeassistant.helpers import config_validation as cv
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers.dispatcher import async_dispatcher_send
from homeassistant.helpers.typing import ConfigType

from . import http_views, panel, services, websocket_api
from .access import AccessController
from .config_store import ConfigStore
from .const import DOMAIN, SIGNAL_CONFIG_CHANGED
from .core.engine import AccessEngine
from .devices import async_sync_devices, device_in_use
from .doors import DoorWatcher
from .drivers import ReaderManager
from .face.glue import FaceService
from .logstore.errors import LogStoreError, SchemaTooNewError
from .logstore.store import LogStore
from .media.capture import MediaCapture
from .media.store import MediaStore
from .pending_rows import DATA_PENDING_ROWS
from .photos import PhotoStore
from .removal import async_remove_integration_files
from .retention import async_setup_retention
from .rex_review import async_update_rex_review
from .runtime_state import RuntimeState
from .types import GemAccessConfigEntry, GemAccessRuntime

PLATFORMS: list[Platform] = [
    Platform.BINARY_SENSOR,
    Platform.EVENT,
    Platform.LOCK,
    Platform.SENSOR,
    Platform.SWITCH,
]

CONFIG_SCHEMA = cv.config_entry_only_config_schema(DOMAIN)


async def async_setup(hass: HomeAssistant, config: ConfigType) -> bool:
    """Register services and websocket commands once."""
    services.async_setup_services(hass)
    websocket_api.async_setup(hass)
    http_views.async_register_views(hass)
    await panel.async_register_static(hass)
    return True


async def async_setup_entry(hass: HomeAssistant, entry: GemAccessConfigEntry) -> bool:
    """Load the configuration, prepare the log table, start watching doors."""
    state = RuntimeState(hass)
    await state.async_load()
    config = ConfigStore(hass)
    await config.async_load(state)
    logs = LogStore(hass)
    try:
        await logs.async_setup()
    except SchemaTooNewError as err:
        # a downgrade: retrying cannot help, and writing rows a newer version misreads must not happen
        raise ConfigEntryError(
            translation_domain=DOMAIN,
            translation_key="log_schema_too_new",
            translation_placeholders={"found": str(err.found), "supported": str(err.supported)},
        ) from err
    except LogStoreError as err:
        # the recorder's database is not reachable yet (starting, migrating, server down): HA retries
        raise ConfigEntryNotReady(
            translation_domain=DOMAIN,
            translation_key="log_store_unavailable",
            translation_placeholders={"error": str(err)},
        ) from err
    engine = AccessEngine(config.access_config(), config.credential_index(), config.hasher)
    engine.lockdown = bool(state.get("lockdown", False))
    controller = AccessController(hass, entry.entry_id, config, state, logs, engine)
    media = MediaStore.for_hass(hass)
    capture = MediaCapture(hass, config, media, controller.async_update_row)
    controller.use_capture(capture)
    entry.async_on_unload(capture.async_stop)
    doors = DoorWatcher(hass, controller)
    readers = ReaderManager(hass, entry, controller)
    face = FaceService(hass, config, logs, controller, media, PhotoStore(hass))
    await face.async_start()
    entry.async_on_unload(face.async_stop)
    entry.runtime_data = GemAccessRuntime(
        config, state, logs, controller, doors, readers, media, face
    )

    @callback
    def _config_changed() -> None:
        engine.reload(config.access_config(), config.credential_index())
        # devices before entities: renames reach the registry at once, new readers find their door
        async_sync_devices(hass, entry)
        async_update_rex_review(hass, config)
        doors.async_start()
        readers.async_start()  # restarts only the readers whose options changed
        async_dispatcher_send(hass, SIGNAL_CONFIG_CHANGED.format(entry.entry_id))

    entry.async_on_unload(config.async_add_listener(_config_changed))
    async_update_rex_review(hass, config)
    doors.async_start()
    entry.async_on_unload(doors.async_stop)
    entry.async_on_unload(controller.async_stop)
    # rows kept from an earlier database outage are written first
    await controller.async_flush_pending()
    entry.async_on_unload(
        hass.bus.async_listen_once(EVENT_HOMEASSISTANT_STOP, doors.async_shutdown)
    )

    async def _stop_writes(_event: Event) -> None:
        # before the recorder closes its database; later events are kept for after the restart
        await logs.async_close()

    entry.async_on_unload(hass.bus.async_listen_once(EVENT_HOMEASSISTANT_STOP, _stop_writes))
    entry.async_on_unload(logs.async_stop_backfill)
    entry.async_on_unload(async_setup_retention(hass, entry))
    async_sync_devices(hass, entry)
    await hass.config_entries.async_forward_entry_setups(entry, PLATFORMS)
    # readers start once their event entities exist
    readers.async_start()
    entry.async_on_unload(readers.async_stop)
    await panel.async_register_panel(hass)
    entry.async_on_unload(lambda: panel.async_remove_panel(hass))
    return True


async def async_unload_entry(hass: HomeAssistant, entry: GemAccessConfigEntry) -> bool:
    """Stop everything and write pending configuration and runtime state."""
    unloaded = await hass.config_entries.async_unload_platforms(entry, PLATFORMS)
    if unloaded:
        await entry.runtime_data.config.async_flush()
        await entry.runtime_data.state.async_flush()
    return unloaded


async def async_remove_config_entry_device(
    hass: HomeAssistant, entry: GemAccessConfigEntry, device: dr.DeviceEntry
) -> bool:
    """A device may be deleted from its page once its reader or door is gone from the panel."""
    if entry.state is not ConfigEntryState.LOADED:
        return False  # without the configuration loaded nobody can tell whether it is in use
    return not device_in_use(entry, device)


async def async_remove_entry(hass: HomeAssistant, entry: GemAccessConfigEntry) -> None:
    """Removing the integration deletes its files; the Access Log table stays (docs/removal.md)."""
    # the backlog of rows for the database is shared across reloads; it goes with its file
    hass.data.pop(DATA_PENDING_ROWS, None)
    await async_remove_integration_files(hass)
