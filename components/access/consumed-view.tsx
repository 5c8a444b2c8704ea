"use client";

import { useQuery } from "@tanstack/react-query";

import { ImageLink, ProjectCell } from "@/components/common/cells";
import { SourceFailures } from "@/components/common/source-failures";
import { Alert } from "@/components/ui/alert";
import { DataTable } from "@/components/ui/data-table";
import { formatDate } from "@/lib/format";
import { consumedQueryOptions } from "@/lib/queries/access";

/** What each connected project uses of other projects' images, and who can take it away. */
export function ConsumedView() {
  const { data, error, isPending } = useQuery(consumedQueryOptions());
  const rows = [...(data?.rows ?? [])].sort(
    (a, b) =>
      a.consumerName.localeCompare(b.consumerName) ||
      (a.imageName ?? "").localeCompare(b.imageName ?? ""),
  );
  return (
    <div className="space-y-4 pt-4">
      <Alert tone="warning">
        Each of these images stays in its owner&apos;s project. The owner can remove your project,
        make the image private or delete it at any time; instances built from it may then fail to
        rebuild or migrate. Keep your own copy of what you cannot lose.
      </Alert>
      {data && <SourceFailures failures={data.failures} />}
      <DataTable
        error={error}
        caption="Images of other projects used by connected projects"
        columns={["Image", "Used by · region", "Owner (can revoke)", "Servers on it", "Accepted"]}
        loading={isPending}
        empty={
          rows.length === 0 &&
          "Your connected projects use no image of another project. Accepted invitations appear here."
        }
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
                ? "cannot tell"
                : r.servers.length === 0
                  ? "none"
                  : `${r.servers.join(", ")}: the owner can take it away`}
            </td>
            <td className="py-2 whitespace-nowrap">{formatDate(r.acceptedAt)}</td>
          </tr>
        ))}
      </DataTable>
    </div>
  );
}
