import { Alert } from "@/components/ui/alert";
import { DataTable } from "@/components/ui/data-table";
import { Panel } from "@/components/ui/panel";
import { formatDate } from "@/lib/format";
import type { ImageDetailDto, ImportTaskDto } from "@/lib/schemas/images";

/** An import still running: the image page keeps asking Glance until it ends. */
export const importRunning = (image: ImageDetailDto | undefined) =>
  ["pending", "processing"].includes(image?.imports?.[0]?.status ?? "");

const how = (task: ImportTaskDto) =>
  [task.method ?? "import", task.source && `from ${task.source}`].filter(Boolean).join(" ");

/**
 * What Glance says of the image's imports (its owner's view): the last one's failure
 * first, with Glance's reason, then every recent import. Nothing when there were none.
 */
export function ImportHistory({ image }: { image: ImageDetailDto }) {
  const tasks = image.imports ?? [];
  const last = tasks[0];
  if (tasks.length === 0 && !image.importsError && image.failedImportStores.length === 0)
    return null;
  return (
    <Panel title="Imports">
      {last?.status === "failure" && (
        <Alert tone="error" title="The last import failed">
          {how(last)}, started {formatDate(last.createdAt)}:{" "}
          {last.message ?? "Glance gave no reason."}
          {image.status === "queued" && " The image has no data yet: import or upload it again."}
        </Alert>
      )}
      {image.failedImportStores.length > 0 && (
        <Alert tone="error" title="Import failed into some stores">
          Glance records a failed import into {image.failedImportStores.join(", ")}{" "}
          (os_glance_failed_import).
        </Alert>
      )}
      {image.importsError && (
        <Alert tone="warning">The import history could not be read: {image.importsError}</Alert>
      )}
      {tasks.length > 0 && (
        <DataTable
          caption="Imports of this image, newest first"
          frame="plain"
          columns={["Started", "Method", "Status", "Glance&apos;s message"]}
        >
          {tasks.map((task) => (
            <tr key={task.id}>
              <td className="py-2 pr-4 whitespace-nowrap">{formatDate(task.createdAt)}</td>
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
