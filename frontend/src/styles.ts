import { css } from "lit";

/** Shared look: Home Assistant theme variables only, so light and dark follow the user's theme. */
export const baseStyles = css`
  :host {
    --ga-radius: var(--ha-card-border-radius, 12px);
    --ga-border: var(--divider-color, rgba(127, 127, 127, 0.3));
    --ga-muted: var(--secondary-text-color, #727272);
    --ga-surface: var(--card-background-color, var(--ha-card-background, #fff));
    --ga-success: var(--success-color, #43a047);
    --ga-error: var(--error-color, #db4437);
    --ga-warning: var(--warning-color, #ffa600);
    --ga-orange: var(--orange-color, #ff9800);
    color: var(--primary-text-color);
    font-family: var(--paper-font-body1_-_font-family, var(--ha-font-family-body, Roboto, sans-serif));
  }
  * {
    box-sizing: border-box;
  }
  [hidden] {
    display: none !important;
  }
  button,
  .button {
    font: inherit;
    font-size: 14px;
    font-weight: 500;
    border-radius: 8px;
    border: 1px solid var(--ga-border);
    background: var(--ga-surface);
    color: var(--primary-text-color);
    padding: 6px 12px;
    min-height: 36px;
    cursor: pointer;
    display: inline-flex;
    align-items: center;
    gap: 6px;
    text-decoration: none;
  }
  button:hover:not(:disabled) {
    background: var(--secondary-background-color, rgba(127, 127, 127, 0.12));
  }
  button:focus-visible,
  input:focus-visible,
  select:focus-visible {
    outline: 2px solid var(--primary-color);
    outline-offset: 1px;
  }
  button:disabled {
    opacity: 0.5;
    cursor: default;
  }
  button.primary {
    background: var(--primary-color);
    color: var(--text-primary-color, #fff);
    border-color: var(--primary-color);
  }
  button.primary:hover:not(:disabled) {
    background: var(--primary-color);
    filter: brightness(1.1);
  }
  button.danger {
    background: var(--ga-error);
    color: #fff;
    border-color: var(--ga-error);
  }
  button.danger:hover:not(:disabled) {
    background: var(--ga-error);
    filter: brightness(1.1);
  }
  button.flat {
    border-color: transparent;
    background: transparent;
  }
  button.toggle[aria-pressed="true"] {
    background: var(--primary-color);
    color: var(--text-primary-color, #fff);
    border-color: var(--primary-color);
  }
  input,
  select,
  textarea {
    font: inherit;
    font-size: 14px;
    color: var(--primary-text-color);
    background: var(--input-fill-color, var(--secondary-background-color, transparent));
    border: 1px solid var(--ga-border);
    border-radius: 8px;
    padding: 6px 8px;
    min-height: 36px;
  }
  input[type="checkbox"] {
    min-height: auto;
    width: 18px;
    height: 18px;
    accent-color: var(--primary-color);
  }
  label.field {
    display: flex;
    flex-direction: column;
    gap: 4px;
    font-size: 12px;
    color: var(--ga-muted);
  }
  label.check {
    display: inline-flex;
    align-items: center;
    gap: 8px;
    font-size: 14px;
    color: var(--primary-text-color);
  }
  .card {
    background: var(--ga-surface);
    border-radius: var(--ga-radius);
    border: var(--ha-card-border-width, 1px) solid var(--ha-card-border-color, var(--ga-border));
    box-shadow: var(--ha-card-box-shadow, none);
  }
  .muted {
    color: var(--ga-muted);
  }
  .error-text {
    color: var(--ga-error);
    font-size: 13px;
  }
  .banner-error {
    color: var(--ga-error);
    border: 1px solid var(--ga-error);
    border-radius: 8px;
    padding: 8px 12px;
    margin: 8px 0;
  }
  .sr-only {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
  }
  .badge {
    display: inline-flex;
    align-items: center;
    gap: 4px;
    font-size: 13px;
    font-weight: 500;
    line-height: 20px;
    white-space: nowrap;
  }
  .badge.shape-badge,
  .badge.shape-pill {
    padding: 1px 8px;
    color: #fff;
  }
  .badge.shape-badge {
    border-radius: 6px;
  }
  .badge.shape-pill {
    border-radius: 999px;
  }
  .badge.shape-text.tone-success {
    color: var(--ga-success);
  }
  .badge.shape-text.tone-error {
    color: var(--ga-error);
  }
  .badge.shape-text.tone-warning {
    color: var(--ga-warning);
  }
  .badge.shape-text.tone-orange {
    color: var(--ga-orange);
  }
  .badge.shape-text.tone-neutral {
    color: var(--ga-muted);
  }
  .badge.shape-badge.tone-success,
  .badge.shape-pill.tone-success {
    background: var(--ga-success);
  }
  .badge.shape-badge.tone-error,
  .badge.shape-pill.tone-error {
    background: var(--ga-error);
  }
  .badge.shape-badge.tone-warning,
  .badge.shape-pill.tone-warning {
    background: var(--ga-warning);
    color: #1f1f1f;
  }
  .badge.shape-badge.tone-orange,
  .badge.shape-pill.tone-orange {
    background: var(--ga-orange);
    color: #1f1f1f;
  }
  .badge.shape-badge.tone-neutral,
  .badge.shape-pill.tone-neutral {
    background: transparent;
    color: var(--primary-text-color);
    border: 1px solid var(--ga-border);
  }
  dialog {
    border: none;
    border-radius: var(--ha-dialog-border-radius, 16px);
    background: var(--ga-surface);
    color: var(--primary-text-color);
    padding: 0;
    max-width: min(920px, calc(100vw - 24px));
    width: 100%;
    box-shadow: 0 8px 32px rgba(0, 0, 0, 0.35);
  }
  /* long forms on a phone: the title and the buttons stay put, the body scrolls */
  dialog[open] {
    display: flex;
    flex-direction: column;
    max-height: calc(100dvh - 24px);
    overflow: hidden;
  }
  dialog .dlg-body {
    flex: 1 1 auto;
    min-height: 0;
    overflow: auto;
  }
  dialog .dlg-head,
  dialog .dlg-actions {
    flex-shrink: 0;
  }
  dialog::backdrop {
    background: rgba(0, 0, 0, 0.5);
  }
  dialog .dlg-head {
    display: flex;
    align-items: center;
    justify-content: space-between;
    padding: 16px 20px 8px;
    gap: 8px;
  }
  dialog .dlg-head h2 {
    margin: 0;
    font-size: 20px;
    font-weight: 500;
  }
  dialog .dlg-body {
    padding: 8px 20px 16px;
  }
  dialog .dlg-actions {
    display: flex;
    justify-content: flex-end;
    gap: 8px;
    padding: 8px 20px 16px;
    flex-wrap: wrap;
  }
`;
