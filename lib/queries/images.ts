"use client";

import { infiniteQueryOptions, queryOptions } from "@tanstack/react-query";
import { apiFetch } from "@/lib/api-client";
import {
  imageDetailDtoSchema,
  imageListDtoSchema,
  visibilityChangeDtoSchema,
  type ImageListQuery,
  type ImageLocation,
} from "@/lib/schemas/images";
import { imageKeys } from "./keys";
import { search, useSharingMutation } from "./shared";

export const imageLocationQuery = (location: ImageLocation) => search({ connection: location.connection, region: location.region });

const imagePath = (imageId: string) => `/api/images/${encodeURIComponent(imageId)}`;

/** Pages of one tab, following the server's cursor (Glance's `next` links underneath). */
export const imageListQueryOptions = (query: Omit<ImageListQuery, "cursor">) =>
  infiniteQueryOptions({
    queryKey: imageKeys.list(query),
    queryFn: ({ pageParam, signal }) => apiFetch(`/api/images?${search({ ...query, cursor: pageParam })}`, imageListDtoSchema, { signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.cursor ?? undefined,
  });

export const imageDetailQueryOptions = (location: ImageLocation, imageId: string) =>
  queryOptions({
    queryKey: imageKeys.detail(location, imageId),
    queryFn: ({ signal }) => apiFetch(`${imagePath(imageId)}?${imageLocationQuery(location)}`, imageDetailDtoSchema, { signal }),
  });

/** Switches an owned image between private and shared. */
export const changeVisibilityRequest = (location: ImageLocation, imageId: string, visibility: "private" | "shared") =>
  apiFetch(imagePath(imageId), visibilityChangeDtoSchema, { method: "PATCH", body: { ...location, visibility } });

export const useChangeVisibility = () =>
  useSharingMutation((vars: { location: ImageLocation; imageId: string; visibility: "private" | "shared" }) =>
    changeVisibilityRequest(vars.location, vars.imageId, vars.visibility),
  );
