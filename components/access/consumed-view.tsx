"use client";

import { useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";

import { ImageLink, ProjectCell } from "@/components/common/cells";
import { SourceFailures } from "@/components/common/source-failures";
import { Alert } from "@/components/ui/alert";
import { DataTable } from "@/components/ui/data-table";
import { useFormat } from "@/lib/i18n/use-format";
import { consumedQueryOptions } from "@/lib/queries/access";

/** What each connected project uses of other projects' images, and who can take it away. */
export function ConsumedView() {
  const t = useTranslations("access");
  const format = useFormat();
  const { data, error, isPending } = useQuery(consumedQueryOptions());
  const rows = [...(data?.rows ?? [])].sort(
    (a, b) =>
      a.consumerName.localeCompare(b.consumerName) ||
      (a.imageName ?? "").localeCompare(b.imageName ?? ""),
  );
  return (
    <div className="space-y-4 pt-4">
      <Alert tone="warning">{t("consumed.warning")}</Alert>
      {data && <SourceFailures failures={data.failures} />}
      <DataTable
        error={error}
        caption={t("consumed.caption")}
        columns={[
          t("consumed.columns.image"),
          t("consumed.columns.usedBy"),
          t("consumed.columns.owner"),
          t("consumed.columns.servers"),
          t("consumed.columns.accepted"),
        ]}
        loading={isPending}
        empty={rows.length === 0 && t("consumed.none")}
      >
        {rows.map((r) => (
          <tr key={`${r.connectionId}|${r.region}|${r.imageId}`} className="h-12">
            <th scope="row" className="py-2 pr-4 text-left font-normal">
              <ImageLink {...r} name={r.imageName} />
            </th>
            <ProjectCell name={r.consumerName} below={r.region} />
            <ProjectCell name={r.ownerName} below={r.ownerId} isId />
            <td
              className={`py-2 pr-4 ${r.servers?.length ? "font-medium text-amber-900" : "text-slate-500"}`}
            >
              {r.servers === null
                ? t("servers.cannotTell")
                : r.servers.length === 0
                  ? t("servers.none")
                  : t("consumed.canRevoke", { servers: r.servers.join(", ") })}
            </td>
            <td className="py-2 whitespace-nowrap">{format.date(r.acceptedAt)}</td>
          </tr>
        ))}
      </DataTable>
    </div>
  );
}
