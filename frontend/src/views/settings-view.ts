import { LitElement, css, html, nothing } from "lit";
import { property, state } from "lit/decorators.js";
import { define } from "../define";
import { baseStyles } from "../styles";
import { deleteAllBiometrics, errorField, errorMessage, getSettings, updateSettings } from "../api";
import type { HomeAssistant, Settings } from "../types";
import { t, tn } from "../localize";

/** The number settings; their label and help are `settings.numbers.<key>` and `<key>_help`. */
type NumberKey =
  | "retention_days"
  | "snapshot_retention_days"
  | "cooldown_failures"
  | "cooldown_window_s"
  | "cooldown_s"
  | "forced_grace_s"
  | "default_held_open_threshold_sec"
  | "match_green_threshold"
  | "match_amber_threshold";

interface NumberField {
  key: NumberKey & keyof Settings;
  min: number;
  max: number;
  optional?: boolean;
}

const NUMBER_FIELDS: NumberField[] = [
  { key: "retention_days", min: 0, max: 36500 },
  { key: "snapshot_retention_days", min: 0, max: 36500 },
  { key: "cooldown_failures", min: 0, max: 100 },
  { key: "cooldown_window_s", min: 1, max: 86400 },
  { key: "cooldown_s", min: 0, max: 86400 },
  { key: "forced_grace_s", min: 0, max: 300 },
  { key: "default_held_open_threshold_sec", min: 5, max: 86400, optional: true },
  { key: "match_green_threshold", min: 1, max: 100 },
  { key: "match_amber_threshold", min: 0, max: 100 },
];

/** System settings: facial recognition (with the privacy acknowledgement), retention, cooldown. */
export class GemAccessSettingsView extends LitElement {
  @property({ attribute: false }) hass!: HomeAssistant;
  @property({ type: Boolean, reflect: true }) narrow = false;

  @state() private _settings?: Settings;
  @state() private _values: Record<string, unknown> = {};
  @state() private _ack = false;
  @state() private _errors: Record<string, string> = {};
  @state() private _formError = "";
  @state() private _saved = false;
  @state() private _saving = false;
  @state() private _erased = "";
  private _requested = false;

  static styles = [
    baseStyles,
    css`
      :host {
        display: block;
        padding: 12px 16px 24px;
        overflow: auto;
        height: 100%;
      }
      :host([narrow]) {
        padding: 8px;
      }
      h2 {
        font-size: 20px;
        font-weight: 400;
        margin: 0 0 12px;
      }
      section {
        padding: 16px;
        margin-bottom: 16px;
        max-width: 820px;
      }
      h3 {
        margin: 0 0 8px;
        font-weight: 500;
        font-size: 16px;
      }
      .grid {
        display: grid;
        grid-template-columns: repeat(auto-fill, minmax(230px, 1fr));
        gap: 12px 16px;
      }
      .grid input {
        width: 100%;
      }
      .privacy {
        font-size: 13px;
        border-left: 4px solid var(--ga-warning);
        padding: 8px 12px;
        margin: 8px 0;
        line-height: 1.5;
      }
      .help {
        font-size: 12px;
        color: var(--ga-muted);
      }
      .field-error {
        color: var(--ga-error);
        font-size: 12px;
      }
      .actions {
        display: flex;
        gap: 12px;
        align-items: center;
      }
      .ok {
        color: var(--ga-success);
      }
    `,
  ];

  protected willUpdate(): void {
    if (this.hass && !this._requested) {
      this._requested = true;
      void this._load();
    }
  }

  private async _load() {
    try {
      this._settings = await getSettings(this.hass);
      this._values = { ...this._settings };
      this._ack = false;
    } catch (err) {
      this._formError = errorMessage(err);
    }
  }

  private _set(key: string, value: unknown) {
    this._values = { ...this._values, [key]: value };
    this._saved = false;
    if (this._errors[key]) this._errors = {};
  }

  private get _turningOn(): boolean {
    return !!this._values.facial_recognition_enabled && !this._settings?.facial_recognition_enabled;
  }

  private async _save() {
    if (!this._settings) return;
    this._errors = {};
    this._formError = "";
    const payload: Record<string, unknown> = {};
    for (const f of NUMBER_FIELDS) {
      const raw = this._values[f.key];
      const value = raw === "" || raw === null || raw === undefined ? (f.optional ? null : raw) : Number(raw);
      if (value !== this._settings[f.key]) payload[f.key] = value;
    }
    const frigate = String(this._values.frigate_url ?? "").trim() || null;
    if (frigate !== (this._settings.frigate_url ?? null)) payload.frigate_url = frigate;
    if (this._values.facial_recognition_enabled !== this._settings.facial_recognition_enabled) {
      payload.facial_recognition_enabled = !!this._values.facial_recognition_enabled;
      if (this._turningOn) {
        if (!this._ack) {
          this._errors = { privacy_acknowledged: t("settings.face.acknowledge_required") };
          return;
        }
        payload.privacy_acknowledged = true;
      }
    }
    if (!Object.keys(payload).length) {
      this._saved = true;
      return;
    }
    this._saving = true;
    try {
      this._settings = await updateSettings(this.hass, payload);
      this._values = { ...this._settings };
      this._ack = false;
      this._saved = true;
    } catch (err) {
      const field = errorField(err);
      if (field) this._errors = { [field]: errorMessage(err) };
      else if ((err as { translation_key?: string }).translation_key === "privacy_acknowledgement_required")
        this._errors = { privacy_acknowledged: errorMessage(err) };
      else this._formError = errorMessage(err);
    } finally {
      this._saving = false;
    }
  }

  /** Who acknowledged the privacy notice, and the erase action (offered with turning it off). */
  private _biometrics() {
    const s = this._settings!;
    const turningOff = !this._values.facial_recognition_enabled && s.facial_recognition_enabled;
    const ackDate = s.privacy_acknowledged_at ? new Date(s.privacy_acknowledged_at).toLocaleString() : "";
    return html`${s.privacy_acknowledged && s.privacy_acknowledged_at
        ? html`<div class="help" id="privacy-ack">
            ${s.privacy_acknowledged_by
              ? t("settings.face.acknowledged_by", { user: s.privacy_acknowledged_by, date: ackDate })
              : t("settings.face.acknowledged", { date: ackDate })}
          </div>`
        : nothing}
      <div class="actions">
        <button id="delete-biometrics" class=${turningOff ? "primary" : "flat"} @click=${this._eraseBiometrics}>
          ${t("settings.face.delete_biometrics")}
        </button>
        <span class="help">
          ${turningOff ? t("settings.face.delete_hint_off") : t("settings.face.delete_hint")}
        </span>
      </div>
      ${this._erased ? html`<div class="ok" role="status" id="biometrics-erased">${this._erased}</div>` : nothing}`;
  }

  private _eraseBiometrics = async () => {
    if (!confirm(t("settings.face.delete_confirm"))) return;
    try {
      const res = await deleteAllBiometrics(this.hass, false);
      this._erased = tn("settings.face.deleted", res.embeddings);
    } catch (err) {
      this._formError = errorMessage(err);
    }
  };

  render() {
    if (!this._settings)
      return html`<h2>${t("settings.title")}</h2>
        ${this._formError
          ? html`<div class="banner-error">${this._formError}</div>`
          : html`<p class="muted">${t("common.loading")}</p>`}`;
    const v = this._values;
    return html`<h2>${t("settings.title")}</h2>
      ${this._formError ? html`<div class="banner-error" id="form-error">${this._formError}</div>` : nothing}
      <section class="card">
        <h3>${t("settings.face.heading")}</h3>
        <label class="check">
          <input
            id="field-facial_recognition_enabled"
            type="checkbox"
            .checked=${!!v.facial_recognition_enabled}
            @change=${(e: Event) => this._set("facial_recognition_enabled", (e.target as HTMLInputElement).checked)}
          />
          ${t("settings.face.enable")}
        </label>
        ${this._turningOn
          ? html`<div class="privacy">${t("settings.face.privacy")}</div>
              <label class="check">
                <input
                  id="field-privacy_acknowledged"
                  type="checkbox"
                  .checked=${this._ack}
                  @change=${(e: Event) => {
                    this._ack = (e.target as HTMLInputElement).checked;
                    this._errors = {};
                  }}
                />
                ${t("settings.face.acknowledge")}
              </label>`
          : nothing}
        ${this._biometrics()}
        ${this._errors.privacy_acknowledged || this._errors.facial_recognition_enabled
          ? html`<div class="field-error" role="alert" data-field-error="privacy_acknowledged">
              ${this._errors.privacy_acknowledged || this._errors.facial_recognition_enabled}
            </div>`
          : nothing}
      </section>
      <section class="card">
        <h3>${t("settings.numbers.heading")}</h3>
        <div class="grid">
          ${NUMBER_FIELDS.map((f) => {
            const help = t(`settings.numbers.${f.key}_help`);
            return html`<label class="field">
              ${t(`settings.numbers.${f.key}`)}
              <input
                id="field-${f.key}"
                type="number"
                min=${f.min}
                max=${f.max}
                step="1"
                .value=${v[f.key] === null || v[f.key] === undefined ? "" : String(v[f.key])}
                @input=${(e: Event) => this._set(f.key, (e.target as HTMLInputElement).value)}
              />
              ${help ? html`<span class="help">${help}</span>` : nothing}
              ${this._errors[f.key]
                ? html`<span class="field-error" role="alert" data-field-error=${f.key}>${this._errors[f.key]}</span>`
                : nothing}
            </label>`;
          })}
        </div>
      </section>
      <section class="card">
        <h3>${t("settings.nvr.heading")}</h3>
        <label class="field">
          ${t("settings.nvr.frigate_url")}
          <input
            id="field-frigate_url"
            type="url"
            inputmode="url"
            placeholder="http://192.168.1.10:5000"
            .value=${String(v.frigate_url ?? "")}
            @input=${(e: Event) => this._set("frigate_url", (e.target as HTMLInputElement).value)}
          />
          <span class="help">${t("settings.nvr.frigate_url_help")}</span>
          ${this._errors.frigate_url
            ? html`<span class="field-error" role="alert" data-field-error="frigate_url">${this._errors.frigate_url}</span>`
            : nothing}
        </label>
      </section>
      <div class="actions">
        <button class="primary" id="save-settings" ?disabled=${this._saving} @click=${this._save}>
          ${this._saving ? t("common.saving") : t("common.save")}
        </button>
        ${this._saved ? html`<span class="ok" role="status">${t("common.saved")}</span>` : nothing}
      </div>`;
  }
}

define("gem-access-settings-view", GemAccessSettingsView);
