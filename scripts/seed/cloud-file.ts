import { readFileSync } from "node:fs";
import path from "node:path";

import { z } from "zod";

// What `scripts/local-cloud up` leaves for the demo, the tests and the benchmarks:
// the seeded ids and logins of the local cloud.

export const cloudDir = () => process.env.GLANCE_SHARE_CLOUD_DIR ?? "/var/tmp/glance-share-cloud";
export const cloudFilePath = () => path.join(cloudDir(), "cloud.json");
export const cloudsYamlPath = () => path.join(cloudDir(), "clouds.yaml");

const ref = z.object({ id: z.string(), name: z.string() });

export const cloudFileSchema = z.object({
  authUrl: z.string(),
  regions: z.array(z.object({ id: z.string(), imageUrl: z.string(), imageEndpointId: z.string() })),
  domains: z.record(z.string(), ref),
  projects: z.record(z.string(), ref.extend({ domainId: z.string(), domainName: z.string() })),
  users: z.record(
    z.string(),
    ref.extend({
      domainName: z.string(),
      password: z.string(),
      roles: z.record(z.string(), z.string()),
    }),
  ),
  admin: z.object({ name: z.string(), password: z.string(), project: z.string() }),
  applicationCredentials: z.record(
    z.string(),
    z.object({ id: z.string(), secret: z.string(), user: z.string() }),
  ),
});
export type CloudFile = z.infer<typeof cloudFileSchema>;

/** The local cloud's seeded ids and logins; fails with a hint when the cloud was never brought up. */
export function readCloudFile(): CloudFile {
  let text: string;
  try {
    text = readFileSync(cloudFilePath(), "utf8");
  } catch {
    throw new Error(`No ${cloudFilePath()}: start the local cloud first (scripts/local-cloud up).`);
  }
  return cloudFileSchema.parse(JSON.parse(text));
}
