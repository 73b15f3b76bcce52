import { LitElement, css, html, nothing } from "lit";
import { property, state } from "lit/decorators.js";
import { define } from "./define";
import { baseStyles } from "./styles";
import { badge } from "./components/badge";
import { countLog, errorMessage, listLog, subscribeLog } from "./api";
import { resultBadge } from "./format";
import { hassLanguage, setLanguage, t, tn } from "./localize";
import { formatTimestamp, startOfDay } from "./time";
import type { HomeAssistant, LogRow } from "./types";

export const TODAY_URL = "/gem-access?range=today";

/** Midnight after the day that starts at `dayStart` in `timeZone` (days are 23 to 25 hours long). */
export function nextMidnight(dayStart: Date, timeZone: string): Date {
  return startOfDay(new Date(dayStart.getTime() + 36 * 3_600_000), timeZone);
}

interface CardConfig {
  type: string;
  title?: string;
  events?: number;
}

/** Dashboard card: today's access events and the latest few, linking to the log for today. */
export class GemAccessLogCard extends LitElement {
  @state() private _config: CardConfig = { type: "custom:gem-access-log-card" };
  @state() private _count?: number;
  @state() private _rows: LogRow[] = [];
  @state() private _error = "";
  @property({ attribute: false }) private _hass?: HomeAssistant;

  private _unsub?: Promise<() => Promise<void>>;
  private _day = "";
  private _timer?: number;
  private _gen = 0;

  static styles = [
    baseStyles,
    css`
      ha-card,
      .card {
        display: block;
        padding: 16px;
      }
      .top {
        display: flex;
        align-items: baseline;
        justify-content: space-between;
        gap: 8px;
      }
      .title {
        font-size: 16px;
        font-weight: 500;
      }
      a.count {
        font-size: 32px;
        font-weight: 400;
        color: var(--primary-color);
        text-decoration: none;
        display: block;
        margin: 4px 0 8px;
      }
      a.count small {
        font-size: 14px;
        color: var(--ga-muted);
      }
      ul {
        list-style: none;
        margin: 0;
        padding: 0;
      }
      li {
        display: grid;
        grid-template-columns: 1fr auto;
        gap: 2px 8px;
        padding: 6px 0;
        border-top: 1px solid var(--ga-border);
        font-size: 14px;
      }
      li .sub {
        font-size: 12px;
        color: var(--ga-muted);
        grid-column: 1 / -1;
      }
      li .who {
        overflow: hidden;
        text-overflow: ellipsis;
        white-space: nowrap;
      }
      .none {
        font-size: 14px;
        padding: 6px 0;
        border-top: 1px solid var(--ga-border);
      }
      a.all {
        display: inline-block;
        margin-top: 8px;
        color: var(--primary-color);
        font-size: 14px;
      }
    `,
  ];

  setConfig(config: CardConfig) {
    if (!config || typeof config !== "object") throw new Error(t("card.invalid_config"));
    this._config = { ...config };
  }

  static getStubConfig() {
    return { type: "custom:gem-access-log-card" };
  }

  getCardSize() {
    return 2 + Math.min(this._config.events ?? 5, 5);
  }

  set hass(hass: HomeAssistant) {
    const first = !this._hass;
    if (hassLanguage(hass) !== hassLanguage(this._hass)) setLanguage(hassLanguage(hass));
    this._hass = hass;
    if (first && this.isConnected) this._start();
  }

  get hass(): HomeAssistant | undefined {
    return this._hass;
  }

  connectedCallback(): void {
    super.connectedCallback();
    if (this._hass) this._start();
  }

  disconnectedCallback(): void {
    super.disconnectedCallback();
    this._stop();
  }

  private _stop() {
    const u = this._unsub;
    this._unsub = undefined;
    u?.then((fn) => fn()).catch(() => undefined);
    window.clearTimeout(this._timer);
    window.clearTimeout(this._pending);
  }

  /** The Access Log names people: only admins may read it (the server refuses everyone else). */
  private get _adminOnly(): boolean {
    return this._hass?.user?.is_admin === false;
  }

  private _start() {
    if (!this._hass || this._unsub || this._adminOnly) return;
    const tz = this._hass.config.time_zone;
    const start = startOfDay(new Date(), tz);
    this._day = start.toISOString();
    this._gen++;
    const q = { start: this._day };
    this._unsub = subscribeLog(this._hass, q, () => this._refreshSoon());
    this._unsub.catch((err) => (this._error = errorMessage(err)));
    void this._refresh();
    // at midnight (in HA's time zone) "today" starts over
    const next = nextMidnight(start, tz).getTime() - Date.now();
    this._timer = window.setTimeout(() => {
      this._stop();
      this._start();
    }, Math.max(1000, Math.min(next + 500, 86_400_000)));
  }

  private _refreshSoon() {
    window.clearTimeout(this._pending);
    this._pending = window.setTimeout(() => void this._refresh(), 300);
  }
  private _pending?: number;

  private async _refresh() {
    if (!this._hass) return;
    const gen = this._gen;
    const q = { start: this._day };
    try {
      // the exact count (SQL COUNT) and the latest few rows of today
      const [count, page] = await Promise.all([
        countLog(this._hass, q),
        listLog(this._hass, q, null, Math.max(1, Math.min(this._config.events ?? 5, 50))),
      ]);
      if (gen !== this._gen) return;
      this._count = count;
      this._rows = page.rows.slice(0, this._config.events ?? 5);
      this._error = "";
    } catch (err) {
      if (gen === this._gen) this._error = errorMessage(err);
    }
  }

  private _go(e: MouseEvent) {
    if (e.ctrlKey || e.metaKey || e.shiftKey || e.button !== 0) return;
    e.preventDefault();
    window.history.pushState(null, "", TODAY_URL);
    window.dispatchEvent(new CustomEvent("location-changed", { detail: { replace: false } }));
  }

  render() {
    if (this._adminOnly) {
      return html`<ha-card class="card">
        <div class="top"><span class="title">${this._config.title ?? t("card.title")}</span></div>
        <div class="none muted" id="admins-only">${t("card.admins_only")}</div>
      </ha-card>`;
    }
    const tz = this._hass?.config.time_zone ?? "UTC";
    const locale = this._hass?.locale?.language ?? this._hass?.language;
    const count = this._count === undefined ? "…" : this._count.toLocaleString(locale);
    return html`<ha-card class="card">
      <div class="top"><span class="title">${this._config.title ?? t("card.title")}</span></div>
      <a class="count" id="today-count" data-count=${this._count ?? ""} href=${TODAY_URL} @click=${this._go}
        >${count} <small>${tn("card.today", this._count ?? 0)}</small></a
      >
      ${this._error ? html`<div class="error-text">${this._error}</div>` : nothing}
      ${this._count === 0 && !this._rows.length
        ? html`<div class="none muted">${t("card.none_today")}</div>`
        : nothing}
      <ul>
        ${this._rows.map(
          (r) => html`<li>
            <span class="who">${r.user_name ?? "—"} · ${r.device_name ?? r.door_name ?? ""}</span>
            ${badge(resultBadge(r))}
            <span class="sub">${formatTimestamp(r.timestamp, tz, locale)}</span>
          </li>`,
        )}
      </ul>
      <a class="all" href=${TODAY_URL} @click=${this._go}>${t("card.open_log")}</a>
    </ha-card>`;
  }
}

const registry = window.customElements;
define("gem-access-log-card", GemAccessLogCard);
// Home Assistant loads this module (an extra module URL) alongside its own code, and its core then
// replaces window.customElements with a scoped-registry polyfill that knows nothing of what was
// defined before: Lovelace would report "Custom element doesn't exist". Define the card again on
// the new registry once HA's root element is there (a no-op when HA's code won the race).
void registry.whenDefined("home-assistant").then(() => {
  if (window.customElements === registry) return;
  try {
    define("gem-access-log-card", GemAccessLogCard);
  } catch (err) {
    console.error("gem-access-log-card: could not register the card", err);
  }
});

// the card picker lists the card before any hass arrives: HA has set the page's language by then
setLanguage(document.documentElement.lang);
const w = window as unknown as { customCards?: { type: string; name: string; description: string }[] };
w.customCards = w.customCards ?? [];
if (!w.customCards.some((c) => c.type === "gem-access-log-card")) {
  w.customCards.push({
    type: "gem-access-log-card",
    name: t("card.name"),
    description: t("card.description"),
  });
}
