import "server-only";

// Marks that reorder what follows them on screen: "invoice\u202Eexe.raw" shows as
// "invoicewar.exe". A file name keeps none.
const BIDI_CONTROLS = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const MAX_NAME = 200;

/**
 * `attachment` with a file name every browser saves safely, always ending in the given
 * extension (an image's disk format): an ASCII fallback with nothing but letters, digits,
 * dot, dash and underscore, and the real name (RFC 5987) with path separators replaced and
 * no bidirectional controls. The name comes from an image, which anyone who can share one
 * with you chose.
 */
export function contentDisposition(name: string, extension: string | null): string {
  const format = extension?.replace(/[^A-Za-z0-9]/g, "") ?? "";
  const ext = format ? `.${format}` : "";
  const cleaned = name
    .replace(BIDI_CONTROLS, "")
    .replace(/[/\\\u0000-\u001f\u007f]/g, "_")
    .replace(/^\.+/, "_");
  // Cut by code points, so no emoji is split into half a surrogate pair (which no encoder takes).
  const base =
    Array.from(cleaned)
      .slice(0, MAX_NAME - ext.length)
      .join("") || "image";
  const clean = `${base}${ext}`;
  const ascii = clean.replace(/[^A-Za-z0-9._-]/g, "_");
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(clean)}`;
}
