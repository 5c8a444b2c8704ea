import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";

import { PageHeader } from "@/components/common/page-header";
import { ShareWizard } from "@/components/share/share-wizard";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("share");
  return { title: t("title") };
}

export default async function SharePage({
  searchParams,
}: {
  searchParams: Promise<{ connection?: string; images?: string }>;
}) {
  const { connection, images } = await searchParams;
  const t = await getTranslations("share");
  // `images` is `region:id,region:id` as the image list builds it.
  const initialImages = (images ?? "")
    .split(",")
    .map((pair) => pair.split(":"))
    .flatMap(([region, id]) => (region && id ? [{ region, id }] : []));
  return (
    <div className="space-y-6">
      <PageHeader title={t("title")}>{t("intro")}</PageHeader>
      <ShareWizard initialConnection={connection} initialImages={initialImages} />
    </div>
  );
}
