import { afterEach, describe, expect, it } from "vitest";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { en } from "../src/strings/en";
import { enCard } from "../src/strings/en-card";
import { TRANSLATIONS } from "../src/strings";
import { fill, parts, setLanguage, t, tCode, tn, tParts, useStrings } from "../src/localize";
import type { Strings } from "../src/localize";
import { reasonLabel, resultBadge } from "../src/format";

const SRC = join(import.meta.dirname, "../src");

/** Every string of a table by dotted key. */
function leaves(node: unknown, prefix = ""): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(node as Record<string, unknown>)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === "string") out.set(key, v);
    else for (const [kk, vv] of leaves(v, key)) out.set(kk, vv);
  }
  return out;
}

const placeholders = (text: string) => new Set([...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]));

/** The modules the dashboard card's bundle is built from (src/card.ts and what it imports). */
function cardModules(): Set<string> {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const text = readFileSync(join(SRC, file), "utf-8");
    // value imports only: `import type` brings no code into the bundle
    for (const m of text.matchAll(/^import\s+(?!type\b)(?:[^"']*?from\s+)?["'](\.[^"']+)["']/gm)) {
      const target = relative(SRC, join(SRC, dirname(file), m[1]));
      for (const candidate of [`${target}.ts`, join(target, "index.ts")]) {
        try {
          if (statSync(join(SRC, candidate)).isFile()) visit(candidate);
          break;
        } catch {
          /* try the next form */
        }
      }
    }
  };
  visit("card.ts");
  return seen;
}

function sources(dir: string): { file: string; text: string }[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === "strings" ? [] : sources(path);
    if (!name.endsWith(".ts")) return [];
    // comments may show a call as an example; only code counts
    const text = readFileSync(path, "utf-8")
      .replace(/\/\*[\s\S]*?\*\//g, "")
      .replace(/^\s*\/\/.*$/gm, "");
    return [{ file: relative(SRC, path), text }];
  });
}

interface Call {
  file: string;
  fn: string;
  /** the key as written: a literal, or a template with `${…}` parts */
  key: string;
  template: boolean;
  /** the property names of an object literal passed second, or null when none is */
  names: string[] | null;
}

/** The top-level property names of the object literal starting at `text[start]` ("{"). */
function objectNames(text: string, start: number): string[] {
  const names: string[] = [];
  let depth = 0;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (c === "{" || c === "(" || c === "[") depth++;
    else if (c === "}" || c === ")" || c === "]") {
      depth--;
      if (depth === 0) break;
    } else if (depth === 1 && /[\w$]/.test(c) && !/[\w$.]/.test(text[i - 1])) {
      const m = /^([A-Za-z_$][\w$]*)\s*([:,}])/.exec(text.slice(i));
      if (m && /[{,]\s*$/.test(text.slice(start, i))) names.push(m[1]);
      i += (m?.[1].length ?? 1) - 1;
    } else if (c === '"' || c === "'" || c === "`") {
      // skip a string (no nested templates in the sources' placeholder values)
      const end = text.indexOf(c, i + 1);
      i = end < 0 ? text.length : end;
    }
  }
  return names;
}

/** Every `t(…)`, `tn(…)`, `tParts(…)` and `plural(…)` call of the sources. */
function calls(): Call[] {
  const out: Call[] = [];
  const re = /\b(t|tn|tParts|plural)\(\s*(?:"([^"]+)"|`([^`]+)`)\s*([,)])/g;
  for (const { file, text } of sources(SRC)) {
    for (const m of text.matchAll(re)) {
      const after = m.index! + m[0].length;
      let names: string[] | null = null;
      if (m[4] === ",") {
        const rest = text.slice(after);
        const brace = /^\s*\{/.exec(rest);
        // tn's second argument is the count; its placeholder object comes third
        if (m[1] === "tn" || m[1] === "plural") {
          const third = /^[^,()]*(?:\([^()]*\))?[^,()]*,\s*\{/.exec(rest);
          if (third) names = objectNames(text, after + third[0].length - 1);
        } else if (brace) names = objectNames(text, after + brace[0].length - 1);
      }
      out.push({ file, fn: m[1], key: m[2] ?? m[3], template: m[3] !== undefined, names });
    }
  }
  return out;
}

const EN = leaves(en);
const CALLS = calls();
const templateRe = (key: string) =>
  new RegExp(`^${key.split(/\$\{[^}]+\}/).map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("[a-z0-9_]+")}$`);
/** The English keys a call may name (a template names several). */
function keysOf(call: Call): string[] {
  const suffixes = call.fn === "tn" || call.fn === "plural" ? ["_one", "_other"] : [""];
  if (!call.template) return suffixes.map((s) => call.key + s);
  return suffixes.flatMap((s) => [...EN.keys()].filter((k) => templateRe(call.key + s).test(k)));
}

describe("the panel's strings", () => {
  afterEach(() => {
    setLanguage("en");
  });

  it("finds the lookups in the sources", () => {
    // the scan itself works: a handful of known calls are among the ones found
    expect(CALLS.length).toBeGreaterThan(200);
    expect(CALLS).toContainEqual(
      expect.objectContaining({ file: "views/log-view.ts", key: "log.filters.all_users", template: false }),
    );
    expect(CALLS).toContainEqual(expect.objectContaining({ fn: "tn", key: "card.today" }));
  });

  it("has every key the sources look up", () => {
    const missing = CALLS.filter((c) =>
      c.template ? keysOf(c).length === 0 : keysOf(c).some((k) => !EN.has(k)),
    ).map((c) => `${c.file}: ${c.fn}(${c.key})`);
    expect(missing).toEqual([]);
  });

  it("fills every placeholder of each looked-up text, and no others", () => {
    const wrong: string[] = [];
    for (const call of CALLS) {
      for (const key of keysOf(call)) {
        const wanted = placeholders(EN.get(key) ?? "");
        // tn fills {count} itself (a form may leave the number out: "event today")
        const counted = call.fn === "tn" && wanted.has("count") ? ["count"] : [];
        const given = new Set([...(call.names ?? []), ...counted]);
        if (call.fn === "plural") continue; // filled by `parts` from the caller's values
        const same = wanted.size === given.size && [...wanted].every((p) => given.has(p));
        if (!same) {
          wrong.push(`${call.file}: ${call.key} wants {${[...wanted]}} gets {${[...given]}}`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  it("uses every string (by key, a key template, or a group of backend codes)", () => {
    const used = new Set(CALLS.flatMap(keysOf));
    const text = sources(SRC).map((s) => s.text).join("\n");
    // groups looked up by a code that arrives at run time
    const codeGroups = [...text.matchAll(/\b(?:tCode|codeLabel)\(\s*"([a-z_]+)"/g)].map((m) => m[1]);
    const unused = [...EN.keys()].filter((k) => !used.has(k) && !codeGroups.includes(k.split(".")[0]));
    expect(unused).toEqual([]);
  });

  it("gives the card every string it looks up, from its own small table", () => {
    const modules = cardModules();
    expect(modules).toContain("format.ts");
    expect(modules).toContain("localize.ts");
    // the card's bundle must not pull the panel's whole table in
    expect([...modules].some((m) => m.startsWith("strings/en.ts") || m === "strings/index.ts")).toBe(false);
    const CARD = leaves(enCard);
    const missing = CALLS.filter((c) => modules.has(c.file))
      .filter((c) => (c.template ? keysOf(c).filter((k) => CARD.has(k)).length === 0 : keysOf(c).some((k) => !CARD.has(k))))
      .map((c) => `${c.file}: ${c.key}`);
    expect(missing).toEqual([]);
    // a template key's every expansion, too (match_band.${band})
    for (const c of CALLS.filter((call) => modules.has(call.file) && call.template)) {
      for (const k of keysOf(c)) expect(CARD.has(k), k).toBe(true);
    }
  });

  it("every translation has English's keys and placeholders", () => {
    for (const [lang, table] of Object.entries(TRANSLATIONS)) {
      const words = leaves(table);
      expect([...words.keys()].sort(), lang).toEqual([...EN.keys()].sort());
      for (const [key, text] of EN) {
        expect([...placeholders(words.get(key)!)].sort(), `${lang} ${key}`).toEqual([...placeholders(text)].sort());
      }
    }
  });

  it("fills placeholders and leaves none open", () => {
    setLanguage("en-US");
    expect(t("log.export_failed", { error: "disk full" })).toBe("Export failed: disk full");
    expect(t("snapshot.title", { id: 42 })).toBe("Event #42");
    expect(tn("delete_logs.deleted", 1)).toBe("Deleted 1 row.");
    expect(tn("delete_logs.deleted", 25001)).toBe("Deleted 25,001 rows.");
    expect(tn("time_ago.days", 3)).toBe("3 days ago");
    // a value for a name the text does not have is ignored; a missing one stays visible
    expect(fill("{a} and {b}", { a: 1, c: 2 })).toBe("1 and {b}");
    expect(parts("Try {x} now", { x: 7 })).toEqual(["Try ", 7, " now"]);
    expect(tParts("log.empty.tip_try", { action: "A" })).toEqual(["Try a credential with the action ", "A", " in Developer tools."]);
    // every English text with placeholders, filled with its own names, has none left
    for (const [key, text] of EN) {
      const values = Object.fromEntries([...placeholders(text)].map((p) => [p, `<${p}>`]));
      expect(fill(text, values), key).not.toMatch(/\{\w+\}/);
    }
  });

  it("speaks the user's language when there is a translation, English otherwise", () => {
    expect(setLanguage("de-DE")).toBe("en");
    expect(setLanguage(undefined)).toBe("en");
    const de = structuredClone(en) as unknown as Strings;
    (de.result as { granted: string }).granted = "Gewährt";
    (de.reason as { cooldown: string }).cooldown = "Sperrzeit";
    delete (de.reason as { lockdown?: string }).lockdown;
    useStrings({ ...TRANSLATIONS, de });
    try {
      expect(setLanguage("de-AT")).toBe("de");
      expect(resultBadge({ result: "granted", reason: "success" }).text).toBe("✓ Gewährt");
      expect(reasonLabel("cooldown")).toBe("Sperrzeit");
      expect(tCode("reason", "no_such_code")).toBeUndefined();
      expect(reasonLabel("no_such_code")).toBe("no_such_code");
      // a word the translation lacks is English's
      expect(reasonLabel("lockdown")).toBe("Lockdown");
    } finally {
      useStrings(TRANSLATIONS);
    }
    setLanguage("en");
    expect(resultBadge({ result: "granted", reason: "success" }).text).toBe("✓ Granted");
  });

  it("is checked by the compiler", () => {
    // these lines are the test: `tsc --noEmit` (the build) fails if any of them compiles
    // @ts-expect-error an unknown key
    expect(t("log.no_such_key")).toBe("log.no_such_key");
    // @ts-expect-error a text with a placeholder needs its value
    t("log.export_failed");
    // @ts-expect-error a placeholder of another name
    t("log.export_failed", { message: "x" });
    const { loading: _dropped, ...common } = en.common;
    // @ts-expect-error a translation lacking a key
    const partial: Strings = { ...en, common };
    expect(partial).toBeDefined();
  });
});
