// The server's sentences: an error, a refusal or a planner's finding is made as a key of
// the catalogs' `server` namespace and its values, and written in a language only when it
// reaches a person (lib/i18n/write.ts on the server, the `server` messages in a page). So
// the same refusal reads in French for one person and in English for the next, and an
// upstream's own words (Glance's message) travel as a value, quoted as they came.
// Browser-safe: the planners shared with pages make sentences too.
import type { MessageKeys, NestedKeyOf } from "next-intl";

import type en from "./messages/en.json";

type ServerMessages = (typeof en)["server"];
export type SentenceKey = MessageKeys<ServerMessages, NestedKeyOf<ServerMessages>>;

/** A value is text, a number (plural rules read it) or a sentence of its own, written in the same language. */
export type SentenceValues = { readonly [name: string]: string | number | Sentence };

/** A sentence not yet written in any language. */
export interface Sentence {
  readonly key: SentenceKey;
  readonly values: SentenceValues;
}

/** The sentence `key` of the catalogs' `server` namespace, with its values. */
export function say(key: SentenceKey, values: SentenceValues = {}): Sentence {
  return { key, values };
}

/** Several sentences as one, each said once, in their order. */
export function oneAfterAnother(sentences: Sentence[]): Sentence {
  const once = [...new Map(sentences.map((s) => [JSON.stringify(s), s])).values()];
  return once.reduceRight((rest, first) => say("plan.list", { first, rest }));
}

/** A translator of the catalogs' `server` namespace, as next-intl makes one. */
export type ServerTranslator = (key: string, values: Record<string, string | number>) => string;

/** The sentence written by `t`; a sentence among its values is written by the same one. */
export function writeWith(t: ServerTranslator, sentence: Sentence): string {
  const values = Object.fromEntries(
    Object.entries(sentence.values).map(([k, v]) => [
      k,
      typeof v === "object" ? writeWith(t, v) : v,
    ]),
  );
  return t(sentence.key, values);
}
