/**
 * The one typed module that talks to Home Assistant: websocket commands through `hass.callWS`,
 * the live log through `hass.connection.subscribeMessage`, and the authenticated HTTP paths.
 */
import type {
  DeviceRecord,
  DoorRecord,
  FilterChoices,
  HomeAssistant,
  LogEvent,
  LogFlag,
  LogPage,
  LogStats,
  LogRow,
  RuleRecord,
  Settings,
  StatsBucket,
  Snapshot,
  UserRecord,
  WsError,
} from "./types";
import type { LogQuery } from "./filters";

export const PAGE_SIZE = 100;

export type Collection = "users" | "devices" | "doors" | "rules";
export const ID_FIELD: Record<Collection, string> = {
  users: "user_id",
  devices: "device_id",
  doors: "door_id",
  rules: "rule_id",
};

type RecordOf<C extends Collection> = C extends "users"
  ? UserRecord
  : C extends "devices"
    ? DeviceRecord
    : C extends "doors"
      ? DoorRecord
      : RuleRecord;

export function listLog(
  hass: HomeAssistant,
  query: LogQuery,
  beforeId?: number | null,
  limit = PAGE_SIZE,
): Promise<LogPage> {
  const msg: Record<string, unknown> = { type: "gem_access/log/list", ...query, limit };
  if (beforeId != null) msg.before_id = beforeId;
  return hass.callWS<LogPage>(msg);
}

/** Live rows for the filters; resolves to the unsubscribe function. */
export function subscribeLog(
  hass: HomeAssistant,
  query: LogQuery,
  onEvent: (event: LogEvent) => void,
): Promise<() => Promise<void>> {
  return hass.connection.subscribeMessage<LogEvent>(onEvent, {
    type: "gem_access/log/subscribe",
    ...query,
  });
}

/** The exact number of rows matching the filters (an SQL COUNT, not a page). */
export async function countLog(hass: HomeAssistant, query: LogQuery): Promise<number> {
  const res = await hass.callWS<{ count: number }>({ type: "gem_access/log/count", ...query });
  return res.count;
}

/** Counts for the Reports tab and the review strip: buckets, totals, heatmap, top lists. */
export const logStats = (hass: HomeAssistant, query: LogQuery, bucket: StatsBucket) =>
  hass.callWS<LogStats>({ type: "gem_access/log/stats", ...query, bucket });

/** Red flags in a window (the backend's default window when start/end are left out). */
export const logFlags = (hass: HomeAssistant, window: { start?: string; end?: string } = {}) =>
  hass.callWS<LogFlag[] | { flags: LogFlag[] }>({ type: "gem_access/log/flags", ...window }).then(
    (res) => (Array.isArray(res) ? res : (res?.flags ?? [])),
  );

export const filterChoices = (hass: HomeAssistant) =>
  hass.callWS<FilterChoices>({ type: "gem_access/log/filter_choices" });

export const deleteOldLogs = (hass: HomeAssistant, keepDays: number) =>
  hass.callWS<{ deleted: number }>({ type: "gem_access/log/delete_old", keep_days: keepDays });

export const getSnapshot = (hass: HomeAssistant, logId: number) =>
  hass.callWS<Snapshot>({ type: "gem_access/snapshot/get", log_id: logId });

export const listRecords = <C extends Collection>(hass: HomeAssistant, collection: C) =>
  hass.callWS<RecordOf<C>[]>({ type: `gem_access/${collection}/list` });

export const createRecord = <C extends Collection>(
  hass: HomeAssistant,
  collection: C,
  fields: Record<string, unknown>,
) => hass.callWS<RecordOf<C>>({ ...fields, type: `gem_access/${collection}/create` });

export const updateRecord = <C extends Collection>(
  hass: HomeAssistant,
  collection: C,
  id: string,
  fields: Record<string, unknown>,
) =>
  hass.callWS<RecordOf<C>>({
    ...fields,
    type: `gem_access/${collection}/update`,
    [ID_FIELD[collection]]: id,
  });

export const deleteRecord = (hass: HomeAssistant, collection: Collection, id: string) =>
  hass.callWS<null>({ type: `gem_access/${collection}/delete`, [ID_FIELD[collection]]: id });

/** The modal's "score now": the row after scoring its picture against the user's photo. */
export const scoreNow = (hass: HomeAssistant, logId: number) =>
  hass.callWS<LogRow>({ type: "gem_access/face/score", log_id: logId });

/** Erase all biometric data: every embedding, and every profile photo with `photos`. */
export const deleteAllBiometrics = (hass: HomeAssistant, photos: boolean) =>
  hass.callWS<{ embeddings: number; photos: number }>({ type: "gem_access/face/delete_all", photos });

export const getSettings = (hass: HomeAssistant) =>
  hass.callWS<Settings>({ type: "gem_access/settings/get" });

export const updateSettings = (hass: HomeAssistant, fields: Partial<Settings>) =>
  hass.callWS<Settings>({ ...fields, type: "gem_access/settings/update" });

/** A path signed for a plain (cookie-less, header-less) GET, e.g. a download link. */
export async function signPath(hass: HomeAssistant, path: string): Promise<string> {
  const res = await hass.callWS<{ path: string }>({ type: "auth/sign_path", path, expires: 120 });
  return hassUrl(hass, res.path);
}

export function hassUrl(hass: HomeAssistant, path: string): string {
  return hass.hassUrl ? hass.hassUrl(path) : path;
}

/** fetch with the session's bearer token (HA's own helper when present). */
export function fetchWithAuth(
  hass: HomeAssistant,
  path: string,
  init: RequestInit = {},
): Promise<Response> {
  if (hass.fetchWithAuth) return hass.fetchWithAuth(path, init);
  const headers = new Headers(init.headers);
  const token = hass.auth?.data?.access_token;
  if (token) headers.set("authorization", `Bearer ${token}`);
  return fetch(hassUrl(hass, path), { ...init, headers, credentials: "same-origin" });
}

export const userPhotoPath = (userId: string) =>
  `/api/gem_access/users/${encodeURIComponent(userId)}/photo`;

/** The user's profile photo as an object URL (revoke it when done), or null when there is none. */
export async function fetchUserPhoto(hass: HomeAssistant, userId: string): Promise<string | null> {
  const res = await fetchWithAuth(hass, userPhotoPath(userId));
  if (!res.ok) return null;
  return URL.createObjectURL(await res.blob());
}

export async function uploadUserPhoto(
  hass: HomeAssistant,
  userId: string,
  file: File,
): Promise<Record<string, unknown>> {
  const body = new FormData();
  body.append("file", file, file.name);
  const res = await fetchWithAuth(hass, userPhotoPath(userId), { method: "POST", body });
  const text = await res.text();
  let data: Record<string, unknown> = {};
  try {
    data = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  } catch {
    data = { message: text };
  }
  if (!res.ok) {
    throw {
      code: `http_${res.status}`,
      message: String(data.message ?? `HTTP ${res.status}`),
    } satisfies WsError;
  }
  return data;
}

export async function deleteUserPhoto(hass: HomeAssistant, userId: string): Promise<void> {
  const res = await fetchWithAuth(hass, userPhotoPath(userId), { method: "DELETE" });
  if (!res.ok) throw { code: `http_${res.status}`, message: `HTTP ${res.status}` } as WsError;
}

/** The readable message of whatever a call rejected with. */
export function errorMessage(err: unknown): string {
  if (err && typeof err === "object" && "message" in err) return String((err as WsError).message);
  return String(err);
}

/** The form field a backend validation error names, if any. */
export function errorField(err: unknown): string | undefined {
  if (err && typeof err === "object") {
    return (err as WsError).translation_placeholders?.field;
  }
  return undefined;
}
