import type { Metadata } from "next";

import { PageHeader } from "@/components/common/page-header";
import { Instances } from "@/components/instances/instances";

export const metadata: Metadata = { title: "Instances" };

export default function InstancesPage() {
  return (
    <div className="space-y-6">
      <PageHeader title="Instances">
        The servers of your connected projects in every region, and the image each was booted from:
        those that run on another project&apos;s image depend on that project keeping it shared.
      </PageHeader>
      <Instances />
    </div>
  );
}
