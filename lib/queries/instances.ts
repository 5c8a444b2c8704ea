"use client";

import { queryOptions } from "@tanstack/react-query";

import { apiFetch } from "@/lib/api-client";
import type { ImageLocation } from "@/lib/schemas/images";
import {
  backupDtoSchema,
  flavorChoicesDtoSchema,
  imageServersDtoSchema,
  instancesDtoSchema,
  launchDtoSchema,
  type BackupRequest,
  type LaunchRequest,
} from "@/lib/schemas/instances";

import { jobKind } from "./jobs";
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

/** Backups and snapshots of servers, as jobs on the server. */
export const backups = jobKind<BackupRequest, typeof backupDtoSchema>(
  "/api/instances/backups",
  instanceKeys.backup,
  backupDtoSchema,
);

/** Servers booted from images, as jobs on the server. */
export const launches = jobKind<LaunchRequest, typeof launchDtoSchema>(
  "/api/instances/launches",
  instanceKeys.launch,
  launchDtoSchema,
);

/** The flavors a project may launch an image with (those too small say why), and its key pairs. */
export const flavorChoicesQueryOptions = (location: ImageLocation, imageId: string) =>
  queryOptions({
    queryKey: instanceKeys.flavors(location, imageId),
    queryFn: ({ signal }) =>
      apiFetch(
        `/api/instances/flavors?${new URLSearchParams({ ...location, imageId })}`,
        flavorChoicesDtoSchema,
        { signal },
      ),
  });
