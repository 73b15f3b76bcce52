"""Constants for GEM Access."""

from __future__ import annotations

from typing import Final

DOMAIN: Final = "gem_access"
NAME: Final = "GEM Access"

EVENT_ACCESS: Final = "gem_access_event"
# fired when a reader (or a door's code entry in HA) starts a cooldown; ``streak`` > 1 = escalating
EVENT_BRUTE_FORCE: Final = "gem_access_brute_force"
PANEL_URL_PATH: Final = "gem-access"
TODAY_LOG_URL: Final = f"/{PANEL_URL_PATH}?range=today"

SERVICE_PRESENT_CREDENTIAL: Final = "present_credential"
SERVICE_DELETE_OLD_LOGS: Final = "delete_old_logs"

# Dispatcher signals; formatted with the entry id so two test instances never cross.
SIGNAL_ACCESS_EVENT: Final = "gem_access_event_{}"
SIGNAL_CONFIG_CHANGED: Final = "gem_access_config_changed_{}"
SIGNAL_DOOR_STATE: Final = "gem_access_door_state_{}"
SIGNAL_LOCKDOWN: Final = "gem_access_lockdown_{}"
# (device_id, online): a reader driver came up or went down (drivers/manager.py -> event entities)
SIGNAL_READER_STATUS: Final = "gem_access_reader_status_{}"

STORAGE_KEY: Final = "gem_access.config"
STORAGE_VERSION: Final = 1
STORAGE_MINOR_VERSION: Final = 3  # 1.2: readers gained rex_allowed; 1.3: runtime state left
