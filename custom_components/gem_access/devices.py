"""The device registry follows the configuration: hub, doors, and readers under their doors.

Entities create their devices when they are added, but a rename or a reader moved to another
door in the panel reaches no entity; and a door's device must exist before a reader points at
it (HA refuses a ``via_device`` it does not know). So every configuration change passes here
first: devices are created in order (hub, doors, readers), renamed, re-parented, and devices of
items deleted while Home Assistant was not running are removed.
"""

from __future__ import annotations

from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers import device_registry as dr

from .const import DOMAIN
from .entity import hub_device_info, item_device_info, item_identifier
from .types import GemAccessConfigEntry

# configuration collection -> the kind in the device identifier
KINDS = {"doors": "door", "devices": "device"}


@callback
def async_sync_devices(hass: HomeAssistant, entry: GemAccessConfigEntry) -> None:
    """Create, rename and re-parent the devices; drop those whose reader or door is gone."""
    dev_reg = dr.async_get(hass)
    dev_reg.async_get_or_create(config_entry_id=entry.entry_id, **hub_device_info(entry))
    data = entry.runtime_data.config.data
    wanted = {(DOMAIN, entry.entry_id)}
    for collection, kind in KINDS.items():  # doors first: readers point at them
        for item_id, record in data[collection].items():
            info = item_device_info(entry, kind, item_id, record["name"])
            # a name the user gave the device in HA (name_by_user) stays; ours follows the panel
            dev_reg.async_get_or_create(config_entry_id=entry.entry_id, **info)
            wanted.add(item_identifier(entry, kind, item_id))
    for device in dr.async_entries_for_config_entry(dev_reg, entry.entry_id):
        if not device.identifiers & wanted:
            dev_reg.async_update_device(device.id, remove_config_entry_id=entry.entry_id)


def device_in_use(entry: GemAccessConfigEntry, device: dr.DeviceEntry) -> bool:
    """Whether a device still stands for the hub or a configured reader or door."""
    if (DOMAIN, entry.entry_id) in device.identifiers:
        return True
    data = entry.runtime_data.config.data
    return any(
        item_identifier(entry, kind, item_id) in device.identifiers
        for collection, kind in KINDS.items()
        for item_id in data[collection]
    )
