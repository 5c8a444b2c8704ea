// Whether a copy fits the target project's Glance quotas (Keystone unified limits, as
// Glance reports them at /v2/info/usage). Pure.
import { say, type Sentence } from "@/lib/i18n/sentence";

export type Usage = Record<string, { limit: number; usage: number }>;

const MIB = 2 ** 20;

/** Why copies of these sizes (in bytes, one image each) do not fit this usage; null if they fit or no quota applies. */
export function quotaRefusal(usage: Usage, sizes: number[], where: string): Sentence | null {
  const total = usage.image_size_total;
  // Glance counts image_size_total in MiB.
  const needed = sizes.reduce((sum, size) => sum + Math.ceil(size / MIB), 0);
  if (total && total.limit >= 0 && total.usage + needed > total.limit) {
    return say("plan.quotaSize", {
      where,
      left: Math.max(0, total.limit - total.usage),
      limit: total.limit,
      count: sizes.length,
      needed,
    });
  }
  const count = usage.image_count_total;
  if (count && count.limit >= 0 && count.usage + sizes.length > count.limit) {
    return say("plan.quotaCount", {
      where,
      usage: count.usage,
      limit: count.limit,
      count: sizes.length,
    });
  }
  return null;
}

/** The quota a review shows for a target: "120 of 10240 MiB, 4 of 100 images", or null when Glance reports none. */
export function describeUsage(usage: Usage): Sentence | null {
  const { image_size_total: total, image_count_total: count } = usage;
  const size =
    total && total.limit >= 0
      ? say("plan.usageSize", { usage: total.usage, limit: total.limit })
      : null;
  const images =
    count && count.limit >= 0
      ? say("plan.usageCount", { usage: count.usage, limit: count.limit })
      : null;
  if (size && images) return say("plan.usageBoth", { size, count: images });
  return size ?? images;
}
