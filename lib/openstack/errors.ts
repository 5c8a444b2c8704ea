import { AppError } from "@/lib/errors";
import { say, type Sentence, type SentenceKey } from "@/lib/i18n/sentence";
import type { ApiErrorCode } from "@/lib/schemas/api-error";

export type OpenStackService = "keystone" | "glance" | "nova";

/**
 * The one error every lib/openstack call throws: the upstream status (0 when no
 * answer came), a stable code and a sentence fit to show a person.
 */
export class OpenStackError extends AppError {
  override readonly name: string = "OpenStackError";

  constructor(
    code: ApiErrorCode,
    sentence: Sentence,
    readonly service: OpenStackService,
    readonly upstreamStatus: number,
  ) {
    super(code, sentence);
  }
}

const entities: Record<string, string> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  "#39": "'",
  nbsp: " ",
};

/** More than any real error message; what an upstream sends beyond it is not read. */
const MAX_MESSAGE_SOURCE = 16 * 1024;

/** Drops <script>, <style> and <head> blocks in one forward pass (an unclosed one runs to the end). */
function dropBlocks(text: string): string {
  const lower = text.toLowerCase();
  const open = /<(script|style|head)\b/g;
  let out = "";
  let from = 0;
  for (;;) {
    open.lastIndex = from;
    const found = open.exec(lower);
    if (!found) return out + text.slice(from);
    out += `${text.slice(from, found.index)} `;
    const close = lower.indexOf(`</${found[1]}`, open.lastIndex);
    if (close === -1) return out;
    const end = lower.indexOf(">", close);
    if (end === -1) return out;
    from = end + 1;
  }
}

/**
 * Turns an upstream message into one clean sentence: Glance wraps its messages in
 * HTML (`<br /><br />`, sometimes a whole page) even when asked for JSON. Linear in
 * the text, and only its first 16 KB are read: the body may come from an attacker.
 */
export function cleanUpstreamMessage(raw: string): string {
  return dropBlocks(raw.slice(0, MAX_MESSAGE_SOURCE))
    .replace(/<[^<>]*>/g, " ")
    .replace(/&(amp|lt|gt|quot|#39|nbsp);/g, (_, name: string) => entities[name] ?? "")
    .replace(/\s+/g, " ")
    .trim();
}

/** The code for an upstream status when the call site knows nothing more precise. */
export function codeForStatus(status: number): ApiErrorCode {
  if (status === 400) return "bad_request";
  if (status === 401) return "token_expired";
  if (status === 403) return "forbidden";
  if (status === 404) return "not_found";
  if (status === 409) return "conflict";
  if (status === 413) return "member_quota";
  if (status === 429) return "rate_limited";
  if (status >= 500) return "upstream_unavailable";
  return "internal";
}

/**
 * Whether another try later may succeed where this call failed: no answer came (refused,
 * reset, timed out) or the service answered with a 5xx, as one restarting does. A refusal
 * (4xx), a cancel or an answer of the wrong shape would only be met again.
 */
export function isPassingFault(err: unknown): boolean {
  if (!(err instanceof OpenStackError)) return false;
  if (err.code !== "upstream_unavailable" && err.code !== "timeout") return false;
  return err.upstreamStatus === 0 || err.upstreamStatus >= 500;
}

// Glance's policy denials name an internal action; say what it means instead (server.policy.*).
const policyActions = new Set([
  "add_member",
  "delete_member",
  "modify_member",
  "get_members",
  "get_member",
  "modify_image",
  "delete_image",
  "publicize_image",
  "communitize_image",
]);

/**
 * Glance's 413 for one member too many ("… Attempted: 4, Maximum: 3") as a sentence
 * that says what the limit is and what counts toward it.
 */
export function describeMemberQuota(message: string): Sentence {
  const maximum = /Maximum:\s*(\d+)/i.exec(message)?.[1];
  return maximum
    ? say("upstream.memberQuota", { maximum: Number(maximum) })
    : say("upstream.memberQuotaUnknown");
}

/**
 * A sentence for a message like "You are not authorized to complete add_member action";
 * any other message is the service's own words, quoted as they came.
 */
export function describePolicyDenial(message: string, service: string): Sentence {
  const action = /not authorized to complete (\w+) action/i.exec(message)?.[1];
  return action && policyActions.has(action)
    ? say(`policy.${action}` as SentenceKey)
    : say("upstream.said", { service, detail: message });
}
