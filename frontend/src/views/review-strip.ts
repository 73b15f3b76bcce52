import { LitElement, css, html, nothing } from "lit";
import type { PropertyValues } from "lit";
import { property, state } from "lit/decorators.js";
import { define } from "../define";
import { baseStyles } from "../styles";
import { logFlags, logStats } from "../api";
import type { LogFilters } from "../filters";
import { countsOf, flagViews, reviewQuery, totalOf } from "../insights";
import type { FlagView } from "../insights";
import { t } from "../localize";
import type { FilterChoices, HomeAssistant, ResultCounts } from "../types";

/** The numbers of the strip (words `review.numbers.<key>`) and the filter each applies. */
const NUMBERS: { key: Exclude<keyof ResultCounts, "error"> | "total"; filter: LogFilters; alarm?: boolean }[] = [
  { key: "total", filter: { range: "1" } },
  { key: "granted", filter: { range: "1", result: "granted" } },
  { key: "denied", filter: { range: "1", result: "denied" }, alarm: true },
  { key: "forced", filter: { range: "1", result: "forced" }, alarm: true },
  { key: "held_open", filter: { range: "1", result: "held_open" }, alarm: true },
];

/**
 * "Today's review" above the grid: the last 24 hours in numbers and the red flags, each a
 * one-click filter (an `apply-filters` event the log view takes). Plain HTML, no chart library,
 * fetched only after the grid's first page (`ready`) so it never delays it.
 */
export class GemAccessReviewStrip extends LitElement {
  @property({ attribute: false }) hass!: HomeAssistant;
  @property({ attribute: false }) choices: FilterChoices = { users: [], devices: [], doors: [] };
  /** set once the grid has its first page: the strip's queries never compete with it */
  @property({ type: Boolean }) ready = false;

  @state() private _counts?: ResultCounts;
  @state() private _flags: FlagView[] = [];
  @state() private _rawFlags: Parameters<typeof flagViews>[0] = [];
  @state() private _failed = false;
  private _started = false;

  static styles = [
    baseStyles,
    css`
      :host {
        display: block;
      }
      .strip {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 6px 10px;
        padding: 8px 12px;
      }
      .title {
        font-weight: 500;
        font-size: 14px;
        margin-right: 4px;
      }
      button {
        min-height: 28px;
        padding: 2px 10px;
        font-weight: 400;
        font-size: 13px;
        border-radius: 14px;
      }
      .num b {
        font-weight: 600;
        font-variant-numeric: tabular-nums;
      }
      .num.alarm.hot {
        color: var(--ga-error);
        border-color: var(--ga-error);
      }
      .flag {
        color: var(--ga-error);
        border-color: var(--ga-error);
      }
      .flag::before {
        content: "⚑";
      }
      .sep {
        width: 1px;
        align-self: stretch;
        background: var(--ga-border);
      }
      .ok {
        color: var(--ga-success);
        font-size: 13px;
      }
    `,
  ];

  protected willUpdate(changed: PropertyValues<this>): void {
    if ((changed.has("hass") || changed.has("ready")) && this.hass && this.ready && !this._started) {
      this._started = true;
      void this.refresh();
    }
    if (changed.has("choices") || (changed as Map<PropertyKey, unknown>).has("_rawFlags")) {
      this._flags = flagViews(this._rawFlags, this.choices, this.hass?.config?.time_zone || "UTC");
    }
  }

  /** Fetch the numbers and flags of the last 24 hours again. */
  async refresh(): Promise<void> {
    const q = reviewQuery(this.hass?.config?.time_zone || "UTC");
    const [stats, flags] = await Promise.allSettled([logStats(this.hass, q, "hour"), logFlags(this.hass, q)]);
    this._failed = stats.status === "rejected" && flags.status === "rejected";
    if (stats.status === "fulfilled") this._counts = countsOf(stats.value.totals);
    if (flags.status === "fulfilled") this._rawFlags = flags.value;
  }

  private _soon?: ReturnType<typeof setTimeout>;

  /** New rows arrived: count again in a while (at most every 10 s, however busy the doors). */
  scheduleRefresh(): void {
    if (this._soon !== undefined || !this.isConnected) return;
    this._soon = setTimeout(() => {
      this._soon = undefined;
      if (this.isConnected) void this.refresh();
    }, 10_000);
  }

  disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this._soon);
    this._soon = undefined;
  }

  private _apply(filters: LogFilters) {
    this.dispatchEvent(new CustomEvent("apply-filters", { detail: filters }));
  }

  render() {
    if (this._failed || !this._counts) return nothing;
    const c = this._counts;
    return html`<div class="strip card" role="region" aria-label=${t("review.label")}>
      <span class="title">${t("review.title")}</span>
      ${NUMBERS.map(({ key, filter, alarm }) => {
        const n = key === "total" ? totalOf(c) : c[key];
        if (alarm && !n && key !== "denied") return nothing;
        return html`<button class="num ${alarm ? "alarm" : ""} ${n ? "hot" : ""}" data-num=${key}
          title=${t("review.show_in_grid")} @click=${() => this._apply(filter)}><b>${n}</b> ${t(`review.numbers.${key}`)}</button>`;
      })}
      <span class="sep"></span>
      ${this._flags.length
        ? this._flags.map(
            (f) => html`<button class="flag" data-kind=${f.flag.kind} title=${t("review.show_flag_rows")}
              @click=${() => this._apply(f.filters)}>
              ${f.label}${f.subject ? html`: ${f.subject}` : nothing} (${f.flag.count})
            </button>`,
          )
        : html`<span class="ok" id="no-flags">${t("review.no_flags")}</span>`}
    </div>`;
  }
}

define("gem-access-review-strip", GemAccessReviewStrip);
