/**
 * The panel's words: `t("log.filters.user")` looks a dotted key up in the strings of the current
 * language (`strings/en.ts` is the source; a translation is an object of type `Strings` with the
 * same keys, listed in `strings/index.ts`). The key and its `{placeholders}` are checked by the
 * compiler: a missing key, a missing placeholder or a translation with other keys does not build.
 *
 * The tables are handed in at run time (`useStrings`): the panel hands in all of them, while the
 * dashboard card, which Home Assistant loads on every page, carries only its share (`en-card.ts`,
 * the default here) and so stays small.
 */
import type { en } from "./strings/en";
import { enCard } from "./strings/en-card";

type Source = typeof en;

/** The shape every translation has: English's keys, any words. */
export type Strings = { [K in keyof Source]: Widen<Source[K]> };
type Widen<T> = T extends string ? string : { [K in keyof T]: Widen<T[K]> };

type Paths<T, P extends string = ""> = {
  [K in keyof T & string]: T[K] extends string ? `${P}${K}` : Paths<T[K], `${P}${K}.`>;
}[keyof T & string];

/** Every dotted key, e.g. "log.filters.user". */
export type StringKey = Paths<Source>;

type ValueAt<T, K extends string> = K extends `${infer H}.${infer R}`
  ? H extends keyof T
    ? ValueAt<T[H], R>
    : never
  : K extends keyof T
    ? T[K]
    : never;

type Names<S> = S extends `${string}{${infer P}}${infer R}` ? P | Names<R> : never;

/** The placeholder names of a key's English text: "{count} rows" -> "count". */
export type PlaceholdersOf<K extends StringKey> = Names<ValueAt<Source, K>>;

type Values<K extends StringKey> = [PlaceholdersOf<K>] extends [never]
  ? []
  : [values: Record<PlaceholdersOf<K>, string | number>];

/** Keys that come as a `_one` / `_other` pair, counted with `tn`. */
export type PluralKey = PluralBase<StringKey>;
type PluralBase<K> = K extends `${infer B}_one` ? (`${B}_other` extends StringKey ? B : never) : never;

/** The tables by language code; English is the fallback for anything a translation lacks. */
let tables: Record<string, unknown> = { en: enCard };
let english: unknown = enCard;
let current: unknown = enCard;
let currentLanguage = "en";
let wantedLanguage: string | undefined | null;

/** The strings this bundle speaks (the panel: every translation and all of English). */
export function useStrings(translations: Record<string, Strings>): void {
  tables = { en: enCard, ...translations };
  english = tables.en;
  setLanguage(wantedLanguage);
}

/**
 * The language the panel speaks: HA's user language (`hass.locale.language`, e.g. "de" or
 * "pt-BR"), else its base ("pt"), else English. Returns the language chosen.
 */
export function setLanguage(language: string | undefined | null): string {
  wantedLanguage = language;
  const wanted = (language ?? "").trim();
  const base = wanted.split(/[-_]/)[0].toLowerCase();
  const chosen = [wanted, wanted.toLowerCase(), base].find((l) => l && tables[l]) ?? "en";
  current = tables[chosen];
  currentLanguage = chosen;
  return chosen;
}

/** The user's language as Home Assistant reports it (its profile setting, else the browser's). */
export const hassLanguage = (hass: { locale?: { language?: string }; language?: string } | undefined) =>
  hass?.locale?.language ?? hass?.language;

function lookup(table: unknown, key: string): string | undefined {
  let node: unknown = table;
  for (const part of key.split(".")) {
    if (node === null || typeof node !== "object") return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return typeof node === "string" ? node : undefined;
}

/** Fill `{name}` placeholders; an unknown one is left as written (visible, so a test can see it). */
export function fill(text: string, values?: Record<string, string | number>): string {
  if (!values) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : whole,
  );
}

/** The words of `key` in the current language (English when the translation lacks it). */
export function t<K extends StringKey>(key: K, ...values: Values<K>): string {
  const text = lookup(current, key) ?? lookup(english, key) ?? key;
  return fill(text, values[0] as Record<string, string | number> | undefined);
}

/** Groups whose keys are the backend's codes (results, reasons, match statuses, flag kinds …). */
export type CodeGroup = {
  [G in keyof Source]: Source[G] extends Record<string, string> ? G : never;
}[keyof Source];

/**
 * The words of a backend code that arrives at run time (a reason, a flag kind): undefined for a
 * code this version has no words for, so the caller can show the code itself.
 */
export function tCode(group: CodeGroup, code: string): string | undefined {
  if (!/^[a-z0-9_]+$/.test(code)) return undefined;
  return lookup(current, `${group}.${code}`) ?? lookup(english, `${group}.${code}`);
}

let pluralRules: Intl.PluralRules | undefined;
let pluralLanguage = "";

/** The unfilled text of `key_one` or `key_other`, by the language's plural rule for `count`. */
export function plural(key: PluralKey, count: number): string {
  if (pluralLanguage !== currentLanguage) {
    pluralRules = new Intl.PluralRules(currentLanguage);
    pluralLanguage = currentLanguage;
  }
  const name = `${key}_${pluralRules!.select(count) === "one" ? "one" : "other"}`;
  return lookup(current, name) ?? lookup(english, name) ?? name;
}

/** A number as the user writes it (HA's language, even when the words fall back to English). */
function formatCount(count: number): string {
  try {
    return count.toLocaleString(wantedLanguage || undefined);
  } catch {
    return count.toLocaleString(); // not a language tag Intl knows
  }
}

/** A counted text: `{count}` (formatted for the language) and any other placeholders filled in. */
export function tn(key: PluralKey, count: number, values: Record<string, string | number> = {}): string {
  return fill(plural(key, count), { count: formatCount(count), ...values });
}

/**
 * A text with markup in it: the text split at its placeholders, each replaced by the value given
 * (a Lit template, a string…), for Lit to render as a list. Keeps the word order a translation
 * chooses, e.g. "log.empty.try_wider" with the Clear Filters button where `{clear}` is.
 */
export function tParts<K extends StringKey>(key: K, values: Record<PlaceholdersOf<K>, unknown>): unknown[] {
  return parts(lookup(current, key) ?? lookup(english, key) ?? key, values);
}

/** `tParts` for a text already chosen (a plural form). */
export function parts(text: string, values: Record<string, unknown>): unknown[] {
  return text
    .split(/(\{\w+\})/)
    .filter((p) => p !== "")
    .map((p) => {
      const m = /^\{(\w+)\}$/.exec(p);
      return m && Object.prototype.hasOwnProperty.call(values, m[1]) ? values[m[1]] : p;
    });
}
