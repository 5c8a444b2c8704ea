"use client";

import { queryOptions } from "@tanstack/react-query";

import { apiFetch } from "@/lib/api-client";
import type { ImageLocation } from "@/lib/schemas/images";
import { imageServersDtoSchema, instancesDtoSchema } from "@/lib/schemas/instances";

import { instanceKeys } from "./keys";

/** Every connected project's servers, in every region with a compute service. */
export const instancesQueryOptions = () =>
  queryOptions({
    queryKey: instanceKeys.list(),
    queryFn: ({ signal }) => apiFetch("/api/instances", instancesDtoSchema, { signal }),
  });

/** Who runs servers on an image (its owner and members, where connected), asked when a warning needs it. */
export const imageServersQueryOptions = (location: ImageLocation, imageId: string) =>
  queryOptions({
    queryKey: instanceKeys.onImage(location, imageId),
    queryFn: ({ signal }) =>
      apiFetch(
        `/api/images/${imageId}/servers?${new URLSearchParams({ ...location })}`,
        imageServersDtoSchema,
        { signal },
      ),
    // Asked afresh each time a warning opens: a server may have been booted since.
    staleTime: 0,
  });
