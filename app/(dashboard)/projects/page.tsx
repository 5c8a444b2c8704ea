import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";

import { PageHeader } from "@/components/common/page-header";
import { ConnectionList } from "@/components/projects/connection-list";
import { pageProjects } from "@/lib/server/core/context";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("projects");
  return { title: t("title") };
}
export const dynamic = "force-dynamic";

export default async function ProjectsPage() {
  const initial = await (await pageProjects()).dtos();
  const t = await getTranslations("projects");
  return (
    <div className="space-y-6">
      <PageHeader title={t("title")} />
      <ConnectionList initial={initial} />
    </div>
  );
}
