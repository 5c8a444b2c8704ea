import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";

import { AccessAudit } from "@/components/access/access-audit";
import { PageHeader } from "@/components/common/page-header";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("access");
  return { title: t("title") };
}

export default async function AccessPage() {
  const t = await getTranslations("access");
  return (
    <div className="space-y-2">
      <PageHeader title={t("title")}>{t("intro")}</PageHeader>
      <AccessAudit />
    </div>
  );
}
