/** Wall-clock arithmetic in a named IANA time zone (Home Assistant's, not the browser's). */

const partFormatters = new Map<string, Intl.DateTimeFormat>();

function partsFormatter(timeZone: string): Intl.DateTimeFormat {
  let fmt = partFormatters.get(timeZone);
  if (!fmt) {
    fmt = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    partFormatters.set(timeZone, fmt);
  }
  return fmt;
}

export interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/** The wall clock in `timeZone` at instant `date`. */
export function wallClock(date: Date, timeZone: string): WallClock {
  const out: Record<string, number> = {};
  for (const part of partsFormatter(timeZone).formatToParts(date)) {
    if (part.type !== "literal") out[part.type] = Number(part.value);
  }
  return {
    year: out.year,
    month: out.month,
    day: out.day,
    hour: out.hour === 24 ? 0 : out.hour,
    minute: out.minute,
    second: out.second,
  };
}

/** Offset of `timeZone` from UTC at instant `ms`, in milliseconds. */
export function tzOffsetMs(ms: number, timeZone: string): number {
  const w = wallClock(new Date(ms), timeZone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return asUtc - Math.floor(ms / 1000) * 1000;
}

/** The instant at which the wall clock in `timeZone` shows the given time (DST gaps move forward). */
export function zonedToInstant(w: WallClock, timeZone: string): Date {
  const guess = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  let ms = guess - tzOffsetMs(guess, timeZone);
  const second = guess - tzOffsetMs(ms, timeZone);
  if (second !== ms) ms = Math.max(ms, second);
  return new Date(ms);
}

const pad = (n: number, len = 2) => String(n).padStart(len, "0");

/** `YYYY-MM-DDTHH:MM`, the value format of `<input type="datetime-local">`, in `timeZone`. */
export function toLocalInput(date: Date, timeZone: string): string {
  const w = wallClock(date, timeZone);
  return `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}`;
}

const LOCAL_RE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?$/;

/** Parse a datetime-local (or date) value read in `timeZone`; null when malformed. */
export function localInputToInstant(value: string, timeZone: string): Date | null {
  const m = LOCAL_RE.exec(value.trim());
  if (!m) return null;
  const [, y, mo, d, h, mi, s] = m;
  return zonedToInstant(
    {
      year: Number(y),
      month: Number(mo),
      day: Number(d),
      hour: Number(h ?? 0),
      minute: Number(mi ?? 0),
      second: Number(s ?? 0),
    },
    timeZone,
  );
}

/** Midnight of the current day in `timeZone`. */
export function startOfDay(now: Date, timeZone: string): Date {
  const w = wallClock(now, timeZone);
  return zonedToInstant({ ...w, hour: 0, minute: 0, second: 0 }, timeZone);
}

const displayFormatters = new Map<string, Intl.DateTimeFormat>();

/** A timestamp for people: HA's time zone and locale, with seconds. */
export function formatTimestamp(iso: string, timeZone: string, locale?: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const key = `${locale ?? ""}|${timeZone}`;
  let fmt = displayFormatters.get(key);
  if (!fmt) {
    try {
      fmt = new Intl.DateTimeFormat(locale || undefined, {
        timeZone,
        year: "numeric",
        month: "short",
        day: "numeric",
        hour: "2-digit",
        minute: "2-digit",
        second: "2-digit",
      });
    } catch {
      fmt = new Intl.DateTimeFormat(undefined, { timeZone, dateStyle: "medium", timeStyle: "medium" });
    }
    displayFormatters.set(key, fmt);
  }
  return fmt.format(date);
}
