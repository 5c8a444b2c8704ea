import type { Metadata } from "next";

import { PageHeader } from "@/components/common/page-header";
import { CopySelection } from "@/components/transfers/copy-selection";
import { parseSelection } from "@/lib/transfers/selection";

export const metadata: Metadata = { title: "Copy images" };

export default async function CopyImagesPage({
  searchParams,
}: {
  searchParams: Promise<{ images?: string | string[] }>;
}) {
  const { images } = await searchParams;
  return (
    <div className="space-y-6">
      <PageHeader title="Copy images">
        Copy (or move) the images chosen in the list into other connected projects and regions: each
        image goes to every place you choose, runs on the server and is verified by hash.
      </PageHeader>
      <CopySelection selected={parseSelection(typeof images === "string" ? images : undefined)} />
    </div>
  );
}
