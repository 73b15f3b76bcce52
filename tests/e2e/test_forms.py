"""Management forms in a real browser: user photos, access devices, doors, settings."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
import requests
from PIL import Image

from ..shared_files import shared_file
from .helpers import open_panel
from .site import Site

pytestmark = pytest.mark.e2e



def _user(site: Site, name: str) -> dict[str, Any]:
    return next(u for u in site.ws({"type": "gem_access/users/list"})[0] if u["name"] == name)


def _photo(site: Site, user_id: str) -> requests.Response:
    return requests.get(f"{site.url}/api/gem_access/users/{user_id}/photo",
                        headers=site.headers(), timeout=30)


def test_user_photo_upload_preview_and_removal(page, site: Site, screenshots: Path) -> None:
    from playwright.sync_api import expect

    photo = shared_file("faces", "biden_1.jpg")
    if not photo.exists():
        pytest.skip(f"{photo} is missing")
    open_panel(page, site, "/gem-access/users", wait_rows=False)
    page.locator("#add-record").click()
    page.locator("#field-name").fill("Dana")
    page.locator("#save-record").click()
    # a new user's editor stays open on the record, with the photo section
    status = page.locator("gem-access-user-photo #photo-status")
    expect(status).to_contain_text("No photo")
    expect(page.locator("gem-access-user-photo .thumb")).to_have_text("No photo")

    page.locator("#photo-file").set_input_files(str(photo))
    expect(page.locator("#photo-result")).to_have_text("Photo saved.", timeout=30_000)
    dana = _user(site, "Dana")
    assert dana["has_photo"] is True
    # the status line is the backend's word on enrolment
    if dana["facial_recognition_embedding_error"] is None:
        expect(status).to_contain_text("Photo on file")
    else:
        expect(status.locator(".error-text")).to_be_visible()
    # the preview is the uploaded picture, fetched with the session's token
    thumb = page.locator("gem-access-user-photo img.thumb")
    expect(thumb).to_be_visible(timeout=10_000)
    assert thumb.evaluate("img => img.complete && img.naturalWidth > 0")
    assert thumb.get_attribute("alt") == "Profile photo of Dana"
    # stored re-encoded (no EXIF/GPS survives an upload): the same picture, not the same bytes
    stored = _photo(site, dana["id"])
    assert stored.headers["Content-Type"].startswith("image/jpeg")
    with Image.open(io.BytesIO(stored.content)) as saved, Image.open(photo) as uploaded:
        assert (saved.format, saved.size) == ("JPEG", uploaded.size)
        assert not saved.getexif()
    expect(page.locator("#photo-remove")).to_be_visible()
    page.locator("gem-access-records-view dialog").screenshot(path=str(screenshots / "user-form.png"))

    # the list shows it too
    page.keyboard.press("Escape")
    photo_cell = page.locator("tr.rec", has_text="Dana").locator("td").nth(5)  # the Photo column
    expect(photo_cell).to_have_text("Yes")

    # and removal
    page.locator("tr.rec", has_text="Dana").click()
    page.locator("#photo-remove").click()
    expect(page.locator("#photo-result")).to_have_text("Photo removed.")
    expect(status).to_contain_text("No photo")
    expect(page.locator("gem-access-user-photo .thumb")).to_have_text("No photo")
    assert _user(site, "Dana")["has_photo"] is False
    assert _photo(site, dana["id"]).status_code == 404
    page.keyboard.press("Escape")
    expect(photo_cell).to_have_text("No")


def test_user_photo_wrong_file_type(page, site: Site) -> None:
    from playwright.sync_api import expect

    user = site.ws({"type": "gem_access/users/create", "name": "Erin"})[0]
    open_panel(page, site, "/gem-access/users", wait_rows=False)
    page.locator("tr.rec", has_text="Erin").click()
    # text renamed .jpg: the browser calls it image/jpeg, the backend reads the bytes
    page.locator("#photo-file").set_input_files(
        files=[{"name": "notes.jpg", "mimeType": "image/jpeg", "buffer": b"just some notes\n"}])
    error = page.locator("gem-access-user-photo #photo-error")
    expect(error).to_have_text("This file is not a JPEG or PNG image. Choose a .jpg or .png photo.")
    # next to the upload control, in the photo section
    assert error.evaluate(
        "el => el.parentElement.contains(el.getRootNode().querySelector('#photo-file'))")
    expect(page.locator("gem-access-user-photo #photo-status")).to_contain_text("No photo")
    assert _user(site, "Erin")["has_photo"] is False
    assert _photo(site, user["id"]).status_code == 404


def _devices(site: Site) -> list[dict[str, Any]]:
    return list(site.ws({"type": "gem_access/devices/list"})[0])


def test_device_round_trip_through_the_form(page, site: Site) -> None:
    from playwright.sync_api import expect

    front_door = site.state["doors"]["Front door"]
    open_panel(page, site, "/gem-access/devices", wait_rows=False)
    page.locator("#add-record").click()
    page.locator("#field-name").fill("Side reader")
    page.locator("#field-door_id").select_option(front_door)
    assert page.locator("#field-driver").input_value() == "virtual"
    page.locator("#save-record").click()
    row = page.locator("tr.rec", has_text="Side reader")
    expect(row).to_contain_text("Front door")
    device = next(d for d in _devices(site) if d["name"] == "Side reader")
    assert device["door_id"] == front_door and device["driver"] == "virtual"
    assert device["camera_entity_id"] is None
    # a reader is no exit device unless the admin says so
    assert device["rex_allowed"] is False
    expect(row.locator("[data-badge='exit']")).to_have_count(0)

    # a camera that is not a camera: the backend's error beside the field
    row.click()
    page.locator("#field-camera_entity_id").fill("switch.back_door_strike")
    page.locator("#save-record").click()
    expect(page.locator("[data-field-error='camera_entity_id']")).to_be_visible()
    assert next(d for d in _devices(site) if d["name"] == "Side reader")["camera_entity_id"] is None
    page.locator("#field-camera_entity_id").fill("camera.side_entrance")
    expect(page.locator("[data-field-error='camera_entity_id']")).to_have_count(0)
    page.locator("#save-record").click()
    expect(row).to_contain_text("camera.side_entrance")
    device = next(d for d in _devices(site) if d["name"] == "Side reader")
    assert device["camera_entity_id"] == "camera.side_entrance"

    # delete it (confirmed)
    page.accept_dialogs = True
    row.click()
    page.locator("#delete-record").click()
    expect(row).to_have_count(0)
    assert page.dialogs == ['Delete access device "Side reader"?']
    assert all(d["id"] != device["id"] for d in _devices(site))


def test_serial_reader_driver_options(page, site: Site, screenshots: Path) -> None:
    from playwright.sync_api import expect

    front_door = site.state["doors"]["Front door"]
    open_panel(page, site, "/gem-access/devices", wait_rows=False)
    page.locator("#add-record").click()
    page.locator("#field-name").fill("Serial reader")
    page.locator("#field-door_id").select_option(front_door)
    # the options follow the driver
    port = page.locator("#field-driver_options-port")
    expect(port).to_have_count(0)
    page.locator("#field-driver").select_option("serial")
    expect(port).to_be_visible()
    expect(page.locator("#field-driver_options-baudrate")).to_be_visible()
    expect(page.locator("#field-driver_options-silence_timeout_s")).to_be_visible()
    port.fill("/dev/null-gem-test")
    page.locator("#field-driver_options-baudrate").fill("19200")
    page.locator("#save-record").click()
    row = page.locator("tr.rec", has_text="Serial reader")
    expect(row).to_contain_text("/dev/null-gem-test @ 19200")
    device = next(d for d in _devices(site) if d["name"] == "Serial reader")
    try:
        assert device["driver"] == "serial"
        assert device["driver_options"] == {"port": "/dev/null-gem-test", "baudrate": 19200}

        # the stored options in the editor; an empty port: the backend's error beside Port
        row.click()
        expect(port).to_have_value("/dev/null-gem-test")
        expect(page.locator("#field-driver_options-baudrate")).to_have_value("19200")
        port.fill("")
        page.locator("#save-record").click()
        error = page.locator("[data-field-error='driver_options.port']")
        expect(error).to_contain_text("The value of Port is not valid")
        assert error.evaluate("el => el.closest('label').querySelector('input').id") == \
            "field-driver_options-port"
        expect(page.locator("gem-access-records-view #form-error")).to_have_count(0)
        page.locator("gem-access-records-view dialog").screenshot(
            path=str(screenshots / "device-form-serial.png"))
        assert next(d for d in _devices(site) if d["id"] == device["id"])["driver_options"] == \
            device["driver_options"]
        with pytest.raises(RuntimeError, match="driver_options.port"):
            site.ws({"type": "gem_access/devices/update", "device_id": device["id"],
                     "driver_options": {"port": ""}})

        # only device paths and the network converters' forms: pyserial's loop:// is refused
        port.fill("loop://")
        page.locator("#save-record").click()
        expect(error).to_contain_text("socket://host:port")
        assert next(d for d in _devices(site) if d["id"] == device["id"])["driver_options"] == \
            device["driver_options"]

        # ha_tag shows the scanner field instead, says tag ids are clonable, and needs the scanner
        page.locator("#field-driver").select_option("ha_tag")
        expect(error).to_have_count(0)
        expect(port).to_have_count(0)
        scanner = page.locator("#field-driver_options-tag_device_id")
        expect(scanner).to_be_visible()
        expect(page.locator("[data-driver-note='ha_tag']")).to_contain_text("clone")
        page.locator("#save-record").click()
        scanner_error = page.locator("[data-field-error='driver_options.tag_device_id']")
        expect(scanner_error).to_contain_text("needs its tag scanner")
        assert scanner_error.evaluate("el => el.closest('label').querySelector('input').id") == \
            "field-driver_options-tag_device_id"
        assert next(d for d in _devices(site) if d["id"] == device["id"])["driver"] == "serial"
        page.locator("#field-driver").select_option("osdp")
        # osdp: its bus, speed, address and install mode, drawn from the driver's description
        expect(page.locator("#field-driver_options-address")).to_be_visible()
        expect(page.locator("#field-driver_options-install_mode")).to_have_attribute("type", "checkbox")
        page.locator("#field-driver").select_option("virtual")
        page.locator("#save-record").click()
        expect(row).not_to_contain_text("/dev/null-gem-test")
        expect(row).to_contain_text("Virtual")
        saved = next(d for d in _devices(site) if d["id"] == device["id"])
        assert saved["driver"] == "virtual" and saved["driver_options"] == {}
    finally:
        site.ws({"type": "gem_access/devices/delete", "device_id": device["id"]})


def test_exit_device_toggle_round_trips(page, site: Site) -> None:
    """The exit toggle is stored, shown in the list and in the editor, and decides REX."""
    from playwright.sync_api import expect

    back_door = site.state["doors"]["Back door"]
    open_panel(page, site, "/gem-access/devices", wait_rows=False)
    page.locator("#add-record").click()
    page.locator("#field-name").fill("Side exit")
    page.locator("#field-door_id").select_option(back_door)
    toggle = page.locator("#field-rex_allowed")
    expect(toggle).not_to_be_checked()
    hint = page.locator("gem-access-records-view dialog .form > div", has=toggle)
    expect(hint).to_contain_text("Exit device (may send exit requests / REX)")
    expect(hint).to_contain_text("keypad or card reader outside a door must not be an exit device")
    toggle.check()
    page.locator("#save-record").click()
    row = page.locator("tr.rec", has_text="Side exit")
    expect(row.locator("[data-badge='exit']")).to_have_text("⇥ Exit")
    device = next(d for d in _devices(site) if d["name"] == "Side exit")
    try:
        assert device["rex_allowed"] is True
        assert site.present(device["id"], "rex")["result"] == "granted"
        # the stored choice in the editor; switched off, the same button is refused
        row.click()
        expect(toggle).to_be_checked()
        toggle.uncheck()
        page.locator("#save-record").click()
        expect(row.locator("[data-badge='exit']")).to_have_count(0)
        assert next(d for d in _devices(site) if d["id"] == device["id"])["rex_allowed"] is False
        refused = site.present(device["id"], "rex")
        assert (refused["result"], refused["reason"]) == ("denied", "not_authorized")
        row.click()
        expect(toggle).not_to_be_checked()
        page.locator("gem-access-records-view dialog button", has_text="Cancel").click()
    finally:
        site.ws({"type": "gem_access/devices/delete", "device_id": device["id"]})


def test_deleting_a_door_in_use_shows_the_backend_error(page, site: Site) -> None:
    from playwright.sync_api import expect

    page.accept_dialogs = True
    open_panel(page, site, "/gem-access/doors", wait_rows=False)
    page.locator("tr.rec", has_text="Front door").click()
    page.locator("#delete-record").click()
    error = page.locator("gem-access-records-view #form-error")
    expect(error).to_contain_text("The door is still used by these access devices: Front keypad")
    # the dialog stays open on the door, which is still there
    expect(page.locator("gem-access-records-view dialog #field-name")).to_have_value("Front door")
    doors = site.ws({"type": "gem_access/doors/list"})[0]
    assert any(d["name"] == "Front door" for d in doors)
    # that text is the backend's answer, code in_use
    with pytest.raises(RuntimeError, match="'code': 'in_use'"):
        site.ws({"type": "gem_access/doors/delete", "door_id": site.state["doors"]["Front door"]})


def _settings(site: Site) -> dict[str, Any]:
    return dict(site.ws({"type": "gem_access/settings/get"})[0])


def test_settings_form(page, site: Site) -> None:
    from playwright.sync_api import expect

    before = _settings(site)
    assert before["facial_recognition_enabled"] is False
    open_panel(page, site, "/gem-access/settings", wait_rows=False)
    saved = page.locator("gem-access-settings-view [role=status]")
    retention = page.locator("#field-retention_days")
    expect(retention).to_have_value(str(before["retention_days"]))
    try:
        retention.fill("400")
        page.locator("#save-settings").click()
        expect(saved).to_have_text("Saved.")
        assert _settings(site)["retention_days"] == 400

        # facial recognition: not without the privacy acknowledgement
        page.locator("#field-facial_recognition_enabled").check()
        expect(page.locator("gem-access-settings-view .privacy")).to_contain_text("BIPA")
        page.locator("#save-settings").click()
        error = page.locator("[data-field-error='privacy_acknowledged']")
        expect(error).to_contain_text("privacy")
        expect(saved).to_have_count(0)
        assert _settings(site)["facial_recognition_enabled"] is False
        # the backend refuses it as well
        with pytest.raises(RuntimeError, match="privacy_acknowledged"):
            site.ws({"type": "gem_access/settings/update", "facial_recognition_enabled": True})

        page.locator("#field-privacy_acknowledged").check()
        expect(error).to_have_count(0)
        page.locator("#save-settings").click()
        expect(saved).to_have_text("Saved.")
        after = _settings(site)
        assert after["facial_recognition_enabled"] is True
        assert after["retention_days"] == 400
        # once on, the acknowledgement is not asked again
        expect(page.locator("#field-privacy_acknowledged")).to_have_count(0)
        # the users table's Face column follows it (tabs switched in the panel, no reload)
        face_cell = page.locator("gem-access-records-view tr.rec").first.locator("td").nth(6)
        page.locator("nav a[data-tab='users']").click()
        expect(face_cell).to_have_text("on")
        page.locator("nav a[data-tab='settings']").click()

        # and off again (no acknowledgement needed), the retention as it was
        page.locator("#field-facial_recognition_enabled").uncheck()
        retention.fill(str(before["retention_days"]))
        page.locator("#save-settings").click()
        expect(saved).to_have_text("Saved.")
        page.locator("nav a[data-tab='users']").click()
        expect(face_cell).to_have_text("off (Settings)")
    finally:
        site.ws({"type": "gem_access/settings/update", "facial_recognition_enabled": False,
                 "retention_days": before["retention_days"]})
    assert _settings(site)["facial_recognition_enabled"] is False
