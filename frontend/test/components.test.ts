import { afterEach, describe, expect, it, vi } from "vitest";
import "../src/views/delete-dialog";
import { countOlderThan, deleteCutoff } from "../src/views/delete-dialog";
import type { GemAccessDeleteDialog } from "../src/views/delete-dialog";
import { GemAccessLogCard, nextMidnight } from "../src/card";
import type { HomeAssistant, LogRow } from "../src/types";

type Msg = Record<string, unknown>;

/** A hass double: records every websocket message and answers from `reply`. */
function fakeHass(reply: (msg: Msg) => unknown, timeZone = "America/New_York") {
  const sent: Msg[] = [];
  const subscriptions: Msg[] = [];
  const hass = {
    config: { time_zone: timeZone },
    locale: { language: "en" },
    callWS: async (msg: Msg) => {
      sent.push(msg);
      return reply(msg);
    },
    connection: {
      subscribeMessage: async (_cb: unknown, msg: Msg) => {
        subscriptions.push(msg);
        return async () => undefined;
      },
    },
  } as unknown as HomeAssistant;
  return { hass, sent, subscriptions };
}

const row = (id: number, name: string): LogRow => ({
  id,
  timestamp: "2026-03-08T15:00:00+00:00",
  user_id: name.toLowerCase(),
  user_name: name,
  device_id: "front_keypad",
  device_name: "Front keypad",
  door_id: null,
  door_name: null,
  access_type: "pin",
  result: "granted",
  reason: "success",
  action_details: null,
  match_score: null,
  match_status: "off",
  has_snapshot: false,
});

async function until(check: () => boolean, ms = 2000) {
  const t0 = Date.now();
  while (!check()) {
    if (Date.now() - t0 > ms) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 10));
  }
}

afterEach(() => {
  document.body.innerHTML = "";
  vi.useRealTimers();
});

describe("Delete Old Logs count", () => {
  it("asks log/count for rows before now − keep_days days", async () => {
    const now = new Date("2026-03-08T15:30:00Z");
    expect(deleteCutoff(7, now).toISOString()).toBe("2026-03-01T15:30:00.000Z");
    expect(deleteCutoff(0, now).toISOString()).toBe(now.toISOString());
    const { hass, sent } = fakeHass(() => ({ count: 123_456 }));
    expect(await countOlderThan(hass, 30, now)).toBe(123_456);
    expect(sent).toEqual([{ type: "gem_access/log/count", end: "2026-02-06T15:30:00.000Z" }]);
  });

  it("shows the exact count, with no cap, and never pages through log/list", async () => {
    const { hass, sent } = fakeHass((msg) =>
      msg.type === "gem_access/settings/get" ? { retention_days: 30 } : { count: 25_001 },
    );
    const dlg = document.createElement("gem-access-delete-dialog") as GemAccessDeleteDialog;
    dlg.hass = hass;
    document.body.appendChild(dlg);
    const before = Date.now();
    await dlg.open();
    const root = dlg.shadowRoot!;
    await until(() => !!root.querySelector("#delete-count"));
    const count = root.querySelector("#delete-count")!;
    expect(count.getAttribute("data-count")).toBe("25001");
    expect(count.textContent).toBe("25,001");
    expect(count.parentElement!.textContent).toMatch(/25,001\s+rows older than 30 days will be deleted/);
    expect(sent.some((m) => m.type === "gem_access/log/list")).toBe(false);
    const countMsg = sent.find((m) => m.type === "gem_access/log/count")!;
    const end = new Date(String(countMsg.end)).getTime();
    expect(Math.abs(end - (before - 30 * 86_400_000))).toBeLessThan(5000);
    expect(root.querySelector<HTMLButtonElement>("#confirm-delete")!.disabled).toBe(false);
  });
});

describe("gem-access-log-card", () => {
  it("counts today from midnight in HA's time zone and lists the latest events", async () => {
    vi.useFakeTimers({ toFake: ["Date"], now: new Date("2026-03-08T15:30:00Z") });
    const { hass, sent, subscriptions } = fakeHass((msg) =>
      msg.type === "gem_access/log/count"
        ? { count: 4321 }
        : { rows: [row(9, "Alice"), row(8, "Bob"), row(7, "Carol")], next_before_id: 6 },
    );
    const card = document.createElement("gem-access-log-card") as GemAccessLogCard;
    card.setConfig({ type: "custom:gem-access-log-card", events: 3 });
    card.hass = hass;
    document.body.appendChild(card);
    const root = card.shadowRoot!;
    await until(() => root.querySelector("#today-count")?.getAttribute("data-count") === "4321");
    await card.updateComplete;
    // midnight in New York on 8 March 2026 (DST starts that morning): 05:00 UTC
    const midnight = "2026-03-08T05:00:00.000Z";
    expect(sent).toContainEqual({ type: "gem_access/log/count", start: midnight });
    expect(sent).toContainEqual({ type: "gem_access/log/list", start: midnight, limit: 3 });
    expect(subscriptions).toEqual([{ type: "gem_access/log/subscribe", start: midnight }]);
    expect(root.querySelector("#today-count")!.textContent).toContain("4,321");
    expect([...root.querySelectorAll("li .who")].map((e) => e.textContent)).toEqual([
      "Alice · Front keypad",
      "Bob · Front keypad",
      "Carol · Front keypad",
    ]);
    expect(root.querySelector("a.all")!.getAttribute("href")).toBe("/gem-access?range=today");
  });

  it("starts the next day at the next midnight, also across DST changes", () => {
    const ny = "America/New_York";
    expect(nextMidnight(new Date("2026-03-08T05:00:00Z"), ny).toISOString()).toBe("2026-03-09T04:00:00.000Z");
    expect(nextMidnight(new Date("2026-11-01T04:00:00Z"), ny).toISOString()).toBe("2026-11-02T05:00:00.000Z");
    expect(nextMidnight(new Date("2026-06-01T04:00:00Z"), ny).toISOString()).toBe("2026-06-02T04:00:00.000Z");
  });
});

describe("photo upload errors", () => {
  it("says in words why a file was refused", async () => {
    const { uploadErrorText } = await import("../src/views/user-photo");
    expect(uploadErrorText({ code: "http_415", message: "Only JPEG or PNG photos" })).toBe(
      "This file is not a JPEG or PNG image. Choose a .jpg or .png photo.",
    );
    expect(uploadErrorText({ code: "http_413", message: "x" })).toContain("larger than 5 MB");
    expect(uploadErrorText({ code: "http_500", message: "boom" })).toBe("Upload failed: boom");
  });
});
