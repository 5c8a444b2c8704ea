import { apiRoute } from "@/lib/server/api";
import { configuredClouds, toCloudDto } from "@/lib/server/projects/clouds";
import { getEnv } from "@/lib/server/env";
import type { CloudsDto } from "@/lib/schemas/projects";

export const GET = apiRoute(async (): Promise<CloudsDto> => ({
  clouds: configuredClouds().map(toCloudDto),
  allowCustomAuthUrl: getEnv().allowCustomAuthUrl,
}));
