"""The key of the stored PIN and card hashes: never silently replaced, lost keys are a repair issue."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from homeassistant.components.repairs import repairs_flow_manager
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.helpers import issue_registry as ir
from homeassistant.setup import async_setup_component

from custom_components.gem_access.config_store import (
    ISSUE_CREDENTIAL_KEY,
    KEY_FINGERPRINT,
    SECRET_STORAGE_KEY,
)
from custom_components.gem_access.const import DOMAIN, STORAGE_KEY
from custom_components.gem_access.core.credentials import key_fingerprint, new_secret
from custom_components.gem_access.errors import GemAccessError

from .conftest import PIN_ALICE, Site, present


async def _restart(hass: HomeAssistant, site: Site, change: Any = None) -> None:
    """Unload the entry, let ``change`` edit the storage files, set it up again."""
    assert await hass.config_entries.async_unload(site.entry.entry_id)
    await hass.async_block_till_done()
    if change is not None:
        change()
    assert await hass.config_entries.async_setup(site.entry.entry_id)
    await hass.async_block_till_done()


def _issue(hass: HomeAssistant) -> ir.IssueEntry | None:
    return ir.async_get(hass).async_get_issue(DOMAIN, ISSUE_CREDENTIAL_KEY)


def _hashes(hass_storage: dict[str, Any]) -> dict[str, Any]:
    users = hass_storage[STORAGE_KEY]["data"]["users"]
    return {uid: (u["pins"], u["duress_pins"], u["rfid_cards"]) for uid, u in users.items()}


async def test_first_start_makes_a_key_and_no_issue(
    hass: HomeAssistant, site: Site, hass_storage: dict[str, Any]
) -> None:
    secret = hass_storage[SECRET_STORAGE_KEY]["data"]["secret"]
    await hass.config_entries.async_unload(site.entry.entry_id)
    await hass.async_block_till_done()
    # the fingerprint is kept with the hashes, the key only in its own file
    stored = hass_storage[STORAGE_KEY]["data"]
    assert stored[KEY_FINGERPRINT] == key_fingerprint(secret)
    assert secret not in str(stored)
    assert _issue(hass) is None
    assert await hass.config_entries.async_setup(site.entry.entry_id)
    await hass.async_block_till_done()
    assert _issue(hass) is None
    assert (await present(hass, site.ids["keypad"], "pin", PIN_ALICE))["result"] == "granted"


@pytest.mark.parametrize("damage", ["deleted", "replaced"])
async def test_lost_key_is_a_repair_issue_not_a_new_key(
    hass: HomeAssistant, site: Site, hass_storage: dict[str, Any], damage: str
) -> None:
    original = copy.deepcopy(hass_storage[SECRET_STORAGE_KEY])
    hashes: dict[str, Any] = {}

    def _damage() -> None:
        hashes.update(_hashes(hass_storage))
        if damage == "deleted":
            del hass_storage[SECRET_STORAGE_KEY]
        else:
            hass_storage[SECRET_STORAGE_KEY]["data"]["secret"] = new_secret()

    await _restart(hass, site, _damage)
    issue = _issue(hass)
    assert issue is not None
    assert issue.severity is ir.IssueSeverity.ERROR
    assert issue.is_fixable
    expected = "credential_key_missing" if damage == "deleted" else "credential_key_mismatch"
    assert issue.translation_key == expected
    # the integration runs (no setup error, no retry loop), but no PIN opens a door
    reply = await present(hass, site.ids["keypad"], "pin", PIN_ALICE)
    assert (reply["result"], reply["reason"]) == ("denied", "unknown_credential")
    # nothing was silently replaced: no new key file, the hashes untouched for the right key
    if damage == "deleted":
        assert SECRET_STORAGE_KEY not in hass_storage
    await hass.config_entries.async_unload(site.entry.entry_id)
    await hass.async_block_till_done()
    assert hashes[site.ids["alice"]][0]
    assert _hashes(hass_storage) == hashes
    assert await hass.config_entries.async_setup(site.entry.entry_id)
    await hass.async_block_till_done()
    # a PIN enrolled now would be lost again when the key is restored: refused with a reason
    with pytest.raises(GemAccessError) as err:
        await site.entry.runtime_data.config.async_update(
            "users", site.ids["bob"], {"pins": ["4321"]}
        )
    assert err.value.translation_key == "credential_key_unavailable"

    # the admin restores the key file from the backup: everything works again
    def _restore() -> None:
        hass_storage[SECRET_STORAGE_KEY] = original

    await _restart(hass, site, _restore)
    assert _issue(hass) is None
    assert (await present(hass, site.ids["keypad"], "pin", PIN_ALICE))["result"] == "granted"


async def test_new_key_only_when_the_admin_confirms_the_repair(
    hass: HomeAssistant, site: Site, hass_storage: dict[str, Any]
) -> None:
    assert await async_setup_component(hass, "repairs", {})
    await _restart(hass, site, lambda: hass_storage.pop(SECRET_STORAGE_KEY))
    assert _issue(hass) is not None
    manager = repairs_flow_manager(hass)
    assert manager is not None
    flow = await manager.async_init(DOMAIN, data={"issue_id": ISSUE_CREDENTIAL_KEY})
    assert flow["type"] is FlowResultType.FORM
    assert flow["step_id"] == "confirm"
    assert _issue(hass) is not None  # showing the dialog changes nothing
    done = await manager.async_configure(flow["flow_id"], {})
    assert done["type"] is FlowResultType.CREATE_ENTRY
    await hass.async_block_till_done()
    assert _issue(hass) is None
    secret = hass_storage[SECRET_STORAGE_KEY]["data"]["secret"]
    stored = hass_storage[STORAGE_KEY]["data"]
    assert stored[KEY_FINGERPRINT] == key_fingerprint(secret)
    # the old hashes are gone (they could never match again); users and rules stay
    assert all(creds == ([], [], []) for creds in _hashes(hass_storage).values())
    assert set(stored["users"]) == {site.ids["alice"], site.ids["bob"]}
    assert (await present(hass, site.ids["keypad"], "pin", PIN_ALICE))["reason"] == (
        "unknown_credential"
    )
    # re-enrolment works at once (the reloaded engine uses the new key)
    config = site.entry.runtime_data.config
    await config.async_update("users", site.ids["alice"], {"pins": [PIN_ALICE]})
    await hass.async_block_till_done()
    assert (await present(hass, site.ids["keypad"], "pin", PIN_ALICE))["result"] == "granted"
    # and it survives a restart without an issue
    await _restart(hass, site)
    assert _issue(hass) is None
    assert (await present(hass, site.ids["keypad"], "pin", PIN_ALICE))["result"] == "granted"


async def test_install_from_before_fingerprints_is_trusted(
    hass: HomeAssistant, site: Site, hass_storage: dict[str, Any]
) -> None:
    def _forget_fingerprint() -> None:
        hass_storage[STORAGE_KEY]["data"].pop(KEY_FINGERPRINT)

    await _restart(hass, site, _forget_fingerprint)
    assert _issue(hass) is None
    assert (await present(hass, site.ids["keypad"], "pin", PIN_ALICE))["result"] == "granted"
    await hass.config_entries.async_unload(site.entry.entry_id)
    await hass.async_block_till_done()
    secret = hass_storage[SECRET_STORAGE_KEY]["data"]["secret"]
    assert hass_storage[STORAGE_KEY]["data"][KEY_FINGERPRINT] == key_fingerprint(secret)
