import type { Sentence } from "@/lib/i18n/sentence";
import { write } from "@/lib/i18n/write";
import type { ApiErrorCode } from "@/lib/schemas/api-error";

/** The HTTP status the backend-for-frontend answers with for each error code. */
export const statusForCode: Record<ApiErrorCode, number> = {
  invalid_credentials: 401,
  token_expired: 401,
  forbidden: 403,
  not_owner: 403,
  not_member: 403,
  not_shared: 403,
  already_member: 409,
  member_quota: 413,
  too_large: 413,
  not_found: 404,
  bad_request: 400,
  conflict: 409,
  rate_limited: 429,
  timeout: 504,
  // The client closed the request (nginx's 499): nobody reads this answer.
  cancelled: 499,
  upstream_unavailable: 502,
  invalid_response: 502,
  no_endpoint: 404,
  validation: 400,
  cross_origin: 403,
  // Misdirected: this server does not answer for that host name.
  wrong_host: 421,
  not_connected: 404,
  too_many_projects: 409,
  cloud_not_allowed: 400,
  internal: 500,
};

/**
 * Every error the server reports on purpose: a stable code, its HTTP status and a
 * sentence fit to show a person, written in their language when it reaches them (`message`
 * is the English, for logs). Upstream failures are the subclass `OpenStackError`.
 */
export class AppError extends Error {
  override readonly name: string = "AppError";

  constructor(
    readonly code: ApiErrorCode,
    readonly sentence: Sentence,
  ) {
    super(write(sentence, "en"));
  }

  get status(): number {
    return statusForCode[this.code];
  }
}
