/** The log filters: panel state <-> URL query <-> websocket / CSV parameters. */
import { localInputToInstant, startOfDay, toLocalInput } from "./time";

export const RESULT_FILTERS = ["granted", "denied", "duress", "forced", "held_open", "error"] as const;
export type ResultFilter = (typeof RESULT_FILTERS)[number];
export const ACCESS_TYPES = ["pin", "rfid", "rex"] as const;
export const QUICK_RANGES = ["1", "7", "30", "90"] as const;
export const URL_RANGES = ["today", ...QUICK_RANGES] as const;

export interface LogFilters {
  user_id?: string;
  device_id?: string;
  door_id?: string;
  /** a reason code (set from the Reports tab and red flags; "duress" is a result filter) */
  reason?: string;
  access_type?: string;
  result?: ResultFilter;
  /** datetime-local values, read in Home Assistant's time zone */
  start?: string;
  end?: string;
  /** a quick range ("today" or a number of days); `start` is derived from it */
  range?: string;
}

/** What log/list, log/subscribe and the CSV export take. */
export interface LogQuery {
  user_id?: string;
  device_id?: string;
  door_id?: string;
  access_type?: string;
  result?: string;
  reason?: string;
  start?: string;
  end?: string;
}

const URL_KEYS = [
  "user_id",
  "device_id",
  "door_id",
  "access_type",
  "result",
  "reason",
  "range",
  "start",
  "end",
] as const;

/** Filters from a URL query string (unknown or malformed values are dropped). */
export function filtersFromSearch(search: string): LogFilters {
  const params = new URLSearchParams(search);
  const f: LogFilters = {};
  const user = params.get("user_id");
  if (user) f.user_id = user;
  const device = params.get("device_id");
  if (device) f.device_id = device;
  const door = params.get("door_id");
  if (door) f.door_id = door;
  const reason = params.get("reason");
  if (reason && /^[a-z_]{1,40}$/.test(reason)) f.reason = reason;
  const type = params.get("access_type");
  if (type && (ACCESS_TYPES as readonly string[]).includes(type)) f.access_type = type;
  const result = params.get("result");
  if (result && (RESULT_FILTERS as readonly string[]).includes(result)) {
    f.result = result as ResultFilter;
  }
  const range = params.get("range");
  if (range && isRange(range)) f.range = range;
  const start = params.get("start");
  if (!f.range && start && localInputToInstant(start, "UTC")) f.start = start;
  const end = params.get("end");
  if (end && localInputToInstant(end, "UTC")) f.end = end;
  return f;
}

/** Any whole number of days 1..3650 or "today". */
export function isRange(value: string): boolean {
  if (value === "today") return true;
  return /^\d{1,4}$/.test(value) && Number(value) >= 1 && Number(value) <= 3650;
}

/** The filters as a URL query string ("" when none), keys in a stable order. */
export function filtersToSearch(f: LogFilters): string {
  const params = new URLSearchParams();
  for (const key of URL_KEYS) {
    if (key === "start" && f.range) continue;
    const value = f[key];
    if (value) params.set(key, value);
  }
  const s = params.toString();
  return s ? `?${s}` : "";
}

/** When a range starts: midnight today, or now minus N days (rolling). */
export function rangeStart(range: string, now: Date, timeZone: string): Date {
  if (range === "today") return startOfDay(now, timeZone);
  return new Date(now.getTime() - Number(range) * 86_400_000);
}

/** The From value a range shows in the date input. */
export function rangeStartInput(range: string, now: Date, timeZone: string): string {
  return toLocalInput(rangeStart(range, now, timeZone), timeZone);
}

/**
 * The query the backend takes. Dates become UTC instants; "To" includes the whole minute it
 * names (the backend's window is half-open); "duress" is a reason, not a result.
 */
export function toQuery(f: LogFilters, timeZone: string, now: Date = new Date()): LogQuery {
  const q: LogQuery = {};
  if (f.user_id) q.user_id = f.user_id;
  if (f.device_id) q.device_id = f.device_id;
  if (f.door_id) q.door_id = f.door_id;
  if (f.access_type) q.access_type = f.access_type;
  if (f.result === "duress") q.reason = "duress";
  else if (f.result) q.result = f.result;
  if (f.reason && f.result !== "duress") q.reason = f.reason;
  if (f.range) {
    q.start = rangeStart(f.range, now, timeZone).toISOString();
  } else if (f.start) {
    const start = localInputToInstant(f.start, timeZone);
    if (start) q.start = start.toISOString();
  }
  if (f.end) {
    const end = localInputToInstant(f.end, timeZone);
    if (end) q.end = new Date(end.getTime() + 60_000).toISOString();
  }
  return q;
}

export const CSV_PATH = "/api/gem_access/log.csv";

/** The CSV export path for a query (to be signed with auth/sign_path). */
export function csvPath(q: LogQuery): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(q)) {
    if (value !== undefined && value !== null && value !== "") params.set(key, String(value));
  }
  const s = params.toString();
  return s ? `${CSV_PATH}?${s}` : CSV_PATH;
}

export function hasFilters(f: LogFilters): boolean {
  return Object.values(f).some((v) => v !== undefined && v !== "");
}
