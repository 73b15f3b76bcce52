import { describe, expect, it } from "vitest";
import "../src/card";
import type { GemAccessLogCard } from "../src/card";
import type { HomeAssistant } from "../src/types";

describe("gem-access-log-card for a non-admin", () => {
  it("says the Access Log is for admins and asks the server for nothing", async () => {
    const sent: unknown[] = [];
    const hass = {
      config: { time_zone: "UTC" },
      user: { id: "u", name: "Tablet", is_admin: false },
      callWS: async (msg: unknown) => {
        sent.push(msg);
        throw { code: "unauthorized", message: "Unauthorized" };
      },
      connection: {
        subscribeMessage: async (_cb: unknown, msg: unknown) => {
          sent.push(msg);
          throw { code: "unauthorized", message: "Unauthorized" };
        },
      },
    } as unknown as HomeAssistant;
    const card = document.createElement("gem-access-log-card") as GemAccessLogCard;
    card.setConfig({ type: "custom:gem-access-log-card" });
    card.hass = hass;
    document.body.appendChild(card);
    await card.updateComplete;
    const root = card.shadowRoot!;
    expect(root.querySelector("#admins-only")!.textContent).toContain("Only Home Assistant administrators");
    expect(root.querySelector(".error-text")).toBeNull();
    expect(sent).toEqual([]);
    card.remove();
  });
});
