import { shareRunDtoSchema, type ShareRunRequest } from "@/lib/schemas/share";

import { jobKind } from "./jobs";
import { shareKeys } from "./keys";

/** Share runs, on the server: one goes on whatever the page that started it does. */
export const shareRuns = jobKind<ShareRunRequest, typeof shareRunDtoSchema>(
  "/api/share/runs",
  shareKeys.run,
  shareRunDtoSchema,
);
