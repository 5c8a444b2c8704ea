"use client";

import { useQuery, type UseQueryOptions } from "@tanstack/react-query";
import { useEffect, useState } from "react";

import { useInvalidateSharing } from "@/lib/queries/shared";
import { isJobActive, type JobDtoBase } from "@/lib/schemas/jobs";

/**
 * Starts a job on the server and follows it until it ends (then what it changed is read
 * again). The server runs it whatever this page does; a start the server refused is kept
 * as `refused`, with what was asked.
 */
export function useJob<D extends JobDtoBase, A>(
  options: (id: string) => UseQueryOptions<D, Error, D, readonly unknown[]>,
  start: (asked: A) => Promise<D>,
) {
  const [id, setId] = useState<string | null>(null);
  const [refused, setRefused] = useState<{ asked: A; err: unknown } | null>(null);
  const [starting, setStarting] = useState(false);
  const invalidate = useInvalidateSharing();
  const { data } = useQuery({ ...options(id ?? ""), enabled: id !== null });
  const ended = data !== undefined && !isJobActive(data.status);

  useEffect(() => {
    if (ended) void invalidate();
  }, [ended, invalidate]);

  const run = async (asked: A) => {
    setStarting(true);
    setRefused(null);
    try {
      setId((await start(asked)).id);
    } catch (err) {
      setRefused({ asked, err });
    } finally {
      setStarting(false);
    }
  };
  const phase: "idle" | "running" | "done" =
    refused || ended ? "done" : starting || id !== null ? "running" : "idle";
  return { run, data, refused, phase };
}
