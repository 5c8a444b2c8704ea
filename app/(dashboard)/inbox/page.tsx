import type { Metadata } from "next";
import { Inbox } from "@/components/inbox/inbox";

export const metadata: Metadata = { title: "Invitations" };

export default async function InboxPage({ searchParams }: { searchParams: Promise<{ image?: string; region?: string; project?: string }> }) {
  const { image, region, project } = await searchParams;
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-bold text-brand-900">Invitations</h1>
        <p className="mt-1 text-sm text-slate-600">
          Images other projects share with your connected projects. Accept one to use it; you can change your mind later.
        </p>
      </div>
      <Inbox target={{ image, region, project }} />
    </div>
  );
}
