import { LitElement, css, html, nothing } from "lit";
import type { PropertyValues } from "lit";
import { property, state } from "lit/decorators.js";
import { define } from "./define";
import { baseStyles } from "./styles";
import { getSettings, listRecords } from "./api";
import { hassLanguage, setLanguage, t, useStrings } from "./localize";
import { TRANSLATIONS } from "./strings";
import type { HomeAssistant, PanelRoute, UserRecord } from "./types";
import type { Lookups } from "./views/management";
import {
  deviceColumns,
  deviceFields,
  doorColumns,
  doorFields,
  ruleColumns,
  ruleFields,
  userColumns,
  userFields,
} from "./views/management";
import "./views/log-view";
import "./views/reports-view";
import "./views/records-view";
import "./views/settings-view";
import "./views/user-photo";

// the panel speaks every language there is a translation for (the card only English: en-card.ts)
useStrings(TRANSLATIONS);

const TABS = [
  { path: "", name: "log" },
  { path: "reports", name: "reports" },
  { path: "users", name: "users" },
  { path: "devices", name: "devices" },
  { path: "doors", name: "doors" },
  { path: "rules", name: "rules" },
  { path: "settings", name: "settings" },
] as const;

/** `/log`, `/users/…` -> the tab; anything unknown is the log. */
export function tabOf(route?: PanelRoute): string {
  const first = (route?.path ?? "").split("/").filter(Boolean)[0] ?? "";
  return TABS.some((tab) => tab.path === first) && first !== "log" ? first : "";
}

/** The Access Log sidebar panel: tabs routed by the panel's `route` property. */
export class GemAccessPanel extends LitElement {
  @property({ attribute: false }) hass!: HomeAssistant;
  @property({ type: Boolean, reflect: true }) narrow = false;
  @property({ attribute: false }) route?: PanelRoute;
  @property({ attribute: false }) panel?: { url_path?: string; config?: Record<string, unknown> };

  @state() private _lookups: Lookups = { doors: [], devices: [], users: [] };
  /** Facial recognition on in Settings: the users table says "off" for everyone otherwise. */
  @state() private _faceOn = true;
  private _lookupsFor = "";

  static styles = [
    baseStyles,
    css`
      :host {
        display: flex;
        flex-direction: column;
        height: 100%;
        background: var(--primary-background-color);
        overflow: hidden;
      }
      :host([dark]) {
        color-scheme: dark;
      }
      header {
        display: flex;
        align-items: center;
        gap: 8px;
        min-height: var(--header-height, 56px);
        padding: 0 12px;
        background: var(--app-header-background-color, var(--primary-color));
        color: var(--app-header-text-color, var(--text-primary-color, #fff));
        border-bottom: var(--app-header-border-bottom, none);
        flex-shrink: 0;
      }
      header .title {
        font-size: 20px;
        font-weight: 400;
        white-space: nowrap;
      }
      .menu {
        background: transparent;
        border: none;
        color: inherit;
        min-height: 40px;
        width: 40px;
        padding: 8px;
        justify-content: center;
      }
      .menu:hover:not(:disabled) {
        background: rgba(255, 255, 255, 0.12);
      }
      .menu svg {
        width: 24px;
        height: 24px;
        fill: currentColor;
      }
      nav {
        display: flex;
        gap: 0;
        overflow-x: auto;
        scrollbar-width: none;
        background: var(--app-header-background-color, var(--primary-color));
        flex-shrink: 0;
        padding: 0 8px;
      }
      nav a {
        color: var(--app-header-text-color, var(--text-primary-color, #fff));
        opacity: 0.75;
        text-decoration: none;
        padding: 10px 14px 8px;
        font-size: 14px;
        font-weight: 500;
        border-bottom: 2px solid transparent;
        white-space: nowrap;
        text-transform: uppercase;
        letter-spacing: 0.04em;
      }
      nav a[aria-current="page"] {
        opacity: 1;
        border-bottom-color: var(--app-header-text-color, var(--text-primary-color, #fff));
      }
      nav a:focus-visible {
        outline: 2px solid currentColor;
        outline-offset: -4px;
      }
      main {
        flex: 1;
        min-height: 0;
        overflow: hidden;
      }
      :host([narrow]) nav {
        padding: 0 4px;
      }
      :host([narrow]) nav a {
        padding: 10px 7px 8px;
        font-size: 12px;
        letter-spacing: 0.02em;
      }
    `,
  ];

  protected willUpdate(changed: PropertyValues<this>): void {
    if (changed.has("hass")) {
      this.toggleAttribute("dark", !!this.hass?.themes?.darkMode);
      // before any view renders: they all read their words through t()
      setLanguage(hassLanguage(this.hass));
    }
    const tab = tabOf(this.route);
    const needsLookups = ["users", "devices", "rules"].includes(tab);
    if (this.hass && needsLookups && this._lookupsFor !== tab) {
      this._lookupsFor = tab;
      void this._loadLookups();
    } else if (!needsLookups) {
      // back from another tab (Settings may have turned facial recognition off): load again
      this._lookupsFor = "";
    }
  }

  private async _loadLookups() {
    try {
      const [doors, devices, users, settings] = await Promise.all([
        listRecords(this.hass, "doors"),
        listRecords(this.hass, "devices"),
        listRecords(this.hass, "users"),
        getSettings(this.hass),
      ]);
      this._lookups = { doors, devices, users };
      this._faceOn = !!settings.facial_recognition_enabled;
    } catch {
      /* the view itself shows the error */
    }
  }

  private _base(): string {
    return `/${this.panel?.url_path ?? this.route?.prefix?.replace(/^\//, "") ?? "gem-access"}`;
  }

  private _navigate(e: MouseEvent, path: string) {
    if (e.ctrlKey || e.metaKey || e.shiftKey || e.button !== 0) return;
    e.preventDefault();
    // the log and the reports share their filters (the query string)
    const keep = ["", "reports"].includes(path) && ["", "reports"].includes(tabOf(this.route));
    const url = (path ? `${this._base()}/${path}` : this._base()) + (keep ? window.location.search : "");
    if (`${window.location.pathname}${keep ? window.location.search : ""}` === url) return;
    window.history.pushState(null, "", url);
    window.dispatchEvent(new CustomEvent("location-changed", { detail: { replace: false } }));
  }

  private _toggleMenu() {
    this.dispatchEvent(new CustomEvent("hass-toggle-menu", { bubbles: true, composed: true }));
  }

  private _content(tab: string) {
    const l = this._lookups;
    const common = { hass: this.hass, narrow: this.narrow };
    const refresh = () => void this._loadLookups();
    switch (tab) {
      case "users":
        return html`<gem-access-records-view
          .hass=${common.hass}
          .narrow=${common.narrow}
          collection="users"
          .fields=${userFields()}
          .columns=${userColumns(this._faceOn)}
          .defaults=${{ enabled: true, facial_recognition_enabled: true }}
          .extra=${(rec: unknown, done: () => void) =>
            html`<gem-access-user-photo
              .hass=${this.hass}
              .user=${rec as UserRecord}
              @photo-changed=${done}
            ></gem-access-user-photo>`}
          @records-changed=${refresh}
        ></gem-access-records-view>`;
      case "devices":
        return html`<gem-access-records-view
          .hass=${common.hass}
          .narrow=${common.narrow}
          collection="devices"
          .fields=${deviceFields(l)}
          .columns=${deviceColumns(l)}
          .defaults=${{ driver: "virtual", door_id: l.doors[0]?.id ?? "" }}
          @records-changed=${refresh}
        ></gem-access-records-view>`;
      case "doors":
        return html`<gem-access-records-view
          .hass=${common.hass}
          .narrow=${common.narrow}
          collection="doors"
          .fields=${doorFields()}
          .columns=${doorColumns()}
          .defaults=${{ strike_time_s: 5 }}
          @records-changed=${refresh}
        ></gem-access-records-view>`;
      case "rules":
        return html`<gem-access-records-view
          .hass=${common.hass}
          .narrow=${common.narrow}
          collection="rules"
          .fields=${ruleFields(l)}
          .columns=${ruleColumns(l)}
          .defaults=${{ enabled: true, device_ids: [], user_ids: [], schedule: [] }}
          @records-changed=${refresh}
        ></gem-access-records-view>`;
      case "settings":
        return html`<gem-access-settings-view .hass=${this.hass} .narrow=${this.narrow}></gem-access-settings-view>`;
      case "reports":
        return html`<gem-access-reports-view
          .hass=${this.hass}
          .narrow=${this.narrow}
          .base=${this._base()}
        ></gem-access-reports-view>`;
      default:
        return html`<gem-access-log-view .hass=${this.hass} .narrow=${this.narrow}></gem-access-log-view>`;
    }
  }

  render() {
    if (!this.hass) return nothing;
    const tab = tabOf(this.route);
    return html`
      <header>
        ${this.narrow
          ? html`<button class="menu" aria-label=${t("panel.menu")} @click=${this._toggleMenu}>
              <svg viewBox="0 0 24 24"><path d="M3,6H21V8H3V6M3,11H21V13H3V11M3,16H21V18H3V16Z" /></svg>
            </button>`
          : nothing}
        <span class="title">${t("panel.title")}</span>
      </header>
      <nav aria-label=${t("panel.sections")}>
        ${TABS.map(
          (item) => html`<a
            href=${item.path ? `${this._base()}/${item.path}` : this._base()}
            data-tab=${item.path || "log"}
            aria-current=${item.path === tab ? "page" : "false"}
            @click=${(e: MouseEvent) => this._navigate(e, item.path)}
            >${t(`panel.tabs.${item.name}`)}</a
          >`,
        )}
      </nav>
      <main>${this._content(tab)}</main>
    `;
  }
}

define("gem-access-panel", GemAccessPanel);
