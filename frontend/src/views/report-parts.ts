/** The Reports tab's plain-HTML parts: summary cards, the peak-hours heatmap, the top lists. */
import { LitElement, css, html, nothing } from "lit";
import { property } from "lit/decorators.js";
import { define } from "../define";
import { baseStyles } from "../styles";
import { RESULTS, RESULT_COLORS, WEEKDAYS, heatmap, resultLabel, topLabel, totalOf } from "../insights";
import { t, tn } from "../localize";
import type { SummaryCard } from "../insights";
import type { StatsTop } from "../types";

const nf = new Intl.NumberFormat();

/** Summary cards; a card with a filter is a button that opens the log with it. */
export class GemAccessSummaryCards extends LitElement {
  @property({ attribute: false }) cards: SummaryCard[] = [];

  static styles = [
    baseStyles,
    css`
      :host {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(150px, 1fr));
        gap: 12px;
      }
      .tile {
        display: flex;
        flex-direction: column;
        align-items: flex-start;
        gap: 2px;
        padding: 12px 14px;
        min-height: 0;
        text-align: left;
        font-weight: 400;
        border-radius: var(--ga-radius);
        background: var(--ga-surface);
        border: 1px solid var(--ga-border);
      }
      .label {
        font-size: 13px;
        color: var(--ga-muted);
      }
      .value {
        font-size: 28px;
        line-height: 1.15;
      }
      .sub {
        font-size: 12px;
        color: var(--ga-muted);
      }
      .up.bad,
      .down.good {
        color: var(--ga-error);
      }
      .down.bad,
      .up.good {
        color: var(--ga-success);
      }
    `,
  ];

  private _change(c: SummaryCard) {
    if (c.change === null) return html`<span class="sub">${t("reports.cards.no_previous")}</span>`;
    const dir = c.change > 0 ? "up" : c.change < 0 ? "down" : "flat";
    const arrow = dir === "up" ? "▲" : dir === "down" ? "▼" : "=";
    return html`<span class="sub ${dir} ${c.riseIsBad ? "bad" : "good"}" data-change=${c.change}
      >${arrow} ${t("reports.cards.change", { change: Math.abs(c.change) })}</span
    >`;
  }

  render() {
    return html`${this.cards.map((c) => {
      const body = html`<span class="label">${c.label}</span>
        <span class="value">${nf.format(c.value)}</span>
        ${c.share !== null ? html`<span class="sub">${t("reports.cards.share", { share: c.share })}</span>` : nothing}
        ${this._change(c)}`;
      return c.filter
        ? html`<button class="tile" data-card=${c.key} title=${t("reports.cards.show_in_log")}
            @click=${() => this.dispatchEvent(new CustomEvent("drill", { detail: c.filter }))}>${body}</button>`
        : html`<div class="tile" data-card=${c.key}>${body}</div>`;
    })}`;
  }
}

/** Hour of day × weekday, shaded by count: when the doors are busy (and when they should not be). */
export class GemAccessHeatmap extends LitElement {
  @property({ attribute: false }) data: number[][] = [];

  static styles = [
    baseStyles,
    css`
      :host {
        display: block;
        overflow-x: auto;
      }
      table {
        border-collapse: separate;
        border-spacing: 2px;
        width: 100%;
        min-width: 560px;
        table-layout: fixed;
        font-size: 11px;
      }
      th {
        font-weight: 400;
        color: var(--ga-muted);
      }
      th.day {
        width: 36px;
        text-align: left;
      }
      td {
        height: 18px;
        border-radius: 3px;
        background: color-mix(in srgb, var(--primary-color) calc(var(--l) * 100%), var(--secondary-background-color, rgba(127, 127, 127, 0.1)));
      }
      td.zero {
        background: var(--secondary-background-color, rgba(127, 127, 127, 0.1));
      }
    `,
  ];

  render() {
    const { cells, max } = heatmap(this.data);
    const hh = (h: number) => `${String(h).padStart(2, "0")}:00`;
    return html`<table aria-label=${t("reports.heatmap.label")}>
      <thead>
        <tr>
          <th class="day"></th>
          ${Array.from({ length: 24 }, (_, h) => html`<th scope="col">${h % 3 === 0 ? h : ""}</th>`)}
        </tr>
      </thead>
      <tbody>
        ${cells.map(
          (row, d) => html`<tr>
            <th class="day" scope="row">${t(`days.${WEEKDAYS[d]}`)}</th>
            ${row.map(
              (c) => html`<td
                class=${c.count ? "" : "zero"}
                style="--l:${(0.15 + 0.85 * c.level).toFixed(3)}"
                data-count=${c.count}
                title=${tn("reports.heatmap.cell", c.count, {
                  day: t(`days.${WEEKDAYS[d]}`),
                  from: hh(c.hour),
                  to: hh(c.hour + 1),
                })}
              ></td>`,
            )}
          </tr>`,
        )}
      </tbody>
    </table>
    <div class="muted" style="font-size:12px;margin-top:4px">${tn("reports.heatmap.busiest", max)}</div>`;
  }
}

/** A top-10 list with bars stacked by result; a click filters the log by that entry. */
export class GemAccessTopList extends LitElement {
  @property() kind: "users" | "devices" | "reasons" = "users";
  @property() heading = "";
  @property({ attribute: false }) entries: StatsTop[] = [];

  static styles = [
    baseStyles,
    css`
      :host {
        display: block;
      }
      h3 {
        margin: 0 0 8px;
        font-size: 15px;
        font-weight: 500;
      }
      ol {
        list-style: none;
        margin: 0;
        padding: 0;
        display: flex;
        flex-direction: column;
        gap: 2px;
      }
      button {
        width: 100%;
        display: grid;
        grid-template-columns: minmax(0, 2fr) minmax(0, 3fr) auto;
        gap: 8px;
        align-items: center;
        border: none;
        background: transparent;
        font-weight: 400;
        text-align: left;
        min-height: 30px;
        padding: 4px 6px;
      }
      .name {
        overflow: hidden;
        text-overflow: ellipsis;
        white-space: nowrap;
      }
      .bar {
        display: flex;
        height: 10px;
        border-radius: 3px;
        overflow: hidden;
      }
      .n {
        font-variant-numeric: tabular-nums;
        color: var(--ga-muted);
        font-size: 13px;
      }
    `,
  ];

  render() {
    const max = Math.max(1, ...this.entries.map((e) => totalOf(e.counts)));
    return html`<h3>${this.heading}</h3>
      ${this.entries.length
        ? html`<ol>
            ${this.entries.map((e) => {
              const total = totalOf(e.counts);
              return html`<li>
                <button
                  class="top"
                  data-id=${e.id}
                  title=${t("reports.top.show_in_log")}
                  @click=${() => this.dispatchEvent(new CustomEvent("pick", { detail: { kind: this.kind, id: e.id }, bubbles: true }))}
                >
                  <span class="name">${topLabel(this.kind, e)}</span>
                  <span class="bar" style="width:${((total / max) * 100).toFixed(1)}%">
                    ${RESULTS.filter((k) => e.counts?.[k]).map((k) => {
                      const [v, fb] = RESULT_COLORS[k];
                      return html`<span
                        style="flex:${e.counts[k]};background:var(${v}, ${fb})"
                        title=${t("reports.top.bar", { result: resultLabel(k), count: e.counts[k] })}
                      ></span>`;
                    })}
                  </span>
                  <span class="n">${nf.format(total)}</span>
                </button>
              </li>`;
            })}
          </ol>`
        : html`<div class="muted">${t("reports.top.nothing")}</div>`}`;
  }
}

define("gem-access-summary-cards", GemAccessSummaryCards);
define("gem-access-heatmap", GemAccessHeatmap);
define("gem-access-top-list", GemAccessTopList);
