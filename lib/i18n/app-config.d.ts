// next-intl checks every key the code reads against the English catalog, and every locale
// against ours, at compile time.
import type { Locale } from "./locales";
import type en from "./messages/en.json";

declare module "next-intl" {
  interface AppConfig {
    Locale: Locale;
    Messages: typeof en;
  }
}
