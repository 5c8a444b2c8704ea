// Writes the server's sentences in a language: the request's (a person reads the answer)
// or English (logs, and what a background job writes before anyone reads it).
import "server-only";

import { AsyncLocalStorage } from "node:async_hooks";

import { createTranslator } from "use-intl/core";

import { DEFAULT_LOCALE, type Locale } from "./locales";
import en from "./messages/en.json";
import fr from "./messages/fr.json";
import { writeWith, type Sentence, type ServerTranslator } from "./sentence";

const translators = {
  en: createTranslator({ locale: "en", messages: en, namespace: "server" }),
  fr: createTranslator({ locale: "fr", messages: fr, namespace: "server" }),
} satisfies Record<Locale, unknown>;

/** The sentence written in `locale` (by default the request's). */
export function write(sentence: Sentence, locale: Locale = currentLocale()): string {
  // The translator's types want each key's own values; a sentence carries them untyped.
  return writeWith(translators[locale] as unknown as ServerTranslator, sentence);
}

const requestLocale = new AsyncLocalStorage<Locale>();

/** Runs `fn` for a request in `locale`: the sentences it writes are in that language. */
export function inLocale<T>(locale: Locale, fn: () => T): T {
  return requestLocale.run(locale, fn);
}

/** The language of the request being answered; English outside one (logs, background jobs). */
export function currentLocale(): Locale {
  return requestLocale.getStore() ?? DEFAULT_LOCALE;
}

// Server code never writes a sentence for a person itself: a DTO's text (a job's error, a
// transfer's note, a failed pair of a fan-out) carries the sentence kept unwritten, and the
// answer is written in the reader's language as it leaves (writeKeptJson). So a job started
// in French and read in English reads in English, and what a database keeps stays readable
// in either. The mark cannot begin any text written before sentences were kept, which
// reads as it was written (English).
const KEPT = "\u001e";

/** The sentence kept unwritten, in a string (a DTO's field, a database column). */
export function keep(sentence: Sentence): string {
  return KEPT + JSON.stringify(sentence);
}

// A kept sentence as JSON.stringify writes it inside an answer: a string literal that
// begins with the mark, escaped.
const keptInJson = /"\\u001e(?:[^"\\]|\\.)*"/g;

/** A JSON answer with every kept sentence in it written in `locale`. */
export function writeKeptJson(json: string, locale: Locale = currentLocale()): string {
  if (!json.includes("\\u001e")) return json;
  return json.replace(keptInJson, (literal) => {
    const kept = JSON.parse(literal) as string;
    try {
      return JSON.stringify(write(JSON.parse(kept.slice(KEPT.length)) as Sentence, locale));
    } catch {
      // Not a sentence after all: it goes out without its mark, as the text it is.
      return JSON.stringify(kept.slice(KEPT.length));
    }
  });
}
