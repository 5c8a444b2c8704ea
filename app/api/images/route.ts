import { apiRoute } from "@/lib/api/handler";
import { listImagesPage } from "@/lib/images/service";

export const GET = apiRoute((req) => listImagesPage(Object.fromEntries(req.nextUrl.searchParams)));
