// Images chosen in the list for "Copy to…", carried to the copy page in its URL. Pure.

/** An image as a connected project sees it in one region. */
export interface SelectedImage {
  connection: string;
  region: string;
  imageId: string;
}

/** The `images` parameter of /transfers/new: `connection:region:id`, comma-separated, each part escaped. */
export const selectionParam = (images: SelectedImage[]) =>
  images
    .map((i) => [i.connection, i.region, i.imageId].map(encodeURIComponent).join(":"))
    .join(",");

/** The images a `selectionParam` names, each once; malformed entries are dropped (a hand-edited URL). */
export function parseSelection(param: string | undefined): SelectedImage[] {
  const seen = new Set<string>();
  const images: SelectedImage[] = [];
  for (const entry of (param ?? "").split(",")) {
    const parts = entry.split(":");
    if (parts.length !== 3) continue;
    let decoded: string[];
    try {
      decoded = parts.map(decodeURIComponent);
    } catch {
      continue;
    }
    const [connection, region, imageId] = decoded as [string, string, string];
    const key = decoded.join("|");
    if (!connection || !region || !imageId || seen.has(key)) continue;
    seen.add(key);
    images.push({ connection, region, imageId });
  }
  return images;
}
