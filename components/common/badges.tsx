import { useTranslations } from "next-intl";

import type { MemberStatusValue } from "@/lib/schemas/images";

const visibilityTone = {
  private: "bg-slate-100 text-slate-700",
  shared: "bg-brand-50 text-brand-700",
  public: "bg-emerald-50 text-emerald-800",
  community: "bg-violet-50 text-violet-800",
} as const;

export function VisibilityBadge({ visibility }: { visibility: keyof typeof visibilityTone }) {
  const t = useTranslations("common");
  return (
    <span className={`rounded px-2 py-0.5 text-xs font-medium ${visibilityTone[visibility]}`}>
      {t(`visibility.${visibility}`)}
    </span>
  );
}

const statusTone = {
  pending: "bg-amber-50 text-amber-900",
  accepted: "bg-emerald-50 text-emerald-800",
  rejected: "bg-red-50 text-red-800",
} as const;

export function MemberStatusBadge({ status }: { status: MemberStatusValue }) {
  const t = useTranslations("common");
  return (
    <span className={`rounded px-2 py-0.5 text-xs font-medium ${statusTone[status]}`}>
      {t(`memberStatus.${status}`)}
    </span>
  );
}

/** Hidden from image lists (os_hidden): other tools do not show it unless asked. */
export function HiddenBadge() {
  const t = useTranslations("common");
  return (
    <span
      className="ml-2 rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-700"
      title={t("hiddenHint")}
    >
      {t("hidden")}
    </span>
  );
}
