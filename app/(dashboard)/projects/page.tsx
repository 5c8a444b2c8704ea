import type { Metadata } from "next";

import { PageHeader } from "@/components/common/page-header";
import { ConnectionList } from "@/components/projects/connection-list";
import { pageProjects } from "@/lib/server/core/context";

export const metadata: Metadata = { title: "Connected projects" };
export const dynamic = "force-dynamic";

export default async function ProjectsPage() {
  const initial = await (await pageProjects()).dtos();
  return (
    <div className="space-y-6">
      <PageHeader title="Connected projects" />
      <ConnectionList initial={initial} />
    </div>
  );
}
