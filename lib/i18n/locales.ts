// Which languages the dashboard speaks, and which one a request gets. Browser-safe: the
// switcher and the server's request configuration read the same cookie.

export const LOCALES = ["en", "fr"] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "en";
/** The person's choice, from the switcher; kept a year. */
export const LOCALE_COOKIE = "gs_locale";
export const LOCALE_COOKIE_MAX_AGE = 365 * 24 * 3600;

/** Each language's name in itself, as the switcher offers it. */
export const LOCALE_NAMES: Record<Locale, string> = { en: "English", fr: "Français" };

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (LOCALES as readonly string[]).includes(value);
}

/**
 * The language a browser asks for most (`Accept-Language: fr-CA,fr;q=0.9,en;q=0.8`), among
 * ours; English when it names none of them. Ranges are compared by their first part.
 */
export function negotiateLocale(acceptLanguage: string | null | undefined): Locale {
  const ranked = (acceptLanguage ?? "")
    .split(",")
    .map((part, order) => {
      const [range = "", ...params] = part.trim().split(";");
      // A weight that is not a number counts as not asked for.
      const q = params.find((p) => /^\s*q=/.test(p))?.replace(/^\s*q=/, "");
      return {
        lang: range.trim().toLowerCase().split("-")[0],
        q: q === undefined ? 1 : Number(q || NaN),
        order,
      };
    })
    .filter((r) => r.q > 0 && !Number.isNaN(r.q))
    .sort((a, b) => b.q - a.q || a.order - b.order);
  return ranked.map((r) => r.lang).find(isLocale) ?? DEFAULT_LOCALE;
}

/** The locale of a request: the cookie the switcher set, else the browser's languages. */
export function requestLocale(cookie: string | undefined, acceptLanguage: string | null): Locale {
  return isLocale(cookie) ? cookie : negotiateLocale(acceptLanguage);
}
