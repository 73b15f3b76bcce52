/**
 * Events over time, stacked by result. The element is in the panel; the chart library (uPlot) is
 * imported on first use from its own chunk, so the log grid never waits for it.
 */
import { LitElement, css, html, unsafeCSS } from "lit";
import type { PropertyValues } from "lit";
import { property, query, state } from "lit/decorators.js";
import { define } from "../define";
import { RESULTS, RESULT_COLORS, resultLabel } from "../insights";
import { t } from "../localize";
import type { StackedSeries } from "../insights";
import type { StatsBucket } from "../types";
import type { StackedBars } from "../charts/stacked-bars";

const HEIGHT = 240;

type ChartModule = typeof import("../charts/stacked-bars");
let chartModule: Promise<ChartModule> | undefined;
/** The chart chunk, fetched once (the Reports tab starts it early, beside its data). */
export const loadChart = (): Promise<ChartModule> => (chartModule ??= import("../charts/stacked-bars"));

/** A theme variable's current value (HA sets them on an ancestor; a canvas needs real colours). */
function themeColor(el: Element, name: string, fallback: string): string {
  return getComputedStyle(el).getPropertyValue(name).trim() || fallback;
}

function readout(date: Date, bucket: StatsBucket, timeZone: string, locale?: string): string {
  const opts: Intl.DateTimeFormatOptions =
    bucket === "hour"
      ? { timeZone, weekday: "short", month: "short", day: "numeric", hour: "2-digit", minute: "2-digit" }
      : { timeZone, weekday: bucket === "day" ? "short" : undefined, year: "numeric", month: "short", day: "numeric" };
  try {
    return new Intl.DateTimeFormat(locale || undefined, opts).format(date);
  } catch {
    return date.toISOString();
  }
}

export class GemAccessTimeline extends LitElement {
  @property({ attribute: false }) series?: StackedSeries;
  @property() bucket: StatsBucket = "day";
  @property() timeZone = "UTC";
  @property() locale?: string;
  /** HA's dark mode: colours are read again from the theme when it flips */
  @property({ type: Boolean }) dark = false;

  @state() private _hover: number | null = null;
  @state() private _error = "";
  @query(".plot") private _host?: HTMLDivElement;

  private _chart?: StackedBars;
  private _resize?: ResizeObserver;
  private _gen = 0;

  static styles = css`
    :host {
      display: block;
      position: relative;
    }
    .plot {
      width: 100%;
      min-height: ${HEIGHT}px;
      cursor: pointer;
    }
    .legend {
      display: flex;
      flex-wrap: wrap;
      gap: 4px 14px;
      font-size: 12px;
      color: var(--secondary-text-color);
      min-height: 18px;
      align-items: center;
    }
    .legend .when {
      font-weight: 500;
      color: var(--primary-text-color);
    }
    .sw {
      display: inline-block;
      width: 10px;
      height: 10px;
      border-radius: 2px;
      margin-right: 4px;
      vertical-align: -1px;
    }
  `;

  connectedCallback(): void {
    super.connectedCallback();
    this._resize = new ResizeObserver(() => {
      const w = this._host?.clientWidth ?? 0;
      if (this._chart && w && Math.abs(w - this._chart.width()) > 1) this._chart.setSize(w, HEIGHT);
    });
    this._resize.observe(this);
  }

  disconnectedCallback(): void {
    super.disconnectedCallback();
    this._resize?.disconnect();
    this._chart?.destroy();
    this._chart = undefined;
    this._gen++;
  }

  protected updated(changed: PropertyValues<this>): void {
    if (changed.has("series") || changed.has("dark") || changed.has("bucket") || changed.has("timeZone")) {
      void this._draw();
    }
  }

  private async _draw() {
    const gen = ++this._gen;
    let mod: ChartModule;
    try {
      mod = await loadChart();
    } catch (err) {
      this._error = t("reports.chart.failed", { error: String(err) });
      return;
    }
    const host = this._host;
    const s = this.series;
    if (gen !== this._gen || !host || !s) return;
    this._adoptCss(mod.CHART_CSS);
    this._chart?.destroy();
    this._chart = mod.createStackedBars(host, {
      width: host.clientWidth || 600,
      height: HEIGHT,
      timeZone: this.timeZone,
      x: s.x,
      stacked: s.stacked,
      labels: RESULTS.map((k) => resultLabel(k)),
      colors: RESULTS.map((k) => themeColor(this, ...RESULT_COLORS[k])),
      axisColor: themeColor(this, "--secondary-text-color", this.dark ? "#9e9e9e" : "#727272"),
      gridColor: themeColor(this, "--divider-color", "rgba(127,127,127,0.25)"),
      onHover: (i) => (this._hover = i),
      onClick: (index) =>
        this.dispatchEvent(new CustomEvent("bucket-click", { detail: { index }, bubbles: true, composed: true })),
    });
  }

  private _cssAdopted = false;
  private _adoptCss(text: string) {
    if (this._cssAdopted || !this.shadowRoot) return;
    this._cssAdopted = true;
    const sheet = unsafeCSS(text).styleSheet;
    if (sheet) this.shadowRoot.adoptedStyleSheets = [...this.shadowRoot.adoptedStyleSheets, sheet];
    else {
      const style = document.createElement("style");
      style.textContent = text;
      this.shadowRoot.appendChild(style);
    }
  }

  private _legend() {
    const s = this.series;
    const i = this._hover;
    if (!s) return html``;
    const swatch = (k: (typeof RESULTS)[number]) => {
      const [name, fallback] = RESULT_COLORS[k];
      return html`<span class="sw" style="background: var(${name}, ${fallback})"></span>`;
    };
    if (i == null || i >= s.x.length) {
      return html`${RESULTS.map((k) => html`<span>${swatch(k)}${resultLabel(k)}</span>`)}
        <span>${t("reports.chart.hint")}</span>`;
    }
    return html`<span class="when">${readout(new Date(s.x[i] * 1000), this.bucket, this.timeZone, this.locale)}</span>
      ${RESULTS.map((k, r) => html`<span>${swatch(k)}${resultLabel(k)} ${s.raw[r][i]}</span>`)}`;
  }

  render() {
    return html`<div class="plot" role="img" aria-label=${t("reports.chart.label")}></div>
      <div class="legend">${this._error || this._legend()}</div>`;
  }
}

define("gem-access-timeline", GemAccessTimeline);
