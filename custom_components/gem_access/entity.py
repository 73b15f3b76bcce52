"""Base entity and the bookkeeping that adds and removes entities as readers and doors change."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers.device_registry import DeviceInfo
from homeassistant.helpers.dispatcher import async_dispatcher_connect
from homeassistant.helpers.entity import Entity
from homeassistant.helpers.entity_platform import AddEntitiesCallback

from .const import DOMAIN, NAME, SIGNAL_CONFIG_CHANGED
from .types import GemAccessConfigEntry


def hub_device_info(entry: GemAccessConfigEntry) -> DeviceInfo:
    """The integration's own device (lockdown, counters)."""
    return DeviceInfo(
        identifiers={(DOMAIN, entry.entry_id)},
        name=NAME,
        manufacturer="GEM Access",
        model="Access controller",
        entry_type=dr.DeviceEntryType.SERVICE,
    )


def item_identifier(entry: GemAccessConfigEntry, kind: str, item_id: str) -> tuple[str, str]:
    """The device-registry identifier of a reader (``kind`` "device") or a door."""
    return (DOMAIN, f"{entry.entry_id}-{kind}-{item_id}")


def item_device_info(entry: GemAccessConfigEntry, kind: str, item_id: str, name: str) -> DeviceInfo:
    """A door device under the hub, or a reader device under its door's device.

    A reader hangs off its door so the door's device page lists its readers; a reader whose
    door is unknown hangs off the hub.
    """
    via = (DOMAIN, entry.entry_id)
    if kind == "device":
        door_id = entry.runtime_data.config.data["devices"].get(item_id, {}).get("door_id")
        if door_id in entry.runtime_data.config.data["doors"]:
            via = item_identifier(entry, "door", door_id)
    return DeviceInfo(
        identifiers={item_identifier(entry, kind, item_id)},
        name=name,
        manufacturer="GEM Access",
        model="Access device" if kind == "device" else "Door",
        via_device=via,
    )


class GemAccessEntity(Entity):
    """Common base: names come from translations, ids from the entry and the item."""

    _attr_has_entity_name = True
    _attr_should_poll = False

    def __init__(self, entry: GemAccessConfigEntry, key: str, item_id: str | None = None) -> None:
        """Set the unique id and keep the runtime at hand."""
        self.entry = entry
        self.runtime = entry.runtime_data
        self.item_id = item_id
        self._attr_unique_id = (
            f"{entry.entry_id}-{item_id}-{key}" if item_id else f"{entry.entry_id}-{key}"
        )
        self._attr_translation_key = key


@callback
def async_track_items(
    hass: HomeAssistant,
    entry: GemAccessConfigEntry,
    collection: str,
    kind: str,
    factory: Callable[[str], Iterable[GemAccessEntity]],
    async_add_entities: AddEntitiesCallback,
) -> None:
    """Add entities for every reader/door, and follow additions and removals."""
    known: dict[str, list[GemAccessEntity]] = {}

    @callback
    def _sync() -> None:
        current = set(entry.runtime_data.config.data[collection])
        new: list[GemAccessEntity] = []
        for item_id in current - set(known):
            entities = list(factory(item_id))
            known[item_id] = entities
            new.extend(entities)
        if new:
            async_add_entities(new)
        ent_reg = er.async_get(hass)
        dev_reg = dr.async_get(hass)
        for item_id in set(known) - current:
            for entity in known.pop(item_id):
                if entity.entity_id and ent_reg.async_get(entity.entity_id):
                    ent_reg.async_remove(entity.entity_id)
            device = dev_reg.async_get_device({(DOMAIN, f"{entry.entry_id}-{kind}-{item_id}")})
            if device is not None:
                dev_reg.async_update_device(device.id, remove_config_entry_id=entry.entry_id)

    _sync()
    entry.async_on_unload(
        async_dispatcher_connect(hass, SIGNAL_CONFIG_CHANGED.format(entry.entry_id), _sync)
    )
