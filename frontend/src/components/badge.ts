import { html } from "lit";
import type { Badge } from "../format";

/** A result or match badge; text only (Lit escapes it). */
export const badge = (b: Badge) =>
  html`<span class="badge shape-${b.shape} tone-${b.tone}" data-badge=${b.key}>${b.text}</span>`;
