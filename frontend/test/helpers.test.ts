import { describe, expect, it } from "vitest";
import { isVideo, matchBadge, matchBand, reasonLabel, resultBadge } from "../src/format";
import { csvPath, filtersFromSearch, filtersToSearch, rangeStart, toQuery } from "../src/filters";
import { formatTimestamp, localInputToInstant, startOfDay, toLocalInput } from "../src/time";
import { diffFields, maskedCount } from "../src/views/fields";
import { userFields } from "../src/views/management";
import { mergeRows } from "../src/views/log-view";
import type { LogRow } from "../src/types";

const row = (over: Partial<LogRow>): LogRow => ({
  id: 1,
  timestamp: "2026-03-01T12:00:00+00:00",
  user_id: null,
  user_name: null,
  device_id: null,
  device_name: null,
  door_id: null,
  door_name: null,
  access_type: "pin",
  result: "granted",
  reason: "success",
  action_details: null,
  match_score: null,
  match_status: "off",
  has_snapshot: false,
  ...over,
});

describe("result badges", () => {
  it.each([
    [{ result: "granted", reason: "success" }, "✓ Granted", "success", "text"],
    [{ result: "denied", reason: "unknown_credential" }, "✕ Denied", "error", "text"],
    [{ result: "granted", reason: "duress" }, "Duress", "error", "badge"],
    [{ result: "forced", reason: "forced_door" }, "⚡ Forced", "error", "pill"],
    [{ result: "held_open", reason: "held_open" }, "⏱ Held Open", "warning", "pill"],
    [{ result: "error", reason: "device_error" }, "⚠ Error", "orange", "text"],
  ] as const)("%o", (r, text, tone, shape) => {
    const b = resultBadge(row(r as Partial<LogRow>));
    expect([b.text, b.tone, b.shape]).toEqual([text, tone, shape]);
  });
});

describe("reason labels", () => {
  it("a refused exit request says the reader is no exit device", () => {
    expect(reasonLabel("not_authorized", "rex")).toBe("Not an exit device");
    expect(reasonLabel("not_authorized", "pin")).toBe("User not authorized");
    expect(reasonLabel("success", "rex")).toBe("Success");
    expect(reasonLabel(null, "rex")).toBe("—");
  });
});

describe("match bands", () => {
  it("uses 50 and 30 as the thresholds", () => {
    expect(matchBand(100)).toBe("high");
    expect(matchBand(50)).toBe("high");
    expect(matchBand(49)).toBe("mid");
    expect(matchBand(30)).toBe("mid");
    expect(matchBand(29)).toBe("low");
    expect(matchBand(0)).toBe("low");
  });
  it("labels scores and statuses", () => {
    expect(matchBadge(row({ match_score: 87, match_status: "scored" })).text).toBe("✓ 87%");
    expect(matchBadge(row({ match_score: 42, match_status: "scored" })).text).toBe("⚠ 42%");
    expect(matchBadge(row({ match_score: 12, match_status: "scored" })).tone).toBe("error");
    const labels = ["off", "opt_out", "no_photo", "no_face", "anonymous", "error", "pending"].map(
      (s) => matchBadge(row({ match_status: s })).text,
    );
    expect(labels).toEqual(["off", "opt-out", "no photo", "no face", "—", "error", "pending"]);
  });
});

describe("time zones", () => {
  const now = new Date("2026-03-08T15:30:00Z"); // US DST starts that day at 07:00 UTC
  it("finds midnight in HA's zone, not the browser's", () => {
    expect(startOfDay(now, "America/New_York").toISOString()).toBe("2026-03-08T05:00:00.000Z");
    expect(startOfDay(now, "Asia/Tokyo").toISOString()).toBe("2026-03-08T15:00:00.000Z");
    expect(rangeStart("today", now, "Europe/Berlin").toISOString()).toBe("2026-03-07T23:00:00.000Z");
  });
  it("computes rolling ranges", () => {
    expect(rangeStart("7", now, "UTC").toISOString()).toBe("2026-03-01T15:30:00.000Z");
    expect(rangeStart("1", now, "Asia/Tokyo").getTime()).toBe(now.getTime() - 86_400_000);
  });
  it("round-trips datetime-local values", () => {
    expect(toLocalInput(now, "America/New_York")).toBe("2026-03-08T11:30");
    expect(localInputToInstant("2026-03-08T11:30", "America/New_York")?.toISOString()).toBe(
      "2026-03-08T15:30:00.000Z",
    );
    expect(localInputToInstant("2026-07-01T00:00", "Europe/Berlin")?.toISOString()).toBe(
      "2026-06-30T22:00:00.000Z",
    );
    expect(localInputToInstant("nonsense", "UTC")).toBeNull();
  });
  it("formats timestamps in HA's zone", () => {
    expect(formatTimestamp("2026-03-08T15:30:05Z", "Asia/Tokyo", "en-GB")).toContain("00:30:05");
  });
});

describe("filters <-> URL <-> query", () => {
  it("round-trips through the URL", () => {
    const f = { user_id: "alice", access_type: "rfid", result: "duress" as const, range: "7" };
    expect(filtersToSearch(f)).toBe("?user_id=alice&access_type=rfid&result=duress&range=7");
    expect(filtersFromSearch(filtersToSearch(f))).toEqual(f);
    expect(filtersToSearch({})).toBe("");
  });
  it("accepts range=today and numbers, drops junk", () => {
    expect(filtersFromSearch("?range=today").range).toBe("today");
    expect(filtersFromSearch("?range=30").range).toBe("30");
    expect(filtersFromSearch("?range=abc&access_type=x&result=maybe")).toEqual({});
  });
  it("maps duress to a reason and To to the end of its minute", () => {
    const q = toQuery({ result: "duress", end: "2026-03-08T11:30" }, "America/New_York");
    expect(q).toEqual({ reason: "duress", end: "2026-03-08T15:31:00.000Z" });
    expect(toQuery({ result: "held_open" }, "UTC")).toEqual({ result: "held_open" });
  });
  it("derives start from a range", () => {
    const now = new Date("2026-03-08T15:30:00Z");
    expect(toQuery({ range: "today" }, "America/New_York", now).start).toBe("2026-03-08T05:00:00.000Z");
  });
  it("builds the CSV path", () => {
    expect(csvPath({})).toBe("/api/gem_access/log.csv");
    expect(csvPath({ user_id: "a b", reason: "duress", start: "2026-03-08T05:00:00.000Z" })).toBe(
      "/api/gem_access/log.csv?user_id=a+b&reason=duress&start=2026-03-08T05%3A00%3A00.000Z",
    );
  });
});

describe("snapshots", () => {
  it("plays video URLs and MIME types", () => {
    for (const url of ["https://x/clip.mp4", "https://x/a.webm?sig=1", "https://x/a.m3u8", "https://x/a.ts"]) {
      expect(isVideo(url)).toBe(true);
    }
    expect(isVideo("https://x/a.jpg")).toBe(false);
    expect(isVideo("https://x/a", "video/mp4")).toBe(true);
    expect(isVideo("data:video/mp4;base64,AAAA")).toBe(true);
    expect(isVideo("data:image/png;base64,AAAA")).toBe(false);
  });
});

describe("live rows", () => {
  it("merges newest first without duplicates", () => {
    const rows = [row({ id: 5 }), row({ id: 3 })];
    const merged = mergeRows(rows, [row({ id: 6 }), row({ id: 5 }), row({ id: 4 })]);
    expect(merged.map((r) => r.id)).toEqual([6, 5, 4, 3]);
  });
});

describe("forms", () => {
  it("never shows credentials, sends them only when typed", () => {
    expect(maskedCount(2)).toBe("•••• (2 set)");
    expect(maskedCount(0)).toBe("not set");
    const defs = userFields();
    const original = { id: "u", name: "Al", enabled: true, valid_from: null, valid_until: null, facial_recognition_enabled: true };
    const values = { name: "Al", enabled: true, valid_from: "", valid_until: "2030-01-01", pins: "", duress_pin: "", rfid_cards: "", facial_recognition_enabled: false };
    expect(diffFields(defs, values, original, new Set())).toEqual({
      valid_until: "2030-01-01",
      facial_recognition_enabled: false,
    });
    expect(diffFields(defs, { ...values, pins: "1234, 5678" }, original, new Set(["pins"]))).toMatchObject({
      pins: ["1234", "5678"],
    });
  });
});
