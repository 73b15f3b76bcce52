import { LitElement, css, html, nothing } from "lit";
import { property, state } from "lit/decorators.js";
import { define } from "../define";
import { baseStyles } from "../styles";
import { deleteAllBiometrics, errorField, errorMessage, getSettings, updateSettings } from "../api";
import type { HomeAssistant, Settings } from "../types";

interface NumberField {
  key: keyof Settings & string;
  label: string;
  help: string;
  min: number;
  max: number;
  optional?: boolean;
}

const NUMBER_FIELDS: NumberField[] = [
  { key: "retention_days", label: "Keep logs for (days)", help: "0 keeps them forever.", min: 0, max: 36500 },
  {
    key: "snapshot_retention_days",
    label: "Keep pictures for (days)",
    help: "Event pictures and clips are deleted sooner than their log rows; 0 keeps them as long as the rows.",
    min: 0,
    max: 36500,
  },
  {
    key: "cooldown_failures",
    label: "Cooldown after failed attempts",
    help: "Failures on one reader within the window that start a cooldown (0 turns it off).",
    min: 0,
    max: 100,
  },
  { key: "cooldown_window_s", label: "Failure window (s)", help: "", min: 1, max: 86400 },
  { key: "cooldown_s", label: "Cooldown length (s)", help: "", min: 0, max: 86400 },
  {
    key: "forced_grace_s",
    label: "Forced-door grace (s)",
    help: "A door opening this long after a grant is not forced.",
    min: 0,
    max: 300,
  },
  {
    key: "default_held_open_threshold_sec",
    label: "Default held-open threshold (s)",
    help: "Used when neither the rule nor the door sets one. Empty: never.",
    min: 5,
    max: 86400,
    optional: true,
  },
  {
    key: "match_green_threshold",
    label: "Match: green from score",
    help: "Face match scores from this up show green (likely the same person).",
    min: 1,
    max: 100,
  },
  {
    key: "match_amber_threshold",
    label: "Match: amber from score",
    help: "From this up to green: amber (unsure); below: red.",
    min: 0,
    max: 100,
  },
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
          this._errors = { privacy_acknowledged: "Confirm the privacy notice to turn facial recognition on." };
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
    return html`${s.privacy_acknowledged && s.privacy_acknowledged_at
        ? html`<div class="help" id="privacy-ack">
            Privacy notice acknowledged${s.privacy_acknowledged_by ? ` by ${s.privacy_acknowledged_by}` : ""} on
            ${new Date(s.privacy_acknowledged_at).toLocaleString()}.
          </div>`
        : nothing}
      <div class="actions">
        <button id="delete-biometrics" class=${turningOff ? "primary" : "flat"} @click=${this._eraseBiometrics}>
          Delete all biometric data
        </button>
        <span class="help">
          ${turningOff
            ? "Turning facial recognition off keeps the face data; delete it too?"
            : "Deletes every face embedding; profile photos are kept."}
        </span>
      </div>
      ${this._erased ? html`<div class="ok" role="status" id="biometrics-erased">${this._erased}</div>` : nothing}`;
  }

  private _eraseBiometrics = async () => {
    if (!confirm("Delete every face embedding now? Profile photos stay and are enrolled again when facial recognition is next turned on.")) return;
    try {
      const res = await deleteAllBiometrics(this.hass, false);
      this._erased = `Deleted ${res.embeddings} face embedding${res.embeddings === 1 ? "" : "s"}.`;
    } catch (err) {
      this._formError = errorMessage(err);
    }
  };

  render() {
    if (!this._settings)
      return html`<h2>Settings</h2>
        ${this._formError ? html`<div class="banner-error">${this._formError}</div>` : html`<p class="muted">Loading…</p>`}`;
    const v = this._values;
    return html`<h2>Settings</h2>
      ${this._formError ? html`<div class="banner-error" id="form-error">${this._formError}</div>` : nothing}
      <section class="card">
        <h3>Facial recognition</h3>
        <label class="check">
          <input
            id="field-facial_recognition_enabled"
            type="checkbox"
            .checked=${!!v.facial_recognition_enabled}
            @change=${(e: Event) => this._set("facial_recognition_enabled", (e.target as HTMLInputElement).checked)}
          />
          Score each access event against the user's profile photo (advisory only)
        </label>
        ${this._turningOn
          ? html`<div class="privacy">
                Biometric data is regulated in some places (e.g. Illinois BIPA, EU/UK GDPR Article 9). Before turning
                this on, confirm it is lawful where this installation is and that you have the consent of everyone
                whose photo you upload. Processing stays on this server; photos and embeddings never leave it.
              </div>
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
                I have read this and I am allowed to process these biometric identifiers
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
        <h3>Retention, cooldown and thresholds</h3>
        <div class="grid">
          ${NUMBER_FIELDS.map(
            (f) => html`<label class="field">
              ${f.label}
              <input
                id="field-${f.key}"
                type="number"
                min=${f.min}
                max=${f.max}
                step="1"
                .value=${v[f.key] === null || v[f.key] === undefined ? "" : String(v[f.key])}
                @input=${(e: Event) => this._set(f.key, (e.target as HTMLInputElement).value)}
              />
              ${f.help ? html`<span class="help">${f.help}</span>` : nothing}
              ${this._errors[f.key]
                ? html`<span class="field-error" role="alert" data-field-error=${f.key}>${this._errors[f.key]}</span>`
                : nothing}
            </label>`,
          )}
        </div>
      </section>
      <section class="card">
        <h3>Recordings (NVR)</h3>
        <label class="field">
          Frigate URL
          <input
            id="field-frigate_url"
            type="url"
            inputmode="url"
            placeholder="http://192.168.1.10:5000"
            .value=${String(v.frigate_url ?? "")}
            @input=${(e: Event) => this._set("frigate_url", (e.target as HTMLInputElement).value)}
          />
          <span class="help">
            Where the log finds recordings of readers with an NVR camera, when their NVR device is not one of the
            Frigate integration (that one's address is used then). Home Assistant fetches them; the browser never
            contacts Frigate. Empty: none.
          </span>
          ${this._errors.frigate_url
            ? html`<span class="field-error" role="alert" data-field-error="frigate_url">${this._errors.frigate_url}</span>`
            : nothing}
        </label>
      </section>
      <div class="actions">
        <button class="primary" id="save-settings" ?disabled=${this._saving} @click=${this._save}>
          ${this._saving ? "Saving…" : "Save"}
        </button>
        ${this._saved ? html`<span class="ok" role="status">Saved.</span>` : nothing}
      </div>`;
  }
}

define("gem-access-settings-view", GemAccessSettingsView);
