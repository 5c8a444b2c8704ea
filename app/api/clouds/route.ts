import { apiRoute } from "@/lib/api/handler";
import { configuredClouds, toCloudDto } from "@/lib/connections/clouds";
import { getEnv } from "@/lib/env";
import type { CloudsDto } from "@/lib/schemas/connections";

export const GET = apiRoute(async (): Promise<CloudsDto> => ({
  clouds: configuredClouds().map(toCloudDto),
  allowCustomAuthUrl: getEnv().allowCustomAuthUrl,
}));
