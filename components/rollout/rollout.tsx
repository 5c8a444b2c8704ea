"use client";

import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import Link from "next/link";
import { useId, useState } from "react";

import { HiddenBadge, MemberStatusBadge, VisibilityBadge } from "@/components/common/badges";
import { imageHref } from "@/components/common/image-link";
import { JobNotice } from "@/components/common/job-notice";
import { Alert } from "@/components/ui/alert";
import { Button, LoadMore } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import { DataTable } from "@/components/ui/data-table";
import { LiveProgress } from "@/components/ui/live-progress";
import { Panel } from "@/components/ui/panel";
import { useFormat } from "@/lib/i18n/use-format";
import { imageDetailQueryOptions, imageListQueryOptions } from "@/lib/queries/images";
import { membersQueryOptions } from "@/lib/queries/members";
import {
  planRollout,
  rolloutCommands,
  successorCandidates,
  type RolloutImage,
  type RolloutOptions,
  type RolloutPlan,
} from "@/lib/rollout/plan";
import type { ImageLocation, ImageSummaryDto } from "@/lib/schemas/images";
import type { MembersDto } from "@/lib/schemas/members";

import { useRolloutRun, type StepState } from "./use-rollout-run";

const asRollout = (i: ImageSummaryDto): RolloutImage => ({
  id: i.id,
  name: i.name,
  region: i.source.region,
  visibility: i.visibility,
  hidden: i.hidden,
  createdAt: i.createdAt,
  predecessorId: i.predecessorId,
});
const asMembers = (dto: MembersDto | undefined) =>
  (dto?.members ?? []).map((m) => ({
    id: m.memberId,
    name: m.memberName,
    status: m.status,
    createdAt: m.createdAt,
  }));

/** What a person chooses of a rollout, each a checkbox (its words: rollout.choices.*). */
const rolloutChoices: (keyof RolloutOptions)[] = ["includePending", "hideOld", "removeOldMembers"];

/** Roll out a new version of a shared image to everyone who uses the old one, then retire the old one. */
export function Rollout({ location, imageId }: { location: ImageLocation; imageId: string }) {
  const t = useTranslations("rollout");
  const format = useFormat();
  const old = useQuery(imageDetailQueryOptions(location, imageId));
  const [nextId, setNextId] = useState<string | null>(null);
  const [options, setOptions] = useState<RolloutOptions>({
    includePending: false,
    hideOld: true,
    removeOldMembers: false,
  });
  const [started, setStarted] = useState(false);

  if (old.error)
    return (
      <Alert tone="error" title={t("cannot")}>
        {old.error.message}
      </Alert>
    );
  if (!old.data)
    return (
      <div
        aria-busy="true"
        aria-label={t("loading")}
        className="h-40 animate-pulse rounded-lg border border-slate-200 bg-surface"
      />
    );
  if (!old.data.canManage) {
    return <Alert tone="warning">{t("ownerOnly")}</Alert>;
  }
  const oldImage = asRollout(old.data);
  return (
    <div className="space-y-6">
      <p className="text-sm text-slate-700">
        {t.rich("oldVersion", {
          name: old.data.name ?? old.data.id,
          project: old.data.source.projectName,
          region: location.region,
          date: format.date(old.data.createdAt),
          link: (chunks) => (
            <Link href={imageHref(old.data)} className="font-medium text-brand-700 hover:underline">
              {chunks}
            </Link>
          ),
        })}{" "}
        <VisibilityBadge visibility={old.data.visibility} />
        {old.data.hidden && <HiddenBadge />}
      </p>
      <SuccessorPicker
        location={location}
        old={oldImage}
        selected={nextId}
        onSelect={setNextId}
        disabled={started}
      />
      {nextId && (
        <RolloutReview
          key={nextId}
          location={location}
          old={oldImage}
          nextId={nextId}
          options={options}
          onOptions={setOptions}
          started={started}
          onStart={() => setStarted(true)}
        />
      )}
    </div>
  );
}

function SuccessorPicker({
  location,
  old,
  selected,
  onSelect,
  disabled,
}: {
  location: ImageLocation;
  old: RolloutImage;
  selected: string | null;
  onSelect: (id: string) => void;
  disabled: boolean;
}) {
  const t = useTranslations("rollout");
  const format = useFormat();
  const list = useInfiniteQuery(
    imageListQueryOptions({
      connection: location.connection,
      region: location.region,
      tab: "owned",
      sort: "created_at:desc",
    }),
  );
  const images = (list.data?.pages ?? []).flatMap((p) => p.images);
  const candidates = successorCandidates(old, images.map(asRollout));
  const name = useId();
  return (
    <fieldset
      className="space-y-2 rounded-lg border border-slate-200 bg-surface p-4"
      disabled={disabled}
    >
      <legend className="px-1 font-semibold">{t("picker.legend")}</legend>
      <p className="text-sm text-slate-600">{t("picker.hint")}</p>
      {list.error && <Alert tone="error">{list.error.message}</Alert>}
      {list.isPending && (
        <p role="status" className="text-sm text-slate-600">
          {t("picker.listing")}
        </p>
      )}
      {list.data && candidates.length === 0 && (
        <p className="text-sm text-slate-600">{t("picker.none", { region: location.region })}</p>
      )}
      <div className="space-y-1">
        {candidates.map(({ image, suggested }) => (
          <label
            key={image.id}
            className="flex items-center gap-3 rounded-md px-2 py-1 hover:bg-slate-50"
          >
            <input
              type="radio"
              name={name}
              className="size-4"
              checked={selected === image.id}
              onChange={() => onSelect(image.id)}
            />
            <span>
              <span className="font-medium">{image.name ?? image.id}</span>{" "}
              <span className="text-xs text-slate-500">
                {t("picker.made", { date: format.date(image.createdAt) })}
              </span>{" "}
              <VisibilityBadge visibility={image.visibility} />
              {suggested && (
                <span className="ml-2 rounded bg-brand-50 px-1.5 py-0.5 text-xs text-brand-900">
                  {t("picker.suggested")}
                </span>
              )}
            </span>
          </label>
        ))}
      </div>
      <LoadMore list={list} />
    </fieldset>
  );
}

function RolloutReview({
  location,
  old,
  nextId,
  options,
  onOptions,
  started,
  onStart,
}: {
  location: ImageLocation;
  old: RolloutImage;
  nextId: string;
  options: RolloutOptions;
  onOptions: (o: RolloutOptions) => void;
  started: boolean;
  onStart: () => void;
}) {
  const t = useTranslations("rollout");
  const next = useQuery(imageDetailQueryOptions(location, nextId));
  const oldMembers = useQuery(membersQueryOptions(location, old.id));
  const newMembers = useQuery(membersQueryOptions(location, nextId));
  const progress = useRolloutRun();
  // The plan is fixed when the run starts: what the queries say afterwards is its result.
  const [frozen, setFrozen] = useState<RolloutPlan | null>(null);
  const error = next.error ?? oldMembers.error ?? newMembers.error;
  if (error) return <Alert tone="error">{error.message}</Alert>;
  if (!next.data || !oldMembers.data || !newMembers.data)
    return (
      <p role="status" className="text-sm text-slate-600">
        {t("reading")}
      </p>
    );

  const plan =
    frozen ??
    planRollout(
      old,
      asRollout(next.data),
      asMembers(oldMembers.data),
      asMembers(newMembers.data),
      options,
      newMembers.data.quota,
    );
  const set = (patch: Partial<RolloutOptions>) => onOptions({ ...options, ...patch });
  const invites = plan.members.filter((m) => m.action === "invite").length;
  const removals = plan.members.filter((m) => m.removeFromOld).length;

  return (
    <div className="space-y-6">
      <fieldset
        className="space-y-2 rounded-lg border border-slate-200 bg-surface p-4"
        disabled={started}
      >
        <legend className="px-1 font-semibold">{t("options.legend")}</legend>
        {rolloutChoices.map((key) => (
          <label key={key} className="flex items-center gap-2 text-sm">
            <input
              type="checkbox"
              className="size-4"
              checked={options[key]}
              onChange={(e) => set({ [key]: e.target.checked })}
            />
            {t(`choices.${key}`)}
          </label>
        ))}
      </fieldset>

      <Panel title={t("review.title")}>
        <ul className="list-disc space-y-1 pl-5 text-sm">
          {plan.makeShared && (
            <li>{t("review.makeShared", { name: plan.next.name ?? plan.next.id })}</li>
          )}
          {plan.setPredecessor && (
            <li>
              {t("review.predecessor", {
                name: plan.next.name ?? plan.next.id,
                old: old.name ?? old.id,
              })}
            </li>
          )}
          <li>{t("review.invites", { invites, removals })}</li>
          {plan.hideOld && <li>{t("review.hideOld", { old: old.name ?? old.id })}</li>}
        </ul>
        {plan.quota && (
          <p
            role="note"
            className="rounded-md border border-amber-200 bg-amber-50 p-3 text-sm text-amber-900"
          >
            {t.rich("review.quota", {
              ...plan.quota,
              strong: (chunks) => <span className="font-semibold">{chunks}</span>,
            })}
          </p>
        )}
        <MemberPlanTable plan={plan} progress={progress} />
        <details className="text-sm">
          <summary className="cursor-pointer text-brand-700">{t("review.cli")}</summary>
          <pre
            aria-label={t("review.commands")}
            className="mt-2 overflow-x-auto rounded-md bg-slate-900 p-3 text-xs text-slate-100"
          >
            {rolloutCommands(plan).join("\n")}
          </pre>
          <CopyButton text={rolloutCommands(plan).join("\n")} label={t("review.copy")} />
        </details>
        {plan.done && !frozen ? (
          <p role="status" className="text-sm font-medium">
            {t("review.done")}
          </p>
        ) : (
          !frozen && (
            <Button
              onClick={() => {
                setFrozen(plan);
                onStart();
                void progress.run(location.connection, plan, options);
              }}
            >
              {t("review.start", { name: plan.next.name ?? t("review.theNewVersion") })}
            </Button>
          )
        )}
      </Panel>

      {frozen && <RunSummary plan={frozen} progress={progress} />}
    </div>
  );
}

function MemberPlanTable({
  plan,
  progress,
}: {
  plan: RolloutPlan;
  progress: ReturnType<typeof useRolloutRun>;
}) {
  const t = useTranslations("rollout");
  return (
    <DataTable
      caption={t("table.caption")}
      columns={[
        t("table.project"),
        t("table.onOld"),
        t("table.onNew"),
        t("table.plan"),
        t("table.result"),
      ]}
      loading={false}
      empty={plan.members.length === 0 && t("table.empty")}
      frame="plain"
    >
      {plan.members.map((m) => {
        const run = progress.members.get(m.member.id);
        return (
          <tr key={m.member.id} className="h-10">
            <th scope="row" className="py-2 pr-4 text-left font-normal">
              {m.member.name ?? <span className="text-slate-500">{t("table.notConnected")}</span>}
              <span className="block font-mono text-xs text-slate-500">{m.member.id}</span>
            </th>
            <td className="py-2 pr-4">
              <MemberStatusBadge status={m.onOld} />
            </td>
            <td className="py-2 pr-4">
              {m.onNew ? (
                <MemberStatusBadge status={m.onNew} />
              ) : (
                <span className="text-slate-500">—</span>
              )}
            </td>
            <td className="py-2 pr-4">
              {t(`action.${m.action}`)}
              {m.action === "skip" && m.onOld === "rejected" && t("action.rejectedOld")}
              {m.removeFromOld && t("action.thenRemoved")}
            </td>
            <td className="py-2">
              {run ? (
                <>
                  <StepText
                    step={run.invite}
                    done={
                      run.invite.state === "done" && run.invite.status
                        ? t("step.invitedStatus", { status: run.invite.status })
                        : t("step.invited")
                    }
                  />
                  {run.remove && (
                    <span className="block text-xs">
                      <StepText step={run.remove} done={t("step.removed")} />
                    </span>
                  )}
                </>
              ) : (
                <span className="text-slate-500">—</span>
              )}
            </td>
          </tr>
        );
      })}
    </DataTable>
  );
}

function StepText({ step, done }: { step: StepState; done: string }) {
  const t = useTranslations("rollout");
  if (step.state === "failed")
    return <span className="text-red-700">{t("step.failed", { message: step.message })}</span>;
  if (step.state === "done")
    return (
      <span>
        {done}
        {step.journalError && (
          <span className="block text-xs text-red-700">{step.journalError}</span>
        )}
      </span>
    );
  return (
    <span className="text-slate-500">
      {step.state === "running" ? t("step.running") : t("step.waiting")}
    </span>
  );
}

function RunSummary({
  plan,
  progress,
}: {
  plan: RolloutPlan;
  progress: ReturnType<typeof useRolloutRun>;
}) {
  const t = useTranslations("rollout");
  const { steps, members, phase, error } = progress;
  const all = [
    steps.share,
    steps.predecessor,
    steps.hide,
    ...[...members.values()].flatMap((m) => [m.invite, m.remove]),
  ].filter((s): s is StepState => s !== null);
  const finished = all.filter((s) => s.state === "done" || s.state === "failed").length;
  const failed = all.filter((s) => s.state === "failed").length;
  const imageSteps: [string, StepState | null][] = [
    [t("run.share", { name: plan.next.name ?? plan.next.id }), steps.share],
    [t("run.predecessor", { name: plan.old.name ?? plan.old.id }), steps.predecessor],
    [t("run.hide", { name: plan.old.name ?? plan.old.id }), steps.hide],
  ];
  return (
    <Panel title={t("run.title")}>
      <LiveProgress
        id="rollout-progress"
        label={t("run.progress", { done: String(phase === "done"), finished, total: all.length })}
        value={finished}
        max={all.length}
        done={phase === "done"}
      />
      <JobNotice running={phase === "running"} error={error} what="rollout" />
      <ul className="space-y-1 text-sm">
        {imageSteps.map(([label, step]) =>
          step ? (
            <li key={label}>
              {t("run.step", { label })}
              <StepText step={step} done={t("run.done")} />
            </li>
          ) : null,
        )}
      </ul>
      <p role="status" className="font-medium empty:hidden">
        {phase === "done" &&
          (failed === 0
            ? t("run.allDone", { total: all.length })
            : t("run.someFailed", { failed, total: all.length }))}
      </p>
      {phase === "done" && (
        <p className="text-sm">{t("run.consumers", { old: plan.old.name ?? plan.old.id })}</p>
      )}
    </Panel>
  );
}
