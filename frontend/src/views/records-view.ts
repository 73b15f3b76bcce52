import { LitElement, css, html, nothing } from "lit";
import type { TemplateResult } from "lit";
import { property, query, state } from "lit/decorators.js";
import { define } from "../define";
import { baseStyles } from "../styles";
import {
  createRecord,
  deleteRecord,
  errorField,
  errorMessage,
  listRecords,
  updateRecord,
} from "../api";
import type { Collection } from "../api";
import type { HomeAssistant, ScheduleWindow } from "../types";
import { DAYS, dayLabel, diffFields, emptyWindow, maskedCount } from "./fields";
import { t } from "../localize";
import type { FieldDef } from "./fields";
import {
  COMMON_BAUDRATES,
  driverNote,
  driverOptionFields,
  driverOptionKey,
  driverOptionsState,
} from "./driver-options";
import type { DriverOptionsState } from "./driver-options";

/** A device of Home Assistant's device registry (the tag scanner suggestions). */
interface HaDevice {
  id: string;
  name: string | null;
  name_by_user: string | null;
}

type Rec = Record<string, unknown> & { id: string; name: string };

export interface Column {
  label: string;
  render: (r: Rec) => unknown;
}

/**
 * A list of records (users, devices, doors or rules) with an editor dialog. Validation errors from
 * the backend are shown next to the field they name, or above the form.
 */
export class GemAccessRecordsView extends LitElement {
  @property({ attribute: false }) hass!: HomeAssistant;
  @property({ type: Boolean, reflect: true }) narrow = false;
  /** also picks the heading, the buttons' words and the intro (`records.<collection>.*`) */
  @property() collection: Collection = "users";
  @property({ attribute: false }) fields: FieldDef[] = [];
  @property({ attribute: false }) columns: Column[] = [];
  @property({ attribute: false }) defaults: Record<string, unknown> = {};
  /** extra editor content for an existing record (the user's photo) */
  @property({ attribute: false }) extra?: (record: Rec, refresh: () => void) => TemplateResult;

  @state() private _records: Rec[] = [];
  @state() private _loaded = false;
  @state() private _listError = "";
  @state() private _editing?: Rec;
  @state() private _creating = false;
  @state() private _values: Record<string, unknown> = {};
  @state() private _errors: Record<string, string> = {};
  @state() private _formError = "";
  @state() private _saving = false;
  /** Home Assistant's devices, fetched the first time a form shows a tag scanner field */
  @state() private _haDevices: HaDevice[] = [];
  private _haDevicesRequested = false;
  private _touched = new Set<string>();

  @query("dialog") private _dialog?: HTMLDialogElement;

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
      .head {
        display: flex;
        align-items: center;
        gap: 8px;
        margin-bottom: 12px;
      }
      .head h2 {
        flex: 1;
        margin: 0;
        font-size: 20px;
        font-weight: 400;
      }
      table {
        width: 100%;
        border-collapse: collapse;
        font-size: 14px;
      }
      th {
        text-align: left;
        font-size: 12px;
        text-transform: uppercase;
        color: var(--ga-muted);
        font-weight: 500;
        padding: 10px 12px;
        border-bottom: 1px solid var(--ga-border);
      }
      td {
        padding: 10px 12px;
        border-bottom: 1px solid var(--ga-border);
        vertical-align: middle;
      }
      tr.rec {
        cursor: pointer;
      }
      tr.rec:hover {
        background: rgba(127, 127, 127, 0.06);
      }
      .cards {
        display: flex;
        flex-direction: column;
        gap: 8px;
      }
      .reccard {
        padding: 12px;
        cursor: pointer;
        display: grid;
        gap: 4px;
        font-size: 14px;
        text-align: left;
        width: 100%;
      }
      .reccard .name {
        font-weight: 500;
        font-size: 15px;
      }
      .kv {
        display: flex;
        gap: 6px;
      }
      .kv .k {
        color: var(--ga-muted);
      }
      .form {
        display: grid;
        grid-template-columns: 1fr 1fr;
        gap: 12px 16px;
      }
      :host([narrow]) .form {
        grid-template-columns: 1fr;
      }
      .form .wide {
        grid-column: 1 / -1;
      }
      .form input:not([type="checkbox"]),
      .form select {
        width: 100%;
      }
      .stored {
        font-size: 13px;
        color: var(--primary-text-color);
      }
      .help {
        font-size: 12px;
        color: var(--ga-muted);
      }
      .multi {
        display: flex;
        flex-wrap: wrap;
        gap: 6px 16px;
        padding: 6px 0;
      }
      .window {
        display: flex;
        flex-wrap: wrap;
        gap: 8px 12px;
        align-items: center;
        padding: 8px;
        border: 1px solid var(--ga-border);
        border-radius: 8px;
        margin-bottom: 8px;
      }
      .window .days {
        display: flex;
        flex-wrap: wrap;
        gap: 4px 10px;
      }
      .window input[type="time"] {
        width: 120px !important;
      }
      .field-error {
        color: var(--ga-error);
        font-size: 12px;
      }
      .invalid input,
      .invalid select {
        border-color: var(--ga-error);
      }
      .dlg-actions .spacer {
        flex: 1;
      }
      .empty {
        padding: 24px;
        text-align: center;
      }
    `,
  ];

  private _requested = false;

  protected willUpdate(changed: Map<string, unknown>): void {
    const collectionChanged = changed.has("collection") && changed.get("collection") !== undefined;
    if (this.hass && (!this._requested || collectionChanged)) {
      this._requested = true;
      void this.refresh();
    }
    if (this.hass && !this._haDevicesRequested && this._wantsHaDevices()) {
      this._haDevicesRequested = true;
      void this._loadHaDevices();
    }
  }

  private _wantsHaDevices(): boolean {
    return this.fields.some(
      (f) =>
        f.type === "driver-options" &&
        driverOptionFields(this._values[f.driverField ?? "driver"]).some((o) => o.key === "tag_device_id"),
    );
  }

  private async _loadHaDevices() {
    try {
      const devices = await this.hass.callWS<HaDevice[]>({ type: "config/device_registry/list" });
      this._haDevices = [...devices].sort((a, b) => haDeviceName(a).localeCompare(haDeviceName(b)));
    } catch {
      this._haDevices = []; // suggestions only: the id can still be typed
    }
  }

  async refresh() {
    try {
      this._records = (await listRecords(this.hass, this.collection)) as unknown as Rec[];
      this._listError = "";
    } catch (err) {
      this._listError = errorMessage(err);
    }
    this._loaded = true;
    this.dispatchEvent(new CustomEvent("records-changed", { bubbles: true, composed: true }));
  }

  private _initialValues(rec?: Rec): Record<string, unknown> {
    const values: Record<string, unknown> = {};
    for (const f of this.fields) {
      const v = rec ? rec[f.key] : this.defaults[f.key];
      if (f.type === "secret" || f.type === "secret-list") values[f.key] = "";
      else if (f.type === "multi") values[f.key] = Array.isArray(v) ? [...v] : [];
      else if (f.type === "schedule") values[f.key] = Array.isArray(v) ? structuredClone(v) : [];
      else if (f.type === "bool") values[f.key] = v ?? false;
      else if (f.type === "driver-options") values[f.key] = driverOptionsState(v);
      else if (f.type === "select" && f.required && !v && f.options?.length)
        values[f.key] = f.options[0].value; // what the select shows is what is sent
      else values[f.key] = v ?? "";
    }
    return values;
  }

  async edit(rec?: Rec) {
    this._editing = rec;
    this._creating = !rec;
    this._values = this._initialValues(rec);
    this._errors = {};
    this._formError = "";
    this._touched = new Set();
    await this.updateComplete;
    if (!this._dialog?.open) this._dialog?.showModal();
  }

  private _set(key: string, value: unknown) {
    this._values = { ...this._values, [key]: value };
    const follows = this.fields.find((f) => f.type === "driver-options" && (f.driverField ?? "driver") === key);
    // another driver: the errors of the old driver's options no longer apply
    const stale = (k: string) => k === key || (!!follows && (k === follows.key || k.startsWith(`${follows.key}.`)));
    if (Object.keys(this._errors).some(stale)) {
      this._errors = Object.fromEntries(Object.entries(this._errors).filter(([k]) => !stale(k)));
    }
  }

  /** One driver option typed: `field` is the driver-options field, `key` the option. */
  private _setOption(field: string, key: string, value: string) {
    const state = { ...((this._values[field] as DriverOptionsState) ?? {}), [key]: value };
    this._values = { ...this._values, [field]: state };
    const errKey = `${field}.${key}`;
    if (this._errors[errKey] || this._errors[field]) {
      const { [errKey]: _drop, [field]: _group, ...rest } = this._errors;
      this._errors = rest;
    }
  }

  /** "The value of driver_options.port is not valid." -> "The value of Port is not valid." */
  private _fieldMessage(key: string, message: string): string {
    const option = driverOptionKey(key);
    const group = this.fields.find((f) => f.type === "driver-options" && key.startsWith(`${f.key}.`));
    const def = group && driverOptionFields(this._values[group.driverField ?? "driver"]).find((o) => o.key === option);
    return def ? message.split(key).join(def.label) : message;
  }

  /** The key under which a backend error is shown beside its field, if the form has that field. */
  private _errorKey(field: string | undefined): string | undefined {
    if (!field) return undefined;
    if (this.fields.some((f) => f.key === field)) return field;
    const option = driverOptionKey(field);
    if (option === undefined) return undefined;
    const group = this.fields.find((f) => f.type === "driver-options" && field.startsWith(`${f.key}.`));
    const shown = group && driverOptionFields(this._values[group.driverField ?? "driver"]);
    return shown && shown.some((o) => o.key === option) ? field : undefined;
  }

  private async _save() {
    this._saving = true;
    this._errors = {};
    this._formError = "";
    const payload = diffFields(this.fields, this._values, this._editing, this._touched);
    try {
      const saved = this._editing
        ? await updateRecord(this.hass, this.collection, this._editing.id, payload)
        : await createRecord(this.hass, this.collection, payload);
      await this.refresh();
      const rec = saved as unknown as Rec;
      if (this._creating && this.extra) {
        // stay open on the new record so that a photo can be added straight away
        this._editing = this._records.find((r) => r.id === rec.id) ?? rec;
        this._creating = false;
        this._values = this._initialValues(this._editing);
        this._touched = new Set();
      } else {
        this._dialog?.close();
      }
    } catch (err) {
      const field = errorField(err);
      const known = this._errorKey(field);
      if (known) this._errors = { [known]: this._fieldMessage(known, errorMessage(err)) };
      else if (!field && (err as { translation_key?: string })?.translation_key === "invalid_name")
        this._errors = { name: errorMessage(err) };
      else this._formError = errorMessage(err);
      void this._revealError();
    } finally {
      this._saving = false;
    }
  }

  /** The body of a long form scrolls: bring the error just shown into view. */
  private async _revealError() {
    await this.updateComplete;
    this.renderRoot.querySelector("#form-error, [data-field-error]")?.scrollIntoView?.({ block: "nearest" });
  }

  private async _delete() {
    if (!this._editing) return;
    const question = t(`records.${this.collection}.delete_confirm`, { name: this._editing.name });
    if (!window.confirm(question)) return;
    try {
      await deleteRecord(this.hass, this.collection, this._editing.id);
      this._dialog?.close();
      await this.refresh();
    } catch (err) {
      this._formError = errorMessage(err);
      void this._revealError();
    }
  }

  private _entityOptions(domains: string[] = []) {
    const ids = Object.keys(this.hass?.states ?? {}).filter((id) =>
      domains.some((d) => id.startsWith(`${d}.`)),
    );
    return ids.sort();
  }

  private _field(f: FieldDef) {
    const v = this._values[f.key];
    const err = this._errors[f.key];
    const id = `field-${f.key}`;
    const wide =
      f.type === "multi" || f.type === "schedule" || f.type === "secret-list" || f.type === "bool";
    const errorEl = err
      ? html`<span class="field-error" id="${id}-error" role="alert" data-field-error=${f.key}>${err}</span>`
      : nothing;
    const help = f.help ? html`<span class="help">${f.help}</span>` : nothing;
    const cls = `${wide ? "wide" : ""} ${err ? "invalid" : ""}`;
    switch (f.type) {
      case "bool":
        return html`<div class=${cls}>
          <label class="check"
            ><input
              id=${id}
              name=${f.key}
              type="checkbox"
              .checked=${!!v}
              @change=${(e: Event) => this._set(f.key, (e.target as HTMLInputElement).checked)}
            />${f.label}</label
          >
          ${help} ${errorEl}
        </div>`;
      case "select":
        return html`<label class="field ${cls}"
          >${f.label}
          <select id=${id} name=${f.key} @change=${(e: Event) => this._set(f.key, (e.target as HTMLSelectElement).value)}>
            ${f.required ? nothing : html`<option value="" ?selected=${!v}>—</option>`}
            ${(f.options ?? []).map((o) => html`<option value=${o.value} ?selected=${o.value === v}>${o.label}</option>`)}
          </select>
          ${help} ${errorEl}
        </label>`;
      case "multi": {
        const selected = new Set(v as string[]);
        return html`<fieldset class="field ${cls}" style="border:none;padding:0;margin:0">
          <legend class="muted" style="font-size:12px">${f.label}</legend>
          <div class="multi" id=${id}>
            ${(f.options ?? []).length
              ? (f.options ?? []).map(
                  (o) => html`<label class="check"
                    ><input
                      type="checkbox"
                      name=${f.key}
                      value=${o.value}
                      .checked=${selected.has(o.value)}
                      @change=${(e: Event) => {
                        const next = new Set(selected);
                        if ((e.target as HTMLInputElement).checked) next.add(o.value);
                        else next.delete(o.value);
                        this._set(f.key, [...next]);
                      }}
                    />${o.label}</label
                  >`,
                )
              : html`<span class="muted">${t("records.none_configured")}</span>`}
          </div>
          ${help} ${errorEl}
        </fieldset>`;
      }
      case "schedule":
        return this._schedule(f, (v as ScheduleWindow[]) ?? [], cls, errorEl);
      case "driver-options":
        return this._driverOptions(f, (v as DriverOptionsState) ?? {}, errorEl);
      case "secret":
      case "secret-list": {
        const stored = f.stored?.(this._editing) ?? "";
        return html`<label class="field ${cls}"
          >${f.label}
          ${this._editing ? html`<span class="stored" data-stored=${f.key}>${stored}</span>` : nothing}
          <input
            id=${id}
            name=${f.key}
            type="password"
            autocomplete="new-password"
            placeholder=${this._editing
              ? f.type === "secret-list"
                ? t("records.replace_all")
                : t("records.replace")
              : f.type === "secret-list"
                ? t("records.comma_separated")
                : ""}
            .value=${String(v ?? "")}
            @input=${(e: Event) => {
              const value = (e.target as HTMLInputElement).value;
              if (value) this._touched.add(f.key);
              else this._touched.delete(f.key);
              this._set(f.key, value);
            }}
          />
          ${this._editing && f.optional && stored !== maskedCount(0)
            ? html`<button
                type="button"
                class="flat"
                style="align-self:flex-start"
                @click=${() => {
                  this._touched.add(f.key);
                  this._set(f.key, f.type === "secret-list" ? "" : "");
                  this._formError = "";
                  void this._clearSecret(f);
                }}
              >
                ${t("common.remove")}
              </button>`
            : nothing}
          ${help} ${errorEl}
        </label>`;
      }
      case "entity": {
        const listId = `${id}-list`;
        return html`<label class="field ${cls}"
          >${f.label}
          <input
            id=${id}
            name=${f.key}
            list=${listId}
            placeholder=${(f.domains ?? []).map((d) => `${d}.…`).join(t("common.or"))}
            .value=${String(v ?? "")}
            @input=${(e: Event) => this._set(f.key, (e.target as HTMLInputElement).value.trim())}
          />
          <datalist id=${listId}>
            ${this._entityOptions(f.domains).map((e) => html`<option value=${e}></option>`)}
          </datalist>
          ${help} ${errorEl}
        </label>`;
      }
      default:
        return html`<label class="field ${cls}"
          >${f.label}
          <input
            id=${id}
            name=${f.key}
            type=${f.type === "number" ? "number" : f.type === "date" ? "date" : "text"}
            min=${f.min ?? ""}
            max=${f.max ?? ""}
            ?required=${!!f.required}
            .value=${String(v ?? "")}
            @input=${(e: Event) => this._set(f.key, (e.target as HTMLInputElement).value)}
          />
          ${help} ${errorEl}
        </label>`;
    }
  }

  /** The chosen driver's option fields, each a cell of the form grid. */
  private _driverOptions(f: FieldDef, state: DriverOptionsState, errorEl: unknown) {
    const driver = this._values[f.driverField ?? "driver"];
    const text = driverNote(driver);
    const note = text
      ? html`<div class="wide help driver-note" data-driver-note=${String(driver)} role="note">${text}</div>`
      : nothing;
    const group = errorEl !== nothing ? html`<div class="wide invalid">${errorEl}</div>` : nothing;
    return html`${note}${group}${driverOptionFields(driver).map((o) => this._optionField(f.key, o, state))}`;
  }

  private _optionField(group: string, o: FieldDef, state: DriverOptionsState) {
    const path = `${group}.${o.key}`;
    const id = `field-${group}-${o.key}`;
    const err = this._errors[path];
    const v = state[o.key] ?? "";
    const errorEl = err
      ? html`<span class="field-error" id="${id}-error" role="alert" data-field-error=${path}>${err}</span>`
      : nothing;
    const onInput = (e: Event) => this._setOption(group, o.key, (e.target as HTMLInputElement).value);
    const help = o.help ? html`<span class="help">${o.help}</span>` : nothing;
    if (o.type === "select") {
      // empty: the backend's default (the help says which)
      return html`<label class="field ${err ? "invalid" : ""}" data-option=${o.key}
        >${o.label}
        <select id=${id} name=${path} aria-invalid=${err ? "true" : "false"} @change=${onInput}>
          <option value="" ?selected=${v === ""}>—</option>
          ${(o.options ?? []).map((c) => html`<option value=${c.value} ?selected=${v === c.value}>${c.label}</option>`)}
        </select>
        ${help} ${errorEl}
      </label>`;
    }
    if (o.type === "bool") {
      return html`<label class="field ${err ? "invalid" : ""}" data-option=${o.key}>
        <span
          ><input
            id=${id}
            name=${path}
            type="checkbox"
            .checked=${v === "true"}
            @change=${(e: Event) => this._setOption(group, o.key, String((e.target as HTMLInputElement).checked))}
          />
          ${o.label}</span
        >
        ${help} ${errorEl}
      </label>`;
    }
    let list: unknown = nothing;
    let listId = "";
    let extraHelp: unknown = nothing;
    if (o.key === "baudrate") {
      listId = `${id}-list`;
      list = html`<datalist id=${listId}>
        ${COMMON_BAUDRATES.map((b) => html`<option value=${b}></option>`)}
      </datalist>`;
    } else if (o.key === "tag_device_id") {
      listId = `${id}-list`;
      list = html`<datalist id=${listId}>
        ${this._haDevices.map((d) => html`<option value=${d.id}>${haDeviceName(d)}</option>`)}
      </datalist>`;
      const chosen = this._haDevices.find((d) => d.id === v.trim());
      if (chosen) extraHelp = html`<span class="stored" data-device-name>${haDeviceName(chosen)}</span>`;
    }
    return html`<label class="field ${err ? "invalid" : ""}" data-option=${o.key}
      >${o.label}
      <input
        id=${id}
        name=${path}
        type=${o.type === "number" ? "number" : "text"}
        min=${o.min ?? ""}
        max=${o.max ?? ""}
        step=${o.type !== "number" ? nothing : o.key === "baudrate" ? "1" : "any"}
        list=${listId || nothing}
        placeholder=${o.key === "port" ? "/dev/serial/by-id/…" : o.key === "baudrate" ? "9600" : ""}
        autocomplete="off"
        aria-invalid=${err ? "true" : "false"}
        aria-describedby=${err ? `${id}-error` : nothing}
        .value=${v}
        @input=${onInput}
      />
      ${list} ${extraHelp} ${help} ${errorEl}
    </label>`;
  }

  private async _clearSecret(f: FieldDef) {
    if (!this._editing) return;
    try {
      await updateRecord(this.hass, this.collection, this._editing.id, {
        [f.key]: f.type === "secret-list" ? [] : null,
      });
      this._touched.delete(f.key);
      await this.refresh();
      this._editing = this._records.find((r) => r.id === this._editing!.id) ?? this._editing;
    } catch (err) {
      this._errors = { ...this._errors, [f.key]: errorMessage(err) };
    }
  }

  private _schedule(f: FieldDef, windows: ScheduleWindow[], cls: string, errorEl: unknown) {
    const setWin = (i: number, w: ScheduleWindow) => {
      const next = windows.slice();
      next[i] = w;
      this._set(f.key, next);
    };
    return html`<div class="${cls}" id="field-${f.key}">
      <div class="muted" style="font-size:12px;margin-bottom:6px">${f.label}</div>
      ${windows.length
        ? nothing
        : html`<div class="help" style="margin-bottom:8px">${t("records.schedule.no_windows")}</div>`}
      ${windows.map(
        (w, i) => html`<div class="window" data-window=${i}>
          <div class="days" role="group" aria-label=${t("records.schedule.days")}>
            ${DAYS.map(
              (d) => html`<label class="check"
                ><input
                  type="checkbox"
                  data-day=${d}
                  .checked=${w.days.includes(d)}
                  @change=${(e: Event) => {
                    const on = (e.target as HTMLInputElement).checked;
                    const days = DAYS.filter((x) => (x === d ? on : w.days.includes(x)));
                    setWin(i, { ...w, days });
                  }}
                />${dayLabel(d)}</label
              >`,
            )}
          </div>
          <label class="check"
            >${t("records.schedule.from")}
            <input
              type="time"
              data-part="start"
              .value=${w.start}
              @change=${(e: Event) => setWin(i, { ...w, start: (e.target as HTMLInputElement).value })}
          /></label>
          <label class="check"
            >${t("records.schedule.to")}
            <input
              type="time"
              data-part="end"
              .value=${w.end}
              @change=${(e: Event) => setWin(i, { ...w, end: (e.target as HTMLInputElement).value })}
          /></label>
          <button
            type="button"
            class="flat"
            aria-label=${t("records.schedule.remove_window")}
            @click=${() => this._set(f.key, windows.filter((_, j) => j !== i))}
          >
            ✕
          </button>
        </div>`,
      )}
      <button type="button" id="add-window" @click=${() => this._set(f.key, [...windows, emptyWindow()])}>
        ${t("records.schedule.add_window")}
      </button>
      <div class="help">${t("records.schedule.overnight")}</div>
      ${errorEl}
    </div>`;
  }

  private _list() {
    if (!this._loaded) return html`<div class="muted empty">${t("common.loading")}</div>`;
    if (!this._records.length)
      return html`<div class="card empty muted">${t(`records.${this.collection}.empty`)}</div>`;
    if (this.narrow) {
      return html`<div class="cards">
        ${this._records.map(
          (r) => html`<button class="reccard card" data-id=${r.id} @click=${() => this.edit(r)}>
            <span class="name">${r.name}</span>
            ${this.columns.slice(1).map(
              (c) => html`<span class="kv"><span class="k">${c.label}:</span><span>${c.render(r)}</span></span>`,
            )}
          </button>`,
        )}
      </div>`;
    }
    return html`<div class="card" style="overflow:auto">
      <table>
        <thead>
          <tr>
            ${this.columns.map((c) => html`<th>${c.label}</th>`)}
          </tr>
        </thead>
        <tbody>
          ${this._records.map(
            (r) => html`<tr class="rec" data-id=${r.id} tabindex="0" @click=${() => this.edit(r)}
              @keydown=${(e: KeyboardEvent) => e.key === "Enter" && this.edit(r)}>
              ${this.columns.map((c) => html`<td>${c.render(r)}</td>`)}
            </tr>`,
          )}
        </tbody>
      </table>
    </div>`;
  }

  render() {
    const c = this.collection;
    const intro = t(`records.${c}.intro`);
    return html`
      <div class="head">
        <h2>${t(`records.${c}.heading`)}</h2>
        <button class="primary" id="add-record" @click=${() => this.edit()}>${t(`records.${c}.add`)}</button>
      </div>
      ${intro ? html`<p class="muted" style="margin-top:0">${intro}</p>` : nothing}
      ${this._listError ? html`<div class="banner-error">${this._listError}</div>` : nothing} ${this._list()}
      <dialog aria-labelledby="edit-title" @close=${() => (this._editing = undefined)}>
        <div class="dlg-head">
          <h2 id="edit-title">
            ${this._editing ? t(`records.${c}.edit`) : t(`records.${c}.new`)}
          </h2>
          <button class="flat" aria-label=${t("common.close")} @click=${() => this._dialog?.close()}>✕</button>
        </div>
        <form
          class="dlg-body"
          @submit=${(e: Event) => {
            e.preventDefault();
            void this._save();
          }}
        >
          ${this._formError
            ? html`<div class="banner-error" id="form-error" role="alert">${this._formError}</div>`
            : nothing}
          <div class="form">${this.fields.map((f) => this._field(f))}</div>
          ${this._editing && this.extra ? this.extra(this._editing, () => this._afterExtra()) : nothing}
          <button type="submit" hidden></button>
        </form>
        <div class="dlg-actions">
          ${this._editing
            ? html`<button class="flat" style="color:var(--ga-error)" id="delete-record" @click=${this._delete}>
                ${t("common.delete")}
              </button>`
            : nothing}
          <span class="spacer"></span>
          <button @click=${() => this._dialog?.close()}>${t("common.cancel")}</button>
          <button class="primary" id="save-record" ?disabled=${this._saving} @click=${this._save}>
            ${this._saving ? t("common.saving") : t("common.save")}
          </button>
        </div>
      </dialog>
    `;
  }

  private async _afterExtra() {
    await this.refresh();
    if (this._editing) this._editing = this._records.find((r) => r.id === this._editing!.id) ?? this._editing;
  }
}

function haDeviceName(d: HaDevice): string {
  return d.name_by_user || d.name || d.id;
}

define("gem-access-records-view", GemAccessRecordsView);
