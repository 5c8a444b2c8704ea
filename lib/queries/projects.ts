"use client";

import { queryOptions, useMutation, useQueryClient } from "@tanstack/react-query";

import { apiFetch } from "@/lib/api-client";
import {
  connectionDtoSchema,
  connectionsDtoSchema,
  discoveryDtoSchema,
  reachableProjectsDtoSchema,
  type ConnectInput,
  type DiscoverInput,
} from "@/lib/schemas/projects";
import { z } from "@/lib/schemas/zod";

import { projectKeys } from "./keys";

export const connectionsQueryOptions = () =>
  queryOptions({
    queryKey: projectKeys.all,
    queryFn: ({ signal }) => apiFetch("/api/projects", connectionsDtoSchema, { signal }),
  });

const okSchema = z.object({ ok: z.literal(true) });

/** Every mutation here changes the list of connections: invalidate it in the hook itself. */
function useConnectionsMutation<TVars, TResult>(mutationFn: (vars: TVars) => Promise<TResult>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn,
    onSettled: () => client.invalidateQueries({ queryKey: projectKeys.all }),
  });
}

export const useConnect = () =>
  useConnectionsMutation((input: ConnectInput) =>
    apiFetch("/api/projects", connectionDtoSchema, { method: "POST", body: input }),
  );

export const useDiscover = () =>
  useMutation({
    mutationFn: (input: DiscoverInput) =>
      apiFetch("/api/projects/discover", discoveryDtoSchema, { method: "POST", body: input }),
  });

export const useConnectDiscovered = () =>
  useConnectionsMutation((projectIds: string[]) =>
    apiFetch(
      "/api/projects/discovered",
      z.object({
        connected: z.array(connectionDtoSchema),
        failed: z.array(z.object({ projectId: z.string(), message: z.string() })),
      }),
      { method: "POST", body: { projectIds } },
    ),
  );

export const useDisconnect = () =>
  useConnectionsMutation((id: string) =>
    apiFetch(`/api/projects/${encodeURIComponent(id)}`, okSchema, { method: "DELETE" }),
  );

export const useDisconnectAll = () =>
  useConnectionsMutation(() => apiFetch("/api/projects", okSchema, { method: "DELETE" }));

/** Every project the connection's login may work in, for "share with every project this login can reach". */
export const reachableProjectsQueryOptions = (connectionId: string) =>
  queryOptions({
    queryKey: projectKeys.reachable(connectionId),
    queryFn: ({ signal }) =>
      apiFetch(
        `/api/projects/${encodeURIComponent(connectionId)}/reachable`,
        reachableProjectsDtoSchema,
        { signal },
      ),
  });
