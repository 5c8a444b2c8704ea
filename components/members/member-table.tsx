"use client";

import { useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useState } from "react";

import { MemberStatusBadge } from "@/components/common/badges";
import { emptyMemberChoice, MemberPicker, resolveMembers } from "@/components/common/member-picker";
import { useReport } from "@/components/common/use-report";
import { ServersOnImage } from "@/components/instances/servers-on-image";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { DataTable } from "@/components/ui/data-table";
import { Panel } from "@/components/ui/panel";
import { useFormat } from "@/lib/i18n/use-format";
import { imageDetailQueryOptions } from "@/lib/queries/images";
import { membersQueryOptions, useInviteMembers, useRemoveMember } from "@/lib/queries/members";
import { connectionsQueryOptions } from "@/lib/queries/projects";
import type { ImageDetailDto, ImageLocation } from "@/lib/schemas/images";
import type { MemberDto } from "@/lib/schemas/members";

const memberLabel = (m: Pick<MemberDto, "memberId" | "memberName">) => m.memberName ?? m.memberId;

/** The members of an image on its page: shown to its owner, for shared and private images. */
export function MemberSection({ location, imageId }: { location: ImageLocation; imageId: string }) {
  const { data: image } = useQuery(imageDetailQueryOptions(location, imageId));
  if (!image?.isOwner || (image.visibility !== "shared" && image.visibility !== "private"))
    return null;
  return <MemberTable image={image} />;
}

/** The owner's view of who may use an image: members, their status, and the changes allowed. */
export function MemberTable({ image }: { image: ImageDetailDto }) {
  const t = useTranslations("members");
  const common = useTranslations("common");
  const format = useFormat();
  const location = { connection: image.source.connectionId, region: image.source.region };
  const members = useQuery(membersQueryOptions(location, image.id));
  const { data: connectionsData } = useQuery(connectionsQueryOptions());
  const remove = useRemoveMember();
  const inviteMembers = useInviteMembers();
  const report = useReport();
  const [removing, setRemoving] = useState<MemberDto | null>(null);
  const [removalReady, setRemovalReady] = useState(false);
  const [choice, setChoice] = useState(emptyMemberChoice);
  const name = image.name ?? image.id;
  const owner = connectionsData?.connections.find((c) => c.id === image.source.connectionId);
  const list = members.data?.members ?? [];
  const { members: chosen, problems } = owner
    ? resolveMembers(choice, owner.project.id, connectionsData!.connections)
    : { members: [], problems: [] };

  const invite = () =>
    inviteMembers.mutate(
      { items: chosen.map((m) => ({ ...location, imageId: image.id, memberId: m.id })) },
      {
        onSuccess: (results) => {
          const labelOf = (memberId: string) =>
            chosen.find((m) => m.id === memberId)?.name ?? memberId;
          const added = results.filter((r) => r.outcome === "added").length;
          const existing = results.flatMap((r) =>
            r.outcome === "existing" && r.member
              ? [`${labelOf(r.ref.memberId)} (${common(`memberStatus.${r.member.status}`)})`]
              : [],
          );
          report.batch(
            results
              .filter((r) => !r.ok || r.outcome === "added")
              .map((r) =>
                r.error
                  ? { ...r, error: { message: `${labelOf(r.ref.memberId)}: ${r.error.message}` } }
                  : r,
              ),
            () => t("invited", { count: added, image: name }),
          );
          if (existing.length > 0) report.done(t("already", { members: existing.join(", ") }));
          if (results.every((r) => r.ok)) setChoice(emptyMemberChoice);
        },
        onError: report.failed,
      },
    );

  return (
    <Panel title={t("title")}>
      {members.error && <Alert tone="error">{members.error.message}</Alert>}
      {members.data?.hidden ? (
        <p className="text-sm text-slate-600">{t("hidden")}</p>
      ) : (
        <DataTable
          caption={t("caption", { image: name })}
          columns={[
            t("columns.project"),
            t("columns.status"),
            t("columns.invited"),
            t("columns.changed"),
            "",
          ]}
          frame="plain"
          loading={members.isPending}
          empty={list.length === 0 && t("none")}
          skeletonRows={2}
        >
          {list.map((m) => (
            <tr key={m.memberId} className="h-12">
              <th scope="row" className="py-2 pr-4 text-left font-normal">
                <span className="font-medium">
                  {m.memberName ?? (
                    <span className="text-slate-500">{common("notConnectedHere")}</span>
                  )}
                </span>
                <span className="block font-mono text-xs text-slate-500">{m.memberId}</span>
              </th>
              <td className="py-2 pr-4">
                <MemberStatusBadge status={m.status} />
              </td>
              <td className="py-2 pr-4 whitespace-nowrap">{format.date(m.createdAt)}</td>
              <td className="py-2 pr-4 whitespace-nowrap">{format.date(m.updatedAt)}</td>
              <td className="py-2 text-right">
                {image.canManage && (
                  <Button
                    tone="danger"
                    onClick={() => setRemoving(m)}
                    aria-label={t("removeAria", { member: memberLabel(m) })}
                  >
                    {t("remove")}
                  </Button>
                )}
              </td>
            </tr>
          ))}
        </DataTable>
      )}

      {image.canManage && owner && image.visibility === "shared" && (
        <div className="space-y-3 border-t border-slate-200 pt-3">
          <h3 className="text-sm font-semibold">{t("inviteHeading")}</h3>
          <MemberPicker
            owner={owner}
            connections={connectionsData!.connections}
            value={choice}
            onChange={setChoice}
            exclude={list.map((m) => m.memberId)}
          />
          <Button
            onClick={invite}
            busy={inviteMembers.isPending}
            disabled={chosen.length === 0 || problems.length > 0}
          >
            {t("invite", { count: chosen.length })}
          </Button>
        </div>
      )}

      <ConfirmDialog
        open={removing !== null}
        title={t("confirm.title", { member: removing ? memberLabel(removing) : "", image: name })}
        confirmLabel={t("confirm.action")}
        confirmDisabled={!removalReady}
        onConfirm={() => {
          const m = removing!;
          remove.mutate(
            { location, imageId: image.id, memberId: m.memberId },
            {
              onSuccess: (result) =>
                report.done(t("removed", { member: memberLabel(m), image: name }), result),
              onError: report.failed,
            },
          );
        }}
        onClose={() => {
          setRemoving(null);
          setRemovalReady(false);
        }}
      >
        <p>{t("confirm.loses", { member: removing ? memberLabel(removing) : "" })}</p>
        {removing && (
          <ServersOnImage
            location={location}
            imageId={image.id}
            affected={[removing.memberId]}
            consequence={t("confirm.consequence", { member: memberLabel(removing) })}
            onReady={setRemovalReady}
          />
        )}
        <p>{t("confirm.again")}</p>
      </ConfirmDialog>
    </Panel>
  );
}
