import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";

import { PageHeader } from "@/components/common/page-header";
import { ConnectForm } from "@/components/projects/connect-form";
import { configuredClouds, toCloudDto } from "@/lib/server/core/clouds";
import { getEnv } from "@/lib/server/env";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("projects.connect");
  return { title: t("title") };
}
export const dynamic = "force-dynamic";

const one = (v: string | string[] | undefined) => (typeof v === "string" ? v : undefined);

export default async function ConnectPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const q = await searchParams;
  const t = await getTranslations("projects.connect");
  return (
    <div className="max-w-3xl space-y-6">
      <PageHeader title={t("title")}>{t("intro")}</PageHeader>
      <ConnectForm
        clouds={configuredClouds().map(toCloudDto)}
        allowCustomAuthUrl={getEnv().allowCustomAuthUrl}
        initial={{
          cloud: one(q.cloud),
          username: one(q.username),
          userDomain: one(q.userDomain),
          project: one(q.project),
          projectDomain: one(q.projectDomain),
        }}
      />
    </div>
  );
}
