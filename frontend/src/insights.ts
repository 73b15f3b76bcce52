/**
 * Pure transforms of log/stats and log/flags answers into what the Reports tab and the review
 * strip draw: summary cards, stacked chart series, heatmap levels, and the log filters a click
 * applies. No DOM, no chart library: unit-tested on sample answers.
 */
import type { LogFilters, LogQuery } from "./filters";
import { RESULT_FILTERS, rangeStart, toQuery } from "./filters";
import { codeLabel, reasonLabel } from "./format";
import { t, tn } from "./localize";
import { toLocalInput } from "./time";
import type { Choice, LogFlag, LogStats, ResultCounts, StatsBucket } from "./types";

/** Stack order, bottom to top: the everyday result first, the alarming ones on top. */
export const RESULTS = ["granted", "denied", "forced", "held_open", "error"] as const;
export type ResultKey = (typeof RESULTS)[number];

/** A result's name in the chart's legend and the top lists' bars. */
export const resultLabel = (k: ResultKey): string => t(`reports.results.${k}`);

/** Theme variable (and fallback) per result: the same tones as the grid's badges. */
export const RESULT_COLORS: Record<ResultKey, [string, string]> = {
  granted: ["--success-color", "#43a047"],
  denied: ["--error-color", "#db4437"],
  forced: ["--orange-color", "#ff9800"],
  held_open: ["--warning-color", "#ffa600"],
  error: ["--secondary-text-color", "#727272"],
};

/** Monday first, as the backend's hour-of-week counts. */
export const WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export const emptyCounts = (): ResultCounts => ({ granted: 0, denied: 0, forced: 0, held_open: 0, error: 0 });

export function countsOf(c: Partial<ResultCounts> | null | undefined): ResultCounts {
  const out = emptyCounts();
  for (const k of RESULTS) out[k] = Number(c?.[k] ?? 0) || 0;
  return out;
}

export const totalOf = (c: Partial<ResultCounts> | null | undefined): number =>
  RESULTS.reduce((sum, k) => sum + (Number(c?.[k] ?? 0) || 0), 0);

/**
 * Bucket size for a window: hours up to three days (a day's rhythm shows), days up to ~three
 * months, weeks beyond; no start (all time) is read as a long window.
 */
export function bucketFor(query: LogQuery, now: Date = new Date()): StatsBucket {
  if (!query.start) return "week";
  const end = query.end ? Date.parse(query.end) : now.getTime();
  const span = end - Date.parse(query.start);
  if (span <= 3 * DAY) return "hour";
  if (span <= 93 * DAY) return "day";
  return "week";
}

/** The report's filters: the log's, with a 7-day window when none is chosen (the vendor's default). */
export function reportFilters(f: LogFilters): LogFilters {
  return f.range || f.start || f.end ? f : { ...f, range: "7" };
}

export function reportQuery(f: LogFilters, timeZone: string, now: Date = new Date()) {
  const query = toQuery(reportFilters(f), timeZone, now);
  return { query, bucket: bucketFor(query, now) };
}

/** The change in percent against the previous period; null when there is nothing to compare with. */
export function changePct(current: number, previous: number | null | undefined): number | null {
  if (previous == null || !Number.isFinite(previous)) return null;
  if (previous === 0) return current === 0 ? 0 : null;
  return Math.round(((current - previous) / previous) * 100);
}

export interface SummaryCard {
  key: "total" | "granted" | "denied" | "alarms" | "users";
  label: string;
  value: number;
  /** share of all events, in percent (granted, denied) */
  share: number | null;
  change: number | null;
  /** whether a rise is bad news (denials, alarms): colours the change */
  riseIsBad: boolean;
  /** the log filter that shows these rows */
  filter?: Partial<LogFilters>;
}

/** The previous period's counts, whether the backend nests them under `totals` or not. */
function previousOf(stats: LogStats): { counts: ResultCounts | null; users: number | null } {
  const prev = stats.previous;
  if (!prev) return { counts: null, users: null };
  const counts = countsOf(prev.totals ?? prev);
  return { counts, users: typeof prev.unique_users === "number" ? prev.unique_users : null };
}

export function summaryCards(stats: LogStats): SummaryCard[] {
  const c = countsOf(stats.totals);
  const total = totalOf(c);
  const { counts: p, users: pUsers } = previousOf(stats);
  const share = (n: number) => (total ? Math.round((n / total) * 1000) / 10 : 0);
  const alarms = c.forced + c.held_open;
  return [
    { key: "total", label: t("reports.cards.total"), value: total, share: null, change: changePct(total, p && totalOf(p)), riseIsBad: false },
    {
      key: "granted",
      label: t("reports.cards.granted"),
      value: c.granted,
      share: share(c.granted),
      change: changePct(c.granted, p?.granted),
      riseIsBad: false,
      filter: { result: "granted" },
    },
    {
      key: "denied",
      label: t("reports.cards.denied"),
      value: c.denied,
      share: share(c.denied),
      change: changePct(c.denied, p?.denied),
      riseIsBad: true,
      filter: { result: "denied" },
    },
    {
      key: "alarms",
      label: t("reports.cards.alarms"),
      value: alarms,
      share: null,
      change: changePct(alarms, p ? p.forced + p.held_open : null),
      riseIsBad: true,
    },
    {
      key: "users",
      label: t("reports.cards.users"),
      value: Number(stats.unique_users) || 0,
      share: null,
      change: changePct(Number(stats.unique_users) || 0, pUsers),
      riseIsBad: false,
    },
  ];
}

/** uPlot's data for stacked bars: x in seconds, then per result the running sum up to it. */
export interface StackedSeries {
  x: number[];
  /** raw counts per result, in RESULTS order */
  raw: number[][];
  /** cumulative tops per result, in RESULTS order (the last is the bucket's total) */
  stacked: number[][];
}

export function stackedSeries(stats: Pick<LogStats, "buckets">): StackedSeries {
  const buckets = stats.buckets ?? [];
  const x = buckets.map((b) => Math.floor(Date.parse(b.start) / 1000));
  const raw = RESULTS.map((k) => buckets.map((b) => Number(b.counts?.[k] ?? 0) || 0));
  const stacked: number[][] = [];
  let below = buckets.map(() => 0);
  for (const series of raw) {
    below = series.map((v, i) => v + below[i]);
    stacked.push(below);
  }
  return { x, raw, stacked };
}

/** A bucket's end: the next bucket's start, else its start plus its nominal size. */
export function bucketEnd(x: number[], i: number, bucket: StatsBucket): number {
  if (i + 1 < x.length) return x[i + 1] * 1000;
  const size = bucket === "hour" ? HOUR : bucket === "day" ? DAY : 7 * DAY;
  return x[i] * 1000 + size;
}

/**
 * The filters after a click on bar `i`: the window is narrowed to that bucket. "To" is inclusive
 * of its minute in the filters, so it names the bucket's last minute.
 */
export function narrowToBucket(
  f: LogFilters,
  x: number[],
  i: number,
  bucket: StatsBucket,
  timeZone: string,
): LogFilters {
  const out: LogFilters = { ...f };
  delete out.range;
  out.start = toLocalInput(new Date(x[i] * 1000), timeZone);
  out.end = toLocalInput(new Date(bucketEnd(x, i, bucket) - 60_000), timeZone);
  return out;
}

export interface HeatCell {
  weekday: number;
  hour: number;
  count: number;
  /** 0..1 of the busiest hour; 0 for none */
  level: number;
}

/** The 7×24 grid (Monday first) with each cell's share of the busiest one. */
export function heatmap(byHourOfWeek: number[][] | null | undefined): { cells: HeatCell[][]; max: number } {
  const rows = Array.from({ length: 7 }, (_, d) =>
    Array.from({ length: 24 }, (_, h) => Number(byHourOfWeek?.[d]?.[h] ?? 0) || 0),
  );
  const max = Math.max(0, ...rows.flat());
  return {
    max,
    cells: rows.map((row, weekday) =>
      row.map((count, hour) => ({ weekday, hour, count, level: max ? count / max : 0 })),
    ),
  };
}

/** Filters that keep the report's window and add one more (a top user, device or reason). */
export function drillDown(f: LogFilters, add: Partial<LogFilters>): LogFilters {
  const out: LogFilters = { ...reportFilters(f), ...add };
  if (add.reason) {
    // a denial reason: show the denials (duress is the one reason of a grant)
    if (add.reason === "duress") {
      out.result = "duress";
      delete out.reason;
    } else if (out.result === "duress" || !out.result) {
      delete out.result;
    }
  }
  return out;
}

/**
 * A `log/list` filter (a red flag's, ISO instants) as panel filters (local datetime inputs).
 * "To" names the minute holding the exclusive end's last instant, so the flag's rows all show.
 */
export function filtersFromQuery(
  filter: Record<string, string | number | null | undefined>,
  timeZone: string,
): LogFilters {
  const f: LogFilters = {};
  const str = (k: string) => {
    const v = filter?.[k];
    return v === null || v === undefined || v === "" ? undefined : String(v);
  };
  const user = str("user_id");
  if (user) f.user_id = user;
  const device = str("device_id");
  if (device) f.device_id = device;
  const door = str("door_id");
  if (door) f.door_id = door;
  const type = str("access_type");
  if (type) f.access_type = type;
  const reason = str("reason");
  const result = str("result");
  if (reason === "duress") f.result = "duress";
  else {
    if (result && (RESULT_FILTERS as readonly string[]).includes(result)) f.result = result as LogFilters["result"];
    if (reason) f.reason = reason;
  }
  const start = str("start");
  if (start && !Number.isNaN(Date.parse(start))) f.start = toLocalInput(new Date(start), timeZone);
  const end = str("end");
  if (end && !Number.isNaN(Date.parse(end))) {
    f.end = toLocalInput(new Date(Date.parse(end) - 1), timeZone);
  }
  return f;
}

/** The most alarming first: forced doors and bursts before a forgotten PIN. */
const FLAG_ORDER = ["forced", "denied_burst", "unknown_credentials", "held_open", "unusual_hours", "failing_user", "device_errors"];

export interface FlagView {
  flag: LogFlag;
  label: string;
  /** who or where, in words */
  subject: string;
  filters: LogFilters;
}

const nameOf = (choices: Choice[], id: string | null | undefined) =>
  id ? (choices.find((c) => c.id === id)?.name ?? id) : "";

/** "Bob at Front keypad", or whichever of the two a flag names. */
const subjectOf = (user: string, device: string): string =>
  user && device ? t("review.user_at_device", { user, device }) : user || device;

export function flagViews(
  flags: LogFlag[],
  names: { users: Choice[]; devices: Choice[] },
  timeZone: string,
): FlagView[] {
  const rank = (k: string) => {
    const i = FLAG_ORDER.indexOf(k);
    return i < 0 ? FLAG_ORDER.length : i;
  };
  return [...(flags ?? [])]
    .sort((a, b) => rank(a.kind) - rank(b.kind) || b.count - a.count)
    .map((flag) => ({
      flag,
      label: codeLabel("flag", flag.kind),
      subject: subjectOf(nameOf(names.users, flag.user_id), nameOf(names.devices, flag.device_id)),
      filters: filtersFromQuery(flag.filter ?? {}, timeZone),
    }));
}

/** A top-list entry's label: reasons are codes, users and devices come with their names. */
export function topLabel(kind: "users" | "devices" | "reasons", entry: { id: string; name: string | null }): string {
  if (kind === "reasons") return reasonLabel(entry.id);
  return entry.name || entry.id;
}

/** The review strip's window: the last 24 hours as a `log/list` query. */
export function reviewQuery(timeZone: string, now: Date = new Date()): LogQuery {
  return { start: rangeStart("1", now, timeZone).toISOString() };
}

/** "5 min ago", "3 h ago", "2 days ago": last access at a glance (the exact time is in the title). */
export function timeAgo(iso: string | null | undefined, now: Date = new Date()): string {
  if (!iso) return t("common.never");
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return "—";
  const s = Math.max(0, Math.round((now.getTime() - at) / 1000));
  if (s < 60) return t("time_ago.just_now");
  if (s < 3600) return t("time_ago.minutes", { count: Math.floor(s / 60) });
  if (s < 86_400) return t("time_ago.hours", { count: Math.floor(s / 3600) });
  return tn("time_ago.days", Math.floor(s / 86_400));
}
