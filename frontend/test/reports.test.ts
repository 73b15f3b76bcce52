import { describe, expect, it } from "vitest";
import "../src/views/review-strip";
import "../src/views/report-parts";
import type { GemAccessReviewStrip } from "../src/views/review-strip";
import type { GemAccessTopList } from "../src/views/report-parts";
import type { HomeAssistant, LogFlag } from "../src/types";

const counts = (granted: number, denied: number) => ({ granted, denied, forced: 0, held_open: 0, error: 0 });

function fakeHass(flags: LogFlag[]): { hass: HomeAssistant; sent: Record<string, unknown>[] } {
  const sent: Record<string, unknown>[] = [];
  const hass = {
    config: { time_zone: "UTC" },
    connection: { subscribeMessage: async () => async () => undefined },
    callWS: async <T,>(msg: Record<string, unknown>): Promise<T> => {
      sent.push(msg);
      if (msg.type === "gem_access/log/stats") {
        return { totals: counts(12, 5), buckets: [], by_hour_of_week: [], unique_users: 3, top_users: [], top_devices: [], top_reasons: [], previous: null } as T;
      }
      return flags as T;
    },
  } as unknown as HomeAssistant;
  return { hass, sent };
}

const settle = () => new Promise((r) => setTimeout(r, 0));

describe("gem-access-review-strip", () => {
  it("shows the last 24 h and turns a red flag into the grid's filters", async () => {
    const flag: LogFlag = {
      kind: "denied_burst",
      device_id: "front",
      count: 5,
      first: "2026-06-10T09:00:00Z",
      last: "2026-06-10T09:02:00Z",
      filter: { device_id: "front", result: "denied", start: "2026-06-10T09:00:00Z", end: "2026-06-10T09:02:00.1Z" },
    };
    const { hass, sent } = fakeHass([flag]);
    const strip = document.createElement("gem-access-review-strip") as GemAccessReviewStrip;
    strip.choices = { users: [], devices: [{ id: "front", name: "Front <b>keypad</b>", deleted: false }], doors: [] };
    strip.hass = hass;
    document.body.appendChild(strip);
    await strip.updateComplete;
    await settle();
    expect(sent).toEqual([]); // not before the grid has its first page
    strip.ready = true;
    await strip.updateComplete;
    await settle();
    await strip.updateComplete;
    const root = strip.shadowRoot!;
    expect(sent.map((m) => m.type).sort()).toEqual(["gem_access/log/flags", "gem_access/log/stats"]);
    expect(Date.now() - Date.parse(String(sent[0].start))).toBeGreaterThan(86_000_000);
    expect(root.querySelector("[data-num=total]")!.textContent).toContain("17");
    expect(root.querySelector("[data-num=denied]")!.textContent).toContain("5");
    const button = root.querySelector<HTMLButtonElement>("[data-kind=denied_burst]")!;
    expect(button.textContent).toContain("Front <b>keypad</b>");
    expect(root.querySelector("b b")).toBeNull();
    let applied: unknown;
    strip.addEventListener("apply-filters", (e) => (applied = (e as CustomEvent).detail));
    button.click();
    expect(applied).toEqual({ device_id: "front", result: "denied", start: "2026-06-10T09:00", end: "2026-06-10T09:02" });
    strip.remove();
  });

  it("says so when there is nothing to flag", async () => {
    const { hass } = fakeHass([]);
    const strip = document.createElement("gem-access-review-strip") as GemAccessReviewStrip;
    strip.hass = hass;
    strip.ready = true;
    document.body.appendChild(strip);
    await strip.updateComplete;
    await settle();
    await strip.updateComplete;
    expect(strip.shadowRoot!.querySelector("#no-flags")).not.toBeNull();
    strip.remove();
  });
});

describe("gem-access-top-list", () => {
  it("a click names the entry to filter by", async () => {
    const list = document.createElement("gem-access-top-list") as GemAccessTopList;
    list.kind = "reasons";
    list.entries = [{ id: "outside_schedule", name: null, counts: counts(0, 4) }];
    document.body.appendChild(list);
    await list.updateComplete;
    let picked: unknown;
    document.body.addEventListener("pick", (e) => (picked = (e as CustomEvent).detail), { once: true });
    const button = list.shadowRoot!.querySelector<HTMLButtonElement>("button.top")!;
    expect(button.textContent).toContain("4");
    button.click();
    expect(picked).toEqual({ kind: "reasons", id: "outside_schedule" });
    list.remove();
  });
});

describe("panel routing", () => {
  it("the Reports tab has its own route; unknown paths are the log", async () => {
    const { tabOf } = await import("../src/panel");
    expect(tabOf({ prefix: "/gem-access", path: "/reports" })).toBe("reports");
    expect(tabOf({ prefix: "/gem-access", path: "/reports/x" })).toBe("reports");
    expect(tabOf({ prefix: "/gem-access", path: "/nope" })).toBe("");
    expect(tabOf({ prefix: "/gem-access", path: "" })).toBe("");
  });
});
