import { getRequestConfig } from "next-intl/server";
import { cookies, headers } from "next/headers";

import { LOCALE_COOKIE, requestLocale } from "./locales";

// No locale in the URL: a dashboard's links are shared between colleagues who may read
// different languages, and each should see the page in their own. The cookie, else the
// browser's Accept-Language, decides.
export default getRequestConfig(async () => {
  const locale = requestLocale(
    (await cookies()).get(LOCALE_COOKIE)?.value,
    (await headers()).get("accept-language"),
  );
  return {
    locale,
    messages: (await import(`./messages/${locale}.json`)).default,
    timeZone: "UTC",
  };
});
