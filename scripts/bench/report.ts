// The benchmark report: what each section prints to the terminal and to docs/benchmarks.md.
// Its prose lives in prose/<section>.md, one paragraph per `<!-- name -->` marker, with
// {placeholders} for the figures; the code only measures and fills them in.
import { readFileSync } from "node:fs";
import path from "node:path";

export const log = (s: string) => console.error(`[bench] ${s}`);

/** Every line printed so far, in order: what docs/benchmarks.md receives. */
export const lines: string[] = [];

export function out(s = "") {
  lines.push(s);
  console.log(s);
}

/** The moment a section was measured, as its prose gives it (UTC, to the minute). */
export const measuredAt = () => new Date().toISOString().slice(0, 16).replace("T", " ");

/** A prose file's paragraphs by name: each `<!-- name -->` line starts one, up to the next. */
export function paragraphsOf(text: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const part of text.split(/^<!-- (?=[\w-]+ -->$)/m).slice(1)) {
    const [name, ...body] = part.split("\n");
    found.set(name!.replace(/ -->$/, ""), body.join("\n").trim());
  }
  return found;
}

/**
 * A template with its {placeholders} filled. A placeholder without a value, or a value no
 * placeholder asks for, throws: a figure never silently goes missing from the report.
 */
export function fill(template: string, values: Record<string, string | number>): string {
  const used = new Set<string>();
  const text = template.replace(/\{(\w+)\}/g, (_, key: string) => {
    if (!(key in values)) throw new Error(`the report's prose asks for {${key}}, not given`);
    used.add(key);
    return String(values[key]);
  });
  const unused = Object.keys(values).filter((k) => !used.has(k));
  if (unused.length > 0) throw new Error(`the report's prose has no {${unused.join("}, {")}}`);
  return text;
}

const files = new Map<string, Map<string, string>>();

/** One paragraph of prose/<section>.md, filled with `values`. */
export function prose(
  section: string,
  name: string,
  values: Record<string, string | number> = {},
): string {
  if (!files.has(section)) {
    const file = path.join(import.meta.dirname, "prose", `${section}.md`);
    files.set(section, paragraphsOf(readFileSync(file, "utf8")));
  }
  const template = files.get(section)!.get(name);
  if (template === undefined) throw new Error(`prose/${section}.md has no paragraph "${name}"`);
  return fill(template, values);
}

/** Prints a paragraph of prose, then a blank line. */
export function say(section: string, name: string, values: Record<string, string | number> = {}) {
  out(prose(section, name, values));
  out();
}
