import type { Metadata } from "next";
import { ImageBrowser } from "@/components/images/image-browser";
import { filtersFromParams } from "@/components/images/image-filters";

export const metadata: Metadata = { title: "Images" };

export default async function ImagesPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-bold text-brand-900">Images</h1>
        <p className="mt-1 text-sm text-slate-600">What each connected project owns, has accepted, is invited to, and can see publicly.</p>
      </div>
      <ImageBrowser initial={filtersFromParams(await searchParams)} />
    </div>
  );
}
