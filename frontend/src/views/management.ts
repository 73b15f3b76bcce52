/** Field and column definitions of the users, devices, doors and rules views. */
import { html } from "lit";
import type { Column } from "./records-view";
import type { FieldDef, Option } from "./fields";
import { dayLabel, maskedCount } from "./fields";
import { t } from "../localize";
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

const yesNo = (v: unknown) => (v ? t("common.yes") : t("common.no"));
const dash = (v: unknown) => (v === null || v === undefined || v === "" ? "—" : String(v));

export const userFields = (): FieldDef[] => [
  { key: "name", label: t("users.fields.name"), type: "text", required: true },
  { key: "enabled", label: t("users.fields.enabled"), type: "bool" },
  { key: "valid_from", label: t("users.fields.valid_from"), type: "date", help: t("users.fields.valid_from_help") },
  { key: "valid_until", label: t("users.fields.valid_until"), type: "date", help: t("users.fields.valid_until_help") },
  {
    key: "pins",
    label: t("users.fields.pins"),
    type: "secret-list",
    optional: true,
    stored: (r) => maskedCount(Number(r?.pin_count ?? 0)),
    help: t("users.fields.pins_help"),
  },
  {
    key: "duress_pin",
    label: t("users.fields.duress_pin"),
    type: "secret",
    optional: true,
    stored: (r) => maskedCount(r?.has_duress_pin ? 1 : 0),
    help: t("users.fields.duress_pin_help"),
  },
  {
    key: "rfid_cards",
    label: t("users.fields.rfid_cards"),
    type: "secret-list",
    optional: true,
    stored: (r) => maskedCount(Number(r?.rfid_card_count ?? 0)),
  },
  {
    key: "facial_recognition_enabled",
    label: t("users.fields.facial_recognition"),
    type: "bool",
  },
];

/** `faceOn`: whether facial recognition is on in Settings (a user's own switch then matters). */
export const userColumns = (faceOn = true): Column[] => [
  { label: t("users.columns.name"), render: (r) => r.name },
  { label: t("users.columns.enabled"), render: (r) => yesNo(r.enabled) },
  {
    label: t("users.columns.valid"),
    render: (r) =>
      r.valid_from || r.valid_until ? `${dash(r.valid_from)} → ${dash(r.valid_until)}` : t("common.always"),
  },
  { label: t("users.columns.pins"), render: (r) => maskedCount(Number(r.pin_count ?? 0)) },
  { label: t("users.columns.cards"), render: (r) => maskedCount(Number(r.rfid_card_count ?? 0)) },
  {
    label: t("users.columns.photo"),
    render: (r) =>
      r.has_photo
        ? r.facial_recognition_embedding_error
          ? html`<span class="error-text">${String(r.facial_recognition_embedding_error)}</span>`
          : t("common.yes")
        : t("common.no"),
  },
  {
    label: t("users.columns.face"),
    render: (r) =>
      !faceOn
        ? t("users.columns.face_off_everyone")
        : r.facial_recognition_enabled === false
          ? t("users.columns.face_opt_out")
          : t("users.columns.face_on"),
  },
  {
    label: t("users.columns.last_access"),
    render: (r) =>
      html`<span class="last-access" title=${String(r.last_access ?? "")}>${timeAgo(r.last_access as string | null)}</span>${r.last_denied
          ? html`<div class="muted" style="font-size:12px" title=${String(r.last_denied)}>
              ${t("users.columns.denied", { ago: timeAgo(r.last_denied as string) })}
            </div>`
          : ""}`,
  },
  {
    label: t("users.columns.log"),
    render: (r) => {
      const href = logHref({ user_id: r.id });
      return html`<a class="user-log" href=${href} @click=${(e: MouseEvent) => onLinkClick(e, href)}
        @keydown=${(e: KeyboardEvent) => e.stopPropagation()}>${t("users.columns.view_log")}</a>`;
    },
  },
];

export const doorFields = (): FieldDef[] => [
  { key: "name", label: t("doors.fields.name"), type: "text", required: true },
  { key: "contact_entity_id", label: t("doors.fields.contact"), type: "entity", domains: ["binary_sensor"] },
  { key: "actuator_entity_id", label: t("doors.fields.actuator"), type: "entity", domains: ["lock", "switch"] },
  { key: "strike_time_s", label: t("doors.fields.strike_time"), type: "number", min: 1, max: 300 },
  {
    key: "held_open_threshold_sec",
    label: t("doors.fields.held_open"),
    type: "number",
    min: 5,
    max: 86400,
    help: t("doors.fields.held_open_help"),
  },
];

export const doorColumns = (): Column[] => [
  { label: t("doors.columns.name"), render: (r) => r.name },
  { label: t("doors.columns.contact"), render: (r) => dash(r.contact_entity_id) },
  { label: t("doors.columns.actuator"), render: (r) => dash(r.actuator_entity_id) },
  { label: t("doors.columns.strike"), render: (r) => dash(r.strike_time_s) },
  { label: t("doors.columns.held_open"), render: (r) => dash(r.held_open_threshold_sec) },
];

/** The drivers as the backend describes them (driver-descriptions.ts). */
export const DRIVERS: Option[] = DRIVER_CHOICES;

/** The readers list's mark of an exit device (its REX opens the door with no credential). */
export const exitMark = (r: Record<string, unknown>) =>
  r.rex_allowed
    ? badge({ key: "exit", text: `⇥ ${t("devices.columns.exit_badge")}`, tone: "neutral", shape: "pill" })
    : "—";

export const deviceFields = (l: Lookups): FieldDef[] => [
  { key: "name", label: t("devices.fields.name"), type: "text", required: true },
  { key: "door_id", label: t("devices.fields.door"), type: "select", required: true, options: opts(l.doors) },
  { key: "driver", label: t("devices.fields.driver"), type: "select", required: true, options: DRIVERS },
  {
    key: "driver_options",
    label: t("devices.fields.driver_options"),
    type: "driver-options",
    driverField: "driver",
  },
  {
    key: "rex_allowed",
    label: t("devices.fields.exit_device"),
    type: "bool",
    always: true,
    // why the toggle matters: a REX opens the door with no credential at all
    help: t("devices.fields.exit_device_help"),
  },
  { key: "camera_entity_id", label: t("devices.fields.camera"), type: "entity", domains: ["camera"] },
  {
    key: "nvr_device_id",
    label: t("devices.fields.nvr_device"),
    type: "text",
    help: t("devices.fields.nvr_device_help"),
  },
  {
    key: "nvr_camera",
    label: t("devices.fields.nvr_camera"),
    type: "text",
    help: t("devices.fields.nvr_camera_help"),
  },
];

export const deviceColumns = (l: Lookups): Column[] => [
  { label: t("devices.columns.name"), render: (r) => r.name },
  { label: t("devices.columns.door"), render: (r) => l.doors.find((d) => d.id === r.door_id)?.name ?? dash(r.door_id) },
  {
    label: t("devices.columns.driver"),
    render: (r) => {
      const label = DRIVERS.find((d) => d.value === r.driver)?.label ?? dash(r.driver);
      const options = driverOptionsSummary(r.driver, r.driver_options);
      return options ? html`${label}<br /><span class="muted">${options}</span>` : label;
    },
  },
  { label: t("devices.columns.exit"), render: exitMark },
  { label: t("devices.columns.camera"), render: (r) => dash(r.camera_entity_id) },
  { label: t("devices.columns.nvr"), render: (r) => (r.nvr_device_id ? `${r.nvr_device_id} / ${dash(r.nvr_camera)}` : "—") },
  {
    label: t("devices.columns.last_event"),
    render: (r) => {
      const href = logHref({ device_id: r.id });
      return html`<a class="device-log" href=${href} title=${String(r.last_event ?? "")}
        @click=${(e: MouseEvent) => onLinkClick(e, href)}>${timeAgo(r.last_event as string | null)}</a>`;
    },
  },
];

export const ruleFields = (l: Lookups): FieldDef[] => [
  { key: "name", label: t("rules.fields.name"), type: "text", required: true },
  { key: "enabled", label: t("rules.fields.enabled"), type: "bool" },
  { key: "device_ids", label: t("rules.fields.readers"), type: "multi", options: opts(l.devices) },
  { key: "user_ids", label: t("rules.fields.users"), type: "multi", options: opts(l.users) },
  { key: "schedule", label: t("rules.fields.schedule"), type: "schedule" },
  { key: "script_entity_id", label: t("rules.fields.script"), type: "entity", domains: ["script"] },
  {
    key: "duress_script_entity_id",
    label: t("rules.fields.duress_script"),
    type: "entity",
    domains: ["script"],
  },
  {
    key: "held_open_threshold_sec",
    label: t("rules.fields.held_open"),
    type: "number",
    min: 5,
    max: 86400,
    help: t("rules.fields.held_open_help"),
  },
];

export function scheduleSummary(schedule: ScheduleWindow[]): string {
  if (!schedule?.length) return t("common.always");
  return schedule
    .map((w) => `${w.days.map((d) => dayLabel(d)).join(" ")} ${w.start}–${w.end}`)
    .join("; ");
}

export const ruleColumns = (l: Lookups): Column[] => [
  { label: t("rules.columns.name"), render: (r) => r.name },
  { label: t("rules.columns.enabled"), render: (r) => yesNo(r.enabled) },
  {
    label: t("rules.columns.readers"),
    render: (r) =>
      (r as unknown as RuleRecord).device_ids.map((id) => l.devices.find((d) => d.id === id)?.name ?? id).join(", ") ||
      "—",
  },
  {
    label: t("rules.columns.users"),
    render: (r) =>
      (r as unknown as RuleRecord).user_ids.map((id) => l.users.find((u) => u.id === id)?.name ?? id).join(", ") ||
      "—",
  },
  { label: t("rules.columns.schedule"), render: (r) => scheduleSummary((r as unknown as RuleRecord).schedule) },
];
