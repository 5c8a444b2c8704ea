import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";

import { PageHeader } from "@/components/common/page-header";
import { ImageBrowser } from "@/components/images/image-browser";
import { filtersFromParams } from "@/components/images/image-filters";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("images");
  return { title: t("title") };
}

export default async function ImagesPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const t = await getTranslations("images");
  return (
    <div className="space-y-6">
      <PageHeader title={t("title")}>{t("intro")}</PageHeader>
      <ImageBrowser initial={filtersFromParams(await searchParams)} />
    </div>
  );
}
