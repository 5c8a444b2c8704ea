"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { MemberStatusBadge } from "@/components/images/badges";
import { emptyMemberChoice, MemberPicker, resolveMembers } from "@/components/share/member-picker";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Column, DataTable } from "@/components/ui/data-table";
import { useToast } from "@/components/ui/toast";
import { mapSettled } from "@/lib/concurrency";
import { formatDate } from "@/lib/format";
import { connectionsQueryOptions } from "@/lib/queries/connections";
import { addMemberRequest, membersQueryOptions, useInvalidateSharing, useRemoveMember } from "@/lib/queries/sharing";
import type { ImageDetailDto } from "@/lib/schemas/images";
import type { MemberDto } from "@/lib/schemas/sharing";

const memberLabel = (m: Pick<MemberDto, "memberId" | "memberName">) => m.memberName ?? m.memberId;

/** The owner's view of who may use an image: members, their status, and the changes allowed. */
export function MemberTable({ image }: { image: ImageDetailDto }) {
  const location = { connection: image.source.connectionId, region: image.source.region };
  const members = useQuery(membersQueryOptions(location, image.id));
  const { data: connectionsData } = useQuery(connectionsQueryOptions());
  const remove = useRemoveMember();
  const invalidate = useInvalidateSharing();
  const toast = useToast();
  const [removing, setRemoving] = useState<MemberDto | null>(null);
  const [choice, setChoice] = useState(emptyMemberChoice);
  const [adding, setAdding] = useState(false);
  const name = image.name ?? image.id;
  const owner = connectionsData?.connections.find((c) => c.id === image.source.connectionId);
  const list = members.data?.members ?? [];

  const invite = async () => {
    if (!owner) return;
    const { members: chosen } = resolveMembers(choice, owner.project.id, connectionsData!.connections);
    setAdding(true);
    const results = await mapSettled(chosen, 4, (m) => addMemberRequest(location, image.id, m.id));
    setAdding(false);
    await invalidate();
    const failed = results.flatMap((r, i) => (r.status === "rejected" ? [`${chosen[i]!.name ?? chosen[i]!.id}: ${(r.reason as Error).message}`] : []));
    const existing = results.flatMap((r, i) =>
      r.status === "fulfilled" && r.value.outcome === "existing" ? [`${chosen[i]!.name ?? chosen[i]!.id} (${r.value.member.status})`] : [],
    );
    const added = results.filter((r) => r.status === "fulfilled" && r.value.outcome === "added").length;
    if (added > 0) toast("success", `Invited ${added} project${added === 1 ? "" : "s"} to ${name}; they are pending until accepted.`);
    if (existing.length > 0) toast("success", `Already members: ${existing.join(", ")}.`);
    for (const f of failed) toast("error", f);
    for (const r of results) if (r.status === "fulfilled" && r.value.journalError) toast("error", r.value.journalError);
    if (failed.length === 0) setChoice(emptyMemberChoice);
  };

  const { members: chosen, problems } = owner ? resolveMembers(choice, owner.project.id, connectionsData!.connections) : { members: [], problems: [] };

  return (
    <section aria-labelledby="members-heading" className="space-y-3 rounded-lg border border-slate-200 bg-white p-4">
      <h2 id="members-heading" className="font-semibold">
        Members
      </h2>
      {members.error && <Alert tone="error">{members.error.message}</Alert>}
      {members.data?.hidden ? (
        <p className="text-sm text-slate-600">
          This image is private: only its own project can use it. Glance hides the members it had and gives them no access; make it
          shared to invite projects or to restore earlier members.
        </p>
      ) : (
        <DataTable
          caption={`Members of ${name}`}
          columns={
            <>
              <Column>Project</Column>
              <Column>Status</Column>
              <Column>Invited</Column>
              <Column>Last change</Column>
              <Column>
                <span className="sr-only">Actions</span>
              </Column>
            </>
          }
          frame="plain"
          loading={members.isPending}
          empty={list.length === 0 && "No member yet: invite a project below, or with the share wizard."}
          columnCount={5}
          skeletonRows={2}
        >
          {list.map((m) => (
            <tr key={m.memberId} className="h-12">
              <th scope="row" className="py-2 pr-4 text-left font-normal">
                <span className="font-medium">{m.memberName ?? <span className="text-slate-500">not connected here</span>}</span>
                <span className="block font-mono text-xs text-slate-500">{m.memberId}</span>
              </th>
              <td className="py-2 pr-4">
                <MemberStatusBadge status={m.status} />
              </td>
              <td className="py-2 pr-4 whitespace-nowrap">{formatDate(m.createdAt)}</td>
              <td className="py-2 pr-4 whitespace-nowrap">{formatDate(m.updatedAt)}</td>
              <td className="py-2 text-right">
                {image.canManage && (
                  <Button tone="danger" onClick={() => setRemoving(m)} aria-label={`Remove ${memberLabel(m)}`}>
                    Remove
                  </Button>
                )}
              </td>
            </tr>
          ))}
        </DataTable>
      )}

      {image.canManage && owner && image.visibility === "shared" && (
        <div className="space-y-3 border-t border-slate-200 pt-3">
          <h3 className="text-sm font-semibold">Invite projects</h3>
          <MemberPicker owner={owner} connections={connectionsData!.connections} value={choice} onChange={setChoice} exclude={list.map((m) => m.memberId)} />
          <Button onClick={invite} busy={adding} disabled={chosen.length === 0 || problems.length > 0}>
            Invite {chosen.length > 0 ? `${chosen.length} project${chosen.length === 1 ? "" : "s"}` : "projects"}
          </Button>
        </div>
      )}

      <ConfirmDialog
        open={removing !== null}
        title={`Remove ${removing ? memberLabel(removing) : ""} from ${name}?`}
        confirmLabel="Remove member"
        onConfirm={() => {
          const m = removing!;
          remove.mutate(
            { location, imageId: image.id, memberId: m.memberId },
            {
              onSuccess: ({ journalError }) => {
                toast("success", `Removed ${memberLabel(m)} from ${name}.`);
                if (journalError) toast("error", journalError);
              },
              onError: (err) => toast("error", err.message),
            },
          );
        }}
        onClose={() => setRemoving(null)}
      >
        <p>
          {removing ? memberLabel(removing) : ""} loses access at once: the image leaves its lists, it can no longer start instances
          from it, and its existing instances may fail to rebuild or migrate.
        </p>
        <p>To share again later, invite it again; it will have to accept again.</p>
      </ConfirmDialog>
    </section>
  );
}
