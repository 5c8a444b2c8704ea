import { useLocale } from "next-intl";
import { useMemo } from "react";

import { daysAgo, formatBytes, formatDate, formatNumber } from "@/lib/format";

import { DEFAULT_LOCALE, isLocale } from "./locales";

/** lib/format's functions in the page's language. */
export function useFormat() {
  const current = useLocale();
  const locale = isLocale(current) ? current : DEFAULT_LOCALE;
  return useMemo(
    () => ({
      locale,
      bytes: (n: number | null) => formatBytes(n, locale),
      number: (n: number) => formatNumber(n, locale),
      date: (iso: string | null) => formatDate(iso, locale),
      daysAgo: (iso: string | null) => daysAgo(iso, locale),
    }),
    [locale],
  );
}
