import "server-only";

/**
 * `attachment` with a file name every browser saves safely: an ASCII fallback with
 * nothing but letters, digits, dot, dash and underscore, and the real name (RFC 5987)
 * with path separators replaced. The name comes from an image, which anyone who can
 * share one with you chose.
 */
export function contentDisposition(name: string): string {
  const clean =
    name
      .replace(/[/\\\u0000-\u001f\u007f]/g, "_")
      .replace(/^\.+/, "_")
      .slice(0, 200) || "image";
  const ascii = clean.replace(/[^A-Za-z0-9._-]/g, "_");
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(clean)}`;
}
