"use client";

import { useQueries, useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import Link from "next/link";
import { useState } from "react";

import {
  emptyMemberChoice,
  MemberPicker,
  resolveMembers,
  type MemberChoice,
} from "@/components/common/member-picker";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { SelectField } from "@/components/ui/field";
import { Panel } from "@/components/ui/panel";
import { imageDetailQueryOptions } from "@/lib/queries/images";
import { membersQueryOptions } from "@/lib/queries/members";
import { connectionsQueryOptions } from "@/lib/queries/projects";
import {
  membershipKey,
  planShare,
  type ImageMembership,
  type PlanImage,
  type SharePlan,
} from "@/lib/share/plan";

import { planImageKey, ShareImagesStep } from "./share-images-step";
import { ShareReview } from "./share-review";
import { ShareRun } from "./share-run";
import { useShareRun } from "./use-share-run";

const steps = ["images", "consumers", "review", "share"] as const;
type Step = 0 | 1 | 2 | 3;

/** The guide's owner side in four steps: pick images, name consumers, review, run and hand over. */
export function ShareWizard({
  initialConnection,
  initialImages,
}: {
  initialConnection?: string;
  initialImages: { region: string; id: string }[];
}) {
  const t = useTranslations("share");
  const { data: connectionsData, isPending } = useQuery(connectionsQueryOptions());
  const connections = connectionsData?.connections ?? [];
  const owners = connections.filter((c) => c.canWrite);
  const [ownerId, setOwnerId] = useState(initialConnection ?? "");
  const owner = owners.find((c) => c.id === ownerId) ?? (initialConnection ? undefined : owners[0]);
  const [step, setStep] = useState<Step>(0);
  const [picked, setPicked] = useState<Map<string, PlanImage> | null>(null);
  const [choice, setChoice] = useState<MemberChoice>(emptyMemberChoice);
  // The plan as it was run: member counts refetched afterwards must not redraw it.
  const [ranPlan, setRanPlan] = useState<SharePlan | null>(null);
  const share = useShareRun();

  // Images named in the address (from the image list) are looked up once to preselect them.
  const presets = useQueries({
    queries: owner
      ? initialImages.map((i) =>
          imageDetailQueryOptions({ connection: owner.id, region: i.region }, i.id),
        )
      : [],
  });
  const presetImages = new Map(
    presets.flatMap((q) =>
      q.data
        ? [
            [
              planImageKey({ region: q.data.source.region, id: q.data.id }),
              {
                id: q.data.id,
                name: q.data.name,
                region: q.data.source.region,
                visibility: q.data.visibility,
              },
            ] as const,
          ]
        : [],
    ),
  );
  const selected = picked ?? presetImages;
  const presetErrors = presets.flatMap((q) => (q.error ? [q.error.message] : []));

  // Current members of the shared images, counted against the cloud's member quota from step 2 on.
  const counted = [...selected.values()].filter(
    (i) => i.visibility === "shared" || i.visibility === "private",
  );
  const membershipQueries = useQueries({
    queries:
      owner && step >= 1
        ? counted.map((i) => membersQueryOptions({ connection: owner.id, region: i.region }, i.id))
        : [],
  });
  const memberships = new Map<string, ImageMembership>(
    membershipQueries.flatMap((q, index) =>
      q.data && counted[index]
        ? [
            [
              membershipKey(counted[index]),
              {
                memberIds: q.data.hidden ? null : q.data.members.map((m) => m.memberId),
                quota: q.data.quota,
              },
            ] as const,
          ]
        : [],
    ),
  );
  const counting = membershipQueries.some((q) => q.isPending);
  const uncounted = counted.filter((_, index) => membershipQueries[index]?.isError);

  if (isPending)
    return (
      <div aria-busy className="h-64 animate-pulse rounded-lg border border-slate-200 bg-surface" />
    );
  if (owners.length === 0) {
    return (
      <Alert tone="info" title={t("noOwner.title")}>
        {t("noOwner.text")}{" "}
        <Link href="/projects/connect" className="underline">
          {t("noOwner.connect")}
        </Link>
      </Alert>
    );
  }
  if (!owner) {
    return (
      <Alert tone="error" title={t("cannotShare.title")}>
        {t("cannotShare.text")}{" "}
        <Link href="/share" className="underline">
          {t("cannotShare.again")}
        </Link>
      </Alert>
    );
  }

  const images = [...selected.values()];
  const { members, problems } = resolveMembers(choice, owner.project.id, connections);
  const plan = planShare(images, members, memberships);
  const toggle = (image: PlanImage) => {
    const next = new Map(selected);
    if (next.has(planImageKey(image))) next.delete(planImageKey(image));
    else next.set(planImageKey(image), image);
    setPicked(next);
  };
  const canContinue =
    step === 0
      ? images.length > 0
      : step === 1
        ? members.length > 0 && problems.length === 0
        : true;

  return (
    <div className="space-y-6">
      <ol className="flex flex-wrap gap-2 text-sm" aria-label={t("steps.label")}>
        {steps.map((label, i) => (
          <li
            key={label}
            aria-current={i === step ? "step" : undefined}
            className={`rounded-full px-3 py-1 ${i === step ? "bg-brand-600 text-white" : i < step ? "bg-brand-50 text-brand-700" : "bg-slate-100 text-slate-600"}`}
          >
            {i + 1}. {t(`steps.${label}`)}
          </li>
        ))}
      </ol>

      <Panel
        title={
          <>
            {step === 0 && t("heading.images")}
            {step === 1 && t("heading.consumers", { count: images.length })}
            {step === 2 && t("heading.review")}
            {step === 3 && t("heading.share")}
          </>
        }
        heading="large"
        spacing="space-y-4"
      >
        {step === 0 && (
          <>
            <SelectField
              label={t("ownerProject")}
              value={owner.id}
              onChange={(e) => {
                setOwnerId(e.target.value);
                setPicked(new Map());
                setChoice(emptyMemberChoice);
              }}
              options={owners.map(
                (c) => [c.id, `${c.project.name} (${c.user.name}) · ${c.cloud.label}`] as const,
              )}
            />
            {presetErrors.map((m) => (
              <Alert key={m} tone="error">
                {m}
              </Alert>
            ))}
            <ShareImagesStep connectionId={owner.id} selected={selected} onToggle={toggle} />
            <p className="text-sm text-slate-600" aria-live="polite">
              {images.length === 0
                ? t("tickOne")
                : t("selected", {
                    images: images.map((i) => `${i.name ?? i.id} (${i.region})`).join(", "),
                  })}
            </p>
          </>
        )}

        {step === 1 && (
          <MemberPicker
            owner={owner}
            connections={connections}
            value={choice}
            onChange={setChoice}
          />
        )}

        {step === 2 && <ShareReview plan={plan} counting={counting} uncounted={uncounted} />}

        {step === 3 && ranPlan && (
          <ShareRun plan={ranPlan} connections={connections} progress={share} />
        )}

        {step < 3 && (
          <div className="flex justify-between gap-2 border-t border-slate-200 pt-4">
            <Button
              tone="secondary"
              disabled={step === 0}
              onClick={() => setStep((s) => (s - 1) as Step)}
            >
              {t("back")}
            </Button>
            {step < 2 ? (
              <Button disabled={!canContinue} onClick={() => setStep((s) => (s + 1) as Step)}>
                {t("next")}
              </Button>
            ) : (
              <Button
                disabled={plan.pairs.length === 0 || counting}
                onClick={() => {
                  setRanPlan(plan);
                  setStep(3);
                  void share.run(owner.id, plan);
                }}
              >
                {t("submit", { count: plan.pairs.length })}
              </Button>
            )}
          </div>
        )}
      </Panel>
    </div>
  );
}
