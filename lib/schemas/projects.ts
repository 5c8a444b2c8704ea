import { z } from "@/lib/schemas/zod";

// Inputs of the "Connect a project" forms (checked again by the route handlers) and
// the connection DTO the browser sees: never a token or a secret.

/** The cloud name that stands for "a Keystone URL typed by the person" (development only). */
export const CUSTOM_CLOUD = "custom";

const trimmed = (label: string, max = 255) =>
  z.string().trim().min(1, `${label} is required`).max(max, `${label} is too long`);

/** A project named by id or by name; a name needs its domain. */
export const projectRefSchema = z.object({
  project: trimmed("Project"),
  projectDomain: trimmed("Project domain").default("Default"),
});

export const passwordConnectSchema = z
  .object({
    method: z.literal("password"),
    cloud: trimmed("Cloud"),
    authUrl: z.string().trim().optional(),
    username: trimmed("Username"),
    userDomain: trimmed("User domain").default("Default"),
    password: z.string().min(1, "Password is required").max(4096),
  })
  .extend(projectRefSchema.shape);

export const appCredentialConnectSchema = z.object({
  method: z.literal("application_credential"),
  cloud: trimmed("Cloud"),
  authUrl: z.string().trim().optional(),
  id: trimmed("Application credential id", 64),
  secret: z.string().min(1, "Secret is required").max(4096),
});

export const connectSchema = z.discriminatedUnion("method", [
  passwordConnectSchema,
  appCredentialConnectSchema,
]);
export type ConnectInput = z.infer<typeof connectSchema>;

/** Step 1 of "one login, many projects": list what the user can reach. */
export const discoverSchema = z.object({
  cloud: trimmed("Cloud"),
  authUrl: z.string().trim().optional(),
  username: trimmed("Username"),
  userDomain: trimmed("User domain").default("Default"),
  password: z.string().min(1, "Password is required").max(4096),
});
export type DiscoverInput = z.infer<typeof discoverSchema>;

/** Every field of the "Connect a project" form, as typed: each way to log in uses some of them. */
export type ConnectFields = Required<
  Omit<z.input<typeof passwordConnectSchema>, "method" | "authUrl">
> &
  Pick<z.input<typeof appCredentialConnectSchema>, "id" | "secret"> & { authUrl: string };

/** Step 2: connect the chosen ones at once. */
export const connectDiscoveredSchema = z.object({
  projectIds: z.array(z.string().min(1)).min(1, "Choose at least one project").max(50),
});

export const discoveredProjectDtoSchema = z.object({
  id: z.string(),
  name: z.string(),
  domainId: z.string(),
  enabled: z.boolean(),
  connected: z.boolean(),
});
export const discoveryDtoSchema = z.object({
  cloud: z.string(),
  user: z.object({ id: z.string(), name: z.string(), domainName: z.string() }),
  projects: z.array(discoveredProjectDtoSchema),
});
export type DiscoveryDto = z.infer<typeof discoveryDtoSchema>;

export const connectionDtoSchema = z.object({
  id: z.string(),
  cloud: z.object({ name: z.string(), label: z.string() }),
  project: z.object({ id: z.string(), name: z.string(), domainName: z.string() }),
  user: z.object({ id: z.string(), name: z.string(), domainName: z.string() }),
  method: z.enum(["password", "application_credential", "token"]),
  roles: z.array(z.string()),
  /** Only `reader`: Glance will refuse to share, accept or remove. */
  readOnly: z.boolean(),
  /** Live and not reader-only: sharing, accepting and removing are offered. */
  canWrite: z.boolean(),
  regions: z.array(z.string()),
  expiresAt: z.string(),
  /** `expired`: the token expired or was revoked; the project must be reconnected. */
  status: z.enum(["active", "expired"]),
});
export type ConnectionDto = z.infer<typeof connectionDtoSchema>;

export const connectionsDtoSchema = z.object({
  connections: z.array(connectionDtoSchema),
  limit: z.number(),
});
export type ConnectionsDto = z.infer<typeof connectionsDtoSchema>;

export const cloudDtoSchema = z.object({
  name: z.string(),
  label: z.string(),
  authUrl: z.string(),
  userDomain: z.string(),
  projectDomain: z.string(),
});
export const cloudsDtoSchema = z.object({
  clouds: z.array(cloudDtoSchema),
  allowCustomAuthUrl: z.boolean(),
});
export type CloudDto = z.infer<typeof cloudDtoSchema>;
export type CloudsDto = z.infer<typeof cloudsDtoSchema>;

/** Projects a connection's user may work in (Keystone's /v3/auth/projects), the connected one left out. */
export const reachableProjectsDtoSchema = z.object({
  projects: z.array(z.object({ id: z.string(), name: z.string() })),
});
export type ReachableProjectsDto = z.infer<typeof reachableProjectsDtoSchema>;
