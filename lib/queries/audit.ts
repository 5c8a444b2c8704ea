"use client";

import { experimental_streamedQuery as streamedQuery, queryOptions } from "@tanstack/react-query";
import { apiFetch, apiStream } from "@/lib/api-client";
import { auditEventSchema, consumedDtoSchema, type AccessRowDto, type AuditEvent } from "@/lib/schemas/audit";
import type { SourceFailureDto } from "@/lib/schemas/images";

export const auditKeys = {
  all: ["audit"] as const,
  access: () => [...auditKeys.all, "access"] as const,
  consumed: () => [...auditKeys.all, "consumed"] as const,
};

export interface AccessAudit {
  /** Images whose members are being read; null until the image lists are in. */
  images: number | null;
  /** Images whose members have arrived (or failed). */
  read: number;
  rows: AccessRowDto[];
  failures: SourceFailureDto[];
  /** Server time of the whole audit, once done. */
  ms: number | null;
}

const initial: AccessAudit = { images: null, read: 0, rows: [], failures: [], ms: null };

function reduce(audit: AccessAudit, event: AuditEvent): AccessAudit {
  switch (event.type) {
    case "images":
      return { ...audit, images: event.count };
    case "rows":
      return { ...audit, read: audit.read + 1, rows: audit.rows.concat(event.rows) };
    case "failure":
      return { ...audit, read: audit.images === null ? audit.read : audit.read + 1, failures: [...audit.failures, event.failure] };
    case "done":
      return { ...audit, ms: event.ms };
  }
}

/** The access audit, growing as each image's members arrive. */
export const accessAuditQueryOptions = () =>
  queryOptions({
    queryKey: auditKeys.access(),
    queryFn: streamedQuery({
      streamFn: ({ signal }) => apiStream("/api/audit", auditEventSchema, signal),
      reducer: reduce,
      initialValue: initial,
    }),
    staleTime: 60_000,
  });

export const consumedQueryOptions = () =>
  queryOptions({
    queryKey: auditKeys.consumed(),
    queryFn: ({ signal }) => apiFetch("/api/audit/consumed", consumedDtoSchema, { signal }),
  });
