import type { CloudsDto } from "@/lib/schemas/projects";
import { apiRoute } from "@/lib/server/api";
import { configuredClouds, toCloudDto } from "@/lib/server/core/clouds";
import { getEnv } from "@/lib/server/env";

export const GET = apiRoute(async (): Promise<CloudsDto> => ({
  clouds: configuredClouds().map(toCloudDto),
  allowCustomAuthUrl: getEnv().allowCustomAuthUrl,
}));
