import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";

import { EmptyState } from "@/components/common/empty-state";
import { PageHeader } from "@/components/common/page-header";
import { Rollout } from "@/components/rollout/rollout";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("rollout");
  return { title: t("title") };
}

export default async function RolloutPage({
  searchParams,
}: {
  searchParams: Promise<{ connection?: string; region?: string; image?: string }>;
}) {
  const { connection, region, image } = await searchParams;
  const t = await getTranslations("rollout");
  return (
    <div className="space-y-6">
      <PageHeader title={t("title")}>{t("intro")}</PageHeader>
      {connection && region && image ? (
        <Rollout location={{ connection, region }} imageId={image} />
      ) : (
        <EmptyState title={t("empty.title")} action={{ href: "/images", label: t("empty.action") }}>
          {t("empty.text")}
        </EmptyState>
      )}
    </div>
  );
}
