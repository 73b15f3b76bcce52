import { LitElement, css, html, nothing } from "lit";
import { property, query, state } from "lit/decorators.js";
import { define } from "../define";
import { baseStyles } from "../styles";
import { badge } from "../components/badge";
import { errorMessage, fetchUserPhoto, getSnapshot } from "../api";
import { hasScore, isVideo, matchBadge, resultBadge } from "../format";
import { formatTimestamp } from "../time";
import type { HomeAssistant, LogRow, Snapshot } from "../types";

export const NO_SNAPSHOT_MESSAGE = "No snapshot available for this event.";

const SOURCE_LABELS: Record<string, string> = {
  stored: "stored with the event",
  recording: "recording",
  live: "live",
};

/** The image / video of an event, side by side with the user's profile photo when it was scored. */
export class GemAccessSnapshotDialog extends LitElement {
  @property({ attribute: false }) hass!: HomeAssistant;
  @property() timeZone = "UTC";

  @state() private _row?: LogRow;
  @state() private _snap?: Snapshot;
  @state() private _loading = false;
  @state() private _error = "";
  @state() private _photo?: string | null;

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
      if (!snap || !(snap.url || snap.data_uri)) this._error = NO_SNAPSHOT_MESSAGE;
      else this._snap = snap;
    } catch (err) {
      if (gen !== this._gen) return;
      const code = (err as { code?: string })?.code;
      // unknown_command: the snapshot backend is not installed; not_found / no_snapshot: none exists
      this._error =
        !code || code === "unknown_command" || code === "not_found" || code === "no_snapshot"
          ? NO_SNAPSHOT_MESSAGE
          : `${NO_SNAPSHOT_MESSAGE} (${errorMessage(err)})`;
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
    if (this._loading) return html`<div class="placeholder" role="status">Loading…</div>`;
    if (this._error || !this._snap)
      return html`<div class="placeholder err" id="snapshot-error" role="alert">${this._error || NO_SNAPSHOT_MESSAGE}</div>`;
    const snap = this._snap;
    const src = snap.url || snap.data_uri || "";
    const video = isVideo(src, snap.mime, snap.kind);
    return video
      ? html`<video id="snapshot-video" src=${src} autoplay controls muted playsinline></video>`
      : html`<img id="snapshot-image" src=${src} alt="Snapshot of event ${this._row?.id ?? ""}" />`;
  }

  private _caption() {
    const snap = this._snap;
    if (!snap || snap.source === "stored") return nothing;
    return html`<figcaption id="snapshot-source">
      ${snap.camera_name ? html`<span class="camera">${snap.camera_name}</span> · ` : nothing}${SOURCE_LABELS[
        snap.source
      ] ?? snap.source}
    </figcaption>`;
  }

  render() {
    const row = this._row;
    const compare = !!row && hasScore(row);
    return html`<dialog @close=${this._onClose} aria-labelledby="snap-title">
      ${row
        ? html`<div class="dlg-head">
              <h2 id="snap-title">Event #${row.id}</h2>
              <button class="flat" aria-label="Close" @click=${this.close}>✕</button>
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
                      <figcaption>Profile photo</figcaption>
                      ${this._photo
                        ? html`<img src=${this._photo} alt="Profile photo of ${row.user_name ?? ""}" />`
                        : html`<div class="placeholder">${this._photo === null ? "No profile photo" : "Loading…"}</div>`}
                    </figure>`
                  : nothing}
                <figure id="compare-snapshot">
                  ${compare ? html`<figcaption>Event snapshot</figcaption>` : nothing} ${this._caption()}
                  ${this._media()}
                </figure>
              </div>
              ${compare
                ? html`<div class="score" id="compare-score">Match score ${badge(matchBadge(row))}</div>`
                : nothing}
            </div>`
        : nothing}
    </dialog>`;
  }
}

define("gem-access-snapshot-dialog", GemAccessSnapshotDialog);
