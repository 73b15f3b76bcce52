/** Field and column definitions of the users, devices, doors and rules views. */
import { html } from "lit";
import type { Column } from "./records-view";
import type { FieldDef, Option } from "./fields";
import { DAY_LABELS, maskedCount } from "./fields";
import { DRIVER_CHOICES, driverOptionsSummary } from "./driver-options";
import { badge } from "../components/badge";
import { timeAgo } from "../insights";
import { logHref, onLinkClick } from "../navigate";
import type { DeviceRecord, DoorRecord, RuleRecord, ScheduleWindow, UserRecord } from "../types";

export interface Lookups {
  doors: DoorRecord[];
  devices: DeviceRecord[];
  users: UserRecord[];
}

const opts = (items: { id: string; name: string }[]): Option[] =>
  items.map((i) => ({ value: i.id, label: i.name }));

const yesNo = (v: unknown) => (v ? "Yes" : "No");
const dash = (v: unknown) => (v === null || v === undefined || v === "" ? "—" : String(v));

export const userFields = (): FieldDef[] => [
  { key: "name", label: "Name", type: "text", required: true },
  { key: "enabled", label: "Enabled", type: "bool" },
  { key: "valid_from", label: "Valid from", type: "date", help: "Empty: no start date" },
  { key: "valid_until", label: "Valid until", type: "date", help: "Empty: no end date" },
  {
    key: "pins",
    label: "PINs",
    type: "secret-list",
    optional: true,
    stored: (r) => maskedCount(Number(r?.pin_count ?? 0)),
    help: "Write-only: PINs are stored hashed and never shown.",
  },
  {
    key: "duress_pin",
    label: "Duress PIN",
    type: "secret",
    optional: true,
    stored: (r) => maskedCount(r?.has_duress_pin ? 1 : 0),
    help: "Opens like a normal PIN and silently runs the rule's duress script.",
  },
  {
    key: "rfid_cards",
    label: "RFID cards",
    type: "secret-list",
    optional: true,
    stored: (r) => maskedCount(Number(r?.rfid_card_count ?? 0)),
  },
  {
    key: "facial_recognition_enabled",
    label: "Facial recognition for this user (turn off to opt out)",
    type: "bool",
  },
];

export const userColumns: Column[] = [
  { label: "Name", render: (r) => r.name },
  { label: "Enabled", render: (r) => yesNo(r.enabled) },
  {
    label: "Valid",
    render: (r) => (r.valid_from || r.valid_until ? `${dash(r.valid_from)} → ${dash(r.valid_until)}` : "Always"),
  },
  { label: "PINs", render: (r) => maskedCount(Number(r.pin_count ?? 0)) },
  { label: "Cards", render: (r) => maskedCount(Number(r.rfid_card_count ?? 0)) },
  {
    label: "Photo",
    render: (r) =>
      r.has_photo
        ? r.facial_recognition_embedding_error
          ? html`<span class="error-text">${String(r.facial_recognition_embedding_error)}</span>`
          : "Yes"
        : "No",
  },
  { label: "Face", render: (r) => (r.facial_recognition_enabled === false ? "opt-out" : "on") },
  {
    label: "Last access",
    render: (r) =>
      html`<span class="last-access" title=${String(r.last_access ?? "")}>${timeAgo(r.last_access as string | null)}</span>${r.last_denied
          ? html`<div class="muted" style="font-size:12px" title=${String(r.last_denied)}>
              denied ${timeAgo(r.last_denied as string)}
            </div>`
          : ""}`,
  },
  {
    label: "Log",
    render: (r) => {
      const href = logHref({ user_id: r.id });
      return html`<a class="user-log" href=${href} @click=${(e: MouseEvent) => onLinkClick(e, href)}
        @keydown=${(e: KeyboardEvent) => e.stopPropagation()}>View log</a>`;
    },
  },
];

export const doorFields = (): FieldDef[] => [
  { key: "name", label: "Name", type: "text", required: true },
  { key: "contact_entity_id", label: "Door contact", type: "entity", domains: ["binary_sensor"] },
  { key: "actuator_entity_id", label: "Lock / strike", type: "entity", domains: ["lock", "switch"] },
  { key: "strike_time_s", label: "Strike time (s)", type: "number", min: 1, max: 300 },
  {
    key: "held_open_threshold_sec",
    label: "Held-open threshold (s)",
    type: "number",
    min: 5,
    max: 86400,
    help: "Empty: the default from Settings",
  },
];

export const doorColumns: Column[] = [
  { label: "Name", render: (r) => r.name },
  { label: "Contact", render: (r) => dash(r.contact_entity_id) },
  { label: "Lock / strike", render: (r) => dash(r.actuator_entity_id) },
  { label: "Strike (s)", render: (r) => dash(r.strike_time_s) },
  { label: "Held open (s)", render: (r) => dash(r.held_open_threshold_sec) },
];

/** The drivers as the backend describes them (driver-descriptions.ts). */
export const DRIVERS: Option[] = DRIVER_CHOICES;

/** Why the toggle matters: a REX opens the door with no credential at all. */
export const EXIT_DEVICE_HINT =
  "Only a button inside the door: a keypad or card reader outside a door must not be an exit device.";

/** The readers list's mark of an exit device (its REX opens the door with no credential). */
export const exitMark = (r: Record<string, unknown>) =>
  r.rex_allowed ? badge({ key: "exit", text: "⇥ Exit", tone: "neutral", shape: "pill" }) : "—";

export const deviceFields = (l: Lookups): FieldDef[] => [
  { key: "name", label: "Name", type: "text", required: true },
  { key: "door_id", label: "Door", type: "select", required: true, options: opts(l.doors) },
  { key: "driver", label: "Driver", type: "select", required: true, options: DRIVERS },
  { key: "driver_options", label: "Driver options", type: "driver-options", driverField: "driver" },
  {
    key: "rex_allowed",
    label: "Exit device (may send exit requests / REX)",
    type: "bool",
    always: true,
    help: EXIT_DEVICE_HINT,
  },
  { key: "camera_entity_id", label: "Camera", type: "entity", domains: ["camera"] },
  {
    key: "nvr_device_id",
    label: "NVR device id",
    type: "text",
    help: "A Frigate device (camera or server) of the Frigate integration; its recordings show events with no stored picture",
  },
  {
    key: "nvr_camera",
    label: "NVR camera",
    type: "text",
    help: "The Frigate camera name (optional with a Frigate camera device; else uses the Frigate URL setting)",
  },
];

export const deviceColumns = (l: Lookups): Column[] => [
  { label: "Name", render: (r) => r.name },
  { label: "Door", render: (r) => l.doors.find((d) => d.id === r.door_id)?.name ?? dash(r.door_id) },
  {
    label: "Driver",
    render: (r) => {
      const label = DRIVERS.find((d) => d.value === r.driver)?.label ?? dash(r.driver);
      const options = driverOptionsSummary(r.driver, r.driver_options);
      return options ? html`${label}<br /><span class="muted">${options}</span>` : label;
    },
  },
  { label: "Exit", render: exitMark },
  { label: "Camera", render: (r) => dash(r.camera_entity_id) },
  { label: "NVR", render: (r) => (r.nvr_device_id ? `${r.nvr_device_id} / ${dash(r.nvr_camera)}` : "—") },
  {
    label: "Last event",
    render: (r) => {
      const href = logHref({ device_id: r.id });
      return html`<a class="device-log" href=${href} title=${String(r.last_event ?? "")}
        @click=${(e: MouseEvent) => onLinkClick(e, href)}>${timeAgo(r.last_event as string | null)}</a>`;
    },
  },
];

export const ruleFields = (l: Lookups): FieldDef[] => [
  { key: "name", label: "Name", type: "text", required: true },
  { key: "enabled", label: "Enabled", type: "bool" },
  { key: "device_ids", label: "Readers", type: "multi", options: opts(l.devices) },
  { key: "user_ids", label: "Users", type: "multi", options: opts(l.users) },
  { key: "schedule", label: "Weekly schedule", type: "schedule" },
  { key: "script_entity_id", label: "Script on grant", type: "entity", domains: ["script"] },
  {
    key: "duress_script_entity_id",
    label: "Duress script (runs silently)",
    type: "entity",
    domains: ["script"],
  },
  {
    key: "held_open_threshold_sec",
    label: "Held-open threshold (s)",
    type: "number",
    min: 5,
    max: 86400,
    help: "Empty: the door's, else the default",
  },
];

export function scheduleSummary(schedule: ScheduleWindow[]): string {
  if (!schedule?.length) return "Always";
  return schedule
    .map((w) => `${w.days.map((d) => DAY_LABELS[d] ?? d).join(" ")} ${w.start}–${w.end}`)
    .join("; ");
}

export const ruleColumns = (l: Lookups): Column[] => [
  { label: "Name", render: (r) => r.name },
  { label: "Enabled", render: (r) => yesNo(r.enabled) },
  {
    label: "Readers",
    render: (r) =>
      (r as unknown as RuleRecord).device_ids.map((id) => l.devices.find((d) => d.id === id)?.name ?? id).join(", ") ||
      "—",
  },
  {
    label: "Users",
    render: (r) =>
      (r as unknown as RuleRecord).user_ids.map((id) => l.users.find((u) => u.id === id)?.name ?? id).join(", ") ||
      "—",
  },
  { label: "Schedule", render: (r) => scheduleSummary((r as unknown as RuleRecord).schedule) },
];
