import { useTranslations } from "next-intl";
import Link from "next/link";

/** An image's name, linking to its page as seen from the project that sees it. */
export function ImageLink({
  connectionId,
  region,
  imageId,
  name,
}: {
  connectionId: string;
  region: string;
  imageId: string;
  name: string | null;
}) {
  return (
    <Link
      href={`/images/${imageId}?${new URLSearchParams({ connection: connectionId, region })}`}
      className="font-medium text-brand-700 hover:underline"
    >
      {name ?? imageId}
    </Link>
  );
}

/** A project's cell: its name (or that it is not connected here), and below it its region or its id. */
export function ProjectCell({
  name,
  below,
  isId = false,
}: {
  name: string | null;
  below: string | null;
  isId?: boolean;
}) {
  const t = useTranslations("common");
  return (
    <td className="py-2 pr-4">
      {name ?? <span className="text-slate-500">{t("notConnectedHere")}</span>}
      <span className={`block text-xs text-slate-500 ${isId ? "font-mono" : ""}`}>{below}</span>
    </td>
  );
}
