import { LitElement, css, html, nothing } from "lit";
import { property, state } from "lit/decorators.js";
import { define } from "../define";
import { baseStyles } from "../styles";
import { deleteUserPhoto, errorMessage, fetchUserPhoto, uploadUserPhoto } from "../api";
import type { HomeAssistant, UserRecord } from "../types";
import { t, tCode } from "../localize";

const MAX_PHOTO_BYTES = 5 * 1024 * 1024;

/** Why an upload was refused, in words (the backend sniffs the bytes: a renamed file is refused). */
export function uploadErrorText(err: unknown): string {
  const code = (err as { code?: string })?.code;
  if (code === "http_415") return t("photo.not_image");
  if (code === "http_413") return t("photo.too_large");
  return t("photo.upload_failed", { error: errorMessage(err) });
}

/** Why the photo could not be enrolled, in words (the backend's code as a fallback). */
const embeddingError = (code: string): string =>
  tCode("embedding_error", code) ?? t("photo.not_enrolled_error", { error: code });

/** The user's profile photo: preview, upload (JPEG / PNG), removal and the enrolment status. */
export class GemAccessUserPhoto extends LitElement {
  @property({ attribute: false }) hass!: HomeAssistant;
  @property({ attribute: false }) user!: UserRecord;

  @state() private _url?: string | null;
  @state() private _status = "";
  @state() private _error = "";
  @state() private _busy = false;
  private _shownFor = "";
  private _userId = "";

  static styles = [
    baseStyles,
    css`
      :host {
        display: block;
        margin-top: 16px;
        padding-top: 12px;
        border-top: 1px solid var(--ga-border);
      }
      .row {
        display: flex;
        gap: 16px;
        align-items: flex-start;
        flex-wrap: wrap;
      }
      .thumb {
        width: 96px;
        height: 96px;
        border-radius: 8px;
        object-fit: cover;
        background: var(--secondary-background-color, rgba(127, 127, 127, 0.12));
        display: flex;
        align-items: center;
        justify-content: center;
        font-size: 12px;
        color: var(--ga-muted);
        text-align: center;
      }
      .col {
        display: flex;
        flex-direction: column;
        gap: 6px;
        flex: 1;
        min-width: 200px;
      }
      .ok {
        color: var(--ga-success);
        font-size: 13px;
      }
      .hint {
        font-size: 12px;
        color: var(--ga-muted);
      }
      label.upload {
        position: relative;
      }
      label.upload:focus-within {
        outline: 2px solid var(--primary-color);
        outline-offset: 1px;
      }
    `,
  ];

  protected willUpdate(): void {
    if (this.user && this.user.id !== this._userId) {
      // another user in the same editor: the last one's messages are not about this one
      this._userId = this.user.id;
      this._status = "";
      this._error = "";
    }
    const key = `${this.user?.id}|${this.user?.has_photo}`;
    if (this.user && key !== this._shownFor) {
      this._shownFor = key;
      void this._load();
    }
  }

  private async _load() {
    this._revoke();
    if (!this.user.has_photo) {
      this._url = null;
      return;
    }
    try {
      this._url = await fetchUserPhoto(this.hass, this.user.id);
    } catch {
      this._url = null;
    }
  }

  private _revoke() {
    if (this._url) URL.revokeObjectURL(this._url);
    this._url = undefined;
  }

  disconnectedCallback(): void {
    super.disconnectedCallback();
    this._revoke();
    this._shownFor = "";
  }

  private async _upload(e: Event) {
    const input = e.target as HTMLInputElement;
    const file = input.files?.[0];
    if (!file) return;
    if (file.size > MAX_PHOTO_BYTES) {
      this._status = "";
      this._error = uploadErrorText({ code: "http_413" });
      input.value = "";
      return;
    }
    this._busy = true;
    this._error = "";
    this._status = ""; // the button says "Uploading…"
    try {
      const res = await uploadUserPhoto(this.hass, this.user.id, file);
      // an embedding error (no face…) shows in the status line, from the refreshed record
      this._status = res.has_photo === false ? "" : t("photo.saved");
      this._shownFor = "";
      this.dispatchEvent(new CustomEvent("photo-changed"));
    } catch (err) {
      this._status = "";
      this._error = uploadErrorText(err);
    } finally {
      this._busy = false;
      input.value = "";
    }
  }

  private async _remove() {
    this._busy = true;
    this._error = "";
    try {
      await deleteUserPhoto(this.hass, this.user.id);
      this._status = t("photo.removed");
      this._shownFor = "";
      this.dispatchEvent(new CustomEvent("photo-changed"));
    } catch (err) {
      this._error = t("photo.remove_failed", { error: errorMessage(err) });
    } finally {
      this._busy = false;
    }
  }

  render() {
    const u = this.user;
    const embErr = u.facial_recognition_embedding_error;
    return html`<div class="muted" style="font-size:12px;margin-bottom:6px">${t("photo.heading")}</div>
      <div class="row">
        ${this._url
          ? html`<img class="thumb" src=${this._url} alt=${t("photo.alt", { name: u.name })} />`
          : html`<div class="thumb">${this._url === null ? t("photo.none") : "…"}</div>`}
        <div class="col">
          <div id="photo-status" role="status">
            ${u.has_photo
              ? embErr
                ? html`<span class="error-text">${embeddingError(embErr)}</span>`
                : u.facial_recognition_enrolled
                  ? html`<span class="ok" data-face="enrolled"
                      >${u.facial_recognition_enabled ? t("photo.enrolled") : t("photo.enrolled_opted_out")}</span
                    >`
                  : html`<span class="muted" data-face="not-enrolled">${t("photo.not_enrolled")}</span>`
              : html`<span class="muted">${t("photo.no_photo_status")}</span>`}
          </div>
          <label class="button upload" style="align-self:flex-start">
            ${this._busy ? t("photo.uploading") : u.has_photo ? t("photo.replace") : t("photo.upload")}
            <input
              id="photo-file"
              class="sr-only"
              type="file"
              accept="image/jpeg,image/png"
              aria-describedby="photo-status photo-hint"
              ?disabled=${this._busy}
              @change=${this._upload}
            />
          </label>
          <span class="hint" id="photo-hint">${t("photo.hint")}</span>
          ${u.has_photo
            ? html`<button
                id="photo-remove"
                class="flat"
                style="align-self:flex-start"
                ?disabled=${this._busy}
                @click=${this._remove}
              >
                ${t("photo.remove")}
              </button>`
            : nothing}
          ${this._status ? html`<span class="ok" id="photo-result">${this._status}</span>` : nothing}
          ${this._error
            ? html`<span class="error-text" id="photo-error" role="alert">${this._error}</span>`
            : nothing}
        </div>
      </div>`;
  }
}

define("gem-access-user-photo", GemAccessUserPhoto);
