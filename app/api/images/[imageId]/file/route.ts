import { z } from "zod";

import { imageIdSchema, imageLocationSchema } from "@/lib/schemas/images";
import { apiRoute, readParams, readQuery } from "@/lib/server/api";
import { contentDisposition } from "@/lib/server/content-disposition";
import { downloadImage } from "@/lib/server/images/service";
import { webStreamOf } from "@/lib/streams";

const paramsSchema = z.object({ imageId: imageIdSchema });

// The image's bytes stream from Glance to the browser; the hash Glance recorded goes with them.
// No Content-Length: Next.js drops it from every route handler's answer (send-response.js),
// so the browser shows bytes received, and the page shows the size beside the link.
export const GET = apiRoute<{ imageId: string }>(async (req, { params, projects }) => {
  const file = await downloadImage(
    projects,
    readQuery(req, imageLocationSchema),
    readParams(params, paramsSchema).imageId,
    req.signal,
  );
  const headers = new Headers({
    "Content-Type": "application/octet-stream",
    "Content-Disposition": contentDisposition(file.name, file.diskFormat),
    "Cache-Control": "no-store",
  });
  if (file.hash) headers.set("X-Image-Hash", `${file.hash.algo}=${file.hash.value}`);
  return new Response(webStreamOf(file.body), { headers });
});
