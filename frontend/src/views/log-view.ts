import { LitElement, css, html, nothing } from "lit";
import type { PropertyValues } from "lit";
import { property, query, state } from "lit/decorators.js";
import { define } from "../define";
import { baseStyles } from "../styles";
import {
  ACCESS_TYPES,
  QUICK_RANGES,
  RESULT_FILTERS,
  filtersFromSearch,
  filtersToSearch,
  hasFilters,
  rangeStartInput,
  toQuery,
  csvPath,
} from "../filters";
import type { LogFilters, LogQuery } from "../filters";
import { errorMessage, filterChoices, getSettings, listLog, signPath, subscribeLog, PAGE_SIZE } from "../api";
import { DEFAULT_BANDS, bandsOf, reasonLabel } from "../format";
import type { MatchBands } from "../format";
import { t, tParts } from "../localize";
import type { Choice, FilterChoices, HomeAssistant, LogEvent, LogRow } from "../types";
import type { GemAccessLogGrid } from "./log-grid";
import "./log-grid";
import "./snapshot-dialog";
import "./delete-dialog";
import "./review-strip";
import type { GemAccessSnapshotDialog } from "./snapshot-dialog";
import type { GemAccessDeleteDialog } from "./delete-dialog";
import type { GemAccessReviewStrip } from "./review-strip";


/** Newest first; a row already present is replaced, never duplicated. */
export function mergeRows(rows: LogRow[], incoming: LogRow[]): LogRow[] {
  if (!incoming.length) return rows;
  const seen = new Set(rows.map((r) => r.id));
  const fresh = incoming.filter((r) => !seen.has(r.id));
  if (!fresh.length) return rows;
  const merged = fresh.concat(rows);
  merged.sort((a, b) => b.id - a.id);
  return merged;
}

/**
 * The Access Log: filters (mirrored in the URL), the windowed grid with keyset paging, live rows,
 * the snapshot modal, CSV export and Delete Old Logs.
 */
export class GemAccessLogView extends LitElement {
  @property({ attribute: false }) hass!: HomeAssistant;
  @property({ type: Boolean, reflect: true }) narrow = false;

  @state() private _filters: LogFilters = {};
  @state() private _rows: LogRow[] = [];
  @state() private _next: number | null = null;
  @state() private _loading = false;
  @state() private _error = "";
  @state() private _choices: FilterChoices = { users: [], devices: [], doors: [] };
  @state() private _filtersOpen = false;
  @state() private _exporting = false;
  @state() private _live = false;
  /** the first page is in (or failed): the review strip may query now */
  @state() private _firstPage = false;
  /** the Match column's thresholds (settings) */
  @state() private _bands: MatchBands = DEFAULT_BANDS;

  @query("gem-access-log-grid") private _grid?: GemAccessLogGrid;
  @query("gem-access-snapshot-dialog") private _snapshot?: GemAccessSnapshotDialog;
  @query("gem-access-delete-dialog") private _delete?: GemAccessDeleteDialog;
  @query("gem-access-review-strip") private _strip?: GemAccessReviewStrip;

  private _gen = 0;
  private _unsub?: Promise<(() => Promise<void>) | undefined>;
  private _started = false;
  private _query: LogQuery = {};

  static styles = [
    baseStyles,
    css`
      :host {
        display: flex;
        flex-direction: column;
        height: 100%;
        min-height: 0;
      }
      .toolbar {
        display: flex;
        align-items: center;
        gap: 8px;
        padding: 12px 16px 0;
        flex-wrap: wrap;
      }
      .toolbar h2 {
        margin: 0;
        font-size: 20px;
        font-weight: 400;
        flex: 1;
        display: flex;
        align-items: center;
        gap: 10px;
      }
      .live {
        font-size: 12px;
        color: var(--ga-muted);
        display: inline-flex;
        align-items: center;
        gap: 4px;
      }
      .live::before {
        content: "";
        width: 8px;
        height: 8px;
        border-radius: 50%;
        background: var(--ga-muted);
      }
      .live.on::before {
        background: var(--ga-success);
      }
      .filters {
        margin: 12px 16px 0;
        padding: 12px;
        display: grid;
        grid-template-columns: repeat(auto-fill, minmax(170px, 1fr));
        gap: 10px 12px;
        align-items: end;
      }
      .filters select,
      .filters input {
        width: 100%;
        min-width: 0;
      }
      .filters label {
        min-width: 0;
      }
      .quick {
        display: flex;
        gap: 4px;
        flex-wrap: wrap;
        align-items: center;
      }
      .quick button {
        min-width: 44px;
        justify-content: center;
      }
      .quick-wrap {
        grid-column: span 2;
        display: flex;
        gap: 8px;
        align-items: flex-end;
        flex-wrap: wrap;
        justify-content: space-between;
      }
      :host([narrow]) .quick-wrap {
        grid-column: 1 / -1;
      }
      :host([narrow]) .filters {
        grid-template-columns: repeat(2, minmax(0, 1fr));
        gap: 8px;
        margin: 8px 8px 0;
      }
      :host([narrow]) .toolbar {
        padding: 8px 8px 0;
      }
      :host([narrow]) .toolbar h2 {
        font-size: 18px;
        flex-basis: 100%;
      }
      .grid-card {
        flex: 1;
        min-height: 0;
        margin: 12px 16px 16px;
        display: flex;
        flex-direction: column;
        overflow: hidden;
        position: relative;
      }
      :host([narrow]) .grid-card {
        margin: 8px 0 0;
        border: none;
        border-radius: 0;
        background: transparent;
      }
      gem-access-log-grid {
        flex: 1;
        min-height: 0;
      }
      .empty {
        padding: 32px 24px;
        max-width: 640px;
        margin: 0 auto;
      }
      .empty h3 {
        margin: 0 0 8px;
        font-weight: 500;
      }
      .empty ul {
        margin: 8px 0 0;
        padding-left: 20px;
        color: var(--ga-muted);
        line-height: 1.6;
      }
      .count {
        font-size: 13px;
      }
    `,
  ];

  connectedCallback(): void {
    super.connectedCallback();
    performance.mark("gem-access:log-connected");
    this._filters = filtersFromSearch(window.location.search);
    if (this.hass) this._start();
  }

  disconnectedCallback(): void {
    super.disconnectedCallback();
    this._stopLive();
    this._started = false;
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
    getSettings(this.hass)
      .then((s) => (this._bands = bandsOf(s)))
      .catch(() => undefined);
    void this._reload();
  }

  private _stopLive() {
    const unsub = this._unsub;
    this._unsub = undefined;
    this._live = false;
    unsub?.then((fn) => fn?.()).catch(() => undefined);
  }

  /** Subscribe first, then list the newest page; rows seen in both are kept once. */
  private async _reload() {
    const gen = ++this._gen;
    this._stopLive();
    this._rows = [];
    this._next = null;
    this._error = "";
    this._loading = true;
    this._grid?.resetScroll();
    const q = toQuery(this._filters, this._tz);
    this._query = q;
    let buffered: LogEvent[] | null = [];
    const onEvent = (ev: LogEvent) => {
      if (gen !== this._gen) return;
      if (buffered) buffered.push(ev);
      else this._apply([ev]);
    };
    this._unsub = subscribeLog(this.hass, q, onEvent).then(
      (fn) => {
        if (gen !== this._gen) {
          void fn();
          return undefined;
        }
        this._live = true;
        return fn;
      },
      () => undefined,
    );
    await this._unsub;
    try {
      const page = await listLog(this.hass, q);
      if (gen !== this._gen) return;
      this._rows = page.rows;
      this._next = page.next_before_id;
    } catch (err) {
      if (gen !== this._gen) return;
      this._error = errorMessage(err);
    } finally {
      if (gen === this._gen) this._loading = false;
      // after the grid's render, so the strip's queries never delay the first rows
      if (!this._firstPage) requestAnimationFrame(() => setTimeout(() => (this._firstPage = true), 0));
    }
    const pending = buffered;
    buffered = null;
    if (pending?.length) this._apply(pending);
  }

  private _apply(events: LogEvent[]) {
    let rows = this._rows;
    const added: LogRow[] = [];
    for (const ev of events) {
      if (ev.type === "added") {
        added.push(ev.row);
      } else if (ev.type === "updated") {
        const i = rows.findIndex((r) => r.id === ev.row.id);
        if (i >= 0) {
          if (rows === this._rows) rows = rows.slice();
          rows[i] = ev.row;
        }
      }
    }
    rows = mergeRows(rows, added);
    if (added.length) this._strip?.scheduleRefresh();
    if (rows !== this._rows) {
      this._rows = rows;
      this._snapshot?.rowUpdated(rows);
    }
  }

  private async _loadMore() {
    if (this._loading || this._next == null) return;
    const gen = this._gen;
    const before = this._next;
    this._loading = true;
    try {
      const page = await listLog(this.hass, this._query, before, PAGE_SIZE);
      if (gen !== this._gen) return;
      const seen = new Set(this._rows.map((r) => r.id));
      this._rows = this._rows.concat(page.rows.filter((r) => !seen.has(r.id)));
      this._next = page.next_before_id;
    } catch (err) {
      if (gen === this._gen) this._error = errorMessage(err);
    } finally {
      if (gen === this._gen) this._loading = false;
    }
  }

  private _setFilters(f: LogFilters) {
    this._filters = f;
    const url = `${window.location.pathname}${filtersToSearch(f)}${window.location.hash}`;
    window.history.replaceState(window.history.state, "", url);
    void this._reload();
  }

  private _change(key: keyof LogFilters, value: string) {
    const f: LogFilters = { ...this._filters };
    if (value) (f as Record<string, string>)[key] = value;
    else delete f[key];
    if (key === "start") delete f.range;
    this._setFilters(f);
  }

  private _quick(range: string) {
    const f: LogFilters = { ...this._filters };
    if (f.range === range) delete f.range;
    else f.range = range;
    delete f.start;
    this._setFilters(f);
  }

  private _clear() {
    this._setFilters({});
  }

  private async _export() {
    this._exporting = true;
    try {
      const href = await signPath(this.hass, csvPath(toQuery(this._filters, this._tz)));
      const a = document.createElement("a");
      a.href = href;
      a.download = "";
      a.rel = "noopener";
      a.style.display = "none";
      this.renderRoot.appendChild(a);
      a.click();
      a.remove();
    } catch (err) {
      this._error = t("log.export_failed", { error: errorMessage(err) });
    } finally {
      this._exporting = false;
    }
  }

  private _choiceOptions(choices: Choice[], selected?: string) {
    const known = choices.some((c) => c.id === selected);
    return html`${choices.map(
      (c) =>
        html`<option value=${c.id} ?selected=${c.id === selected}>
          ${c.deleted ? t("log.filters.deleted", { name: c.name }) : c.name}
        </option>`,
    )}${selected && !known ? html`<option value=${selected} selected>${selected}</option>` : nothing}`;
  }

  private _renderFilters() {
    const f = this._filters;
    const from = f.range ? rangeStartInput(f.range, new Date(), this._tz) : (f.start ?? "");
    return html`<div class="filters card" role="search" aria-label=${t("log.filters.label")}>
      <label class="field"
        >${t("log.filters.user")}
        <select id="f-user" @change=${(e: Event) => this._change("user_id", (e.target as HTMLSelectElement).value)}>
          <option value="" ?selected=${!f.user_id}>${t("log.filters.all_users")}</option>
          ${this._choiceOptions(this._choices.users, f.user_id)}
        </select>
      </label>
      <label class="field"
        >${t("log.filters.device")}
        <select
          id="f-device"
          @change=${(e: Event) => this._change("device_id", (e.target as HTMLSelectElement).value)}
        >
          <option value="" ?selected=${!f.device_id}>${t("log.filters.all_devices")}</option>
          ${this._choiceOptions(this._choices.devices, f.device_id)}
        </select>
      </label>
      <label class="field"
        >${t("log.filters.type")}
        <select
          id="f-type"
          @change=${(e: Event) => this._change("access_type", (e.target as HTMLSelectElement).value)}
        >
          <option value="" ?selected=${!f.access_type}>${t("log.filters.all_types")}</option>
          ${ACCESS_TYPES.map(
            (type) => html`<option value=${type} ?selected=${f.access_type === type}>${t(`access_type.${type}`)}</option>`,
          )}
        </select>
      </label>
      <label class="field"
        >${t("log.filters.result")}
        <select id="f-result" @change=${(e: Event) => this._change("result", (e.target as HTMLSelectElement).value)}>
          <option value="" ?selected=${!f.result}>${t("log.filters.all_results")}</option>
          ${RESULT_FILTERS.map(
            (v) => html`<option value=${v} ?selected=${f.result === v}>${t(`result.${v}`)}</option>`,
          )}
        </select>
      </label>
      <label class="field"
        >${t("log.filters.from")}
        <input
          id="f-start"
          type="datetime-local"
          .value=${from}
          @change=${(e: Event) => this._change("start", (e.target as HTMLInputElement).value)}
        />
      </label>
      <label class="field"
        >${t("log.filters.to")}
        <input
          id="f-end"
          type="datetime-local"
          .value=${f.end ?? ""}
          @change=${(e: Event) => this._change("end", (e.target as HTMLInputElement).value)}
        />
      </label>
      <div class="quick-wrap">
        <div class="field" style="display:flex;flex-direction:column;gap:4px">
          <span class="muted" style="font-size:12px">${t("log.filters.quick_range")}</span>
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
        </div>
        ${this._extraChips()}
        <button id="clear-filters" class="flat" ?disabled=${!hasFilters(f)} @click=${this._clear}>
          ${t("log.filters.clear")}
        </button>
      </div>
    </div>`;
  }

  /** Filters set from Reports or a red flag that have no select of their own: shown, removable. */
  private _extraChips() {
    const f = this._filters;
    const chips: [keyof LogFilters, string][] = [];
    if (f.door_id) {
      const name = this._choices.doors.find((d) => d.id === f.door_id)?.name ?? f.door_id;
      chips.push(["door_id", t("log.filters.door_chip", { name })]);
    }
    if (f.reason) chips.push(["reason", t("log.filters.reason_chip", { reason: reasonLabel(f.reason) })]);
    return chips.map(
      ([key, label]) =>
        html`<button class="flat" data-filter=${key} title=${t("common.remove_filter")} @click=${() => this._change(key, "")}>
          ${label} ✕
        </button>`,
    );
  }

  private _renderEmpty() {
    const filtered = hasFilters(this._filters);
    return html`<div class="empty" id="empty-state">
      <h3>${filtered ? t("log.empty.title_filtered") : t("log.empty.title_none")}</h3>
      <div class="muted">
        ${filtered
          ? tParts("log.empty.try_wider", {
              clear: html`<button class="flat" @click=${this._clear}>${t("log.filters.clear")}</button>`,
            })
          : t("log.empty.appear_here")}
      </div>
      <ul>
        <li>${t("log.empty.tip_device")}</li>
        <li>${t("log.empty.tip_driver")}</li>
        <li>
          ${tParts("log.empty.tip_try", {
            action: html`<code>gem_access.present_credential</code>`,
          })}
        </li>
        <li>${t("log.empty.tip_retention")}</li>
        <li>${t("log.empty.tip_range")}</li>
      </ul>
    </div>`;
  }

  render() {
    const showFilters = !this.narrow || this._filtersOpen;
    const empty = !this._loading && !this._rows.length && !this._error;
    return html`
      <div class="toolbar">
        <h2>
          ${t("log.title")}
          <span class="live ${this._live ? "on" : ""}" title=${t("log.live_title")}
            >${this._live ? t("log.live") : t("log.offline")}</span
          >
        </h2>
        ${this.narrow
          ? html`<button
              id="toggle-filters"
              aria-expanded=${this._filtersOpen ? "true" : "false"}
              @click=${() => (this._filtersOpen = !this._filtersOpen)}
            >
              ${t("log.filters_button")}${hasFilters(this._filters) ? " •" : ""}
            </button>`
          : nothing}
        <button id="export-csv" ?disabled=${this._exporting} @click=${this._export}>
          ${this._exporting ? t("log.exporting") : t("log.export")}
        </button>
        <button id="delete-old" @click=${() => this._delete?.open()}>${t("log.delete_old")}</button>
      </div>
      <gem-access-review-strip
        style="margin:12px 16px 0"
        .hass=${this.hass}
        .choices=${this._choices}
        .ready=${this._firstPage}
        @apply-filters=${(e: CustomEvent<LogFilters>) => this._setFilters(e.detail)}
      ></gem-access-review-strip>
      ${showFilters ? this._renderFilters() : nothing}
      ${this._error ? html`<div class="banner-error" style="margin:8px 16px 0">${this._error}</div>` : nothing}
      <div class="grid-card card">
        ${empty
          ? this._renderEmpty()
          : html`<gem-access-log-grid
              .rows=${this._rows}
              .narrow=${this.narrow}
              .timeZone=${this._tz}
              .locale=${this.hass?.locale?.language ?? this.hass?.language}
              .loading=${this._loading}
              .complete=${this._next == null}
              .bands=${this._bands}
              @load-more=${this._loadMore}
              @open-snapshot=${(e: CustomEvent<{ row: LogRow }>) => this._snapshot?.open(e.detail.row)}
            ></gem-access-log-grid>`}
      </div>
      <gem-access-snapshot-dialog
        .hass=${this.hass}
        .timeZone=${this._tz}
        .bands=${this._bands}
      ></gem-access-snapshot-dialog>
      <gem-access-delete-dialog
        .hass=${this.hass}
        @deleted=${() => {
          void this._reload();
          void this._strip?.refresh();
        }}
      ></gem-access-delete-dialog>
    `;
  }
}

define("gem-access-log-view", GemAccessLogView);
