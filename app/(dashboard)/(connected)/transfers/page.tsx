import type { Metadata } from "next";

import { PageHeader } from "@/components/common/page-header";
import { JobList } from "@/components/jobs/job-list";
import { TransferList } from "@/components/transfers/transfer-list";

export const metadata: Metadata = { title: "Transfers" };

export default function TransfersPage() {
  return (
    <div className="space-y-4">
      <PageHeader title="Transfers">
        Copies and moves of images into other projects and regions, from or into your connected
        projects, then share runs and rollouts. Each runs on the server: leave the page and come
        back, it goes on. A copy counts as done only when its SHA-512 and MD5 match the
        source&apos;s in both Glances.
      </PageHeader>
      <TransferList caption="Transfers" />
      <JobList />
    </div>
  );
}
