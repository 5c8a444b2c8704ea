import { useTranslations } from "next-intl";

import { Alert } from "@/components/ui/alert";
import { DataTable } from "@/components/ui/data-table";
import { Panel } from "@/components/ui/panel";
import { useFormat } from "@/lib/i18n/use-format";
import type { ImageDetailDto, ImportTaskDto } from "@/lib/schemas/images";

/** An import still running: the image page keeps asking Glance until it ends. */
export const importRunning = (image: ImageDetailDto | undefined) =>
  ["pending", "processing"].includes(image?.imports?.[0]?.status ?? "");

/**
 * What Glance says of the image's imports (its owner's view): the last one's failure
 * first, with Glance's reason, then every recent import. Nothing when there were none.
 */
export function ImportHistory({ image }: { image: ImageDetailDto }) {
  const t = useTranslations("imports");
  const format = useFormat();
  const how = (task: ImportTaskDto) =>
    [task.method ?? "import", task.source && t("from", { source: task.source })]
      .filter(Boolean)
      .join(" ");
  const tasks = image.imports ?? [];
  const last = tasks[0];
  if (tasks.length === 0 && !image.importsError && image.failedImportStores.length === 0)
    return null;
  return (
    <Panel title={t("title")}>
      {last?.status === "failure" && (
        <Alert tone="error" title={t("lastFailed")}>
          {t("failure", {
            how: how(last),
            date: format.date(last.createdAt),
            message: last.message ?? t("noReason"),
          })}
          {image.status === "queued" && t("noData")}
        </Alert>
      )}
      {image.failedImportStores.length > 0 && (
        <Alert tone="error" title={t("storesFailed")}>
          {t("storesText", { stores: image.failedImportStores.join(", ") })}
        </Alert>
      )}
      {image.importsError && (
        <Alert tone="warning">{t("unreadable", { message: image.importsError })}</Alert>
      )}
      {tasks.length > 0 && (
        <DataTable
          caption={t("caption")}
          frame="plain"
          columns={[
            t("columns.started"),
            t("columns.method"),
            t("columns.status"),
            t("columns.message"),
          ]}
        >
          {tasks.map((task) => (
            <tr key={task.id}>
              <td className="py-2 pr-4 whitespace-nowrap">{format.date(task.createdAt)}</td>
              <td className="py-2 pr-4 break-all">{how(task)}</td>
              <td className={`py-2 pr-4 ${task.status === "failure" ? "text-red-700" : ""}`}>
                {task.status}
              </td>
              <td className="py-2">{task.message ?? "—"}</td>
            </tr>
          ))}
        </DataTable>
      )}
    </Panel>
  );
}
