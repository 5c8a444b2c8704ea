import "server-only";

import { existsSync, readFileSync } from "node:fs";
import { homedir } from "node:os";
import path from "node:path";

import { parse } from "yaml";
import { z } from "zod";

import { AppError } from "@/lib/errors";
import { say } from "@/lib/i18n/sentence";
import { normalizeAuthUrl } from "@/lib/openstack/keystone";
import { CUSTOM_CLOUD, type CloudDto } from "@/lib/schemas/projects";
import { getEnv, type AppEnv } from "@/lib/server/env";

import { checkCustomAuthUrl, endpointHostAllowed } from "./auth-url-policy";

/** A Keystone the dashboard may talk to. Never holds a secret. */
export interface CloudConfig {
  name: string;
  label: string;
  authUrl: string;
  userDomain: string;
  projectDomain: string;
  /** Regions to offer; null means every region of the catalog. */
  regions: string[] | null;
  interface: "public" | "internal" | "admin";
  /** Hosts (or ".domain" suffixes) its image endpoints may be on besides the Keystone's own domain. */
  allowedHosts: string[];
  /** Glance's image_member_quota there (members per image); null when unlimited. Glance has no API that tells it. */
  memberQuota: number | null;
}

/** Glance's default image_member_quota. */
export const DEFAULT_MEMBER_QUOTA = 128;

/** A cloud reached as most are: Default domains, every region, public endpoints, Glance's quota. */
const plainCloud = (name: string, label: string, authUrl: string): CloudConfig => ({
  name,
  label,
  authUrl,
  userDomain: "Default",
  projectDomain: "Default",
  regions: null,
  interface: "public",
  allowedHosts: [],
  memberQuota: DEFAULT_MEMBER_QUOTA,
});

const presets: Record<AppEnv["presets"][number], CloudConfig> = {
  local: plainCloud("local", "Local demo cloud", "http://127.0.0.1:5000/v3"),
  ovh: plainCloud("ovh", "OVHcloud", "https://auth.cloud.ovh.net/v3"),
  "ovh-us": plainCloud("ovh-us", "OVHcloud US", "https://auth.cloud.ovh.us/v3"),
};

// Only the non-secret keys are read; passwords and credentials in the file are ignored.
const cloudsYamlSchema = z.object({
  clouds: z.record(
    z.string(),
    z.looseObject({
      profile: z.string().optional(),
      auth: z
        .looseObject({
          auth_url: z.string().optional(),
          user_domain_name: z.string().optional(),
          user_domain_id: z.string().optional(),
          project_domain_name: z.string().optional(),
          project_domain_id: z.string().optional(),
        })
        .optional(),
      region_name: z.string().optional(),
      regions: z.array(z.union([z.string(), z.object({ name: z.string() })])).optional(),
      interface: z.enum(["public", "internal", "admin"]).optional(),
      // Ours: where this cloud's image endpoints may be when not under its Keystone's domain.
      allowed_hosts: z.array(z.string()).optional(),
      // Ours: the cloud's Glance image_member_quota, when not Glance's default (a negative one is unlimited).
      image_member_quota: z.number().int().optional(),
    }),
  ),
});

// Glance reads a negative quota as no limit.
const memberQuotaOf = (quota: number) => (quota < 0 ? null : quota);

/** The clouds of a clouds.yaml, without any of its secrets. Entries with no auth URL are skipped. */
export function parseCloudsYaml(text: string): CloudConfig[] {
  const parsed = cloudsYamlSchema.safeParse(parse(text));
  if (!parsed.success)
    throw new Error(
      `clouds.yaml: ${parsed.error.issues[0]?.path.join(".")} ${parsed.error.issues[0]?.message}`,
    );
  const clouds: CloudConfig[] = [];
  for (const [name, entry] of Object.entries(parsed.data.clouds)) {
    const preset = entry.profile ? presets[entry.profile as keyof typeof presets] : undefined;
    const authUrl = entry.auth?.auth_url ?? preset?.authUrl;
    if (!authUrl) continue;
    const regions =
      entry.regions?.map((r) => (typeof r === "string" ? r : r.name)) ??
      (entry.region_name ? [entry.region_name] : null);
    clouds.push({
      name,
      label: name,
      authUrl: normalizeAuthUrl(authUrl),
      userDomain:
        entry.auth?.user_domain_name ??
        entry.auth?.user_domain_id ??
        preset?.userDomain ??
        "Default",
      projectDomain:
        entry.auth?.project_domain_name ??
        entry.auth?.project_domain_id ??
        preset?.projectDomain ??
        "Default",
      regions,
      interface: entry.interface ?? "public",
      allowedHosts: entry.allowed_hosts ?? preset?.allowedHosts ?? [],
      memberQuota:
        entry.image_member_quota === undefined
          ? preset
            ? preset.memberQuota
            : DEFAULT_MEMBER_QUOTA
          : memberQuotaOf(entry.image_member_quota),
    });
  }
  return clouds;
}

/** Where openstacksdk looks for clouds.yaml, in its order. */
export function cloudsYamlCandidates(env: Pick<AppEnv, "cloudsYamlPath">): string[] {
  if (env.cloudsYamlPath) return [env.cloudsYamlPath];
  return [
    path.resolve("clouds.yaml"),
    path.join(homedir(), ".config/openstack/clouds.yaml"),
    "/etc/openstack/clouds.yaml",
  ];
}

let cached: CloudConfig[] | undefined;

/** The configured clouds: presets, then clouds.yaml entries (which win on a name clash). */
export function configuredClouds(): CloudConfig[] {
  if (cached) return cached;
  const env = getEnv();
  const byName = new Map<string, CloudConfig>();
  for (const name of env.presets) byName.set(name, presets[name]);
  const file = cloudsYamlCandidates(env).find((f) => existsSync(f));
  if (file) {
    for (const cloud of parseCloudsYaml(readFileSync(file, "utf8"))) byName.set(cloud.name, cloud);
  } else if (env.cloudsYamlPath) {
    throw new Error(`OS_CLIENT_CONFIG_FILE names ${env.cloudsYamlPath}, which does not exist.`);
  }
  cached = [...byName.values()];
  return cached;
}

const customCloud = (authUrl: string): CloudConfig =>
  plainCloud(CUSTOM_CLOUD, new URL(authUrl).host, authUrl);

/**
 * The cloud a request names. A URL typed by the person is accepted only where custom
 * URLs are enabled, and never for link-local or metadata addresses.
 */
export async function resolveCloud(name: string, customAuthUrl?: string): Promise<CloudConfig> {
  if (name === CUSTOM_CLOUD) {
    if (!getEnv().allowCustomAuthUrl || !customAuthUrl) {
      throw new AppError("cloud_not_allowed", say("cloud.onlyConfigured"));
    }
    return customCloud(await checkCustomAuthUrl(customAuthUrl));
  }
  const cloud = configuredClouds().find((c) => c.name === name);
  if (!cloud) throw new AppError("cloud_not_allowed", say("cloud.unknown", { name }));
  return cloud;
}

/** A connection remembers its cloud by name (or URL, when custom); this finds it again. */
export function cloudOfConnection(name: string, authUrl: string): CloudConfig {
  const cloud = configuredClouds().find((c) => c.name === name);
  if (cloud) return cloud;
  if (name === CUSTOM_CLOUD && getEnv().allowCustomAuthUrl) return customCloud(authUrl);
  throw new AppError("cloud_not_allowed", say("cloud.gone", { name }));
}

/** The endpoints of one service a cloud's catalog offers that may be used: its regions, on its own hosts. */
export function endpointsFor<E extends { region: string; url: string }>(
  cloud: CloudConfig,
  endpoints: E[],
  service: "image" | "compute" = "image",
): E[] {
  return endpoints.filter((e) => {
    if (cloud.regions && !cloud.regions.includes(e.region)) return false;
    const allowed = endpointHostAllowed(new URL(e.url).hostname, cloud.authUrl, cloud.allowedHosts);
    if (!allowed)
      console.warn(
        `[glance-share] ${cloud.name}: ${service} endpoint ${new URL(e.url).host} (${e.region}) is not on the cloud's hosts; ignored`,
      );
    return allowed;
  });
}

export const toCloudDto = (c: CloudConfig): CloudDto => ({
  name: c.name,
  label: c.label,
  authUrl: c.authUrl,
  userDomain: c.userDomain,
  projectDomain: c.projectDomain,
});
