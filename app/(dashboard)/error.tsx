"use client";

import { useTranslations } from "next-intl";

import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";

/** A page that failed on the server: say so, and let the person try again without reloading everything. */
export default function DashboardError({
  error,
  reset,
}: {
  error: Error & { digest?: string };
  reset: () => void;
}) {
  const t = useTranslations("layout.error");
  return (
    <div className="space-y-4">
      <Alert tone="error" title={t("title")}>
        {error.digest ? t("reference", { digest: error.digest }) : t("text")}
      </Alert>
      <Button onClick={reset}>{t("retry")}</Button>
    </div>
  );
}
