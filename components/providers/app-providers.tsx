"use client";

import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useEffect, useState, type ReactNode } from "react";

import { ToastProvider } from "@/components/ui/toast";
import { ApiError, setCallWords } from "@/lib/api-client";

/** One QueryClient per browser tab (created lazily so the server never shares one), and the toasts. */
export function AppProviders({ children }: { children: ReactNode }) {
  const t = useTranslations("common.calls");
  // What the browser says of a call that got no answer, in the page's language.
  useEffect(
    () =>
      setCallWords({
        network: () => t("network"),
        noExplanation: (status) => t("noExplanation", { status }),
        unknown: () => t("unknown"),
      }),
    [t],
  );
  const [client] = useState(
    () =>
      new QueryClient({
        defaultOptions: {
          queries: {
            staleTime: 15_000,
            refetchOnWindowFocus: true,
            // A refusal (4xx) says the same the second time: retry only what may pass.
            retry: (failures, err) =>
              failures < 1 && !(err instanceof ApiError && err.status >= 400 && err.status < 500),
          },
        },
      }),
  );
  return (
    <QueryClientProvider client={client}>
      <ToastProvider>{children}</ToastProvider>
    </QueryClientProvider>
  );
}
