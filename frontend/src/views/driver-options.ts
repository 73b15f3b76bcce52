/**
 * The options of an access device's driver (`driver_options`): which fields each driver shows, the
 * form state they start from and what is sent back. The backend checks them per driver
 * (`clean_driver_options`) and names a bad one as `driver_options.<key>`.
 */
import type { FieldDef } from "./fields";

/** The option inputs of the form, as typed (one state for all drivers: switching keeps them). */
export type DriverOptionsState = Record<string, string>;

export const DRIVER_OPTIONS_KEY = "driver_options";
export const SERIAL_DEFAULT_BAUDRATE = 9600;
export const COMMON_BAUDRATES = [9600, 19200, 38400, 57600, 115200];
export const OSDP_NOTE = "OSDP driver not available yet";
/** Shown with the ha_tag driver: a tag id is no secret, so the scanner is required and the risk is said. */
export const HA_TAG_NOTE =
  "NFC tag UIDs are easy to clone and are visible to every Home Assistant user: only scans from the " +
  "scanner chosen below count. Prefer a PIN (or PIN and tag) for doors that matter.";

export const DRIVER_OPTION_FIELDS: Record<string, FieldDef[]> = {
  serial: [
    {
      key: "port",
      label: "Port",
      type: "text",
      required: true,
      help: "Best a stable /dev/serial/by-id/… link",
    },
    {
      key: "baudrate",
      label: "Baud rate",
      type: "number",
      min: 1200,
      max: 921600,
      help: `Empty: ${SERIAL_DEFAULT_BAUDRATE}`,
    },
    {
      key: "silence_timeout_s",
      label: "Silence timeout (s)",
      type: "number",
      min: 1,
      max: 86400,
      help: "Report the reader when it sends nothing this long. Empty: no watchdog",
    },
  ],
  ha_tag: [
    {
      key: "tag_device_id",
      label: "Tag scanner",
      type: "text",
      required: true,
      help: "Device id of the scanner whose scans count here",
    },
  ],
  virtual: [],
  osdp: [],
};

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
  if (driver === "serial" && o.port) return `${String(o.port)} @ ${String(o.baudrate ?? SERIAL_DEFAULT_BAUDRATE)}`;
  return "";
}
