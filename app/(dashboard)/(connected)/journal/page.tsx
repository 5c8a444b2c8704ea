import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";

import { PageHeader } from "@/components/common/page-header";
import { JournalView } from "@/components/journal/journal-view";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("journal");
  return { title: t("title") };
}

export default async function JournalPage() {
  const t = await getTranslations("journal");
  return (
    <div className="space-y-4">
      <PageHeader title={t("title")}>{t("intro")}</PageHeader>
      <JournalView />
    </div>
  );
}
