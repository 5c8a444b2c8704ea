import { parse } from "yaml";

/** What an openrc.sh or a clouds.yaml entry can fill in on the "Connect a project" form. */
export interface ConnectPrefill {
  method: "password" | "application_credential";
  authUrl?: string;
  username?: string;
  password?: string;
  userDomain?: string;
  project?: string;
  projectDomain?: string;
  region?: string;
  applicationCredentialId?: string;
  applicationCredentialSecret?: string;
  /** Where it came from, for the form to say ("openrc.sh", "clouds.yaml: ovh"). */
  source: string;
}

const unquote = (v: string) => v.trim().replace(/^(["'])(.*)\1$/, "$2");

/** Reads `export OS_X=value` lines, with `${OS_X:-"Default"}` defaults; skips `$VAR` references. */
export function parseOpenrcVariables(text: string): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const m = /^\s*(?:export\s+)?(OS_[A-Z_]+)=(.*)$/.exec(line);
    if (!m) continue;
    let value = m[2]!.replace(/\s+#.*$/, "").trim();
    const withDefault = /^["']?\$\{[A-Z_]+:-(.*)\}["']?$/.exec(value);
    if (withDefault) value = withDefault[1]!;
    value = unquote(value);
    if (value === "" || value.includes("$")) continue; // a prompt ($OS_PASSWORD_INPUT) or another variable
    vars[m[1]!] = value;
  }
  return vars;
}

/** An openrc.sh (OVHcloud's uses OS_TENANT_*; both TENANT and PROJECT names are read). */
export function prefillFromOpenrc(text: string): ConnectPrefill {
  const v = parseOpenrcVariables(text);
  if (!v.OS_AUTH_URL && !v.OS_USERNAME && !v.OS_APPLICATION_CREDENTIAL_ID) {
    throw new Error(
      "No OpenStack variables (OS_AUTH_URL, OS_USERNAME, ...) were found in this file.",
    );
  }
  const appCred = v.OS_AUTH_TYPE === "v3applicationcredential" || !!v.OS_APPLICATION_CREDENTIAL_ID;
  return {
    method: appCred ? "application_credential" : "password",
    authUrl: v.OS_AUTH_URL,
    username: v.OS_USERNAME,
    password: v.OS_PASSWORD,
    userDomain: v.OS_USER_DOMAIN_NAME ?? v.OS_USER_DOMAIN_ID,
    project: v.OS_PROJECT_ID ?? v.OS_TENANT_ID ?? v.OS_PROJECT_NAME ?? v.OS_TENANT_NAME,
    projectDomain: v.OS_PROJECT_DOMAIN_NAME ?? v.OS_PROJECT_DOMAIN_ID,
    region: v.OS_REGION_NAME,
    applicationCredentialId: v.OS_APPLICATION_CREDENTIAL_ID,
    applicationCredentialSecret: v.OS_APPLICATION_CREDENTIAL_SECRET,
    source: "openrc.sh",
  };
}

type Entry = {
  auth_type?: string;
  auth?: Record<string, unknown>;
  region_name?: string;
  regions?: (string | { name?: string })[];
};

const str = (v: unknown) =>
  typeof v === "string" && v !== "" ? v : typeof v === "number" ? String(v) : undefined;

/** Every entry of a clouds.yaml (or a single entry pasted on its own), as form prefills. */
export function prefillsFromCloudsYaml(text: string): ConnectPrefill[] {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch {
    throw new Error("This is not valid YAML.");
  }
  if (!doc || typeof doc !== "object") throw new Error("No clouds were found in this file.");
  const obj = doc as Record<string, unknown>;
  const clouds = (
    obj.clouds && typeof obj.clouds === "object"
      ? obj.clouds
      : "auth" in obj
        ? { pasted: obj }
        : obj
  ) as Record<string, Entry>;
  const prefills: ConnectPrefill[] = [];
  for (const [name, entry] of Object.entries(clouds)) {
    const auth = entry?.auth;
    if (!auth || typeof auth !== "object") continue;
    const firstRegion = entry.regions?.[0];
    prefills.push({
      method:
        entry.auth_type === "v3applicationcredential" || auth.application_credential_id
          ? "application_credential"
          : "password",
      authUrl: str(auth.auth_url),
      username: str(auth.username),
      password: str(auth.password),
      userDomain: str(auth.user_domain_name) ?? str(auth.user_domain_id),
      project:
        str(auth.project_id) ??
        str(auth.tenant_id) ??
        str(auth.project_name) ??
        str(auth.tenant_name),
      projectDomain: str(auth.project_domain_name) ?? str(auth.project_domain_id),
      region:
        entry.region_name ?? (typeof firstRegion === "string" ? firstRegion : firstRegion?.name),
      applicationCredentialId: str(auth.application_credential_id),
      applicationCredentialSecret: str(auth.application_credential_secret),
      source: `clouds.yaml: ${name}`,
    });
  }
  if (prefills.length === 0)
    throw new Error("No cloud with an `auth` section was found in this YAML.");
  return prefills;
}

/** Tells the two formats apart: shell variables, or YAML. */
export function prefillsFromFile(text: string): ConnectPrefill[] {
  return /^\s*(export\s+)?OS_[A-Z_]+=/m.test(text)
    ? [prefillFromOpenrc(text)]
    : prefillsFromCloudsYaml(text);
}

/** `https://auth.cloud.ovh.net/v3/` and `https://auth.cloud.ovh.net` name the same Keystone. */
export function sameAuthUrl(a: string, b: string): boolean {
  const norm = (u: string) => u.trim().replace(/\/+$/, "").replace(/\/v3$/, "").toLowerCase();
  return norm(a) === norm(b);
}
