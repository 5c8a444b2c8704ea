import type { Metadata } from "next";

import { AccessAudit } from "@/components/access/access-audit";
import { PageHeader } from "@/components/common/page-header";

export const metadata: Metadata = { title: "Access audit" };

export default function AccessPage() {
  return (
    <div className="space-y-2">
      <PageHeader title="Access audit">
        Every shared image of your connected projects, every member project, its status and since
        when.
      </PageHeader>
      <AccessAudit />
    </div>
  );
}
