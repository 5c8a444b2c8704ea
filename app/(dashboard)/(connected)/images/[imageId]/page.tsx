import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import Link from "next/link";

import { ImageDetail } from "@/components/images/image-detail";
import { MemberSection } from "@/components/members/member-table";
import { Alert } from "@/components/ui/alert";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("image");
  return { title: t("title") };
}

export default async function ImagePage({
  params,
  searchParams,
}: {
  params: Promise<{ imageId: string }>;
  searchParams: Promise<{ connection?: string; region?: string }>;
}) {
  const { imageId } = await params;
  const { connection, region } = await searchParams;
  const t = await getTranslations("image");
  return (
    <div className="space-y-6">
      <Link href="/images" className="text-sm text-brand-700 hover:underline">
        {t("back")}
      </Link>
      {connection && region ? (
        <>
          <ImageDetail location={{ connection, region }} imageId={imageId} />
          <MemberSection location={{ connection, region }} imageId={imageId} />
        </>
      ) : (
        <Alert tone="error">{t("noLocation")}</Alert>
      )}
    </div>
  );
}
