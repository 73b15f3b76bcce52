import { LitElement, css, html, nothing } from "lit";
import type { PropertyValues } from "lit";
import { property, state } from "lit/decorators.js";
import { define } from "../define";
import { baseStyles } from "../styles";
import { QUICK_RANGES, filtersFromSearch, filtersToSearch } from "../filters";
import type { LogFilters } from "../filters";
import { errorMessage, filterChoices, logStats } from "../api";
import { drillDown, narrowToBucket, reportFilters, reportQuery, stackedSeries, summaryCards } from "../insights";
import type { StackedSeries } from "../insights";
import { reasonLabel } from "../format";
import { t } from "../localize";
import { logHref, navigate } from "../navigate";
import type { FilterChoices, HomeAssistant, LogStats, StatsBucket } from "../types";
import { loadChart } from "./timeline";
import "./report-parts";

/** The filters a chip shows, in this order (labels `reports.filters.<key>`). */
const CHIP_FILTERS = ["user_id", "device_id", "door_id", "access_type", "result", "reason", "start", "end"] as const;

/**
 * Access reports: the log's filters (shared through the URL) as summary cards, events over time,
 * the peak-hours heatmap and the top lists. The chart library arrives in its own chunk.
 */
export class GemAccessReportsView extends LitElement {
  @property({ attribute: false }) hass!: HomeAssistant;
  @property({ type: Boolean, reflect: true }) narrow = false;
  /** the panel's URL, where the log lives */
  @property() base = "/gem-access";

  @state() private _filters: LogFilters = {};
  @state() private _stats?: LogStats;
  @state() private _series?: StackedSeries;
  @state() private _bucket: StatsBucket = "day";
  @state() private _error = "";
  @state() private _loading = false;
  @state() private _choices: FilterChoices = { users: [], devices: [], doors: [] };

  private _gen = 0;
  private _started = false;

  static styles = [
    baseStyles,
    css`
      :host {
        display: block;
        height: 100%;
        overflow-y: auto;
      }
      .wrap {
        padding: 12px 16px 24px;
        display: flex;
        flex-direction: column;
        gap: 12px;
        max-width: 1400px;
      }
      .toolbar {
        display: flex;
        align-items: center;
        gap: 8px;
        flex-wrap: wrap;
      }
      .toolbar h2 {
        margin: 0;
        font-size: 20px;
        font-weight: 400;
        flex: 1;
      }
      .quick {
        display: flex;
        gap: 4px;
      }
      .quick button {
        min-width: 44px;
        justify-content: center;
      }
      .chips {
        display: flex;
        flex-wrap: wrap;
        gap: 6px;
      }
      .chip {
        min-height: 28px;
        padding: 2px 10px;
        border-radius: 14px;
        font-size: 13px;
        font-weight: 400;
      }
      section.card {
        padding: 12px 16px;
      }
      section h3 {
        margin: 0 0 8px;
        font-size: 15px;
        font-weight: 500;
      }
      .tops {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(280px, 1fr));
        gap: 12px;
      }
      .placeholder {
        height: 258px;
        display: flex;
        align-items: center;
        justify-content: center;
      }
      :host([narrow]) .wrap {
        padding: 8px 8px 16px;
      }
    `,
  ];

  connectedCallback(): void {
    super.connectedCallback();
    this._filters = filtersFromSearch(window.location.search);
    // the chart's chunk loads while the numbers are fetched; the log tab never imports it
    loadChart().catch(() => undefined);
    if (this.hass) this._start();
  }

  disconnectedCallback(): void {
    super.disconnectedCallback();
    this._started = false;
    this._gen++;
  }

  protected willUpdate(changed: PropertyValues<this>): void {
    if (changed.has("hass") && this.hass && !this._started && this.isConnected) this._start();
  }

  private get _tz(): string {
    return this.hass?.config?.time_zone || "UTC";
  }

  private _start() {
    this._started = true;
    filterChoices(this.hass)
      .then((c) => (this._choices = c))
      .catch(() => undefined);
    void this._load();
  }

  private async _load() {
    const gen = ++this._gen;
    const { query, bucket } = reportQuery(this._filters, this._tz);
    this._loading = true;
    this._error = "";
    try {
      const stats = await logStats(this.hass, query, bucket);
      if (gen !== this._gen) return;
      this._stats = stats;
      this._bucket = bucket;
      this._series = stackedSeries(stats);
    } catch (err) {
      if (gen === this._gen) this._error = errorMessage(err);
    } finally {
      if (gen === this._gen) this._loading = false;
    }
  }

  private _setFilters(f: LogFilters) {
    this._filters = f;
    navigate(`${window.location.pathname}${filtersToSearch(f)}`, true);
    void this._load();
  }

  private _quick(range: string) {
    const f: LogFilters = { ...this._filters, range };
    delete f.start;
    delete f.end;
    this._setFilters(f);
  }

  private _remove(key: keyof LogFilters) {
    const f: LogFilters = { ...this._filters };
    delete f[key];
    this._setFilters(f);
  }

  private _onBucket(e: CustomEvent<{ index: number }>) {
    if (!this._series) return;
    this._setFilters(narrowToBucket(this._filters, this._series.x, e.detail.index, this._bucket, this._tz));
  }

  /** A click on a top entry or a card: the log grid with that filter added. */
  private _drill(add: Partial<LogFilters>) {
    navigate(logHref(drillDown(this._filters, add), this.base));
  }

  private _pick(e: CustomEvent<{ kind: string; id: string }>) {
    const { kind, id } = e.detail;
    const add: Partial<LogFilters> =
      kind === "users" ? { user_id: id } : kind === "devices" ? { device_id: id } : { reason: id };
    this._drill(add);
  }

  private _chipValue(key: keyof LogFilters, value: string): string {
    const find = (list: { id: string; name: string }[]) => list.find((c) => c.id === value)?.name ?? value;
    if (key === "user_id") return find(this._choices.users);
    if (key === "device_id") return find(this._choices.devices);
    if (key === "door_id") return find(this._choices.doors);
    if (key === "reason") return reasonLabel(value);
    return value.replace("T", " ");
  }

  private _chips() {
    const f = this._filters;
    const chips = CHIP_FILTERS.filter((k) => f[k]);
    if (!chips.length) return nothing;
    return html`<div class="chips" aria-label=${t("reports.active_filters")}>
      ${chips.map(
        (k) => html`<button class="chip" data-filter=${k} title=${t("common.remove_filter")} @click=${() => this._remove(k)}>
          ${t("reports.chip", { label: t(`reports.filters.${k}`), value: this._chipValue(k, String(f[k])) })} ✕
        </button>`,
      )}
    </div>`;
  }

  render() {
    const f = reportFilters(this._filters);
    const s = this._stats;
    return html`<div class="wrap">
      <div class="toolbar">
        <h2>${t("reports.title")}</h2>
        <div class="quick" role="group" aria-label=${t("common.quick_range")}>
          ${QUICK_RANGES.map(
            (r) => html`<button
              class="toggle"
              data-range=${r}
              aria-pressed=${f.range === r ? "true" : "false"}
              title=${r === "1" ? t("common.last_24_hours") : t("common.last_days", { days: r })}
              @click=${() => this._quick(r)}
            >
              ${t("common.range_button", { days: r })}
            </button>`,
          )}
        </div>
        <a class="button" id="open-log" href=${logHref(f, this.base)}
          @click=${(e: MouseEvent) => {
            if (e.ctrlKey || e.metaKey || e.shiftKey || e.button !== 0) return;
            e.preventDefault();
            navigate(logHref(f, this.base));
          }}>${t("reports.open_log")}</a>
      </div>
      ${this._chips()}
      ${this._error ? html`<div class="banner-error">${this._error}</div>` : nothing}
      ${s
        ? html`<gem-access-summary-cards
            .cards=${summaryCards(s)}
            @drill=${(e: CustomEvent<Partial<LogFilters>>) => this._drill(e.detail)}
          ></gem-access-summary-cards>`
        : nothing}
      <section class="card" id="timeline">
        <h3>
          ${t("reports.timeline")}
          <span class="muted" style="font-weight:400"
            >${t("reports.per_bucket", { bucket: t(`reports.bucket.${this._bucket}`) })}</span
          >
        </h3>
        ${this._series
          ? html`<gem-access-timeline
              .series=${this._series}
              .bucket=${this._bucket}
              .timeZone=${this._tz}
              .locale=${this.hass?.locale?.language ?? this.hass?.language}
              .dark=${!!this.hass?.themes?.darkMode}
              @bucket-click=${this._onBucket}
            ></gem-access-timeline>`
          : html`<div class="placeholder muted">${this._loading ? t("common.loading") : ""}</div>`}
      </section>
      <section class="card" id="heatmap">
        <h3>${t("reports.peak_hours")}</h3>
        <gem-access-heatmap .data=${s?.by_hour_of_week ?? []}></gem-access-heatmap>
      </section>
      <div class="tops" @pick=${this._pick}>
        <section class="card">
          <gem-access-top-list id="top-users" kind="users" heading=${t("reports.top_users")} .entries=${s?.top_users ?? []}></gem-access-top-list>
        </section>
        <section class="card">
          <gem-access-top-list id="top-devices" kind="devices" heading=${t("reports.top_devices")} .entries=${s?.top_devices ?? []}></gem-access-top-list>
        </section>
        <section class="card">
          <gem-access-top-list id="top-reasons" kind="reasons" heading=${t("reports.top_reasons")} .entries=${s?.top_reasons ?? []}></gem-access-top-list>
        </section>
      </div>
    </div>`;
  }
}

define("gem-access-reports-view", GemAccessReportsView);
