"use client";

import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
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
import { formatDate } from "@/lib/format";
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

/** What a person chooses of a rollout, each a checkbox. */
const rolloutChoices: [keyof RolloutOptions, string][] = [
  [
    "includePending",
    "Also invite the projects that have not answered the old image's invitation yet",
  ],
  [
    "hideOld",
    "Hide the old version from image lists (os_hidden): it keeps working for instances and anyone who uses it",
  ],
  [
    "removeOldMembers",
    "Remove each project from the old version once it is invited to the new one (its instances of the old image can no longer be rebuilt)",
  ],
];

/** Roll out a new version of a shared image to everyone who uses the old one, then retire the old one. */
export function Rollout({ location, imageId }: { location: ImageLocation; imageId: string }) {
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
      <Alert tone="error" title="This image cannot be rolled out">
        {old.error.message}
      </Alert>
    );
  if (!old.data)
    return (
      <div
        aria-busy="true"
        aria-label="Loading the image"
        className="h-40 animate-pulse rounded-lg border border-slate-200 bg-surface"
      />
    );
  if (!old.data.canManage) {
    return (
      <Alert tone="warning">
        Only the image&apos;s owner project, connected with the member role, can roll out a new
        version of it.
      </Alert>
    );
  }
  const oldImage = asRollout(old.data);
  return (
    <div className="space-y-6">
      <p className="text-sm text-slate-700">
        Old version:{" "}
        <Link href={imageHref(old.data)} className="font-medium text-brand-700 hover:underline">
          {old.data.name ?? old.data.id}
        </Link>{" "}
        ({old.data.source.projectName}, {location.region}, made {formatDate(old.data.createdAt)}){" "}
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
      <legend className="px-1 font-semibold">1. The new version</legend>
      <p className="text-sm text-slate-600">
        Another image of the same project and region, made after the old one. Those with the same
        name before the version come first.
      </p>
      {list.error && <Alert tone="error">{list.error.message}</Alert>}
      {list.isPending && (
        <p role="status" className="text-sm text-slate-600">
          Listing the project&apos;s images…
        </p>
      )}
      {list.data && candidates.length === 0 && (
        <p className="text-sm text-slate-600">
          No image of this project in {location.region} is newer than the old one. Upload the new
          version first (it may stay private: it is made shared here).
        </p>
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
              <span className="text-xs text-slate-500">made {formatDate(image.createdAt)}</span>{" "}
              <VisibilityBadge visibility={image.visibility} />
              {suggested && (
                <span className="ml-2 rounded bg-brand-50 px-1.5 py-0.5 text-xs text-brand-900">
                  suggested: same name
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
        Reading both images and their members…
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
        <legend className="px-1 font-semibold">
          2. Who moves, and what happens to the old version
        </legend>
        {rolloutChoices.map(([key, text]) => (
          <label key={key} className="flex items-center gap-2 text-sm">
            <input
              type="checkbox"
              className="size-4"
              checked={options[key]}
              onChange={(e) => set({ [key]: e.target.checked })}
            />
            {text}
          </label>
        ))}
      </fieldset>

      <Panel title="3. Review">
        <ul className="list-disc space-y-1 pl-5 text-sm">
          {plan.makeShared && (
            <li>{plan.next.name ?? plan.next.id} becomes shared (it is private).</li>
          )}
          {plan.setPredecessor && (
            <li>
              {plan.next.name ?? plan.next.id} records that it replaces {old.name ?? old.id} (image
              property predecessor_id).
            </li>
          )}
          <li>
            {invites} project{invites === 1 ? "" : "s"} invited to the new version
            {removals > 0 && `; ${removals} removed from the old one after that`}.
          </li>
          {plan.hideOld && <li>{old.name ?? old.id} is hidden from image lists, last.</li>}
        </ul>
        {plan.quota && (
          <p
            role="note"
            className="rounded-md border border-amber-200 bg-amber-50 p-3 text-sm text-amber-900"
          >
            <span className="font-semibold">Member quota:</span> the new version has room for{" "}
            {plan.quota.fit} of {plan.quota.wanted} projects: this cloud allows {plan.quota.quota}{" "}
            members per image and it has {plan.quota.current} (pending and rejected ones count too).
            The others are not invited and keep the old version.
          </p>
        )}
        <MemberPlanTable plan={plan} progress={progress} />
        <details className="text-sm">
          <summary className="cursor-pointer text-brand-700">
            The same with the openstack CLI
          </summary>
          <pre
            aria-label="openstack commands"
            className="mt-2 overflow-x-auto rounded-md bg-slate-900 p-3 text-xs text-slate-100"
          >
            {rolloutCommands(plan).join("\n")}
          </pre>
          <CopyButton text={rolloutCommands(plan).join("\n")} label="Copy the openstack commands" />
        </details>
        {plan.done && !frozen ? (
          <p role="status" className="text-sm font-medium">
            Nothing left to do: this version has been rolled out.
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
              Roll out {plan.next.name ?? "the new version"}
            </Button>
          )
        )}
      </Panel>

      {frozen && <RunSummary plan={frozen} progress={progress} />}
    </div>
  );
}

const actionText = {
  invite: "invite",
  already: "already a member",
  skip: "not invited",
  over_quota: "not invited: member quota full",
} as const;

function MemberPlanTable({
  plan,
  progress,
}: {
  plan: RolloutPlan;
  progress: ReturnType<typeof useRolloutRun>;
}) {
  return (
    <DataTable
      caption="Members of the old version and what happens to each"
      columns={["Project", "On the old version", "On the new version", "Plan", "Result"]}
      loading={false}
      empty={
        plan.members.length === 0 && "The old version has no members: there is nobody to move."
      }
      frame="plain"
    >
      {plan.members.map((m) => {
        const run = progress.members.get(m.member.id);
        return (
          <tr key={m.member.id} className="h-10">
            <th scope="row" className="py-2 pr-4 text-left font-normal">
              {m.member.name ?? <span className="text-slate-500">not connected here</span>}
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
              {actionText[m.action]}
              {m.action === "skip" && m.onOld === "rejected" && " (rejected the old one)"}
              {m.removeFromOld && ", then removed from the old"}
            </td>
            <td className="py-2">
              {run ? (
                <>
                  <StepText
                    step={run.invite}
                    done={
                      run.invite.state === "done" && run.invite.status
                        ? `invited · ${run.invite.status}`
                        : "invited"
                    }
                  />
                  {run.remove && (
                    <span className="block text-xs">
                      <StepText step={run.remove} done="removed from the old" />
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
  if (step.state === "failed") return <span className="text-red-700">failed: {step.message}</span>;
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
    <span className="text-slate-500">{step.state === "running" ? "working…" : "waiting"}</span>
  );
}

function RunSummary({
  plan,
  progress,
}: {
  plan: RolloutPlan;
  progress: ReturnType<typeof useRolloutRun>;
}) {
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
    [`Make ${plan.next.name ?? plan.next.id} shared`, steps.share],
    [`Record ${plan.old.name ?? plan.old.id} as its predecessor`, steps.predecessor],
    [`Hide ${plan.old.name ?? plan.old.id} from image lists`, steps.hide],
  ];
  return (
    <Panel title="4. Rolling out">
      <LiveProgress
        id="rollout-progress"
        label={`${phase === "done" ? "Done" : "Rolling out"}: ${finished} of ${all.length} steps`}
        value={finished}
        max={all.length}
        done={phase === "done"}
      />
      <JobNotice running={phase === "running"} error={error} what="rollout" />
      <ul className="space-y-1 text-sm">
        {imageSteps.map(([label, step]) =>
          step ? (
            <li key={label}>
              {label}: <StepText step={step} done="done" />
            </li>
          ) : null,
        )}
      </ul>
      <p role="status" className="font-medium empty:hidden">
        {phase === "done" &&
          (failed === 0
            ? `Rolled out: ${all.length} steps done.`
            : `${failed} of ${all.length} steps failed; the rest were done. Run it again to retry what failed.`)}
      </p>
      {phase === "done" && (
        <p className="text-sm">
          Consumers see the new version in their invitations as &quot;new version of{" "}
          {plan.old.name ?? plan.old.id}&quot; and can accept it, and reject the old one, in one
          click.
        </p>
      )}
    </Panel>
  );
}
