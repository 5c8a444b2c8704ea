import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";

import { PageHeader } from "@/components/common/page-header";
import { Invitations } from "@/components/invitations/invitations";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("invitations");
  return { title: t("title") };
}

export default async function InvitationsPage({
  searchParams,
}: {
  searchParams: Promise<{ image?: string; region?: string; project?: string }>;
}) {
  const { image, region, project } = await searchParams;
  const t = await getTranslations("invitations");
  return (
    <div className="space-y-6">
      <PageHeader title={t("title")}>{t("intro")}</PageHeader>
      <Invitations target={{ image, region, project }} />
    </div>
  );
}
