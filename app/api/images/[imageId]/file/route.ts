import { z } from "zod";

import { imageIdSchema, imageLocationSchema } from "@/lib/schemas/images";
import { apiRoute, readParams, readQuery } from "@/lib/server/api";
import { contentDisposition } from "@/lib/server/content-disposition";
import { getEnv } from "@/lib/server/env";
import { handOffHeaders, nginxFetches } from "@/lib/server/images/download";
import { downloadImage } from "@/lib/server/images/service";
import { webStreamOf } from "@/lib/streams";

const paramsSchema = z.object({ imageId: imageIdSchema });

// The image's bytes stream from Glance to the browser, through this server or, when nginx in
// front fetches downloads itself, through nginx only; the hash Glance recorded goes with them.
// No Content-Length from this server: Next.js drops it from every route handler's answer
// (send-response.js), so the browser shows bytes received, and the page shows the size
// beside the link. nginx passes Glance's on.
export const GET = apiRoute<{ imageId: string }>(async (req, { params, projects }) => {
  const file = await downloadImage(
    projects,
    readQuery(req, imageLocationSchema),
    readParams(params, paramsSchema).imageId,
    { signal: req.signal, handOff: nginxFetches(req.headers, getEnv().handOffSecret) },
  );
  const headers = {
    "Content-Type": "application/octet-stream",
    "Cache-Control": "no-store",
    ...(file.hash ? { "X-Image-Hash": `${file.hash.algo}=${file.hash.value}` } : {}),
  };
  const disposition = contentDisposition(file.name, file.diskFormat);
  if ("handOff" in file.data)
    return new Response(null, {
      headers: { ...headers, ...handOffHeaders(file.data.handOff, disposition) },
    });
  return new Response(webStreamOf(file.data.body), {
    headers: { ...headers, "Content-Disposition": disposition },
  });
});
