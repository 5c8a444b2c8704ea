import { useTranslations } from "next-intl";

import { Alert } from "@/components/ui/alert";

/** What a page following a server job says beside its progress: it runs on without the page, and why it stopped if it did. */
export function JobNotice({
  running,
  error,
  what,
}: {
  running: boolean;
  error: string | null;
  what: "share" | "rollout";
}) {
  const t = useTranslations("common");
  return (
    <>
      {running && <p className="text-xs text-slate-600">{t("jobRunsOn")}</p>}
      {error && (
        <Alert tone="error" title={t(`jobFailed.${what}`)}>
          {error}
        </Alert>
      )}
    </>
  );
}
