// Whether a copy fits the target project's Glance quotas (Keystone unified limits, as
// Glance reports them at /v2/info/usage). Pure.

export type Usage = Record<string, { limit: number; usage: number }>;

const MIB = 2 ** 20;

/** Why copies of these sizes (in bytes, one image each) do not fit this usage; null if they fit or no quota applies. */
export function quotaRefusal(usage: Usage, sizes: number[], where: string): string | null {
  const copies = sizes.length === 1 ? "the copy needs" : `the ${sizes.length} copies need`;
  const total = usage.image_size_total;
  // Glance counts image_size_total in MiB.
  const needed = sizes.reduce((sum, size) => sum + Math.ceil(size / MIB), 0);
  if (total && total.limit >= 0 && total.usage + needed > total.limit) {
    return `${where} has ${Math.max(0, total.limit - total.usage)} MiB left of its ${total.limit} MiB image quota; ${copies} ${needed} MiB.`;
  }
  const count = usage.image_count_total;
  if (count && count.limit >= 0 && count.usage + sizes.length > count.limit) {
    return `${where} already has ${count.usage} of its ${count.limit} images${sizes.length === 1 ? "" : `; ${copies} ${sizes.length} more`}.`;
  }
  return null;
}

/** The quota a review shows for a target: "120 of 10240 MiB, 4 of 100 images", or null when Glance reports none. */
export function describeUsage(usage: Usage): string | null {
  const parts = [
    usage.image_size_total && usage.image_size_total.limit >= 0
      ? `${usage.image_size_total.usage} of ${usage.image_size_total.limit} MiB`
      : null,
    usage.image_count_total && usage.image_count_total.limit >= 0
      ? `${usage.image_count_total.usage} of ${usage.image_count_total.limit} images`
      : null,
  ].filter(Boolean);
  return parts.length > 0 ? parts.join(", ") : null;
}
