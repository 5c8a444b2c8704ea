import {
  imageSorts,
  imageTabs,
  visibilityValues,
  type ImageSort,
  type ImageTab,
} from "@/lib/schemas/images";

type Visibility = (typeof visibilityValues)[number];

/** The image list's state, kept in the address so a reload or a shared link shows the same list. */
export interface ImageFilters {
  connection: string;
  region: string;
  tab: ImageTab;
  q: string;
  status: string;
  visibility: Visibility | "";
  diskFormat: string;
  /** Images in lists, or those hidden from them (os_hidden). */
  listing: "listed" | "hidden";
  sort: ImageSort;
}

const pick = <T extends string>(
  value: string | undefined,
  allowed: readonly T[],
  fallback: T,
): T => (allowed.includes(value as T) ? (value as T) : fallback);

export function filtersFromParams(
  params: Record<string, string | string[] | undefined>,
): ImageFilters {
  const one = (key: string) => {
    const v = params[key];
    return (Array.isArray(v) ? v[0] : v) ?? "";
  };
  return {
    connection: one("connection") || "all",
    region: one("region") || "all",
    tab: pick(one("tab"), imageTabs, "owned"),
    q: one("q"),
    status: one("status"),
    visibility: pick<Visibility | "">(one("visibility"), ["", ...visibilityValues], ""),
    diskFormat: one("diskFormat"),
    listing: pick(one("listing"), ["listed", "hidden"] as const, "listed"),
    sort: pick(one("sort"), imageSorts, "name:asc"),
  };
}

export function filtersToSearch(filters: ImageFilters): string {
  const q = new URLSearchParams();
  const defaults: Partial<ImageFilters> = {
    connection: "all",
    region: "all",
    tab: "owned",
    sort: "name:asc",
    listing: "listed",
  };
  for (const [key, value] of Object.entries(filters))
    if (value && defaults[key as keyof ImageFilters] !== value) q.set(key, value);
  const s = q.toString();
  return s ? `?${s}` : "";
}
