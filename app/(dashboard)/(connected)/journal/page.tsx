import type { Metadata } from "next";

import { PageHeader } from "@/components/common/page-header";
import { JournalView } from "@/components/journal/journal-view";

export const metadata: Metadata = { title: "Journal" };

export default function JournalPage() {
  return (
    <div className="space-y-4">
      <PageHeader title="Journal">
        Every change made through this dashboard for your connected projects: who made it, when, and
        how it ended. Glance itself records when a membership changed, not who changed it.
      </PageHeader>
      <JournalView />
    </div>
  );
}
