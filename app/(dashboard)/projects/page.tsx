import type { Metadata } from "next";
import { ConnectionList } from "@/components/connections/connection-list";
import { listConnections } from "@/lib/connections/service";

export const metadata: Metadata = { title: "Connected projects" };
export const dynamic = "force-dynamic";

export default async function ProjectsPage() {
  const initial = await listConnections();
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold text-brand-900">Connected projects</h1>
      <ConnectionList initial={initial} />
    </div>
  );
}
