import { apiRoute } from "@/lib/api/handler";
import { auditConsumed } from "@/lib/audit/service";

export const GET = apiRoute(() => auditConsumed());
