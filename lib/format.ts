// Formatting shared by every page, through Intl for the person's language; times in UTC so
// server and browser agree. The server's own sentences use the default (English).
import { DEFAULT_LOCALE, type Locale } from "@/lib/i18n/locales";

// French writes octets: Kio, Mio, Gio (IEC prefixes, as Horizon's French catalog does).
const UNITS: Record<Locale, string[]> = {
  en: ["B", "KiB", "MiB", "GiB", "TiB"],
  fr: ["o", "Kio", "Mio", "Gio", "Tio"],
};
// Between a number and its unit French puts a no-break space.
const UNIT_SPACE: Record<Locale, string> = { en: " ", fr: "\u00a0" };

// An Intl formatter costs far more to make than to use, and a table formats every cell:
// each is made once per locale and options, and kept.
const formatters = new Map<string, unknown>();
function formatter<F>(key: string, make: () => F): F {
  let found = formatters.get(key) as F | undefined;
  if (found === undefined) formatters.set(key, (found = make()));
  return found;
}

/** 1536 → "1.5 KiB" (French "1,5 Kio"); null → "—". */
export function formatBytes(bytes: number | null, locale: Locale = DEFAULT_LOCALE): string {
  if (bytes === null) return "—";
  const units = UNITS[locale];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  const digits = unit > 0 && value < 10 ? 1 : 0;
  // Below 1024 of a unit no grouping ("1015 KiB", as the server's sentences have always said);
  // only the largest unit runs past it ("2 000 Tio").
  const grouping = value >= 1024;
  const number = formatter(
    `bytes|${locale}|${digits}|${grouping}`,
    () =>
      new Intl.NumberFormat(locale, {
        minimumFractionDigits: digits,
        maximumFractionDigits: digits,
        useGrouping: grouping,
      }),
  ).format(unit === 0 ? bytes : value);
  return `${number}${UNIT_SPACE[locale]}${units[unit]}`;
}

/** A count as the language writes it: 12,345 in English, 12 345 in French. */
export function formatNumber(n: number, locale: Locale = DEFAULT_LOCALE): string {
  return formatter(`number|${locale}`, () => new Intl.NumberFormat(locale)).format(n);
}

/** "2026-12-03T18:12:09Z" → "Dec 3, 2026, 18:12 UTC", in French "3 déc. 2026, 18:12 UTC". */
export function formatDate(iso: string | null, locale: Locale = DEFAULT_LOCALE): string {
  if (!iso) return "—";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const text = formatter(
    `date|${locale}`,
    () =>
      new Intl.DateTimeFormat(locale, {
        day: "numeric",
        month: "short",
        year: "numeric",
        hour: "2-digit",
        minute: "2-digit",
        hourCycle: "h23",
        timeZone: "UTC",
      }),
  ).format(d);
  return `${text} UTC`;
}

/** "today", "yesterday", "12 days ago" (French "aujourd’hui", "hier", "il y a 12 jours"). */
export function daysAgo(
  iso: string | null,
  locale: Locale = DEFAULT_LOCALE,
  now = Date.now(),
): string {
  if (!iso) return "—";
  const days = Math.max(0, Math.floor((now - new Date(iso).getTime()) / 86_400_000));
  return formatter(
    `days|${locale}`,
    () => new Intl.RelativeTimeFormat(locale, { numeric: "auto" }),
  ).format(-days, "day");
}
