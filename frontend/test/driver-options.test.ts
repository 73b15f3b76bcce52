import { afterEach, describe, expect, it } from "vitest";
import { DRIVER_DESCRIPTIONS } from "../src/views/driver-descriptions";
import {
  DRIVER_OPTION_FIELDS,
  buildDriverOptions,
  driverOptionKey,
  driverOptionsState,
  driverOptionsSummary,
  sameOptions,
} from "../src/views/driver-options";
import { diffFields } from "../src/views/fields";
import { DRIVERS, deviceColumns, deviceFields } from "../src/views/management";
import { t } from "../src/localize";
import "../src/views/records-view";
import type { GemAccessRecordsView } from "../src/views/records-view";
import type { HomeAssistant } from "../src/types";

type Msg = Record<string, unknown>;

describe("driver_options from the form state", () => {
  it("serial: port, numbers as numbers, empty optional ones left out", () => {
    expect(buildDriverOptions("serial", { port: " /dev/ttyUSB0 ", baudrate: "19200", silence_timeout_s: "" })).toEqual({
      port: "/dev/ttyUSB0",
      baudrate: 19200,
    });
    expect(buildDriverOptions("serial", { port: "/dev/x", baudrate: "", silence_timeout_s: "90.5" })).toEqual({
      port: "/dev/x",
      silence_timeout_s: 90.5,
    });
  });

  it("serial: an empty port is still sent, for the backend to name it", () => {
    expect(buildDriverOptions("serial", {})).toEqual({ port: "" });
    expect(buildDriverOptions("serial", { port: "   ", baudrate: "9600" })).toEqual({ port: "", baudrate: 9600 });
  });

  it("serial: text that is not a number is sent as typed (the backend refuses it by name)", () => {
    expect(buildDriverOptions("serial", { port: "/dev/x", baudrate: "fast" })).toEqual({
      port: "/dev/x",
      baudrate: "fast",
    });
  });

  it("ha_tag: the scanner's device id, always sent (required)", () => {
    expect(buildDriverOptions("ha_tag", { tag_device_id: "abc123", port: "/dev/x" })).toEqual({
      tag_device_id: "abc123",
    });
    // empty is sent, so that the backend's error names the missing scanner
    expect(buildDriverOptions("ha_tag", { tag_device_id: "  " })).toEqual({ tag_device_id: "" });
  });

  it.each(["virtual", "unknown", undefined])("%s: no options", (driver) => {
    expect(buildDriverOptions(driver, { port: "/dev/x", baudrate: "19200", tag_device_id: "abc" })).toEqual({});
  });

  it("stored options become form state and back", () => {
    const stored = { port: "/dev/ttyACM0", baudrate: 115200, silence_timeout_s: 600 };
    const state = driverOptionsState(stored);
    expect(state).toEqual({ port: "/dev/ttyACM0", baudrate: "115200", silence_timeout_s: "600" });
    expect(buildDriverOptions("serial", state)).toEqual(stored);
    expect(driverOptionsState(null)).toEqual({});
    expect(driverOptionsState({ tag_device_id: null })).toEqual({});
  });

  it("helpers", () => {
    expect(sameOptions({ a: 1, b: 2 }, { b: 2, a: 1 })).toBe(true);
    expect(sameOptions({}, undefined)).toBe(true);
    expect(sameOptions({ a: 1 }, {})).toBe(false);
    expect(driverOptionKey("driver_options.port")).toBe("port");
    expect(driverOptionKey("camera_entity_id")).toBeUndefined();
    expect(driverOptionsSummary("serial", { port: "/dev/x" })).toBe("/dev/x @ 9600");
    expect(driverOptionsSummary("virtual", {})).toBe("");
  });
});

describe("device form payload", () => {
  const defs = deviceFields({ doors: [{ id: "d1", name: "Front" }] as never, devices: [], users: [] });
  const base = {
    name: "R",
    door_id: "d1",
    camera_entity_id: "",
    nvr_device_id: "",
    nvr_camera: "",
    rex_allowed: false,
  };

  it("create: driver_options always sent, for the chosen driver", () => {
    const values = { ...base, driver: "serial", driver_options: { port: "/dev/null-gem-test", baudrate: "19200" } };
    expect(diffFields(defs, values, undefined, new Set())).toEqual({
      name: "R",
      door_id: "d1",
      driver: "serial",
      driver_options: { port: "/dev/null-gem-test", baudrate: 19200 },
      rex_allowed: false,
    });
    expect(diffFields(defs, { ...values, driver: "virtual" }, undefined, new Set()).driver_options).toEqual({});
  });

  it("update: options sent only when changed (key order aside), the new driver's when it changes", () => {
    const original = {
      id: "x",
      ...base,
      camera_entity_id: null,
      nvr_device_id: null,
      nvr_camera: null,
      driver: "serial",
      driver_options: { baudrate: 19200, port: "/dev/a" },
    };
    const values = { ...base, driver: "serial", driver_options: driverOptionsState(original.driver_options) };
    // the exit choice is always sent: saving is the admin's answer to the upgrade's exit-device review
    expect(diffFields(defs, values, original, new Set())).toEqual({ rex_allowed: false });
    expect(
      diffFields(defs, { ...values, driver_options: { ...values.driver_options, baudrate: "" } }, original, new Set()),
    ).toEqual({ driver_options: { port: "/dev/a" }, rex_allowed: false });
    // another driver: only its options (the required scanner sent empty, for the backend to name it)
    expect(diffFields(defs, { ...values, driver: "ha_tag" }, original, new Set())).toEqual({
      driver: "ha_tag",
      driver_options: { tag_device_id: "" },
      rex_allowed: false,
    });
    expect(diffFields(defs, { ...values, rex_allowed: true }, original, new Set())).toEqual({ rex_allowed: true });
  });
});

describe("device form in the page", () => {
  afterEach(() => {
    document.body.innerHTML = "";
  });

  const tick = () => new Promise((r) => setTimeout(r, 0));

  async function mount(reply: (msg: Msg) => unknown) {
    const sent: Msg[] = [];
    const hass = {
      config: { time_zone: "UTC" },
      callWS: async (msg: Msg) => {
        sent.push(msg);
        return reply(msg);
      },
      connection: { subscribeMessage: async () => async () => undefined },
    } as unknown as HomeAssistant;
    const el = document.createElement("gem-access-records-view") as GemAccessRecordsView;
    el.collection = "devices";
    el.fields = deviceFields({ doors: [{ id: "d1", name: "Front" }] as never, devices: [], users: [] });
    el.defaults = { driver: "virtual", door_id: "d1" };
    el.hass = hass;
    document.body.append(el);
    await el.updateComplete;
    // happy-dom's dialog may lack showModal
    const dialog = el.shadowRoot!.querySelector("dialog") as HTMLDialogElement & { showModal?: () => void };
    if (!dialog.showModal) dialog.showModal = () => dialog.setAttribute("open", "");
    await el.edit();
    return { el, sent, root: el.shadowRoot! };
  }

  const input = (root: ShadowRoot, sel: string) => root.querySelector(sel) as HTMLInputElement;
  const type = (el: HTMLInputElement | HTMLSelectElement, value: string, event = "input") => {
    el.value = value;
    el.dispatchEvent(new Event(event));
  };

  it("shows each driver's fields, sends them, puts the backend's error beside Port", async () => {
    const devices = [
      { id: "dev1", name: "Kitchen NFC", name_by_user: null },
      { id: "dev2", name: "Hall", name_by_user: "Hall scanner" },
    ];
    let fail = false;
    const { el, sent, root } = await mount((msg) => {
      if (msg.type === "config/device_registry/list") return devices;
      if (msg.type === "gem_access/devices/list") return [];
      if (msg.type === "gem_access/devices/create" && fail)
        throw {
          code: "invalid_field",
          message: "The value of driver_options.port is not valid.",
          translation_placeholders: { field: "driver_options.port" },
        };
      return { id: "new", ...msg };
    });
    expect(root.querySelector("#field-driver_options-port")).toBeNull();

    type(root.querySelector("#field-driver") as HTMLSelectElement, "serial", "change");
    await el.updateComplete;
    expect([...root.querySelectorAll("[data-option]")].map((e) => e.getAttribute("data-option"))).toEqual([
      "port",
      "baudrate",
      "format",
      "key_timeout_s",
      "silence_timeout_s",
    ]);
    type(input(root, "#field-name"), "Serial reader");
    type(input(root, "#field-driver_options-port"), "/dev/null-gem-test");
    type(input(root, "#field-driver_options-baudrate"), "19200");
    await el.updateComplete;
    (root.querySelector("#save-record") as HTMLButtonElement).click();
    await tick();
    await el.updateComplete;
    const create = sent.find((m) => m.type === "gem_access/devices/create");
    expect(create).toMatchObject({ driver: "serial", driver_options: { port: "/dev/null-gem-test", baudrate: 19200 } });

    // an empty port: the backend's error next to the Port input
    fail = true;
    await el.edit();
    type(root.querySelector("#field-driver") as HTMLSelectElement, "serial", "change");
    type(input(root, "#field-name"), "Broken");
    await el.updateComplete;
    (root.querySelector("#save-record") as HTMLButtonElement).click();
    await tick();
    await el.updateComplete;
    const error = root.querySelector("[data-field-error='driver_options.port']")!;
    expect(error.textContent).toBe("The value of Port is not valid.");
    expect(error.closest("label")!.querySelector("input")!.id).toBe("field-driver_options-port");
    expect(root.querySelector("#form-error")).toBeNull();
    // typing clears it
    type(input(root, "#field-driver_options-port"), "/dev/x");
    await el.updateComplete;
    expect(root.querySelector("[data-field-error='driver_options.port']")).toBeNull();

    // ha_tag: the scanner field with the registry's devices as suggestions
    type(root.querySelector("#field-driver") as HTMLSelectElement, "ha_tag", "change");
    await el.updateComplete;
    await tick();
    await el.updateComplete;
    expect(root.querySelector("#field-driver_options-port")).toBeNull();
    // the panel says that tag ids are no secret
    expect(root.querySelector("[data-driver-note='ha_tag']")!.textContent).toContain("clone");
    const options = [...root.querySelectorAll("#field-driver_options-tag_device_id-list option")];
    expect(options.map((o) => [o.getAttribute("value"), o.textContent])).toEqual([
      ["dev2", "Hall scanner"],
      ["dev1", "Kitchen NFC"],
    ]);
    type(input(root, "#field-driver_options-tag_device_id"), "dev1");
    await el.updateComplete;
    expect(root.querySelector("[data-device-name]")!.textContent).toBe("Kitchen NFC");

    // osdp: its options from the backend's description, install mode a checkbox
    type(root.querySelector("#field-driver") as HTMLSelectElement, "osdp", "change");
    await el.updateComplete;
    expect([...root.querySelectorAll("[data-option]")].map((o) => o.getAttribute("data-option"))).toEqual([
      "port",
      "baudrate",
      "address",
      "install_mode",
    ]);
    expect(input(root, "#field-driver_options-install_mode").type).toBe("checkbox");

    // serial: the format is a select of the described formats
    type(root.querySelector("#field-driver") as HTMLSelectElement, "serial", "change");
    await el.updateComplete;
    const formats = [...root.querySelectorAll("#field-driver_options-format option")].map((o) => o.getAttribute("value"));
    expect(formats).toEqual(["", "line", "wiegand26", "wiegand34", "wiegand37", "wiegand_raw"]);
  });

  it("options are the described ones; the form sends them typed", () => {
    expect(Object.keys(DRIVER_OPTION_FIELDS)).toEqual(DRIVER_DESCRIPTIONS.map((d) => d.name));
    expect(DRIVERS.map((d) => d.value)).toEqual(["virtual", "serial", "osdp", "ha_tag"]);
    expect(buildDriverOptions("osdp", { port: "/dev/ttyUSB1", address: "3", install_mode: "true" })).toEqual({
      port: "/dev/ttyUSB1",
      address: 3,
      install_mode: true,
    });
    expect(buildDriverOptions("osdp", { port: "/dev/ttyUSB1", address: "3", install_mode: "false" })).toEqual({
      port: "/dev/ttyUSB1",
      address: 3,
    });
    expect(buildDriverOptions("serial", { port: "/dev/x", format: "wiegand26", key_timeout_s: "8" })).toEqual({
      port: "/dev/x",
      format: "wiegand26",
      key_timeout_s: 8,
    });
    expect(driverOptionsSummary("serial", { port: "/dev/x", format: "wiegand34" })).toBe("/dev/x @ 9600 (wiegand34)");
    expect(driverOptionsSummary("osdp", { port: "/dev/x", address: 2 })).toBe("/dev/x #2");
  });

  it("exit device: a toggle with its hint, sent and shown back, marked in the list", async () => {
    const stored = [
      { id: "inside", name: "Exit button", door_id: "d1", driver: "virtual", driver_options: {}, rex_allowed: true },
      { id: "outside", name: "Keypad", door_id: "d1", driver: "virtual", driver_options: {}, rex_allowed: false },
    ];
    const { el, sent, root } = await mount((msg) => {
      if (msg.type === "gem_access/devices/list") return stored;
      if (msg.type === "gem_access/devices/update") return { ...stored[1], ...msg };
      return { id: "new", ...msg };
    });
    el.columns = deviceColumns({ doors: [{ id: "d1", name: "Front" }] as never, devices: [], users: [] });
    await el.refresh();
    await el.updateComplete;

    // a new reader is no exit device until the admin says so; the hint says why
    const toggle = input(root, "#field-rex_allowed");
    expect(toggle.checked).toBe(false);
    const label = toggle.closest("label")!;
    expect(label.textContent).toContain("Exit device (may send exit requests / REX)");
    const hint = label.parentElement!.querySelector(".help")!.textContent!;
    expect(hint).toBe(t("devices.fields.exit_device_help"));
    expect(hint).toContain("keypad or card reader outside a door must not be an exit device");
    type(input(root, "#field-name"), "Exit button 2");
    toggle.checked = true;
    toggle.dispatchEvent(new Event("change"));
    await el.updateComplete;
    (root.querySelector("#save-record") as HTMLButtonElement).click();
    await tick();
    await el.updateComplete;
    expect(sent.find((m) => m.type === "gem_access/devices/create")).toMatchObject({
      name: "Exit button 2",
      rex_allowed: true,
    });

    // the list marks exit devices only
    const cells = (id: string) =>
      [...root.querySelectorAll(`tr[data-id='${id}'] td`)].map((td) => td.textContent!.trim());
    expect(cells("inside")).toContain("⇥ Exit");
    expect(root.querySelector("tr[data-id='inside'] [data-badge='exit']")).not.toBeNull();
    expect(root.querySelector("tr[data-id='outside'] [data-badge='exit']")).toBeNull();

    // an existing exit device opens with the toggle on; saving sends the choice even unchanged
    await el.edit(stored[0] as never);
    expect(input(root, "#field-rex_allowed").checked).toBe(true);
    await el.edit(stored[1] as never);
    expect(input(root, "#field-rex_allowed").checked).toBe(false);
    (root.querySelector("#save-record") as HTMLButtonElement).click();
    await tick();
    await el.updateComplete;
    expect(sent.filter((m) => m.type === "gem_access/devices/update").pop()).toEqual({
      type: "gem_access/devices/update",
      device_id: "outside",
      rex_allowed: false,
    });
  });
});
