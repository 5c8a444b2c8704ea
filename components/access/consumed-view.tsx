"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { SourceFailures } from "@/components/images/source-failures";
import { Alert } from "@/components/ui/alert";
import { SkeletonRows } from "@/components/ui/skeleton";
import { formatDate } from "@/lib/format";
import { consumedQueryOptions } from "@/lib/queries/audit";

/** What each connected project uses of other projects' images, and who can take it away. */
export function ConsumedView() {
  const { data, error, isPending } = useQuery(consumedQueryOptions());
  const rows = [...(data?.rows ?? [])].sort(
    (a, b) => a.consumerName.localeCompare(b.consumerName) || (a.imageName ?? "").localeCompare(b.imageName ?? ""),
  );
  return (
    <div className="space-y-4 pt-4">
      <Alert tone="warning">
        Each of these images stays in its owner&apos;s project. The owner can remove your project, make the image private or delete
        it at any time; instances built from it may then fail to rebuild or migrate. Keep your own copy of what you cannot lose.
      </Alert>
      {data && <SourceFailures failures={data.failures} />}
      {error && <Alert tone="error">{error.message}</Alert>}
      <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white px-4">
        <table className="w-full text-sm">
          <caption className="sr-only">Images of other projects used by connected projects</caption>
          <thead className="border-b border-slate-200 text-left text-xs uppercase tracking-wide text-slate-500">
            <tr>
              <th scope="col" className="py-2 pr-4">Image</th>
              <th scope="col" className="py-2 pr-4">Used by · region</th>
              <th scope="col" className="py-2 pr-4">Owner (can revoke)</th>
              <th scope="col" className="py-2">Accepted</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {isPending ? (
              <SkeletonRows rows={3} columns={4} />
            ) : rows.length === 0 ? (
              <tr>
                <td colSpan={4} className="py-10 text-center text-slate-600">
                  Your connected projects use no image of another project. Accepted invitations appear here.
                </td>
              </tr>
            ) : (
              rows.map((r) => (
                <tr key={`${r.connectionId}|${r.region}|${r.imageId}`} className="h-12">
                  <th scope="row" className="py-2 pr-4 text-left font-normal">
                    <Link href={`/images/${r.imageId}?${new URLSearchParams({ connection: r.connectionId, region: r.region })}`} className="font-medium text-brand-700 hover:underline">
                      {r.imageName ?? r.imageId}
                    </Link>
                  </th>
                  <td className="py-2 pr-4">
                    {r.consumerName}
                    <span className="block text-xs text-slate-500">{r.region}</span>
                  </td>
                  <td className="py-2 pr-4">
                    {r.ownerName ?? <span className="text-slate-500">not connected here</span>}
                    <span className="block font-mono text-xs text-slate-500">{r.ownerId}</span>
                  </td>
                  <td className="py-2 whitespace-nowrap">{formatDate(r.acceptedAt)}</td>
                </tr>
              ))
            )}
          </tbody>
        </table>
      </div>
    </div>
  );
}
