"use client";

import { useQuery } from "@tanstack/react-query";
import type { ReactNode } from "react";

import { connectionsQueryOptions } from "@/lib/queries/projects";
import type { ConnectionsDto } from "@/lib/schemas/projects";

import { NoProjectConnected } from "./empty-state";

/**
 * Pages that work on connected projects show the one "no project connected" state
 * instead, from the server's first render on and as connections come and go.
 */
export function ConnectionGate({
  initial,
  children,
}: {
  initial: ConnectionsDto;
  children: ReactNode;
}) {
  const { data } = useQuery({
    ...connectionsQueryOptions(),
    initialData: initial,
    initialDataUpdatedAt: 0,
  });
  return data.connections.length === 0 ? <NoProjectConnected /> : children;
}
