"use client";

import { useLocale, useTranslations } from "next-intl";
import { useRouter } from "next/navigation";

import { LOCALE_COOKIE, LOCALE_COOKIE_MAX_AGE, LOCALE_NAMES, LOCALES } from "@/lib/i18n/locales";

/**
 * The page's language. The choice goes in a cookie and the page renders again where it is:
 * same URL, same open panels and typed fields.
 */
export function LanguageSwitcher() {
  const locale = useLocale();
  const t = useTranslations("layout");
  const router = useRouter();
  return (
    <label className="flex items-center gap-1 text-sm text-slate-600">
      <span className="sr-only">{t("language")}</span>
      <select
        value={locale}
        onChange={(e) => {
          const secure = window.location.protocol === "https:" ? "; secure" : "";
          document.cookie = `${LOCALE_COOKIE}=${e.target.value}; path=/; max-age=${LOCALE_COOKIE_MAX_AGE}; samesite=lax${secure}`;
          router.refresh();
        }}
        className="rounded border border-slate-300 bg-surface px-1 py-0.5"
      >
        {LOCALES.map((l) => (
          <option key={l} value={l} lang={l}>
            {LOCALE_NAMES[l]}
          </option>
        ))}
      </select>
    </label>
  );
}
