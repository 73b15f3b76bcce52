/**
 * The dashboard card bundle's share of the English strings: the card's own words and those of the
 * backend's codes (results, reasons, match statuses, access types) that `format.ts` gives it. The
 * card loads on every Home Assistant page, so it carries these and not the whole panel's
 * (`en.ts` spreads them in: one table for the panel, one key set for translators).
 * Codes are keyed by the code itself, so a Python test can pin them to the backend's.
 */
export const enCard = {
  card: {
    title: "Access Log",
    name: "GEM Access log",
    description: "Today's access events and the latest few, linking to the Access Log.",
    invalid_config: "Invalid configuration",
    admins_only:
      "Only Home Assistant administrators can see the Access Log. Ask an administrator, or remove this card from dashboards shared with other users.",
    today_one: "event today",
    today_other: "events today",
    none_today: "No access events yet today.",
    open_log: "Open the Access Log",
  },
  result: {
    granted: "Granted",
    denied: "Denied",
    duress: "Duress",
    forced: "Forced",
    held_open: "Held Open",
    error: "Error",
  },
  access_type: {
    pin: "PIN",
    rfid: "RFID",
    rex: "REX",
  },
  reason: {
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
  },
  /** a refused exit request (REX) names its cause: the reader is no exit device */
  reason_rex: {
    not_authorized: "Not an exit device",
  },
  match: {
    off: "off",
    opt_out: "opt-out",
    no_photo: "no photo",
    no_face: "no face",
    anonymous: "—",
    error: "error",
    pending: "pending",
  },
  /** a face match score */
  match_score: {
    percent: "{value}%",
  },
  /** what a match score's band means (advisory) */
  match_band: {
    high: "likely the same person",
    mid: "unsure",
    low: "likely someone else",
  },
} as const;
