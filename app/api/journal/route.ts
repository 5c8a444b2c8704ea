import { apiRoute } from "@/lib/api/handler";
import { readJournal } from "@/lib/journal/service";
import { journalQuerySchema } from "@/lib/schemas/journal";

export const GET = apiRoute((req) => readJournal(journalQuerySchema.parse(Object.fromEntries(req.nextUrl.searchParams))));
