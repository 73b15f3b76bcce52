/** The parts of Home Assistant's `hass` object the panel and the card use. */
export interface HassConnection {
  subscribeMessage<T>(
    callback: (msg: T) => void,
    message: Record<string, unknown>,
    options?: { resubscribe?: boolean },
  ): Promise<() => Promise<void>>;
}

export interface HomeAssistant {
  callWS<T>(message: Record<string, unknown>): Promise<T>;
  connection: HassConnection;
  config: { time_zone: string };
  locale?: { language?: string; time_zone?: string };
  language?: string;
  themes?: { darkMode?: boolean };
  user?: { id: string; name: string; is_admin: boolean };
  hassUrl?(path?: string): string;
  fetchWithAuth?(path: string, init?: RequestInit): Promise<Response>;
  auth?: { data?: { access_token?: string; hassUrl?: string } };
  states?: Record<string, { state: string; attributes: Record<string, unknown> }>;
}

export interface PanelRoute {
  prefix: string;
  path: string;
}

export type AccessType = "pin" | "rfid" | "rex";
export type Result = "granted" | "denied" | "forced" | "held_open" | "error";
export type MatchStatus =
  | "scored"
  | "pending"
  | "off"
  | "opt_out"
  | "no_photo"
  | "no_face"
  | "anonymous"
  | "error";

export interface LogRow {
  id: number;
  timestamp: string;
  user_id: string | null;
  user_name: string | null;
  device_id: string | null;
  device_name: string | null;
  door_id: string | null;
  door_name: string | null;
  access_type: AccessType | null;
  result: Result;
  reason: string | null;
  action_details: string | null;
  match_score: number | null;
  match_status: MatchStatus | string | null;
  has_snapshot: boolean;
  /** audit: the Home Assistant user who asked (present_credential, remote unlock) and the context */
  ha_user_id?: string | null;
  context_id?: string | null;
}

export interface LogPage {
  rows: LogRow[];
  next_before_id: number | null;
}

export interface LogEvent {
  type: "added" | "updated";
  row: LogRow;
}

export interface Choice {
  id: string;
  name: string;
  deleted: boolean;
}

export interface FilterChoices {
  users: Choice[];
  devices: Choice[];
  doors: Choice[];
}

export interface Snapshot {
  kind: "image" | "video";
  source: "stored" | "recording" | "live";
  mime?: string | null;
  url?: string | null;
  data_uri?: string | null;
  camera_name?: string | null;
  /** An NVR recording's clip around the event (a signed, admin-only proxy URL). */
  clip_url?: string | null;
}

export interface UserRecord {
  id: string;
  name: string;
  enabled: boolean;
  valid_from: string | null;
  valid_until: string | null;
  facial_recognition_enabled: boolean;
  facial_recognition_embedding_error: string | null;
  has_photo: boolean;
  /** the photo's face embedding is stored (encrypted): events can be scored */
  facial_recognition_enrolled?: boolean;
  pin_count: number;
  has_duress_pin: boolean;
  rfid_card_count: number;
  /** newest granted / denied row (ISO 8601), null when none */
  last_access?: string | null;
  last_denied?: string | null;
}

export interface DoorRecord {
  id: string;
  name: string;
  contact_entity_id: string | null;
  actuator_entity_id: string | null;
  strike_time_s: number;
  held_open_threshold_sec: number | null;
}

export interface DeviceRecord {
  id: string;
  name: string;
  door_id: string;
  driver: "virtual" | "serial" | "osdp" | "ha_tag";
  driver_options: Record<string, unknown>;
  camera_entity_id: string | null;
  nvr_device_id: string | null;
  nvr_camera: string | null;
  /** an exit device (a button inside): the only kind whose exit requests (REX) open the door */
  rex_allowed: boolean;
  /** the reader's newest log row (ISO 8601), null when none */
  last_event?: string | null;
}

export interface ScheduleWindow {
  days: string[];
  start: string;
  end: string;
}

export interface RuleRecord {
  id: string;
  name: string;
  enabled: boolean;
  device_ids: string[];
  user_ids: string[];
  schedule: ScheduleWindow[];
  script_entity_id: string | null;
  duress_script_entity_id: string | null;
  held_open_threshold_sec: number | null;
}

export interface Settings {
  facial_recognition_enabled: boolean;
  privacy_acknowledged?: boolean;
  retention_days: number;
  cooldown_failures: number;
  cooldown_window_s: number;
  cooldown_s: number;
  forced_grace_s: number;
  default_held_open_threshold_sec: number | null;
  /** Frigate for readers whose NVR device is not one of the Frigate integration's (null: none). */
  frigate_url?: string | null;
  /** Match column bands: green from this score up, amber from the amber one, red below */
  match_green_threshold?: number;
  match_amber_threshold?: number;
  /** who acknowledged the privacy notice (HA user name) and when (ISO 8601), recorded by the server */
  privacy_acknowledged_by?: string | null;
  privacy_acknowledged_at?: string | null;
  [key: string]: unknown;
}

/** A websocket error as home-assistant-js-websocket rejects with it. */
export interface WsError {
  code: string;
  message: string;
  translation_key?: string;
  translation_placeholders?: Record<string, string>;
}

/** Counts per result, as log/stats gives them (duress grants are counted as granted). */
export interface ResultCounts {
  granted: number;
  denied: number;
  forced: number;
  held_open: number;
  error: number;
}

export type StatsBucket = "hour" | "day" | "week";

export interface StatsTop {
  id: string;
  name: string | null;
  counts: ResultCounts;
}

/** `gem_access/log/stats`: the picture of the rows a `log/list` filter selects. */
export interface LogStats {
  buckets: { start: string; counts: ResultCounts }[];
  totals: ResultCounts;
  /** 7 rows (Monday first) of 24 hours, in Home Assistant's time zone */
  by_hour_of_week: number[][];
  unique_users: number;
  top_users: StatsTop[];
  top_devices: StatsTop[];
  top_reasons: StatsTop[];
  /** the period of equal length just before: its totals (either bare counts or `{totals, ...}`) */
  previous: (Partial<ResultCounts> & { totals?: ResultCounts; unique_users?: number }) | null;
}

export type FlagKind =
  | "denied_burst"
  | "unknown_credentials"
  | "failing_user"
  | "unusual_hours"
  | "forced"
  | "held_open"
  | "device_errors";

/** A red flag of `gem_access/log/flags`; `filter` is the log/list filter that shows its rows. */
export interface LogFlag {
  kind: FlagKind | string;
  device_id?: string | null;
  user_id?: string | null;
  count: number;
  first: string;
  last: string;
  filter: Record<string, string | number | null | undefined>;
}
