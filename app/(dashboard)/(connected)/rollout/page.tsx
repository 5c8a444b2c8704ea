import type { Metadata } from "next";

import { EmptyState } from "@/components/common/empty-state";
import { PageHeader } from "@/components/common/page-header";
import { Rollout } from "@/components/rollout/rollout";

export const metadata: Metadata = { title: "Roll out a new version" };

export default async function RolloutPage({
  searchParams,
}: {
  searchParams: Promise<{ connection?: string; region?: string; image?: string }>;
}) {
  const { connection, region, image } = await searchParams;
  return (
    <div className="space-y-6">
      <PageHeader title="Roll out a new version">
        Share the new version of an image with every project that uses the old one, record which
        image it replaces, then retire the old one.
      </PageHeader>
      {connection && region && image ? (
        <Rollout location={{ connection, region }} imageId={image} />
      ) : (
        <EmptyState
          title="Start from the old version"
          action={{ href: "/images", label: "Open the images" }}
        >
          Open the shared image that has a new version, and choose “Roll out a new version” on its
          page.
        </EmptyState>
      )}
    </div>
  );
}
