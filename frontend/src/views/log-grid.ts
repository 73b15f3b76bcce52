import { LitElement, css, html, nothing } from "lit";
import type { PropertyValues } from "lit";
import { property, state } from "lit/decorators.js";
import { define } from "../define";
import { badge } from "../components/badge";
import { DEFAULT_BANDS, accessTypeLabel, matchBadge, reasonLabel, resultBadge } from "../format";
import type { MatchBands } from "../format";
import { formatTimestamp } from "../time";
import { t, tn } from "../localize";
import { baseStyles } from "../styles";
import type { LogRow } from "../types";

const ROW_HEIGHT = 44;
const CARD_HEIGHT = 124;
const OVERSCAN = 8;

/**
 * The log rows, windowed: only the rows in view (plus a margin) are in the DOM, so 10,000 loaded
 * rows scroll as smoothly as 100. Rows have a fixed height (a table on wide screens, cards on
 * narrow ones); the element is its own scroll container.
 */
export class GemAccessLogGrid extends LitElement {
  @property({ attribute: false }) rows: LogRow[] = [];
  @property({ type: Boolean, reflect: true }) narrow = false;
  @property() timeZone = "UTC";
  @property() locale?: string;
  @property({ type: Boolean }) loading = false;
  @property({ type: Boolean }) complete = false;
  /** the Match column's thresholds (settings) */
  @property({ attribute: false }) bands: MatchBands = DEFAULT_BANDS;

  @state() private _first = 0;
  @state() private _count = 40;

  private _observer?: IntersectionObserver;
  private _raf = 0;
  private _timeCache = new Map<number, string>();
  private _tzKey = "";
  private _topId: number | null = null;

  static styles = [
    baseStyles,
    css`
      :host {
        display: block;
        overflow: auto;
        position: relative;
        contain: strict;
        -webkit-overflow-scrolling: touch;
      }
      .table {
        min-width: 900px;
      }
      .row {
        display: grid;
        grid-template-columns:
          52px 200px minmax(80px, 1fr) minmax(90px, 1fr) 48px 112px minmax(90px, 1.3fr)
          minmax(90px, 1fr) 76px 44px;
        align-items: center;
        height: ${ROW_HEIGHT}px;
        border-bottom: 1px solid var(--ga-border);
        font-size: 14px;
        padding: 0 8px;
      }
      .row > * {
        padding: 0 6px;
        overflow: hidden;
        text-overflow: ellipsis;
        white-space: nowrap;
      }
      .head {
        position: sticky;
        top: 0;
        z-index: 1;
        background: var(--table-header-background-color, var(--ga-surface));
        color: var(--ga-muted);
        font-weight: 500;
        font-size: 12px;
        text-transform: uppercase;
        letter-spacing: 0.03em;
      }
      .body .row:hover {
        background: var(--table-row-alternative-background-color, rgba(127, 127, 127, 0.06));
      }
      .id {
        font-variant-numeric: tabular-nums;
        color: var(--ga-muted);
      }
      .row > .camcell {
        padding: 0;
      }
      .cam {
        padding: 0;
        min-height: 32px;
        width: 36px;
        justify-content: center;
        border-color: transparent;
        background: transparent;
      }
      .cam svg {
        width: 20px;
        height: 20px;
        fill: var(--ga-muted);
      }
      .cam.stored svg {
        fill: var(--primary-color);
      }
      /* nothing stored: still clickable (the NVR recording or the camera may have a picture), but dim */
      .cam.none svg {
        opacity: 0.35;
      }
      .cam:hover svg {
        fill: var(--primary-color);
        opacity: 1;
      }
      .cards {
        padding: 8px;
      }
      .rowcard {
        height: ${CARD_HEIGHT - 8}px;
        margin-bottom: 8px;
        padding: 10px 12px;
        display: grid;
        grid-template-columns: 1fr auto;
        grid-template-rows: auto auto auto auto;
        gap: 2px 8px;
        font-size: 14px;
        overflow: hidden;
      }
      .rowcard .line {
        overflow: hidden;
        text-overflow: ellipsis;
        white-space: nowrap;
      }
      .rowcard .who {
        font-weight: 500;
      }
      .rowcard .right {
        justify-self: end;
      }
      .rowcard .match .k {
        font-size: 12px;
        color: var(--ga-muted);
      }
      .rowcard .small {
        font-size: 12px;
        color: var(--ga-muted);
      }
      .spacer {
        width: 1px;
      }
      .footer {
        padding: 16px;
        text-align: center;
        color: var(--ga-muted);
        font-size: 13px;
        min-height: 48px;
      }
      .new {
        animation: flash 1.2s ease-out;
      }
      @keyframes flash {
        from {
          background: rgba(var(--rgb-primary-color, 3, 169, 244), 0.25);
        }
        to {
          background: transparent;
        }
      }
    `,
  ];

  connectedCallback(): void {
    super.connectedCallback();
    this.addEventListener("scroll", this._onScroll, { passive: true });
  }

  disconnectedCallback(): void {
    super.disconnectedCallback();
    this.removeEventListener("scroll", this._onScroll);
    this._observer?.disconnect();
    this._observer = undefined;
    cancelAnimationFrame(this._raf);
  }

  private get _itemHeight(): number {
    return this.narrow ? CARD_HEIGHT : ROW_HEIGHT;
  }

  private _onScroll = () => {
    if (this._raf) return;
    this._raf = requestAnimationFrame(() => {
      this._raf = 0;
      this._measure();
    });
  };

  private _measure() {
    const h = this._itemHeight;
    const top = Math.max(0, this.scrollTop - (this.narrow ? 8 : ROW_HEIGHT));
    const first = Math.max(0, Math.floor(top / h) - OVERSCAN);
    const count = Math.ceil((this.clientHeight || 800) / h) + OVERSCAN * 2;
    if (first !== this._first || count !== this._count) {
      this._first = first;
      this._count = count;
    }
    this._checkMore();
  }

  /** Near the end of the loaded rows: ask for the next page (the observer alone can miss it). */
  private _checkMore() {
    if (this.scrollHeight - this.scrollTop - this.clientHeight < 1200) this._needMore();
  }

  /** Rows prepended while the user looks further down: keep the view still. */
  protected willUpdate(changed: PropertyValues<this>): void {
    if (changed.has("rows")) {
      const newTop = this.rows[0]?.id ?? null;
      if (this._topId !== null && newTop !== null && newTop > this._topId && this.scrollTop > 0) {
        const added = this.rows.findIndex((r) => r.id === this._topId);
        if (added > 0) this.scrollTop += added * this._itemHeight;
      }
      this._topId = newTop;
    }
    const tzKey = `${this.timeZone}|${this.locale ?? ""}`;
    if (tzKey !== this._tzKey) {
      this._tzKey = tzKey;
      this._timeCache.clear();
    }
  }

  protected updated(changed: PropertyValues<this>): void {
    if (changed.has("rows") && this.rows.length && !changed.get("rows")?.length) {
      // first rows on screen (the browser tests read this mark)
      performance.mark("gem-access:rows-rendered");
    }
    if (changed.has("narrow")) this._measure();
    if (!this._observer) {
      const sentinel = this.renderRoot.querySelector(".footer");
      if (sentinel) {
        this._observer = new IntersectionObserver(
          (entries) => {
            if (entries.some((e) => e.isIntersecting)) this._needMore();
          },
          { root: this, rootMargin: "0px 0px 800px 0px" },
        );
        this._observer.observe(sentinel);
      }
    }
    if (changed.has("rows") || changed.has("loading")) {
      // a page that did not fill the view: the sentinel stays visible and fires no new event
      if (!this.loading && !this.complete) this._checkMore();
    }
  }

  private _needMore() {
    if (this.loading || this.complete || !this.rows.length) return;
    this.dispatchEvent(new CustomEvent("load-more", { bubbles: true, composed: true }));
  }

  /** Scroll back to the newest rows (filters changed). */
  resetScroll() {
    this.scrollTop = 0;
    this._first = 0;
  }

  private _time(row: LogRow): string {
    let t = this._timeCache.get(row.id);
    if (t === undefined) {
      t = formatTimestamp(row.timestamp, this.timeZone, this.locale);
      this._timeCache.set(row.id, t);
    }
    return t;
  }

  private _open(row: LogRow) {
    this.dispatchEvent(
      new CustomEvent("open-snapshot", { detail: { row }, bubbles: true, composed: true }),
    );
  }

  private _camera(row: LogRow) {
    const label = row.has_snapshot
      ? t("log.grid.media", { id: row.id })
      : t("log.grid.media_none", { id: row.id });
    return html`<button
      class="cam ${row.has_snapshot ? "stored" : "none"}"
      title=${label}
      aria-label=${label}
      data-log-id=${row.id}
      data-has-snapshot=${row.has_snapshot ? "true" : "false"}
      @click=${() => this._open(row)}
    >
      <svg viewBox="0 0 24 24" aria-hidden="true">
        <path
          d="M4,4H7L9,2H15L17,4H20A2,2 0 0,1 22,6V18A2,2 0 0,1 20,20H4A2,2 0 0,1 2,18V6A2,2 0 0,1 4,4M12,7A5,5 0 0,0 7,12A5,5 0 0,0 12,17A5,5 0 0,0 17,12A5,5 0 0,0 12,7M12,9A3,3 0 0,1 15,12A3,3 0 0,1 12,15A3,3 0 0,1 9,12A3,3 0 0,1 12,9Z"
        />
      </svg>
    </button>`;
  }

  private _row(row: LogRow) {
    const who = row.user_name ?? (row.user_id ? row.user_id : "—");
    const where = row.device_name ?? row.device_id ?? row.door_name ?? "—";
    return html`<div class="row" role="row" data-id=${row.id}>
      <span class="id" role="cell">${row.id}</span>
      <span role="cell" class="ts">${this._time(row)}</span>
      <span role="cell" class="user" title=${who}>${who}</span>
      <span role="cell" class="device" title=${where}>${where}</span>
      <span role="cell">${accessTypeLabel(row.access_type)}</span>
      <span role="cell" class="result">${badge(resultBadge(row))}</span>
      <span role="cell" class="action" title=${row.action_details ?? ""}>${row.action_details ?? "—"}</span>
      <span role="cell" class="reason" title=${row.reason ?? ""}>${reasonLabel(row.reason, row.access_type)}</span>
      <span role="cell" class="match">${badge(matchBadge(row, this.bands))}</span>
      <span role="cell" class="camcell">${this._camera(row)}</span>
    </div>`;
  }

  private _card(row: LogRow) {
    const who = row.user_name ?? (row.user_id ? row.user_id : "—");
    const where = row.device_name ?? row.device_id ?? row.door_name ?? "—";
    return html`<div class="rowcard card" data-id=${row.id}>
      <span class="line who user">${who}</span>
      <span class="right result">${badge(resultBadge(row))}</span>
      <span class="line device">${where} · ${accessTypeLabel(row.access_type)}</span>
      <span class="right match"><span class="k">${t("log.grid.match")}</span> ${badge(matchBadge(row, this.bands))}</span>
      <span class="line small">${reasonLabel(row.reason, row.access_type)}${row.action_details
          ? html` · <span class="action">${row.action_details}</span>`
          : nothing}</span>
      <span class="right" style="grid-row: span 2">${this._camera(row)}</span>
      <span class="line small ts">#${row.id} · ${this._time(row)}</span>
    </div>`;
  }

  render() {
    const h = this._itemHeight;
    const total = this.rows.length;
    const first = Math.min(this._first, Math.max(0, total - 1));
    const last = Math.min(total, first + this._count);
    const visible = this.rows.slice(first, last);
    const before = first * h;
    const after = (total - last) * h;
    const footer = html`<div class="footer" role="status">
      ${this.loading ? t("common.loading") : this.complete && total ? tn("log.grid.total", total) : ""}
    </div>`;
    if (this.narrow) {
      return html`<div class="cards" role="list" aria-label=${t("log.grid.label")}>
          <div class="spacer" style="height:${before}px"></div>
          ${visible.map((r) => this._card(r))}
          <div class="spacer" style="height:${after}px"></div>
        </div>
        ${footer}`;
    }
    return html`<div class="table" role="table" aria-label=${t("log.grid.label")} aria-rowcount=${total}>
        <div class="row head" role="row">
          <span role="columnheader">${t("log.grid.id")}</span>
          <span role="columnheader">${t("log.grid.timestamp")}</span>
          <span role="columnheader">${t("log.grid.user")}</span>
          <span role="columnheader">${t("log.grid.device")}</span>
          <span role="columnheader">${t("log.grid.type")}</span>
          <span role="columnheader">${t("log.grid.result")}</span>
          <span role="columnheader">${t("log.grid.action")}</span>
          <span role="columnheader">${t("log.grid.reason")}</span>
          <span role="columnheader">${t("log.grid.match")}</span>
          <span role="columnheader"><span class="sr-only">${t("log.grid.image")}</span></span>
        </div>
        <div class="body" role="rowgroup">
          <div class="spacer" style="height:${before}px"></div>
          ${visible.map((r) => this._row(r))}
          <div class="spacer" style="height:${after}px"></div>
        </div>
      </div>
      ${footer}`;
  }
}

define("gem-access-log-grid", GemAccessLogGrid);
