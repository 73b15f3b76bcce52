/** How result, match and access type values look: pure mappings, unit tested. */
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
    return { key: "duress", text: "Duress", tone: "error", shape: "badge" };
  }
  switch (row.result) {
    case "granted":
      return { key: "granted", text: "✓ Granted", tone: "success", shape: "text" };
    case "denied":
      return { key: "denied", text: "✕ Denied", tone: "error", shape: "text" };
    case "forced":
      return { key: "forced", text: "⚡ Forced", tone: "error", shape: "pill" };
    case "held_open":
      return { key: "held_open", text: "⏱ Held Open", tone: "warning", shape: "pill" };
    case "error":
      return { key: "error", text: "⚠ Error", tone: "orange", shape: "text" };
    default:
      return { key: String(row.result), text: String(row.result ?? "—"), tone: "neutral", shape: "text" };
  }
}

/** Score bands: ≥ 50 green, 30–50 amber, < 30 red. */
export function matchBand(score: number): "high" | "mid" | "low" {
  if (score >= 50) return "high";
  if (score >= 30) return "mid";
  return "low";
}

const MATCH_LABELS: Record<string, string> = {
  off: "off",
  opt_out: "opt-out",
  no_photo: "no photo",
  no_face: "no face",
  anonymous: "—",
  error: "error",
  pending: "pending",
};

export function matchBadge(row: Pick<LogRow, "match_score" | "match_status">): Badge {
  const score = row.match_score;
  if (typeof score === "number" && (row.match_status === "scored" || row.match_status == null)) {
    const pct = Math.round(score);
    const band = matchBand(pct);
    if (band === "high") return { key: "high", text: `✓ ${pct}%`, tone: "success", shape: "badge" };
    if (band === "mid") return { key: "mid", text: `⚠ ${pct}%`, tone: "warning", shape: "badge" };
    return { key: "low", text: `✕ ${pct}%`, tone: "error", shape: "badge" };
  }
  const status = row.match_status ?? "off";
  return {
    key: status,
    text: MATCH_LABELS[status] ?? status,
    tone: status === "error" ? "orange" : "neutral",
    shape: "text",
  };
}

export const hasScore = (row: Pick<LogRow, "match_score" | "match_status">) =>
  typeof row.match_score === "number";

export function accessTypeLabel(type: string | null): string {
  if (!type) return "—";
  return type === "rex" ? "REX" : type.toUpperCase();
}

const REASON_LABELS: Record<string, string> = {
  success: "Success",
  unknown_credential: "Unknown credential",
  user_disabled: "User disabled",
  not_authorized: "User not authorized",
  rule_disabled: "Access rule disabled",
  outside_schedule: "Outside schedule hours",
  schedule_day: "Schedule day not permitted",
  cooldown: "Cooldown",
  lockdown: "Lockdown",
  duress: "Duress",
  forced_door: "Forced door",
  held_open: "Held open",
  action_failed: "Action failed",
  device_error: "Device error",
  expired: "Expired",
};

/** A reason as people read it; a refused exit request names its cause (the reader is no exit device). */
export function reasonLabel(reason: string | null, accessType?: string | null): string {
  if (!reason) return "—";
  if (reason === "not_authorized" && accessType === "rex") return "Not an exit device";
  return REASON_LABELS[reason] ?? reason;
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
