"use client";

import { keepPreviousData, queryOptions } from "@tanstack/react-query";

import { apiFetch } from "@/lib/api-client";
import { journalDtoSchema, type JournalQuery } from "@/lib/schemas/journal";

import { journalKeys } from "./keys";

export const journalQueryOptions = (q: JournalQuery) =>
  queryOptions({
    queryKey: journalKeys.list(q),
    queryFn: ({ signal }) => {
      const params = new URLSearchParams(
        Object.entries(q).filter((e): e is [string, string] => !!e[1]),
      );
      return apiFetch(`/api/journal?${params}`, journalDtoSchema, { signal });
    },
    placeholderData: keepPreviousData,
  });
