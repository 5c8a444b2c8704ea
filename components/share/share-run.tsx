"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";

import { MemberStatusBadge } from "@/components/common/badges";
import { JobNotice } from "@/components/common/job-notice";
import { useReport } from "@/components/common/use-report";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import { DataTable } from "@/components/ui/data-table";
import { LiveProgress } from "@/components/ui/live-progress";
import { useSetInvitationStatus } from "@/lib/queries/invitations";
import type { ConnectionDto } from "@/lib/schemas/projects";
import { invitationLink, type PlanMember, type SharePlan } from "@/lib/share/plan";

import { pairKey, type PairState, type useShareRun } from "./use-share-run";

function PairResult({ state }: { state: PairState | undefined }) {
  const t = useTranslations("share.run");
  if (!state) return <span className="text-slate-500">{t("waiting")}</span>;
  switch (state.state) {
    case "waiting":
      return <span className="text-slate-500">{t("waiting")}</span>;
    case "running":
      return <span className="text-brand-700">{t("inviting")}</span>;
    case "failed":
      return <span className="text-red-700">{t("failed", { message: state.message })}</span>;
    default:
      return (
        <span>
          {state.state === "added" ? t("invited") : t("alreadyMember")} ·{" "}
          <MemberStatusBadge status={state.status} />
          {state.journalError && (
            <span className="block text-xs text-red-700">{state.journalError}</span>
          )}
        </span>
      );
  }
}

/** Steps 4 and 5: progress per image × project, then the outcome and the hand-over to consumers. */
export function ShareRun({
  plan,
  connections,
  progress,
}: {
  plan: SharePlan;
  connections: ConnectionDto[];
  progress: ReturnType<typeof useShareRun>;
}) {
  const t = useTranslations("share.run");
  const { pairs, visibility, phase, error } = progress;
  const states = plan.pairs.map((p) => pairs.get(pairKey(p.image, p.member.id)));
  const finished = states.filter((s) => s && s.state !== "waiting" && s.state !== "running").length;
  const count = (kind: PairState["state"]) => states.filter((s) => s?.state === kind).length;
  const failedVisibility = plan.makeShared.filter(
    (i) => visibility.get(`${i.region}|${i.id}`)?.state === "failed",
  );
  // An image made shared whose every invitation failed: say it, so nothing is half-done silently.
  const sharedForNothing = plan.makeShared.filter(
    (i) =>
      visibility.get(`${i.region}|${i.id}`)?.state === "done" &&
      plan.pairs
        .filter((p) => p.image === i)
        .every((p) => pairs.get(pairKey(p.image, p.member.id))?.state === "failed"),
  );
  const members = [...new Map(plan.pairs.map((p) => [p.member.id, p.member])).values()];

  return (
    <div className="space-y-4 text-sm">
      <LiveProgress
        id="share-progress"
        label={t("progress", { phase, finished, total: plan.pairs.length })}
        value={finished}
        max={plan.pairs.length}
        done={phase === "done"}
      />
      <JobNotice running={phase === "running"} error={error} what="share" />
      {/* In the page from the start, so the outcome is announced when it is written in. */}
      <p role="status" className="font-medium empty:hidden">
        {phase === "done" &&
          t("outcome", {
            added: count("added"),
            existing: count("existing"),
            failed: count("failed"),
          })}
      </p>
      {plan.makeShared.length > 0 && (
        <ul className="space-y-1">
          {plan.makeShared.map((image) => {
            const v = visibility.get(`${image.region}|${image.id}`);
            return (
              <li key={`${image.region}|${image.id}`}>
                {t("makeShared", { image: image.name ?? image.id, region: image.region })}{" "}
                {v?.state === "done" ? (
                  <>
                    {t("done")}
                    {v.journalError && <span className="text-red-700"> · {v.journalError}</span>}
                  </>
                ) : v?.state === "failed" ? (
                  <span className="text-red-700">{t("failed", { message: v.message })}</span>
                ) : phase === "done" ? (
                  t("sharedAlready")
                ) : (
                  "…"
                )}
              </li>
            );
          })}
        </ul>
      )}
      <DataTable
        caption={t("caption")}
        columns={[t("image"), t("project"), t("result")]}
        frame="plain"
      >
        {plan.pairs.map((p, i) => (
          <tr key={pairKey(p.image, p.member.id)} className="h-10">
            <th scope="row" className="py-2 pr-4 text-left font-normal">
              {p.image.name ?? p.image.id}{" "}
              <span className="text-slate-500">({p.image.region})</span>
            </th>
            <td className="py-2 pr-4">
              {p.member.name ?? <span className="font-mono text-xs">{p.member.id}</span>}
            </td>
            <td className="py-2">
              <PairResult state={states[i]} />
            </td>
          </tr>
        ))}
      </DataTable>

      {phase === "done" && (
        <div className="space-y-4 border-t border-slate-200 pt-4">
          {plan.overQuota.length > 0 && (
            <Alert tone="warning" title={t("overQuota.title")}>
              {t("overQuota.text", {
                pairs: plan.overQuota
                  .map((p) =>
                    t("overQuota.pair", {
                      member: p.member.name ?? p.member.id,
                      image: p.image.name ?? p.image.id,
                      region: p.image.region,
                    }),
                  )
                  .join("; "),
              })}
            </Alert>
          )}
          {failedVisibility.length > 0 && (
            <Alert tone="error">
              {t("notShared", { images: failedVisibility.map((i) => i.name ?? i.id).join(", ") })}
            </Alert>
          )}
          {sharedForNothing.length > 0 && (
            <Alert tone="warning">
              {t("sharedForNothing", {
                images: sharedForNothing.map((i) => i.name ?? i.id).join(", "),
              })}
            </Alert>
          )}
          {members.map((member) => (
            <ConsumerHandover
              key={member.id}
              member={member}
              plan={plan}
              progress={progress}
              connections={connections}
            />
          ))}
        </div>
      )}
    </div>
  );
}

/** Step 5 for one consumer: accept at once when it is connected here, and a link to send in every case. */
function ConsumerHandover({
  member,
  plan,
  progress,
  connections,
}: {
  member: PlanMember;
  plan: SharePlan;
  progress: ReturnType<typeof useShareRun>;
  connections: ConnectionDto[];
}) {
  const t = useTranslations("share.run");
  const accept = useSetInvitationStatus();
  const report = useReport();
  const [accepted, setAccepted] = useState(false);
  const invited = plan.pairs.filter((p) => {
    const s = progress.pairs.get(pairKey(p.image, member.id));
    return p.member.id === member.id && (s?.state === "added" || s?.state === "existing");
  });
  if (invited.length === 0) return null;
  const waiting = invited.filter((p) => {
    const s = progress.pairs.get(pairKey(p.image, member.id));
    return (s?.state === "added" || s?.state === "existing") && s.status !== "accepted";
  });
  const consumer = connections.find((c) => c.project.id === member.id && c.canWrite);
  const origin = typeof window === "undefined" ? "" : window.location.origin;
  const label = member.name ?? member.id;

  return (
    <div className="space-y-2 rounded-md border border-slate-200 p-3">
      <h3 className="font-semibold">{t("for", { project: label })}</h3>
      {consumer && waiting.length > 0 && !accepted && (
        <Button
          busy={accept.isPending}
          onClick={() =>
            accept.mutate(
              {
                status: "accepted",
                items: waiting.map((p) => ({
                  connection: consumer.id,
                  region: p.image.region,
                  imageId: p.image.id,
                })),
              },
              {
                onSuccess: ({ results }) => {
                  const allOk = results.every((r) => r.ok);
                  if (allOk) setAccepted(true);
                  report.batch(results, (ok) =>
                    allOk
                      ? t("acceptedAll", { count: ok, project: consumer.project.name })
                      : t("acceptedSome", {
                          ok,
                          total: results.length,
                          project: consumer.project.name,
                        }),
                  );
                },
                onError: report.failed,
              },
            )
          }
        >
          {t("acceptNow", { project: consumer.project.name })}
        </Button>
      )}
      {accepted && (
        <p role="status">{t("accepted", { project: consumer?.project.name ?? label })}</p>
      )}
      {!consumer && <p className="text-slate-600">{t("sendLink", { project: label })}</p>}
      <ul className="space-y-1">
        {invited.map((p) => {
          const link = invitationLink(origin, p.image, member.id);
          return (
            <li key={p.image.id + p.image.region} className="flex items-center gap-2">
              <input
                readOnly
                aria-label={t("linkLabel", { project: label, image: p.image.name ?? p.image.id })}
                value={link}
                className="min-w-0 flex-1 rounded border border-slate-300 bg-slate-50 px-2 py-1 font-mono text-xs"
                onFocus={(e) => e.currentTarget.select()}
              />
              <CopyButton
                text={link}
                label={t("copyLink", { image: p.image.name ?? p.image.id, project: label })}
              />
            </li>
          );
        })}
      </ul>
    </div>
  );
}
