import { LitElement, css, html, nothing } from "lit";
import { property, query, state } from "lit/decorators.js";
import { define } from "../define";
import { baseStyles } from "../styles";
import { countLog, deleteOldLogs, errorMessage, getSettings } from "../api";
import type { HomeAssistant } from "../types";
import { plural, parts, t, tn } from "../localize";

const DAY_MS = 86_400_000;

/** The instant before which Delete Old Logs removes rows: now − keep_days × 24 h (as the backend). */
export function deleteCutoff(keepDays: number, now: Date = new Date()): Date {
  return new Date(now.getTime() - keepDays * DAY_MS);
}

/** How many rows lie before the cutoff of `keepDays`: an exact count (log/count, `end` exclusive). */
export function countOlderThan(hass: HomeAssistant, keepDays: number, now: Date = new Date()): Promise<number> {
  return countLog(hass, { end: deleteCutoff(keepDays, now).toISOString() });
}

/** Delete Old Logs: days to keep, how many rows go, an irreversible-warning, confirm, result. */
export class GemAccessDeleteDialog extends LitElement {
  @property({ attribute: false }) hass!: HomeAssistant;

  @state() private _days = "90";
  @state() private _count?: number;
  @state() private _counting = false;
  @state() private _busy = false;
  @state() private _error = "";
  @state() private _done?: number;

  @query("dialog") private _dialog?: HTMLDialogElement;
  private _gen = 0;
  private _timer?: number;

  static styles = [
    baseStyles,
    css`
      dialog {
        max-width: 480px;
      }
      .warn {
        border-left: 4px solid var(--ga-error);
        padding: 8px 12px;
        margin: 12px 0;
        background: rgba(var(--rgb-error-color, 219, 68, 55), 0.08);
      }
      .count {
        font-size: 15px;
        margin-top: 12px;
      }
      input {
        width: 140px;
      }
    `,
  ];

  async open() {
    this._done = undefined;
    this._error = "";
    this._count = undefined;
    try {
      const settings = await getSettings(this.hass);
      if (settings.retention_days) this._days = String(settings.retention_days);
    } catch {
      /* keep the default */
    }
    await this.updateComplete;
    this._dialog?.showModal();
    this._recount();
  }

  private get _validDays(): number | null {
    if (!/^\d{1,5}$/.test(this._days.trim())) return null;
    const n = Number(this._days);
    return n <= 36500 ? n : null;
  }

  private _recount() {
    window.clearTimeout(this._timer);
    const days = this._validDays;
    this._count = undefined;
    this._error = "";
    const gen = ++this._gen;
    if (days === null) {
      this._counting = false;
      return;
    }
    this._counting = true;
    this._timer = window.setTimeout(async () => {
      try {
        const count = await countOlderThan(this.hass, days);
        if (gen === this._gen) this._count = count;
      } catch (err) {
        if (gen === this._gen) this._error = errorMessage(err);
      } finally {
        if (gen === this._gen) this._counting = false;
      }
    }, 250);
  }

  private async _confirm() {
    const days = this._validDays;
    if (days === null) return;
    this._busy = true;
    this._error = "";
    try {
      const res = await deleteOldLogs(this.hass, days);
      this._done = res.deleted;
      this.dispatchEvent(new CustomEvent("deleted", { detail: res }));
    } catch (err) {
      this._error = errorMessage(err);
    } finally {
      this._busy = false;
    }
  }

  private _countText() {
    if (this._validDays === null) return html`<span class="error-text">${t("delete_logs.invalid_days")}</span>`;
    if (this._counting) return html`<span class="muted">${t("delete_logs.counting")}</span>`;
    if (this._count === undefined) return nothing;
    const count = this._count;
    const days = Number(this._days);
    const older = days === 0 ? t("delete_logs.everything") : tn("delete_logs.older_than", days);
    return parts(plural("delete_logs.will_delete", count), {
      count: html`<strong id="delete-count" data-count=${count}>${count.toLocaleString()}</strong>`,
      older,
    });
  }

  render() {
    const none = this._count === 0;
    return html`<dialog aria-labelledby="del-title" @close=${() => this._gen++}>
      <div class="dlg-head"><h2 id="del-title">${t("delete_logs.title")}</h2></div>
      <div class="dlg-body">
        ${this._done !== undefined
          ? html`<p id="delete-result" role="status">
              ${tn("delete_logs.deleted", this._done, { count: this._done.toLocaleString() })}
            </p>`
          : html`<label class="field"
                >${t("delete_logs.days_to_keep")}
                <input
                  id="keep-days"
                  type="number"
                  min="0"
                  max="36500"
                  step="1"
                  inputmode="numeric"
                  .value=${this._days}
                  @input=${(e: Event) => {
                    this._days = (e.target as HTMLInputElement).value;
                    this._recount();
                  }}
                />
              </label>
              <div class="count" role="status">${this._countText()}</div>
              <div class="warn">
                <strong>${t("delete_logs.cannot_undo")}</strong> ${t("delete_logs.warning")}
              </div>`}
        ${this._error ? html`<div class="banner-error">${this._error}</div>` : nothing}
      </div>
      <div class="dlg-actions">
        ${this._done !== undefined
          ? html`<button class="primary" @click=${() => this._dialog?.close()}>${t("common.close")}</button>`
          : html`<button @click=${() => this._dialog?.close()}>${t("common.cancel")}</button>
              <button
                id="confirm-delete"
                class="danger"
                ?disabled=${this._busy || this._validDays === null || this._counting || !!none}
                @click=${this._confirm}
              >
                ${this._busy ? t("delete_logs.deleting") : t("common.delete")}
              </button>`}
      </div>
    </dialog>`;
  }
}

define("gem-access-delete-dialog", GemAccessDeleteDialog);
