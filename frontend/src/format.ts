/** How result, match and access type values look: pure mappings, unit tested. */
import { t, tCode } from "./localize";
import type { LogRow } from "./types";

export type Tone = "success" | "error" | "warning" | "orange" | "neutral";

export interface Badge {
  /** symbol + label shown to people */
  text: string;
  tone: Tone;
  /** "badge" (rounded rectangle) or "pill" (fully rounded) */
  shape: "badge" | "pill" | "text";
  key: string;
}

export function resultBadge(row: Pick<LogRow, "result" | "reason">): Badge {
  if (row.result === "granted" && row.reason === "duress") {
    return { key: "duress", text: t("result.duress"), tone: "error", shape: "badge" };
  }
  switch (row.result) {
    case "granted":
      return { key: "granted", text: `✓ ${t("result.granted")}`, tone: "success", shape: "text" };
    case "denied":
      return { key: "denied", text: `✕ ${t("result.denied")}`, tone: "error", shape: "text" };
    case "forced":
      return { key: "forced", text: `⚡ ${t("result.forced")}`, tone: "error", shape: "pill" };
    case "held_open":
      return { key: "held_open", text: `⏱ ${t("result.held_open")}`, tone: "warning", shape: "pill" };
    case "error":
      return { key: "error", text: `⚠ ${t("result.error")}`, tone: "orange", shape: "text" };
    default:
      return { key: String(row.result), text: String(row.result ?? "—"), tone: "neutral", shape: "text" };
  }
}

/** The Match column's band thresholds (settings `match_green_threshold`, `match_amber_threshold`). */
export interface MatchBands {
  green: number;
  amber: number;
}

export const DEFAULT_BANDS: MatchBands = { green: 50, amber: 30 };

/** The bands of the settings, the defaults where a value is missing. */
export function bandsOf(settings: Record<string, unknown> | undefined): MatchBands {
  const num = (v: unknown, d: number) => (typeof v === "number" && Number.isFinite(v) ? v : d);
  return {
    green: num(settings?.match_green_threshold, DEFAULT_BANDS.green),
    amber: num(settings?.match_amber_threshold, DEFAULT_BANDS.amber),
  };
}

/** Score bands: ≥ green threshold (50) green, ≥ amber threshold (30) amber, below red. */
export function matchBand(score: number, bands: MatchBands = DEFAULT_BANDS): "high" | "mid" | "low" {
  if (score >= bands.green) return "high";
  if (score >= bands.amber) return "mid";
  return "low";
}

/** What a score's band means, for the compare view (advisory wording). */
export function bandLabel(score: number, bands: MatchBands = DEFAULT_BANDS): string {
  return t(`match_band.${matchBand(Math.round(score), bands)}`);
}

/** A backend code's words (`reason.<code>`, …); the code itself for one this panel does not know yet. */
export const codeLabel = (group: "reason" | "match" | "access_type" | "flag", code: string): string =>
  tCode(group, code) ?? code;

export function matchBadge(
  row: Pick<LogRow, "match_score" | "match_status">,
  bands: MatchBands = DEFAULT_BANDS,
): Badge {
  const score = row.match_score;
  if (typeof score === "number" && (row.match_status === "scored" || row.match_status == null)) {
    const pct = Math.round(score);
    const band = matchBand(pct, bands);
    const text = t("match_score.percent", { value: pct });
    if (band === "high") return { key: "high", text: `✓ ${text}`, tone: "success", shape: "badge" };
    if (band === "mid") return { key: "mid", text: `⚠ ${text}`, tone: "warning", shape: "badge" };
    return { key: "low", text: `✕ ${text}`, tone: "error", shape: "badge" };
  }
  const status = row.match_status ?? "off";
  return {
    key: status,
    text: codeLabel("match", status),
    tone: status === "error" ? "orange" : "neutral",
    shape: "text",
  };
}

export const hasScore = (row: Pick<LogRow, "match_score" | "match_status">) =>
  typeof row.match_score === "number";

export function accessTypeLabel(type: string | null): string {
  if (!type) return "—";
  const label = codeLabel("access_type", type);
  return label === type ? type.toUpperCase() : label;
}

/** A reason as people read it; a refused exit request names its cause (the reader is no exit device). */
export function reasonLabel(reason: string | null, accessType?: string | null): string {
  if (!reason) return "—";
  if (reason === "not_authorized" && accessType === "rex") return t("reason_rex.not_authorized");
  return codeLabel("reason", reason);
}

const VIDEO_EXT = /\.(mp4|webm|mov|m4v|m3u8|ts)$/i;

/** Whether a snapshot is played as video: a video MIME or a video file extension. */
export function isVideo(url: string | null | undefined, mime?: string | null, kind?: string): boolean {
  if (kind === "video") return true;
  if (mime && mime.toLowerCase().startsWith("video/")) return true;
  if (!url) return false;
  if (url.startsWith("data:")) return /^data:video\//i.test(url);
  let path = url;
  try {
    path = new URL(url, "http://x").pathname;
  } catch {
    /* keep the raw url */
  }
  return VIDEO_EXT.test(path);
}
