import type { Metadata } from "next";
import { ConnectForm } from "@/components/connections/connect-form";
import { configuredClouds, toCloudDto } from "@/lib/connections/clouds";
import { getEnv } from "@/lib/env";

export const metadata: Metadata = { title: "Connect a project" };
export const dynamic = "force-dynamic";

const one = (v: string | string[] | undefined) => (typeof v === "string" ? v : undefined);

export default async function ConnectPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const q = await searchParams;
  return (
    <div className="max-w-3xl space-y-6">
      <div>
        <h1 className="text-2xl font-bold text-brand-900">Connect a project</h1>
        <p className="mt-1 text-sm text-slate-600">
          Your password or secret is used once to get a token from Keystone and is never stored. The token stays on the
          dashboard&apos;s server, sealed in a cookie your browser cannot read.
        </p>
      </div>
      <ConnectForm
        clouds={configuredClouds().map(toCloudDto)}
        allowCustomAuthUrl={getEnv().allowCustomAuthUrl}
        initial={{ cloud: one(q.cloud), username: one(q.username), userDomain: one(q.userDomain), project: one(q.project), projectDomain: one(q.projectDomain) }}
      />
    </div>
  );
}
