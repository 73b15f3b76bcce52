import { LitElement, css, html, nothing } from "lit";
import { property, query, state } from "lit/decorators.js";
import { define } from "../define";
import { baseStyles } from "../styles";
import { badge } from "../components/badge";
import { errorMessage, fetchUserPhoto, getSnapshot, scoreNow } from "../api";
import { DEFAULT_BANDS, bandLabel, hasScore, isVideo, matchBadge, resultBadge } from "../format";
import type { MatchBands } from "../format";
import { formatTimestamp } from "../time";
import { t } from "../localize";
import type { HomeAssistant, LogRow, Snapshot } from "../types";

/** Where the picture came from, as the caption says it (a live image shows now, not the event). */
const sourceLabel = (source: string): string =>
  source === "stored" || source === "recording" || source === "live" ? t(`snapshot.source.${source}`) : source;

/** The image / video of an event, side by side with the user's profile photo when it was scored. */
export class GemAccessSnapshotDialog extends LitElement {
  @property({ attribute: false }) hass!: HomeAssistant;
  @property() timeZone = "UTC";
  /** the Match column's thresholds from the settings */
  @property({ attribute: false }) bands: MatchBands = DEFAULT_BANDS;
  @state() private _scoring = false;
  @state() private _scoreError = "";

  @state() private _row?: LogRow;
  @state() private _snap?: Snapshot;
  @state() private _loading = false;
  @state() private _error = "";
  @state() private _photo?: string | null;
  /** The NVR clip replaces the still once the admin asks for it (it is cut on demand, seconds to load). */
  @state() private _playClip = false;
  @state() private _clipError = false;

  @query("dialog") private _dialog?: HTMLDialogElement;
  private _gen = 0;

  static styles = [
    baseStyles,
    css`
      .media {
        display: grid;
        gap: 16px;
        grid-template-columns: 1fr;
      }
      .media.compare {
        grid-template-columns: 1fr 1fr;
      }
      figure {
        margin: 0;
        display: flex;
        flex-direction: column;
        gap: 6px;
        min-width: 0;
      }
      figcaption {
        font-size: 13px;
        color: var(--ga-muted);
      }
      img,
      video {
        width: 100%;
        max-height: 60vh;
        object-fit: contain;
        background: #000;
        border-radius: 8px;
      }
      .placeholder {
        aspect-ratio: 4 / 3;
        display: flex;
        align-items: center;
        justify-content: center;
        text-align: center;
        padding: 16px;
        border-radius: 8px;
        background: var(--secondary-background-color, rgba(127, 127, 127, 0.12));
        color: var(--ga-muted);
      }
      .placeholder.err {
        color: var(--ga-error);
      }
      .meta {
        display: flex;
        gap: 8px 16px;
        flex-wrap: wrap;
        font-size: 14px;
        margin-bottom: 12px;
        align-items: center;
      }
      .score {
        margin-top: 12px;
        display: flex;
        align-items: center;
        gap: 8px;
        justify-content: center;
        font-size: 15px;
      }
      .camera {
        font-weight: 500;
      }
      .source.live {
        color: var(--ga-warning);
      }
      .clip-actions {
        display: flex;
        gap: 8px;
        align-items: center;
        font-size: 13px;
      }
      .clip-actions .err {
        color: var(--ga-error);
      }
      @media (max-width: 600px) {
        .media.compare {
          grid-template-columns: 1fr 1fr;
          gap: 8px;
        }
      }
    `,
  ];

  async open(row: LogRow) {
    const gen = ++this._gen;
    this._release();
    this._row = row;
    this._snap = undefined;
    this._error = "";
    this._playClip = false;
    this._clipError = false;
    this._loading = true;
    await this.updateComplete;
    if (!this._dialog?.open) this._dialog?.showModal();
    if (hasScore(row) && row.user_id) {
      fetchUserPhoto(this.hass, row.user_id)
        .then((url) => {
          if (gen === this._gen) this._photo = url;
          else if (url) URL.revokeObjectURL(url);
        })
        .catch(() => {
          if (gen === this._gen) this._photo = null;
        });
    }
    try {
      const snap = await getSnapshot(this.hass, row.id);
      if (gen !== this._gen) return;
      if (!snap || !(snap.url || snap.data_uri)) this._error = t("snapshot.no_snapshot");
      else this._snap = snap;
    } catch (err) {
      if (gen !== this._gen) return;
      const code = (err as { code?: string })?.code;
      // unknown_command: the snapshot backend is not installed; not_found / no_snapshot: none exists
      this._error =
        !code || code === "unknown_command" || code === "not_found" || code === "no_snapshot"
          ? t("snapshot.no_snapshot")
          : t("snapshot.no_snapshot_detail", { error: errorMessage(err) });
    } finally {
      if (gen === this._gen) this._loading = false;
    }
  }

  /** A live update of the shown row (e.g. its match score arrived). */
  rowUpdated(rows: LogRow[]) {
    if (!this._row) return;
    const fresh = rows.find((r) => r.id === this._row!.id);
    if (fresh && fresh !== this._row) this._row = fresh;
  }

  close() {
    this._dialog?.close();
  }

  private _onClose = () => {
    this._gen++;
    this._release();
    this._row = undefined;
    this._snap = undefined;
  };

  private _release() {
    if (this._photo) URL.revokeObjectURL(this._photo);
    this._photo = undefined;
  }

  disconnectedCallback(): void {
    super.disconnectedCallback();
    this._release();
  }

  private _media() {
    if (this._loading) return html`<div class="placeholder" role="status">${t("common.loading")}</div>`;
    if (this._error || !this._snap)
      return html`<div class="placeholder err" id="snapshot-error" role="alert">${this._error || t("snapshot.no_snapshot")}</div>`;
    const snap = this._snap;
    if (this._playClip && snap.clip_url)
      return html`<video
        id="snapshot-video"
        src=${snap.clip_url}
        autoplay
        controls
        playsinline
        @error=${() => (this._clipError = true)}
      ></video>`;
    const src = snap.url || snap.data_uri || "";
    const video = isVideo(src, snap.mime, snap.kind);
    return video
      ? html`<video id="snapshot-video" src=${src} autoplay controls muted playsinline></video>`
      : html`<img id="snapshot-image" src=${src} alt=${t("snapshot.image_alt", { id: this._row?.id ?? "" })} />`;
  }

  /** The NVR's clip around the event, on request; a still stays shown when the clip fails. */
  private _clipActions() {
    const snap = this._snap;
    if (!snap?.clip_url || this._loading) return nothing;
    if (this._clipError)
      return html`<div class="clip-actions">
        <span class="err" id="snapshot-clip-error" role="alert">${t("snapshot.clip_error")}</span>
        <button id="snapshot-show-still" @click=${this._showStill}>${t("snapshot.show_still")}</button>
      </div>`;
    return html`<div class="clip-actions">
      ${this._playClip
        ? html`<button id="snapshot-show-still" @click=${this._showStill}>${t("snapshot.show_still")}</button>`
        : html`<button id="snapshot-play-clip" @click=${this._showClip}>${t("snapshot.play_clip")}</button>`}
    </div>`;
  }

  private _showClip = () => {
    this._clipError = false;
    this._playClip = true;
  };

  private _showStill = () => {
    this._clipError = false;
    this._playClip = false;
  };

  private _caption() {
    const snap = this._snap;
    if (!snap || this._loading) return nothing;
    return html`<figcaption id="snapshot-source" data-source=${snap.source}>
      ${snap.camera_name ? html`<span class="camera">${snap.camera_name}</span> · ` : nothing}<span
        class="source ${snap.source}"
        >${sourceLabel(snap.source)}</span
      >
    </figcaption>`;
  }

  /** "Score now" for a row with a user whose picture was not scored (it came later, or from the NVR). */
  private _scoreAction(row: LogRow) {
    if (!row.user_id || !["pending", "no_face", "error"].includes(String(row.match_status))) return nothing;
    return html`<div class="clip-actions">
      <button id="score-now" ?disabled=${this._scoring} @click=${() => this._scoreNow(row)}>
        ${this._scoring ? t("snapshot.scoring") : t("snapshot.score_now")}
      </button>
      ${this._scoreError ? html`<span class="err" role="alert" id="score-error">${this._scoreError}</span>` : nothing}
    </div>`;
  }

  private async _scoreNow(row: LogRow) {
    this._scoring = true;
    this._scoreError = "";
    try {
      const fresh = await scoreNow(this.hass, row.id);
      if (this._row?.id === fresh.id) this._row = fresh;
    } catch (err) {
      this._scoreError = errorMessage(err);
    } finally {
      this._scoring = false;
    }
  }

  render() {
    const row = this._row;
    const compare = !!row && hasScore(row);
    return html`<dialog @close=${this._onClose} aria-labelledby="snap-title">
      ${row
        ? html`<div class="dlg-head">
              <h2 id="snap-title">${t("snapshot.title", { id: row.id })}</h2>
              <button class="flat" aria-label=${t("common.close")} @click=${this.close}>✕</button>
            </div>
            <div class="dlg-body">
              <div class="meta">
                <span>${formatTimestamp(row.timestamp, this.timeZone, this.hass?.locale?.language)}</span>
                <span>${row.user_name ?? "—"}</span>
                <span>${row.device_name ?? row.device_id ?? ""}</span>
                ${badge(resultBadge(row))}
              </div>
              <div class="media ${compare ? "compare" : ""}">
                ${compare
                  ? html`<figure id="compare-photo">
                      <figcaption>${t("snapshot.profile_photo")}</figcaption>
                      ${this._photo
                        ? html`<img src=${this._photo} alt=${t("snapshot.profile_photo_of", { name: row.user_name ?? "" })} />`
                        : html`<div class="placeholder">
                            ${this._photo === null ? t("snapshot.no_profile_photo") : t("common.loading")}
                          </div>`}
                    </figure>`
                  : nothing}
                <figure id="compare-snapshot">
                  ${compare ? html`<figcaption>${t("snapshot.event_snapshot")}</figcaption>` : nothing} ${this._caption()}
                  ${this._media()} ${this._clipActions()}
                </figure>
              </div>
              ${compare
                ? html`<div class="score" id="compare-score">
                    ${t("snapshot.match_score")} ${badge(matchBadge(row, this.bands))}
                    <span class="band"
                      >${t("snapshot.advisory", { band: bandLabel(row.match_score as number, this.bands) })}</span
                    >
                  </div>`
                : nothing}
              ${this._scoreAction(row)}
            </div>`
        : nothing}
    </dialog>`;
  }
}

define("gem-access-snapshot-dialog", GemAccessSnapshotDialog);
