import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";

import { PageHeader } from "@/components/common/page-header";
import { CopySelection } from "@/components/transfers/copy-selection";
import { parseSelection } from "@/lib/transfers/selection";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("transfers");
  return { title: t("copyTitle") };
}

export default async function CopyImagesPage({
  searchParams,
}: {
  searchParams: Promise<{ images?: string | string[] }>;
}) {
  const { images } = await searchParams;
  const t = await getTranslations("transfers");
  return (
    <div className="space-y-6">
      <PageHeader title={t("copyTitle")}>{t("copyIntro")}</PageHeader>
      <CopySelection selected={parseSelection(typeof images === "string" ? images : undefined)} />
    </div>
  );
}
