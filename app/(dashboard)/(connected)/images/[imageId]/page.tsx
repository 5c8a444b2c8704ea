import type { Metadata } from "next";
import Link from "next/link";

import { ImageDetail } from "@/components/images/image-detail";
import { MemberSection } from "@/components/members/member-table";
import { Alert } from "@/components/ui/alert";

export const metadata: Metadata = { title: "Image" };

export default async function ImagePage({
  params,
  searchParams,
}: {
  params: Promise<{ imageId: string }>;
  searchParams: Promise<{ connection?: string; region?: string }>;
}) {
  const { imageId } = await params;
  const { connection, region } = await searchParams;
  return (
    <div className="space-y-6">
      <Link href="/images" className="text-sm text-brand-700 hover:underline">
        ← Images
      </Link>
      {connection && region ? (
        <>
          <ImageDetail location={{ connection, region }} imageId={imageId} />
          <MemberSection location={{ connection, region }} imageId={imageId} />
        </>
      ) : (
        <Alert tone="error">
          This link does not say which connected project and region to look from. Open the image
          from the list.
        </Alert>
      )}
    </div>
  );
}
