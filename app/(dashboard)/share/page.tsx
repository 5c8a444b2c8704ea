import type { Metadata } from "next";
import { ShareWizard } from "@/components/share/share-wizard";

export const metadata: Metadata = { title: "Share images" };

export default async function SharePage({ searchParams }: { searchParams: Promise<{ connection?: string; images?: string }> }) {
  const { connection, images } = await searchParams;
  // `images` is `region:id,region:id` as the image list builds it.
  const initialImages = (images ?? "")
    .split(",")
    .map((pair) => pair.split(":"))
    .flatMap(([region, id]) => (region && id ? [{ region, id }] : []));
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-bold text-brand-900">Share images</h1>
        <p className="mt-1 text-sm text-slate-600">
          Invite other projects to use images of one of your projects. They accept in their inbox, here or in any OpenStack tool.
        </p>
      </div>
      <ShareWizard initialConnection={connection} initialImages={initialImages} />
    </div>
  );
}
