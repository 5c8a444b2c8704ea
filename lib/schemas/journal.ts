import { optionalText, z } from "@/lib/schemas/zod";

export const journalActions = [
  "visibility_shared",
  "visibility_private",
  "hidden",
  "unhidden",
  "predecessor_set",
  "member_added",
  "member_removed",
  "accepted",
  "rejected",
  "reset_pending",
  "copied",
  "deleted",
  "copy_removed",
  "server_backup",
  "server_snapshot",
  "server_launched",
] as const;
export type JournalAction = (typeof journalActions)[number];

export const journalActionLabels: Record<JournalAction, string> = {
  visibility_shared: "made shared",
  visibility_private: "made private",
  hidden: "hidden from lists",
  unhidden: "shown in lists again",
  predecessor_set: "marked as new version",
  member_added: "member added",
  member_removed: "member removed",
  accepted: "accepted",
  rejected: "rejected",
  reset_pending: "reset to pending",
  copied: "copied here",
  deleted: "deleted after a move",
  copy_removed: "unfinished copy removed",
  server_backup: "made as a server's backup",
  server_snapshot: "made as a server's snapshot",
  server_launched: "a server launched from it",
};

export const journalEntryDtoSchema = z.object({
  id: z.number(),
  at: z.string(),
  user: z.object({ id: z.string(), name: z.string() }),
  project: z.object({ id: z.string(), name: z.string() }),
  region: z.string(),
  image: z.object({ id: z.string(), name: z.string().nullable() }),
  memberId: z.string().nullable(),
  action: z.enum(journalActions),
  outcome: z.enum(["ok", "failed"]),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
});
export type JournalEntryDto = z.infer<typeof journalEntryDtoSchema>;

export const journalDtoSchema = z.object({
  entries: z.array(journalEntryDtoSchema),
  limit: z.number(),
});
export type JournalDto = z.infer<typeof journalDtoSchema>;

export const journalQuerySchema = z.object({
  project: optionalText,
  image: optionalText,
  user: optionalText,
  action: z
    .enum(journalActions)
    .optional()
    .or(z.literal("").transform(() => undefined)),
  from: optionalText,
  to: optionalText,
});
export type JournalQuery = Partial<z.infer<typeof journalQuerySchema>>;
