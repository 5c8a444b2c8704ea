import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";

import { PageHeader } from "@/components/common/page-header";
import { JobList } from "@/components/jobs/job-list";
import { TransferList } from "@/components/transfers/transfer-list";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("transfers");
  return { title: t("title") };
}

export default async function TransfersPage() {
  const t = await getTranslations("transfers");
  return (
    <div className="space-y-4">
      <PageHeader title={t("title")}>{t("intro")}</PageHeader>
      <TransferList caption={t("title")} />
      <JobList />
    </div>
  );
}
