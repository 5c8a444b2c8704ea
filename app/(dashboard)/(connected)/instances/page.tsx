import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";

import { PageHeader } from "@/components/common/page-header";
import { Instances } from "@/components/instances/instances";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("instances");
  return { title: t("title") };
}

export default async function InstancesPage() {
  const t = await getTranslations("instances");
  return (
    <div className="space-y-6">
      <PageHeader title={t("title")}>{t("intro")}</PageHeader>
      <Instances />
    </div>
  );
}
