import { afterEach, describe, expect, it } from "vitest";
import "../src/views/snapshot-dialog";
import type { GemAccessSnapshotDialog } from "../src/views/snapshot-dialog";
import { bandLabel, bandsOf, matchBadge, matchBand } from "../src/format";
import type { HomeAssistant, LogRow } from "../src/types";

const row = (over: Partial<LogRow>): LogRow => ({
  id: 9,
  timestamp: "2026-03-08T15:00:00+00:00",
  user_id: "alice",
  user_name: "Alice",
  device_id: "front_keypad",
  device_name: "Front keypad",
  door_id: null,
  door_name: null,
  access_type: "pin",
  result: "granted",
  reason: "success",
  action_details: null,
  match_score: null,
  match_status: "pending",
  has_snapshot: true,
  ...over,
});

afterEach(() => {
  document.body.innerHTML = "";
});

describe("match bands", () => {
  it("follow the thresholds of the settings", () => {
    const bands = bandsOf({ match_green_threshold: 70, match_amber_threshold: 40 });
    expect(bands).toEqual({ green: 70, amber: 40 });
    expect(matchBand(65, bands)).toBe("mid");
    expect(matchBand(70, bands)).toBe("high");
    expect(matchBand(39, bands)).toBe("low");
    expect(matchBadge(row({ match_status: "scored", match_score: 65 }), bands).tone).toBe("warning");
    // defaults: 50 / 30
    expect(bandsOf(undefined)).toEqual({ green: 50, amber: 30 });
    expect(matchBadge(row({ match_status: "scored", match_score: 50 })).text).toBe("✓ 50%");
    expect(matchBadge(row({ match_status: "scored", match_score: 29 })).tone).toBe("error");
    expect(bandLabel(80)).toBe("likely the same person");
  });

  it("show text for the statuses without a score", () => {
    expect(matchBadge(row({ match_status: "no_face" })).text).toBe("no face");
    expect(matchBadge(row({ match_status: "opt_out" })).text).toBe("opt-out");
    expect(matchBadge(row({ match_status: "no_photo" })).text).toBe("no photo");
    expect(matchBadge(row({ match_status: "anonymous", user_id: null })).text).toBe("—");
  });
});

describe("score now", () => {
  it("scores a pending row from the modal and shows the compare view with its band", async () => {
    const sent: string[] = [];
    const hass = {
      config: { time_zone: "UTC" },
      locale: { language: "en" },
      callWS: async (msg: Record<string, unknown>) => {
        sent.push(String(msg.type));
        if (msg.type === "gem_access/face/score") return row({ match_status: "scored", match_score: 82 });
        if (msg.type === "gem_access/snapshot/get")
          return { kind: "image", source: "stored", mime: "image/jpeg", data_uri: "data:image/jpeg;base64,AA==", camera_name: null };
        throw { code: "not_found", message: "no" };
      },
      fetchWithAuth: async () => new Response(null, { status: 404 }),
    } as unknown as HomeAssistant;
    const dlg = document.createElement("gem-access-snapshot-dialog") as GemAccessSnapshotDialog;
    dlg.hass = hass;
    document.body.appendChild(dlg);
    await dlg.open(row({}));
    await dlg.updateComplete;
    const button = dlg.shadowRoot!.querySelector<HTMLButtonElement>("#score-now");
    expect(button).not.toBeNull();
    button!.click();
    await new Promise((r) => setTimeout(r, 0));
    await dlg.updateComplete;
    expect(sent).toContain("gem_access/face/score");
    const score = dlg.shadowRoot!.querySelector("#compare-score")!.textContent!;
    expect(score).toContain("82%");
    expect(score).toContain("likely the same person");
    expect(dlg.shadowRoot!.querySelector("#score-now")).toBeNull();
  });
});
