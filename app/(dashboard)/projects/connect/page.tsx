import type { Metadata } from "next";

import { PageHeader } from "@/components/common/page-header";
import { ConnectForm } from "@/components/projects/connect-form";
import { configuredClouds, toCloudDto } from "@/lib/server/core/clouds";
import { getEnv } from "@/lib/server/env";

export const metadata: Metadata = { title: "Connect a project" };
export const dynamic = "force-dynamic";

const one = (v: string | string[] | undefined) => (typeof v === "string" ? v : undefined);

export default async function ConnectPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const q = await searchParams;
  return (
    <div className="max-w-3xl space-y-6">
      <PageHeader title="Connect a project">
        Your password or secret is used once to get a token from Keystone and is never stored. The
        token stays on the dashboard&apos;s server, sealed in a cookie your browser cannot read.
      </PageHeader>
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
