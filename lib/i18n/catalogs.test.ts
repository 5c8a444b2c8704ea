// The message catalogs against each other and against the code that reads them: a key
// missing from one language, a key nothing reads, a message that does not parse, a French
// message without French spacing, each fails here.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

import { IntlMessageFormat } from "intl-messageformat";
import { describe, expect, it } from "vitest";

import en from "./messages/en.json";
import fr from "./messages/fr.json";

type Tree = { [key: string]: string | Tree };

function flatten(tree: Tree, prefix = ""): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(tree)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === "string") out.set(key, v);
    else for (const [kk, vv] of flatten(v, key)) out.set(kk, vv);
  }
  return out;
}

const catalogs = { en: flatten(en as Tree), fr: flatten(fr as Tree) };

/** The names of a message's arguments ({count}, {name}...), sorted. */
function argumentsOf(message: string, locale: string): string[] {
  const names = new Set<string>();
  const walk = (elements: unknown[]) => {
    for (const e of elements as {
      type: number;
      value?: string;
      options?: Record<string, { value: unknown[] }>;
      children?: unknown[];
    }[]) {
      if (e.type !== 0 && e.type !== 7 && typeof e.value === "string") names.add(e.value);
      for (const o of Object.values(e.options ?? {})) walk(o.value);
      if (e.children) walk(e.children);
    }
  };
  walk(new IntlMessageFormat(message, locale, undefined, { ignoreTag: false }).getAst());
  return [...names].sort();
}

const root = path.resolve(import.meta.dirname, "../..");
function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(root, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name))
    .map((e) => path.join(e.parentPath, e.name));
}

/** Every key the code reads: `const t = useTranslations("ns")` (or getTranslations), then t("key"). */
function keysInCode(): { used: Set<string>; prefixes: Set<string>; unreadable: string[] } {
  const used = new Set<string>();
  const prefixes = new Set<string>();
  const unreadable: string[] = [];
  for (const file of ["app", "components", "lib"].flatMap(sourceFiles)) {
    const text = readFileSync(file, "utf8");
    const bindings = [
      ...text.matchAll(
        /const (\w+) = (?:await )?(?:useTranslations|getTranslations)\(\s*"([\w.]+)"\s*\)/g,
      ),
    ];
    // Calls are matched by name in the whole file: one name, one namespace.
    const namespaces = new Map<string, Set<string>>();
    for (const [, name, ns] of bindings)
      namespaces.set(name!, (namespaces.get(name!) ?? new Set()).add(ns!));
    for (const [name, set] of namespaces)
      if (set.size > 1)
        unreadable.push(`${path.relative(root, file)}: ${name} names ${[...set].join(" and ")}`);
    for (const [, name, ns] of new Map(bindings.map((b) => [b[1], b])).values()) {
      for (const call of text.matchAll(
        new RegExp(`\\b${name}(?:\\.rich|\\.markup)?\\(([^,)]*)`, "g"),
      )) {
        const arg = call[1]!.trim();
        const literal = /^"([\w.]+)"$/.exec(arg);
        const template = /^`([\w.]*)\$\{/.exec(arg);
        if (literal) used.add(`${ns}.${literal[1]}`);
        else if (template) prefixes.add(`${ns}.${template[1]}`);
        else unreadable.push(`${path.relative(root, file)}: ${name}(${arg})`);
      }
    }
  }
  return { used, prefixes, unreadable };
}

/** Every server sentence the code makes: say("key", …), or say(`prefix.${…}`) over a fixed set. */
function sentencesInCode(): { used: Set<string>; prefixes: Set<string>; unreadable: string[] } {
  const used = new Set<string>();
  const prefixes = new Set<string>();
  const unreadable: string[] = [];
  for (const file of ["app", "components", "lib"].flatMap(sourceFiles)) {
    for (const call of readFileSync(file, "utf8").matchAll(/(?<!function )\bsay\(\s*([^,)]*)/g)) {
      const arg = call[1]!.trim();
      const literal = /^"([\w.]+)"$/.exec(arg);
      const template = /^`([\w.]*)\$\{/.exec(arg);
      if (literal) used.add(`server.${literal[1]}`);
      else if (template) prefixes.add(`server.${template[1]}`);
      else unreadable.push(`${path.relative(root, file)}: say(${arg})`);
    }
  }
  return { used, prefixes, unreadable };
}

describe("message catalogs", () => {
  it("hold the same keys in English and French", () => {
    const onlyIn = (a: Map<string, string>, b: Map<string, string>) =>
      [...a.keys()].filter((k) => !b.has(k));
    expect(onlyIn(catalogs.en, catalogs.fr), "in English, missing in French").toEqual([]);
    expect(onlyIn(catalogs.fr, catalogs.en), "in French, missing in English").toEqual([]);
  });

  it("parse as ICU messages, with the same arguments in both languages", () => {
    const differ: string[] = [];
    for (const [key, message] of catalogs.en) {
      const french = catalogs.fr.get(key);
      if (french === undefined) continue;
      if (argumentsOf(message, "en").join() !== argumentsOf(french, "fr").join()) differ.push(key);
    }
    expect(differ).toEqual([]);
  });

  it("are read by the code: every key it reads exists, and every key is read", () => {
    const inPages = keysInCode();
    const sentences = sentencesInCode();
    const used = new Set([...inPages.used, ...sentences.used]);
    const prefixes = new Set([...inPages.prefixes, ...sentences.prefixes]);
    const unreadable = [...inPages.unreadable, ...sentences.unreadable];
    expect(unreadable, "keys the check cannot read: name them literally").toEqual([]);
    expect(
      [...used].filter((k) => !catalogs.en.has(k)),
      "read but missing",
    ).toEqual([]);
    const read = (k: string) => used.has(k) || [...prefixes].some((p) => k.startsWith(p));
    expect(
      [...catalogs.en.keys()].filter((k) => !read(k)),
      "never read",
    ).toEqual([]);
  });

  it("space French punctuation as French typography does (a narrow no-break space before : ; ? ! and inside « »)", () => {
    // The text around the arguments: `{n, number, ::group-off}` is ICU syntax, not French.
    const text = (m: string) => {
      let out = m;
      while (/\{[^{}]*\}/.test(out)) out = out.replace(/\{[^{}]*\}/g, "");
      return out;
    };
    const plain = [...catalogs.fr]
      .filter(
        ([, m]) => /[ \u00a0][:;?!»]|«[ \u00a0]/.test(text(m)) || /«[^\u202f]|[^\u202f]»/.test(m),
      )
      .map(([k]) => k);
    expect(plain).toEqual([]);
  });
});
