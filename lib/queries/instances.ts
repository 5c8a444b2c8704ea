"use client";

import { queryOptions } from "@tanstack/react-query";

import { apiFetch } from "@/lib/api-client";
import { instancesDtoSchema } from "@/lib/schemas/instances";

import { instanceKeys } from "./keys";

/** Every connected project's servers, in every region with a compute service. */
export const instancesQueryOptions = () =>
  queryOptions({
    queryKey: instanceKeys.list(),
    queryFn: ({ signal }) => apiFetch("/api/instances", instancesDtoSchema, { signal }),
  });
