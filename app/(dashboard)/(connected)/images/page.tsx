import type { Metadata } from "next";

import { PageHeader } from "@/components/common/page-header";
import { ImageBrowser } from "@/components/images/image-browser";
import { filtersFromParams } from "@/components/images/image-filters";

export const metadata: Metadata = { title: "Images" };

export default async function ImagesPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  return (
    <div className="space-y-6">
      <PageHeader title="Images">
        What each connected project owns, has accepted, is invited to, and can see publicly.
      </PageHeader>
      <ImageBrowser initial={filtersFromParams(await searchParams)} />
    </div>
  );
}
