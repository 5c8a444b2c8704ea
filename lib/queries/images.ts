"use client";

import { infiniteQueryOptions, queryOptions } from "@tanstack/react-query";

import { apiFetch } from "@/lib/api-client";
import {
  imageChangeDtoSchema,
  imageDetailDtoSchema,
  imageListDtoSchema,
  type ImageChange,
  type ImageListQuery,
  type ImageLocation,
} from "@/lib/schemas/images";

import { imageKeys } from "./keys";
import { search, useSharingMutation } from "./shared";

/** An API path asked about an image where one connected project sees it (`?connection=…&region=…`). */
export const located = (path: string, location: ImageLocation) =>
  `${path}?${search({ connection: location.connection, region: location.region })}`;

const imagePath = (imageId: string) => `/api/images/${encodeURIComponent(imageId)}`;

/** Pages of one tab, following the server's cursor (Glance's `next` links underneath). */
export const imageListQueryOptions = (query: Omit<ImageListQuery, "cursor">) =>
  infiniteQueryOptions({
    queryKey: imageKeys.list(query),
    queryFn: ({ pageParam, signal }) =>
      apiFetch(`/api/images?${search({ ...query, cursor: pageParam })}`, imageListDtoSchema, {
        signal,
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.cursor ?? undefined,
  });

export const imageDetailQueryOptions = (location: ImageLocation, imageId: string) =>
  queryOptions({
    queryKey: imageKeys.detail(location, imageId),
    queryFn: ({ signal }) =>
      apiFetch(located(imagePath(imageId), location), imageDetailDtoSchema, { signal }),
  });

/** One change of an owned image: visibility, hidden from lists, or the image it replaces. */
export const changeImageRequest = (
  location: ImageLocation,
  imageId: string,
  change: Omit<ImageChange, keyof ImageLocation>,
) =>
  apiFetch(imagePath(imageId), imageChangeDtoSchema, {
    method: "PATCH",
    body: { ...location, ...change },
  });

export const useChangeImage = () =>
  useSharingMutation(
    (vars: {
      location: ImageLocation;
      imageId: string;
      change: Omit<ImageChange, keyof ImageLocation>;
    }) => changeImageRequest(vars.location, vars.imageId, vars.change),
  );
