import { useTranslations } from "next-intl";

import { VisibilityBadge } from "@/components/common/badges";
import { CopyButton } from "@/components/ui/copy-button";
import { cliCommands, type PlanImage, type SharePlan } from "@/lib/share/plan";

interface ReviewProps {
  plan: SharePlan;
  /** The member quota is being counted. */
  counting: boolean;
  /** Images whose members could not be counted. */
  uncounted: PlanImage[];
}

/** Step 3: what will change, what can go wrong later, and the same in `openstack` commands. */
export function ShareReview({ plan, counting, uncounted }: ReviewProps) {
  const t = useTranslations("share.review");
  const common = useTranslations("common");
  const images = [
    ...new Map(plan.pairs.map((p) => [`${p.image.region}|${p.image.id}`, p.image])).values(),
  ];
  const members = [...new Map(plan.pairs.map((p) => [p.member.id, p.member])).values()];
  const commands = cliCommands(plan);
  const text = [...commands.owner, "", t("thenConsumer"), ...commands.consumer].join("\n");
  return (
    <div className="space-y-5 text-sm">
      <div>
        <h3 className="font-semibold">{t("whatChanges")}</h3>
        <ul className="mt-2 space-y-1">
          {images.map((image) => (
            <li key={`${image.region}|${image.id}`}>
              <span className="font-medium">{image.name ?? image.id}</span>
              {` (${image.region}): `}
              {image.visibility === "private"
                ? t.rich("goesShared", {
                    private: () => <VisibilityBadge visibility="private" />,
                    shared: () => <VisibilityBadge visibility="shared" />,
                  })
                : t("staysShared")}{" "}
              {t("invite", { members: members.map((m) => m.name ?? m.id).join(", ") })}
            </li>
          ))}
          {plan.skipped.map((image) => (
            <li key={`${image.region}|${image.id}`} className="text-amber-900">
              {t.rich("skipped", {
                strong: (chunks) => <span className="font-medium">{chunks}</span>,
                name: image.name ?? image.id,
                region: image.region,
                visibility: common(`visibility.${image.visibility}`),
              })}{" "}
              {image.visibility === "public" ? t("seesAlready") : t("usesById")}
            </li>
          ))}
        </ul>
        <p className="mt-2">
          {t("total", { pairs: plan.pairs.length, images: images.length, members: members.length })}
        </p>
        <MemberQuota plan={plan} counting={counting} uncounted={uncounted} />
      </div>

      <div className="rounded-md border border-amber-200 bg-amber-50 p-3 text-amber-900">
        <h3 className="font-semibold">{t("before.title")}</h3>
        <ul className="mt-1 list-disc space-y-1 pl-5">
          <li>{t("before.stays")}</li>
          <li>{t("before.delete")}</li>
          <li>{t("before.copy")}</li>
        </ul>
      </div>

      <div>
        <div className="flex items-center justify-between">
          <h3 className="font-semibold">{t("cli")}</h3>
          <CopyButton text={text} label={t("copyCli")} />
        </div>
        <pre
          aria-label={t("cliLabel")}
          className="mt-2 overflow-x-auto rounded-md bg-slate-900 p-3 text-xs text-slate-100"
        >
          {text}
        </pre>
      </div>
    </div>
  );
}

/** How each image's invitations fit its cloud's member quota, counted before anything is sent. */
function MemberQuota({ plan, counting, uncounted }: ReviewProps) {
  const t = useTranslations("share.review");
  if (counting) return <p className="mt-2 text-slate-600">{t("counting")}</p>;
  return (
    <>
      {plan.quotaNotes.map((note) => {
        const left = plan.overQuota
          .filter((p) => p.image === note.image)
          .map((p) => p.member.name ?? p.member.id);
        return (
          <p
            key={`${note.image.region}|${note.image.id}`}
            role="note"
            className="mt-2 rounded-md border border-amber-200 bg-amber-50 p-3 text-amber-900"
          >
            {t.rich("quota", {
              b: (chunks) => <span className="font-semibold">{chunks}</span>,
              name: note.image.name ?? note.image.id,
              region: note.image.region,
              fit: note.fit,
              wanted: note.wanted,
              quota: note.quota,
              current: note.current,
              left: left.join(", "),
            })}
          </p>
        );
      })}
      {uncounted.length > 0 && (
        <p className="mt-2 text-slate-600">
          {t("uncounted", { images: uncounted.map((i) => i.name ?? i.id).join(", ") })}
        </p>
      )}
    </>
  );
}
