/** Form field descriptors of the management views and what a form sends back. */
import type { ScheduleWindow } from "../types";
import { t, tCode } from "../localize";
import { buildDriverOptions, sameOptions } from "./driver-options";
import type { DriverOptionsState } from "./driver-options";

export type FieldType =
  | "text"
  | "number"
  | "bool"
  | "select"
  | "multi"
  | "date"
  | "entity"
  | "secret-list"
  | "secret"
  | "schedule"
  /** the options of the driver chosen in the field named by `driverField` (driver-options.ts) */
  | "driver-options";

export interface Option {
  value: string;
  label: string;
}

export interface FieldDef {
  key: string;
  label: string;
  type: FieldType;
  help?: string;
  required?: boolean;
  options?: Option[];
  /** entity domains for an `entity` field's suggestions */
  domains?: string[];
  min?: number;
  max?: number;
  /** a `secret` / `secret-list` field: text saying what is stored, e.g. "•••• (2 set)" */
  stored?: (record: Record<string, unknown> | undefined) => string;
  optional?: boolean;
  /** a `driver-options` field: the key of the driver select it follows */
  driverField?: string;
  /**
   * sent on every save, changed or not: saving the form is the admin's choice (the exit-device
   * review after the `rex_allowed` upgrade ends only when each listed reader was saved with one)
   */
  always?: boolean;
}

export const DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;
/** A weekday's short name ("mon" -> "Mon"); an unknown code as it is. */
export const dayLabel = (day: string): string => tCode("days", day) ?? day;

/** "•••• (2 set)" / "not set": credentials are write-only and never shown. */
export function maskedCount(count: number): string {
  return count > 0 ? t("records.masked", { count }) : t("records.not_set");
}

/** "1234, 5678" -> ["1234", "5678"] */
export function splitList(value: string): string[] {
  return value
    .split(/[\s,;]+/)
    .map((v) => v.trim())
    .filter(Boolean);
}

/** A form value as the backend takes it (empty optional values become null). */
export function toWire(def: FieldDef, value: unknown): unknown {
  switch (def.type) {
    case "number":
      if (value === "" || value === null || value === undefined) return null;
      return Number(value);
    case "text":
    case "entity":
    case "date":
    case "select":
      if (value === "" || value === undefined) return def.type === "text" && def.required ? "" : null;
      return value;
    case "secret-list":
      return splitList(String(value ?? ""));
    case "secret":
      return value === "" ? null : value;
    default:
      return value;
  }
}

/** The changed fields of a form (create: every field set; secrets only when typed). */
export function diffFields(
  defs: FieldDef[],
  values: Record<string, unknown>,
  original: Record<string, unknown> | undefined,
  touchedSecrets: Set<string>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const def of defs) {
    if (def.type === "driver-options") {
      const wire = buildDriverOptions(values[def.driverField ?? "driver"], values[def.key] as DriverOptionsState);
      // always on create; on update when they differ (a changed driver clears the old options)
      if (!original || !sameOptions(wire, original[def.key])) out[def.key] = wire;
      continue;
    }
    if (def.type === "secret" || def.type === "secret-list") {
      if (touchedSecrets.has(def.key)) out[def.key] = toWire(def, values[def.key]);
      continue;
    }
    const wire = toWire(def, values[def.key]);
    if (!original) {
      if (wire !== null && wire !== undefined && !(Array.isArray(wire) && !wire.length && !def.required)) {
        out[def.key] = wire;
      }
      continue;
    }
    const changed = JSON.stringify(wire ?? null) !== JSON.stringify(original[def.key] ?? null);
    if (changed || def.always) out[def.key] = wire;
  }
  return out;
}

export function emptyWindow(): ScheduleWindow {
  return { days: ["mon", "tue", "wed", "thu", "fri"], start: "08:00", end: "18:00" };
}
