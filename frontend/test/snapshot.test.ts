import { afterEach, describe, expect, it } from "vitest";
import "../src/views/log-grid";
import "../src/views/snapshot-dialog";
import type { GemAccessLogGrid } from "../src/views/log-grid";
import type { GemAccessSnapshotDialog } from "../src/views/snapshot-dialog";
import { t } from "../src/localize";
import type { HomeAssistant, LogRow, Snapshot } from "../src/types";

const row = (id: number, hasSnapshot: boolean): LogRow => ({
  id,
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
  match_status: "off",
  has_snapshot: hasSnapshot,
});

/** A hass double whose snapshot/get answers `reply` (or throws it when it is an Error-like object). */
function fakeHass(reply: Snapshot | { code: string; message: string }): HomeAssistant {
  return {
    config: { time_zone: "UTC" },
    locale: { language: "en" },
    callWS: async (msg: Record<string, unknown>) => {
      expect(msg.type).toBe("gem_access/snapshot/get");
      if ("code" in reply) throw reply;
      return reply;
    },
  } as unknown as HomeAssistant;
}

async function openDialog(reply: Snapshot | { code: string; message: string }) {
  const dlg = document.createElement("gem-access-snapshot-dialog") as GemAccessSnapshotDialog;
  dlg.hass = fakeHass(reply);
  document.body.appendChild(dlg);
  await dlg.open(row(7, false));
  await dlg.updateComplete;
  return { dlg, root: dlg.shadowRoot! };
}

afterEach(() => {
  document.body.innerHTML = "";
});

describe("camera icon", () => {
  it("is bright for a stored snapshot and dim (but still a button) without one", async () => {
    const grid = document.createElement("gem-access-log-grid") as GemAccessLogGrid;
    grid.style.height = "600px";
    grid.rows = [row(2, true), row(1, false)];
    document.body.appendChild(grid);
    await grid.updateComplete;
    const root = grid.shadowRoot!;
    const stored = root.querySelector<HTMLButtonElement>(".row[data-id='2'] button.cam")!;
    const none = root.querySelector<HTMLButtonElement>(".row[data-id='1'] button.cam")!;
    expect(stored.classList.contains("stored")).toBe(true);
    expect(stored.dataset.hasSnapshot).toBe("true");
    expect(none.classList.contains("none")).toBe(true);
    expect(none.dataset.hasSnapshot).toBe("false");
    expect(none.disabled).toBe(false);
    expect(none.getAttribute("aria-label")).toContain("none stored");
  });
});

describe("snapshot dialog", () => {
  it("shows an NVR still, says where it came from, and plays the clip with controls", async () => {
    const { dlg, root } = await openDialog({
      kind: "image",
      source: "recording",
      mime: "image/jpeg",
      url: "/api/gem_access/snapshots/7/recording.jpg?authSig=a",
      clip_url: "/api/gem_access/snapshots/7/clip.mp4?authSig=b",
      camera_name: "Front Door Camera",
    });
    expect(root.querySelector("#snapshot-image")!.getAttribute("src")).toContain("recording.jpg");
    const caption = root.querySelector("#snapshot-source")!;
    expect(caption.getAttribute("data-source")).toBe("recording");
    expect(caption.textContent!.replace(/\s+/g, " ")).toContain(
      "Front Door Camera · NVR recording at the event time",
    );
    root.querySelector<HTMLButtonElement>("#snapshot-play-clip")!.click();
    await dlg.updateComplete;
    const video = root.querySelector("video#snapshot-video")!;
    expect(video.getAttribute("src")).toContain("clip.mp4");
    expect(video.hasAttribute("controls")).toBe(true);
    expect(root.querySelector("#snapshot-image")).toBeNull();

    // Frigate had no clip: the admin is told, and gets the still back
    video.dispatchEvent(new Event("error"));
    await dlg.updateComplete;
    expect(root.querySelector("#snapshot-clip-error")!.textContent).toBe(t("snapshot.clip_error"));
    root.querySelector<HTMLButtonElement>("#snapshot-show-still")!.click();
    await dlg.updateComplete;
    expect(root.querySelector("#snapshot-image")).not.toBeNull();
  });

  it("labels a live image as now, not the event", async () => {
    const { root } = await openDialog({
      kind: "image",
      source: "live",
      mime: "image/jpeg",
      data_uri: "data:image/jpeg;base64,AAAA",
      camera_name: "Door cam",
    });
    const caption = root.querySelector("#snapshot-source")!;
    expect(caption.getAttribute("data-source")).toBe("live");
    expect(caption.textContent!.replace(/\s+/g, " ")).toContain("Door cam · Live view now, not at the event");
    expect(root.querySelector("#snapshot-play-clip")).toBeNull();
  });

  it("labels a stored clip and plays it with controls", async () => {
    const { root } = await openDialog({
      kind: "video",
      source: "stored",
      mime: "video/mp4",
      url: "/api/gem_access/snapshots/7?authSig=c",
      camera_name: null,
    });
    expect(root.querySelector("#snapshot-source")!.textContent).toContain("Stored with the event");
    expect(root.querySelector("video#snapshot-video")!.hasAttribute("controls")).toBe(true);
  });

  it("says there is nothing to show for the no_snapshot error", async () => {
    const { root } = await openDialog({ code: "no_snapshot", message: "No snapshot is available" });
    expect(root.querySelector("#snapshot-error")!.textContent).toBe(t("snapshot.no_snapshot"));
    expect(root.querySelector("#snapshot-source")).toBeNull();
  });
});

describe("Frigate URL setting", () => {
  it("saves the trimmed URL and shows the server's refusal on the field", async () => {
    await import("../src/views/settings-view");
    const settings = {
      facial_recognition_enabled: false,
      retention_days: 0,
      cooldown_failures: 5,
      cooldown_window_s: 60,
      cooldown_s: 300,
      forced_grace_s: 10,
      default_held_open_threshold_sec: 60,
      frigate_url: null,
    };
    const sent: Record<string, unknown>[] = [];
    const hass = {
      config: { time_zone: "UTC" },
      locale: { language: "en" },
      callWS: async (msg: Record<string, unknown>) => {
        sent.push(msg);
        if (msg.type === "gem_access/settings/get") return settings;
        if (msg.frigate_url === "http://u:p@nvr:5000")
          throw {
            code: "invalid_format",
            message: "frigate_url must be the http:// or https:// address of the server",
            translation_placeholders: { field: "frigate_url" },
          };
        return { ...settings, frigate_url: msg.frigate_url };
      },
    } as unknown as HomeAssistant;
    const view = document.createElement("gem-access-settings-view") as HTMLElement & {
      hass: HomeAssistant;
      updateComplete: Promise<boolean>;
    };
    view.hass = hass;
    document.body.appendChild(view);
    const root = view.shadowRoot!;
    const t0 = Date.now();
    while (!root.querySelector("#field-frigate_url") && Date.now() - t0 < 2000)
      await new Promise((r) => setTimeout(r, 10));
    const input = root.querySelector<HTMLInputElement>("#field-frigate_url")!;
    const type = async (value: string) => {
      input.value = value;
      input.dispatchEvent(new Event("input"));
      await view.updateComplete;
      root.querySelector<HTMLButtonElement>("#save-settings")!.click();
      await new Promise((r) => setTimeout(r, 20));
      await view.updateComplete;
    };
    await type("http://u:p@nvr:5000");
    expect(root.querySelector("[data-field-error='frigate_url']")!.textContent).toContain("frigate_url");
    await type("  http://192.168.1.10:5000 ");
    expect(sent[sent.length - 1]).toEqual({ type: "gem_access/settings/update", frigate_url: "http://192.168.1.10:5000" });
    expect(root.querySelector("[data-field-error='frigate_url']")).toBeNull();
  });
});
