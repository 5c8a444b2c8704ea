import { useTranslations } from "next-intl";
import Link from "next/link";

import { Alert } from "@/components/ui/alert";
import type { SourceFailureDto } from "@/lib/schemas/images";

/** Projects × regions that could not be read, each with its reason; the rest of the page still shows. */
export function SourceFailures({ failures }: { failures: SourceFailureDto[] }) {
  const t = useTranslations("common");
  if (failures.length === 0) return null;
  return (
    <Alert tone="warning" title={t("sourceFailures", { count: failures.length })}>
      <ul className="mt-1 list-disc pl-5">
        {failures.map((f) => (
          <li key={`${f.connectionId}|${f.region}`}>
            <span className="font-medium">
              {f.projectName}
              {f.region ? ` (${f.region})` : ""}
            </span>
            : {f.message}
            {f.code === "token_expired" && (
              <>
                {" "}
                <Link href="/projects" className="underline">
                  {t("reconnect")}
                </Link>
              </>
            )}
          </li>
        ))}
      </ul>
    </Alert>
  );
}
