/**
 * The options of an access device's driver (`driver_options`): which fields each driver shows, the
 * form state they start from and what is sent back. The fields come from the backend's driver
 * descriptions (`driver-descriptions.ts`, pinned to `core/drivers.py` by a Python test), which
 * the backend also validates with (`clean_driver_options`, naming a bad one `driver_options.<key>`).
 */
import { DRIVER_DESCRIPTIONS } from "./driver-descriptions";
import type { DriverDescription, DriverOptionDescription } from "./driver-descriptions";
import type { FieldDef } from "./fields";

/** The option inputs of the form, as typed (one state for all drivers: switching keeps them). */
export type DriverOptionsState = Record<string, string>;

export const DRIVER_OPTIONS_KEY = "driver_options";
export const SERIAL_DEFAULT_BAUDRATE = 9600;
export const COMMON_BAUDRATES = [9600, 19200, 38400, 57600, 115200];

const description = (driver: unknown): DriverDescription | undefined =>
  DRIVER_DESCRIPTIONS.find((d) => d.name === String(driver ?? ""));

/** The note shown with a driver's form (why the HA tag scanner is required, …); "" for none. */
export const driverNote = (driver: unknown): string => description(driver)?.note ?? "";

/** Shown with the ha_tag driver: a tag id is no secret, so the scanner is required and the risk is said. */
export const HA_TAG_NOTE = driverNote("ha_tag");

/** The drivers for the driver select, labelled as the backend describes them. */
export const DRIVER_CHOICES = DRIVER_DESCRIPTIONS.map((d) => ({ value: d.name, label: d.label }));

function fieldOf(o: DriverOptionDescription): FieldDef {
  const field: FieldDef = { key: o.key, label: o.label, type: o.type, help: o.help || undefined };
  if (o.required) field.required = true;
  if (o.min !== null) field.min = o.min;
  if (o.max !== null) field.max = o.max;
  if (o.choices.length) field.options = o.choices.map(([value, label]) => ({ value, label }));
  return field;
}

export const DRIVER_OPTION_FIELDS: Record<string, FieldDef[]> = Object.fromEntries(
  DRIVER_DESCRIPTIONS.map((d) => [d.name, d.options.map(fieldOf)]),
);

/** The option fields of one driver (none for an unknown one). */
export const driverOptionFields = (driver: unknown): FieldDef[] =>
  DRIVER_OPTION_FIELDS[String(driver ?? "")] ?? [];

/** A device's stored options as form state. */
export function driverOptionsState(options: unknown): DriverOptionsState {
  const state: DriverOptionsState = {};
  if (options && typeof options === "object" && !Array.isArray(options)) {
    for (const [k, v] of Object.entries(options as Record<string, unknown>)) {
      if (v !== null && v !== undefined) state[k] = String(v);
    }
  }
  return state;
}

/**
 * What a form sends as `driver_options` for `driver`: only that driver's options, numbers as
 * numbers, empty optional ones left out (the backend's default). A required one (the serial port)
 * is always sent, so that the backend's error names it when it is empty. Text that is not a number
 * is sent as typed, for the backend to refuse with the field named.
 */
export function buildDriverOptions(driver: unknown, state: DriverOptionsState | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of driverOptionFields(driver)) {
    const raw = (state?.[f.key] ?? "").trim();
    if (raw === "") {
      if (f.required) out[f.key] = "";
      continue;
    }
    if (f.type === "bool") {
      // a checkbox: only a ticked one is sent (unticked is the backend's default, false)
      if (raw === "true") out[f.key] = true;
      continue;
    }
    if (f.type === "number") {
      const n = Number(raw);
      out[f.key] = Number.isFinite(n) ? n : raw;
    } else out[f.key] = raw;
  }
  return out;
}

/** Options compared regardless of key order. */
export function sameOptions(a: unknown, b: unknown): boolean {
  const canon = (o: unknown) =>
    JSON.stringify(
      Object.entries((o && typeof o === "object" ? o : {}) as Record<string, unknown>).sort(([x], [y]) =>
        x < y ? -1 : x > y ? 1 : 0,
      ),
    );
  return canon(a) === canon(b);
}

/** "driver_options.port" -> "port" (undefined for other fields). */
export function driverOptionKey(field: string | undefined): string | undefined {
  const prefix = `${DRIVER_OPTIONS_KEY}.`;
  return field?.startsWith(prefix) ? field.slice(prefix.length) : undefined;
}

/** A short text of a device's options for the list, e.g. "/dev/ttyUSB0 @ 19200". */
export function driverOptionsSummary(driver: unknown, options: unknown): string {
  const o = (options && typeof options === "object" ? options : {}) as Record<string, unknown>;
  if (driver === "serial" && o.port) {
    const format = o.format && o.format !== "line" ? ` (${String(o.format)})` : "";
    return `${String(o.port)} @ ${String(o.baudrate ?? SERIAL_DEFAULT_BAUDRATE)}${format}`;
  }
  if (driver === "osdp" && o.port) return `${String(o.port)} #${String(o.address ?? "?")}`;
  return "";
}
