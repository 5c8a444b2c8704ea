import type { Metadata } from "next";
import { JournalView } from "@/components/journal/journal-view";

export const metadata: Metadata = { title: "Journal" };

export default function JournalPage() {
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-2xl font-bold text-brand-900">Journal</h1>
        <p className="mt-1 text-sm text-slate-600">
          Every change made through this dashboard for your connected projects: who made it, when, and how it ended. Glance itself
          records when a membership changed, not who changed it.
        </p>
      </div>
      <JournalView />
    </div>
  );
}
