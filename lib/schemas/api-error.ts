import { z } from "@/lib/schemas/zod";

/**
 * Stable error codes shared by the server and the browser. A page decides what to
 * say (or offer, e.g. "reconnect") from the code, never from a status number.
 */
export const apiErrorCodes = [
  "invalid_credentials",
  "token_expired",
  "forbidden",
  "not_owner",
  "not_member",
  "not_shared",
  "already_member",
  "member_quota",
  "too_large",
  "not_found",
  "bad_request",
  "conflict",
  "rate_limited",
  "timeout",
  "cancelled",
  "upstream_unavailable",
  "invalid_response",
  "no_endpoint",
  "validation",
  "cross_origin",
  "wrong_host",
  "not_connected",
  "too_many_projects",
  "cloud_not_allowed",
  "internal",
] as const;

export const apiErrorCodeSchema = z.enum(apiErrorCodes);
export type ApiErrorCode = z.infer<typeof apiErrorCodeSchema>;

/** The JSON body of every error response of the backend-for-frontend. */
export const apiErrorBodySchema = z.object({
  error: z.object({
    code: apiErrorCodeSchema,
    message: z.string(),
  }),
});
export type ApiErrorBody = z.infer<typeof apiErrorBodySchema>;
