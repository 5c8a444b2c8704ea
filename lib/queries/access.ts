"use client";

import { queryOptions, experimental_streamedQuery as streamedQuery } from "@tanstack/react-query";

import { apiFetch, apiStream } from "@/lib/api-client";
import {
  accessEventSchema,
  consumedDtoSchema,
  type AccessEvent,
  type AccessRowDto,
} from "@/lib/schemas/access";
import type { SourceFailureDto } from "@/lib/schemas/images";

import { accessKeys } from "./keys";

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

function reduce(audit: AccessAudit, event: AccessEvent): AccessAudit {
  switch (event.type) {
    case "images":
      return { ...audit, images: event.count };
    case "rows":
      return { ...audit, read: audit.read + 1, rows: audit.rows.concat(event.rows) };
    case "failure":
      return {
        ...audit,
        read: audit.images === null ? audit.read : audit.read + 1,
        failures: [...audit.failures, event.failure],
      };
    case "done":
      return { ...audit, ms: event.ms };
  }
}

/** The access audit, growing as each image's members arrive. */
export const accessAuditQueryOptions = () =>
  queryOptions({
    queryKey: accessKeys.audit(),
    queryFn: streamedQuery({
      streamFn: ({ signal }) => apiStream("/api/access", accessEventSchema, { signal }),
      reducer: reduce,
      initialValue: initial,
    }),
    staleTime: 60_000,
  });

export const consumedQueryOptions = () =>
  queryOptions({
    queryKey: accessKeys.consumed(),
    queryFn: ({ signal }) => apiFetch("/api/access/consumed", consumedDtoSchema, { signal }),
  });
