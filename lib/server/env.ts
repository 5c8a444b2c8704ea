import "server-only";

import { randomBytes } from "node:crypto";
import { resolve } from "node:path";

import { z } from "zod";

// iron-session needs at least 32 characters; a secret of few distinct characters
// ("aaaa…", "changemechangeme…") is guessable however long it is.
const MIN_SECRET_LENGTH = 32;
const MIN_DISTINCT_CHARS = 10;

const sessionSecretSchema = z
  .string()
  .min(MIN_SECRET_LENGTH, `must be at least ${MIN_SECRET_LENGTH} characters`)
  .refine(
    (s) => new Set(s).size >= MIN_DISTINCT_CHARS,
    "is too weak: use a random value (openssl rand -base64 32)",
  );

/** A whole number setting within bounds, with its default when unset or empty. */
function count(name: string, fallback: number, min: number, max: number) {
  return z
    .string()
    .default("")
    .transform((v, ctx) => {
      if (v.trim() === "") return fallback;
      const n = Number(v);
      if (!Number.isInteger(n) || n < min || n > max) {
        ctx.addIssue({ code: "custom", message: `must be a whole number from ${min} to ${max}` });
        return z.NEVER;
      }
      return n;
    });
}

export const presetNames = ["local", "ovh", "ovh-us"] as const;

const rawEnvSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  SESSION_SECRET: z.string().optional(),
  // Older secrets, newest first, comma-separated: cookies sealed with them still open.
  SESSION_SECRET_PREVIOUS: z.string().default(""),
  // The local demo cloud listens on 127.0.0.1: offering it is an explicit choice.
  GLANCE_SHARE_PRESETS: z
    .string()
    .default("ovh")
    .transform((s) =>
      s
        .split(",")
        .map((p) => p.trim())
        .filter(Boolean),
    )
    .pipe(
      z.array(
        z.enum(presetNames, { message: `each preset must be one of ${presetNames.join(", ")}` }),
      ),
    ),
  GLANCE_SHARE_ALLOW_CUSTOM_AUTH_URL: z
    .enum(["true", "false", ""])
    .default("false")
    .transform((v) => v === "true"),
  OS_CLIENT_CONFIG_FILE: z.string().optional(),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must be a PostgreSQL URL (postgres://user@host:port/database)")
    .optional()
    .or(z.literal("")),
  GLANCE_SHARE_DATA_DIR: z.string().default("data"),
  // The address people use, e.g. https://share.example.com: only requests to it are served.
  APP_ORIGIN: z.string().optional(),
  // A reverse proxy in front sets X-Forwarded-Host and -Proto; without one they are forged.
  GLANCE_SHARE_TRUST_PROXY: z
    .enum(["true", "false", ""])
    .default("false")
    .transform((v) => v === "true"),
  // nginx in front fetches downloads itself when its requests carry this secret (README, "Deployment").
  GLANCE_SHARE_HANDOFF_SECRET: z.string().default(""),
  // `relay` streams every transfer through this server, even where Glance could copy it itself.
  GLANCE_SHARE_TRANSFER_PATH: z
    .enum(["auto", "relay", ""], "must be auto or relay")
    .default("auto")
    .transform((v): "auto" | "relay" => (v === "relay" ? "relay" : "auto")),
  // How long a job outlives its server's last heartbeat before another instance takes it as dead.
  GLANCE_SHARE_JOB_LEASE_SECONDS: count("GLANCE_SHARE_JOB_LEASE_SECONDS", 20, 3, 600),
  // Queued and running jobs one person, and one project, may have at once.
  GLANCE_SHARE_JOBS_PER_USER: count("GLANCE_SHARE_JOBS_PER_USER", 20, 1, 10_000),
  GLANCE_SHARE_JOBS_PER_PROJECT: count("GLANCE_SHARE_JOBS_PER_PROJECT", 40, 1, 10_000),
  // Days finished jobs and journal entries are kept; 0 keeps them for ever.
  GLANCE_SHARE_JOB_RETENTION_DAYS: count("GLANCE_SHARE_JOB_RETENTION_DAYS", 30, 0, 36_500),
  GLANCE_SHARE_JOURNAL_RETENTION_DAYS: count("GLANCE_SHARE_JOURNAL_RETENTION_DAYS", 365, 0, 36_500),
  // Fault tests only: a file naming the points where a job fails or stops on purpose (off unless set).
  GLANCE_SHARE_FAILPOINTS_FILE: z.string().default(""),
});

/** Where the action journal lives: an SQLite file by default, PostgreSQL when DATABASE_URL is set. */
export type JournalStore = { kind: "sqlite"; path: string } | { kind: "postgres"; url: string };

export interface AppEnv {
  nodeEnv: "development" | "production" | "test";
  sessionSecret: string;
  /** Secrets rotated out, still accepted when opening cookies (never used to seal). */
  previousSessionSecrets: string[];
  /** True when the secret was generated for this process: sessions end at restart. */
  sessionSecretIsEphemeral: boolean;
  presets: (typeof presetNames)[number][];
  /** Development only: lets a person type any Keystone URL (link-local stays refused). */
  allowCustomAuthUrl: boolean;
  cloudsYamlPath: string | undefined;
  journal: JournalStore;
  /** The public origin (scheme, host, port); null in development without APP_ORIGIN. */
  appOrigin: string | null;
  trustProxy: boolean;
  /** The secret nginx's requests carry when nginx fetches image downloads itself; null: this server relays them. */
  handOffSecret: string | null;
  /** `relay`: never let Glance copy an image itself (glance-download); tests and benchmarks set it. */
  transferPath: "auto" | "relay";
  jobs: {
    leaseMs: number;
    perUser: number;
    perProject: number;
    /** 0: kept for ever. */
    retentionDays: number;
    journalRetentionDays: number;
    /** Fault tests only; null: off. */
    failpointsFile: string | null;
  };
}

export class ConfigError extends Error {
  override readonly name = "ConfigError";
}

/** Refuses a secret too short or too guessable, naming the setting it came from. */
function requireStrong(secret: string, setting: string): void {
  const checked = sessionSecretSchema.safeParse(secret);
  if (!checked.success) throw new ConfigError(`${setting} ${checked.error.issues[0]!.message}.`);
}

/** Validates the configuration; production refuses to start without a strong SESSION_SECRET. */
export function parseEnv(raw: Record<string, string | undefined>): AppEnv {
  const base = rawEnvSchema.safeParse(raw);
  if (!base.success) {
    throw new ConfigError(
      `Invalid configuration: ${base.error.issues.map((i) => `${i.path.join(".")} ${i.message}`).join("; ")}`,
    );
  }
  const { NODE_ENV: nodeEnv, SESSION_SECRET: secret } = base.data;
  const previousSessionSecrets = base.data.SESSION_SECRET_PREVIOUS.split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  for (const [i, old] of previousSessionSecrets.entries()) {
    requireStrong(old, `SESSION_SECRET_PREVIOUS, secret ${i + 1},`);
  }
  const handOffSecret = base.data.GLANCE_SHARE_HANDOFF_SECRET || null;
  if (handOffSecret) requireStrong(handOffSecret, "GLANCE_SHARE_HANDOFF_SECRET");
  const rest = {
    nodeEnv,
    previousSessionSecrets,
    presets: [...new Set(base.data.GLANCE_SHARE_PRESETS)],
    allowCustomAuthUrl: base.data.GLANCE_SHARE_ALLOW_CUSTOM_AUTH_URL,
    cloudsYamlPath: base.data.OS_CLIENT_CONFIG_FILE || undefined,
    journal: base.data.DATABASE_URL
      ? ({ kind: "postgres", url: base.data.DATABASE_URL } as const)
      : ({
          kind: "sqlite",
          path: resolve(base.data.GLANCE_SHARE_DATA_DIR, "journal.sqlite"),
        } as const),
    appOrigin: parseOrigin(base.data.APP_ORIGIN),
    trustProxy: base.data.GLANCE_SHARE_TRUST_PROXY,
    handOffSecret,
    transferPath: base.data.GLANCE_SHARE_TRANSFER_PATH,
    jobs: {
      leaseMs: base.data.GLANCE_SHARE_JOB_LEASE_SECONDS * 1000,
      perUser: base.data.GLANCE_SHARE_JOBS_PER_USER,
      perProject: base.data.GLANCE_SHARE_JOBS_PER_PROJECT,
      retentionDays: base.data.GLANCE_SHARE_JOB_RETENTION_DAYS,
      journalRetentionDays: base.data.GLANCE_SHARE_JOURNAL_RETENTION_DAYS,
      failpointsFile: base.data.GLANCE_SHARE_FAILPOINTS_FILE || null,
    },
  };
  if (rest.allowCustomAuthUrl && nodeEnv === "production") {
    throw new ConfigError(
      "GLANCE_SHARE_ALLOW_CUSTOM_AUTH_URL is for development only; configure clouds with clouds.yaml instead.",
    );
  }
  if (secret === undefined || secret === "") {
    if (nodeEnv === "production") {
      throw new ConfigError(
        "SESSION_SECRET is not set. Set it to a random value of at least 32 characters (openssl rand -base64 32).",
      );
    }
    return {
      ...rest,
      sessionSecret: randomBytes(32).toString("base64url"),
      sessionSecretIsEphemeral: true,
    };
  }
  requireStrong(secret, "SESSION_SECRET");
  if (nodeEnv === "production" && !rest.appOrigin) {
    throw new ConfigError(
      "APP_ORIGIN is not set. Set it to the address people open the dashboard at, e.g. APP_ORIGIN=https://share.example.com.",
    );
  }
  return { ...rest, sessionSecret: secret, sessionSecretIsEphemeral: false };
}

/** An origin as browsers send it: scheme, host and port only. */
function parseOrigin(raw: string | undefined): string | null {
  if (!raw) return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(
      `APP_ORIGIN must be a URL such as https://share.example.com (got "${raw}").`,
    );
  }
  if (
    (url.protocol !== "https:" && url.protocol !== "http:") ||
    url.pathname !== "/" ||
    url.search ||
    url.hash ||
    url.username ||
    url.password
  ) {
    throw new ConfigError(
      `APP_ORIGIN must be a scheme and host only, such as https://share.example.com (got "${raw}").`,
    );
  }
  return url.origin;
}

let cached: AppEnv | undefined;

/** The validated configuration of this process (validated once, at start-up). */
export function getEnv(): AppEnv {
  if (!cached) {
    cached = parseEnv(process.env);
    if (cached.sessionSecretIsEphemeral) {
      console.warn(
        "[glance-share] SESSION_SECRET is not set: using an ephemeral secret; connected projects are forgotten when the server restarts.",
      );
    }
  }
  return cached;
}
