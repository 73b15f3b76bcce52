import { describe, expect, it } from "vitest";
import "../src/views/log-grid";
import type { GemAccessLogGrid } from "../src/views/log-grid";
import type { LogRow } from "../src/types";

const XSS = "<img src=x onerror=alert(1)>";

describe("gem-access-log-grid", () => {
  it("renders user text as text and only a window of rows", async () => {
    const grid = document.createElement("gem-access-log-grid") as GemAccessLogGrid;
    grid.style.height = "600px";
    const rows: LogRow[] = Array.from({ length: 5000 }, (_, i) => ({
      id: 5000 - i,
      timestamp: "2026-03-01T12:00:00+00:00",
      user_id: "x",
      user_name: XSS,
      device_id: "d",
      device_name: "Door",
      door_id: null,
      door_name: null,
      access_type: "pin",
      result: "granted",
      reason: "success",
      action_details: null,
      match_score: null,
      match_status: "off",
      has_snapshot: false,
    }));
    grid.rows = rows;
    document.body.appendChild(grid);
    await grid.updateComplete;
    const root = grid.shadowRoot!;
    const rendered = root.querySelectorAll(".body .row");
    expect(rendered.length).toBeGreaterThan(0);
    expect(rendered.length).toBeLessThan(200);
    expect(root.querySelector("img")).toBeNull();
    expect(root.querySelector(".user")!.textContent).toBe(XSS);
    grid.remove();
  });
});
