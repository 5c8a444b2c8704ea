import { journalQuerySchema } from "@/lib/schemas/journal";
import { apiRoute, readQuery } from "@/lib/server/api";
import { readJournal } from "@/lib/server/journal/service";

export const GET = apiRoute((req, { projects }) =>
  readJournal(projects, readQuery(req, journalQuerySchema)),
);
