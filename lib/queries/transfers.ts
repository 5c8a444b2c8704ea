"use client";

import { queryOptions, useMutation, useQueryClient } from "@tanstack/react-query";

import { apiFetch } from "@/lib/api-client";
import type { ImageLocation } from "@/lib/schemas/images";
import {
  targetUsageDtoSchema,
  transferDtoSchema,
  transfersDtoSchema,
  type TransferRequest,
  type TransfersDto,
} from "@/lib/schemas/transfers";
import { transfersSettled } from "@/lib/transfers/move";

import { located } from "./images";
import { imageKeys, journalKeys, transferKeys } from "./keys";

/** How often a page asks again while a transfer runs (the server records progress every second). */
export const TRANSFER_POLL_MS = 1_000;

/** A copy runs, or a move's source is being deleted: the page asks again. */
export const anyTransferActive = (data: TransfersDto | undefined) =>
  data ? !transfersSettled(data.transfers) : false;

/** Every transfer from or into a connected project; asked again every second while one runs, from any page. */
export const transfersQueryOptions = () =>
  queryOptions({
    queryKey: transferKeys.all,
    queryFn: ({ signal }) => apiFetch("/api/transfers", transfersDtoSchema, { signal }),
    refetchInterval: (query) => (anyTransferActive(query.state.data) ? TRANSFER_POLL_MS : false),
  });

/** A target project's quotas in one region, for the review; they change little, and a start checks them again. */
export const targetUsageQueryOptions = (location: ImageLocation) =>
  queryOptions({
    queryKey: transferKeys.usage(location),
    queryFn: ({ signal }) =>
      apiFetch(located("/api/transfers/usage", location), targetUsageDtoSchema, { signal }),
    staleTime: 60_000,
  });

/** A transfer changes images on both sides (a move deletes one) and writes the journal. */
function useTransferMutation<TVars, TResult>(mutationFn: (vars: TVars) => Promise<TResult>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn,
    onSettled: () =>
      Promise.all(
        [transferKeys.all, imageKeys.all, journalKeys.all].map((queryKey) =>
          client.invalidateQueries({ queryKey }),
        ),
      ),
  });
}

export const useStartTransfers = () =>
  useTransferMutation((request: TransferRequest) =>
    apiFetch("/api/transfers", transfersDtoSchema, { method: "POST", body: request }),
  );

export const useCancelTransfer = () =>
  useTransferMutation((id: string) =>
    apiFetch(`/api/transfers/${encodeURIComponent(id)}/cancel`, transferDtoSchema, {
      method: "POST",
    }),
  );

export const useCleanUpTransfer = () =>
  useTransferMutation((id: string) =>
    apiFetch(`/api/transfers/${encodeURIComponent(id)}/cleanup`, transferDtoSchema, {
      method: "POST",
    }),
  );
