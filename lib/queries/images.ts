"use client";

import { infiniteQueryOptions, queryOptions } from "@tanstack/react-query";
import { apiFetch } from "@/lib/api-client";
import {
  imageDetailDtoSchema,
  imageListDtoSchema,
  type ImageListQuery,
  type ImageLocation,
} from "@/lib/schemas/images";

export const imageKeys = {
  all: ["images"] as const,
  lists: () => [...imageKeys.all, "list"] as const,
  list: (query: Omit<ImageListQuery, "cursor">) => [...imageKeys.lists(), query] as const,
  detail: (location: ImageLocation, imageId: string) => [...imageKeys.all, "detail", location.connection, location.region, imageId] as const,
  members: (location: ImageLocation, imageId: string) => [...imageKeys.all, "members", location.connection, location.region, imageId] as const,
};

const search = (params: Record<string, string | undefined>) => {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v) q.set(k, v);
  return q.toString();
};

export const imageLocationQuery = (location: ImageLocation) => search({ connection: location.connection, region: location.region });

/** Pages of one tab, following the server's cursor (Glance's `next` links underneath). */
export const imageListQueryOptions = (query: Omit<ImageListQuery, "cursor">) =>
  infiniteQueryOptions({
    queryKey: imageKeys.list(query),
    queryFn: ({ pageParam, signal }) =>
      apiFetch(`/api/images?${search({ ...query, cursor: pageParam })}`, imageListDtoSchema, { signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.cursor ?? undefined,
  });

export const imageDetailQueryOptions = (location: ImageLocation, imageId: string) =>
  queryOptions({
    queryKey: imageKeys.detail(location, imageId),
    queryFn: ({ signal }) =>
      apiFetch(`/api/images/${encodeURIComponent(imageId)}?${imageLocationQuery(location)}`, imageDetailDtoSchema, { signal }),
  });
