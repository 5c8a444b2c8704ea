import type { Metadata } from "next";

import { PageHeader } from "@/components/common/page-header";
import { Invitations } from "@/components/invitations/invitations";

export const metadata: Metadata = { title: "Invitations" };

export default async function InvitationsPage({
  searchParams,
}: {
  searchParams: Promise<{ image?: string; region?: string; project?: string }>;
}) {
  const { image, region, project } = await searchParams;
  return (
    <div className="space-y-6">
      <PageHeader title="Invitations">
        Images other projects share with your connected projects. Accept one to use it; you can
        change your mind later.
      </PageHeader>
      <Invitations target={{ image, region, project }} />
    </div>
  );
}
