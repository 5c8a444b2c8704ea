import { apiRoute, readQuery } from "@/lib/server/api";
import { readJournal } from "@/lib/server/journal/service";
import { journalQuerySchema } from "@/lib/schemas/journal";

export const GET = apiRoute((req, { projects }) => readJournal(projects, readQuery(req, journalQuerySchema)));
