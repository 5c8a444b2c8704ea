import type { Metadata } from "next";

import { PageHeader } from "@/components/common/page-header";
import { ShareWizard } from "@/components/share/share-wizard";

export const metadata: Metadata = { title: "Share images" };

export default async function SharePage({
  searchParams,
}: {
  searchParams: Promise<{ connection?: string; images?: string }>;
}) {
  const { connection, images } = await searchParams;
  // `images` is `region:id,region:id` as the image list builds it.
  const initialImages = (images ?? "")
    .split(",")
    .map((pair) => pair.split(":"))
    .flatMap(([region, id]) => (region && id ? [{ region, id }] : []));
  return (
    <div className="space-y-6">
      <PageHeader title="Share images">
        Invite other projects to use images of one of your projects. They accept in their
        invitations, here or in any OpenStack tool.
      </PageHeader>
      <ShareWizard initialConnection={connection} initialImages={initialImages} />
    </div>
  );
}
