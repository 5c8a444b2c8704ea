import type { Locale } from "@/lib/i18n/locales";
import { writeKeptJson } from "@/lib/i18n/write";

/** A DTO as a browser in `locale` gets it: its kept sentences written (the answer does this on its way out). */
export function written<T>(value: T, locale: Locale = "en"): T {
  return JSON.parse(writeKeptJson(JSON.stringify(value), locale)) as T;
}
