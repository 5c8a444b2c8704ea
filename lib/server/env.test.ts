import { describe, expect, it } from "vitest";

import { ConfigError, parseEnv } from "./env";

const strong = "q8Vn3rT0pXz7LmA2sWb9KcY4dEf6GhJ1";

describe("parseEnv", () => {
  it("refuses to run in production without SESSION_SECRET, saying what to do", () => {
    expect(() => parseEnv({ NODE_ENV: "production" })).toThrow(ConfigError);
    expect(() => parseEnv({ NODE_ENV: "production" })).toThrow(
      /SESSION_SECRET is not set.*32 characters/,
    );
  });

  it("refuses a short secret", () => {
    expect(() => parseEnv({ NODE_ENV: "production", SESSION_SECRET: "short-secret" })).toThrow(
      /at least 32 characters/,
    );
  });

  it("refuses a long but low-entropy secret", () => {
    expect(() => parseEnv({ NODE_ENV: "production", SESSION_SECRET: "a".repeat(40) })).toThrow(
      /too weak/,
    );
    expect(() =>
      parseEnv({ NODE_ENV: "development", SESSION_SECRET: "changeme".repeat(5) }),
    ).toThrow(/too weak/);
  });

  it("accepts a strong secret as it is", () => {
    expect(
      parseEnv({
        NODE_ENV: "production",
        SESSION_SECRET: strong,
        APP_ORIGIN: "https://share.example.com",
      }),
    ).toMatchObject({
      nodeEnv: "production",
      sessionSecret: strong,
      sessionSecretIsEphemeral: false,
    });
  });

  it("generates a different ephemeral secret in development and says so", () => {
    const a = parseEnv({ NODE_ENV: "development" });
    const b = parseEnv({});
    expect(a.sessionSecretIsEphemeral).toBe(true);
    expect(a.sessionSecret.length).toBeGreaterThanOrEqual(32);
    expect(b.nodeEnv).toBe("development");
    expect(a.sessionSecret).not.toBe(b.sessionSecret);
  });

  it("rejects an unknown NODE_ENV", () => {
    expect(() => parseEnv({ NODE_ENV: "staging" })).toThrow(/Invalid configuration: NODE_ENV/);
  });
});

describe("cloud settings", () => {
  it("offers only OVHcloud by default: the local cloud on 127.0.0.1 is opt-in", () => {
    expect(parseEnv({})).toMatchObject({
      presets: ["ovh"],
      allowCustomAuthUrl: false,
      cloudsYamlPath: undefined,
    });
    expect(parseEnv({ GLANCE_SHARE_PRESETS: "local, ovh,local" }).presets).toEqual([
      "local",
      "ovh",
    ]);
    expect(parseEnv({ GLANCE_SHARE_PRESETS: "" }).presets).toEqual([]);
  });

  it("names an unknown preset", () => {
    expect(() => parseEnv({ GLANCE_SHARE_PRESETS: "ovh,aws" })).toThrow(
      /each preset must be one of local, ovh, ovh-us/,
    );
  });

  it("allows custom auth URLs in development only", () => {
    expect(parseEnv({ GLANCE_SHARE_ALLOW_CUSTOM_AUTH_URL: "true" }).allowCustomAuthUrl).toBe(true);
    expect(() =>
      parseEnv({
        NODE_ENV: "production",
        SESSION_SECRET: strong,
        GLANCE_SHARE_ALLOW_CUSTOM_AUTH_URL: "true",
      }),
    ).toThrow(/development only/);
  });

  it("accepts previous session secrets for rotation, each as strong as the current one", () => {
    const strong = "k8Xq2mZ7pL4vN9rT1wY6sB3dF5hJ0cGa";
    const older = "Qw3eR5tY7uI9oP1aS2dF4gH6jK8lZ0xC";
    expect(
      parseEnv({
        NODE_ENV: "production",
        SESSION_SECRET: strong,
        APP_ORIGIN: "https://share.example.com",
        SESSION_SECRET_PREVIOUS: ` ${older} ,`,
      }).previousSessionSecrets,
    ).toEqual([older]);
    expect(
      parseEnv({
        NODE_ENV: "production",
        SESSION_SECRET: strong,
        APP_ORIGIN: "https://share.example.com",
      }).previousSessionSecrets,
    ).toEqual([]);
    expect(() =>
      parseEnv({
        NODE_ENV: "production",
        SESSION_SECRET: strong,
        SESSION_SECRET_PREVIOUS: `${older},short`,
      }),
    ).toThrow(/SESSION_SECRET_PREVIOUS, secret 2, must be at least 32 characters/);
  });

  it("needs the public origin in production, as a scheme and host only", () => {
    const strong = "k8Xq2mZ7pL4vN9rT1wY6sB3dF5hJ0cGa";
    expect(() => parseEnv({ NODE_ENV: "production", SESSION_SECRET: strong })).toThrow(
      /APP_ORIGIN is not set/,
    );
    for (const bad of [
      "share.example.com",
      "https://share.example.com/app",
      "ftp://share.example.com",
      "https://u:p@share.example.com",
    ]) {
      expect(
        () => parseEnv({ NODE_ENV: "production", SESSION_SECRET: strong, APP_ORIGIN: bad }),
        bad,
      ).toThrow(/APP_ORIGIN must be/);
    }
    expect(
      parseEnv({
        NODE_ENV: "production",
        SESSION_SECRET: strong,
        APP_ORIGIN: "https://Share.Example.com/",
      }),
    ).toMatchObject({
      appOrigin: "https://share.example.com",
      trustProxy: false,
    });
    expect(parseEnv({ NODE_ENV: "development" }).appOrigin).toBeNull();
  });

  it("reads the proxy, clouds file and journal settings as given", () => {
    const env = parseEnv({
      GLANCE_SHARE_TRUST_PROXY: "true",
      OS_CLIENT_CONFIG_FILE: "/etc/glance-share/clouds.yaml",
      DATABASE_URL: "postgresql://gs@db:5432/gs",
    });
    expect(env).toMatchObject({
      trustProxy: true,
      cloudsYamlPath: "/etc/glance-share/clouds.yaml",
      journal: { kind: "postgres", url: "postgresql://gs@db:5432/gs" },
    });
    expect(
      parseEnv({ GLANCE_SHARE_TRUST_PROXY: "false", OS_CLIENT_CONFIG_FILE: "" }),
    ).toMatchObject({ trustProxy: false, cloudsYamlPath: undefined });
    expect(parseEnv({ GLANCE_SHARE_ALLOW_CUSTOM_AUTH_URL: "false" }).allowCustomAuthUrl).toBe(
      false,
    );
    expect(() => parseEnv({ DATABASE_URL: "mysql://db/gs" })).toThrow(
      "Invalid configuration: DATABASE_URL must be a PostgreSQL URL (postgres://user@host:port/database)",
    );
    expect(() => parseEnv({ DATABASE_URL: "see postgres://db/gs" })).toThrow(
      /must be a PostgreSQL URL/,
    );
  });

  it("lets Glance copy images itself unless every transfer is to be relayed", () => {
    expect(parseEnv({}).transferPath).toBe("auto");
    expect(parseEnv({ GLANCE_SHARE_TRANSFER_PATH: "" }).transferPath).toBe("auto");
    expect(parseEnv({ GLANCE_SHARE_TRANSFER_PATH: "relay" }).transferPath).toBe("relay");
    expect(() => parseEnv({ GLANCE_SHARE_TRANSFER_PATH: "download" })).toThrow(
      "Invalid configuration: GLANCE_SHARE_TRANSFER_PATH must be auto or relay",
    );
  });

  it("relays downloads itself unless nginx's requests are to carry a strong hand-off secret", () => {
    expect(parseEnv({}).handOffSecret).toBeNull();
    expect(parseEnv({ GLANCE_SHARE_HANDOFF_SECRET: "" }).handOffSecret).toBeNull();
    const strong = "k3J9-qz8Lw2PxV7mR4tN1bY6cH0dF5gS";
    expect(parseEnv({ GLANCE_SHARE_HANDOFF_SECRET: strong }).handOffSecret).toBe(strong);
    expect(() => parseEnv({ GLANCE_SHARE_HANDOFF_SECRET: "short" })).toThrow(
      "GLANCE_SHARE_HANDOFF_SECRET must be at least 32 characters.",
    );
    expect(() => parseEnv({ GLANCE_SHARE_HANDOFF_SECRET: "ab".repeat(20) })).toThrow(
      /^GLANCE_SHARE_HANDOFF_SECRET is too weak/,
    );
  });

  it("reads the job settings, with defaults, and names one out of bounds", () => {
    expect(parseEnv({}).jobs).toEqual({
      leaseMs: 20_000,
      perUser: 20,
      perProject: 40,
      retentionDays: 30,
      journalRetentionDays: 365,
      failpointsFile: null,
    });
    const set = parseEnv({
      GLANCE_SHARE_JOB_LEASE_SECONDS: "3",
      GLANCE_SHARE_JOBS_PER_USER: "2",
      GLANCE_SHARE_JOBS_PER_PROJECT: " ",
      GLANCE_SHARE_JOB_RETENTION_DAYS: "0",
      GLANCE_SHARE_FAILPOINTS_FILE: "/tmp/points",
    }).jobs;
    expect(set).toMatchObject({ leaseMs: 3000, perUser: 2, perProject: 40, retentionDays: 0 });
    expect(set.failpointsFile).toBe("/tmp/points");
    expect(() => parseEnv({ GLANCE_SHARE_JOB_LEASE_SECONDS: "2" })).toThrow(
      "Invalid configuration: GLANCE_SHARE_JOB_LEASE_SECONDS must be a whole number from 3 to 600",
    );
    expect(() => parseEnv({ GLANCE_SHARE_JOBS_PER_USER: "1.5" })).toThrow(
      "GLANCE_SHARE_JOBS_PER_USER must be a whole number from 1 to 10000",
    );
  });

  it("lists every invalid setting in one message", () => {
    expect(() => parseEnv({ NODE_ENV: "staging", GLANCE_SHARE_TRUST_PROXY: "yes" })).toThrow(
      /^Invalid configuration: NODE_ENV .+; GLANCE_SHARE_TRUST_PROXY .+$/,
    );
  });

  it("treats an empty SESSION_SECRET as unset, and needs APP_ORIGIN in production only", () => {
    expect(() => parseEnv({ NODE_ENV: "production", SESSION_SECRET: "" })).toThrow(
      /SESSION_SECRET is not set/,
    );
    expect(parseEnv({ NODE_ENV: "development", SESSION_SECRET: "" }).sessionSecretIsEphemeral).toBe(
      true,
    );
    expect(
      parseEnv({ NODE_ENV: "development", SESSION_SECRET: "k8Xq2mZ7pL4vN9rT1wY6sB3dF5hJ0cGa" }),
    ).toMatchObject({ appOrigin: null, sessionSecretIsEphemeral: false });
  });

  it("takes a secret of exactly ten different characters, not nine", () => {
    expect(parseEnv({ SESSION_SECRET: "0123456789".repeat(4) }).sessionSecret).toBe(
      "0123456789".repeat(4),
    );
    expect(() => parseEnv({ SESSION_SECRET: "012345678".repeat(4) })).toThrow(/too weak/);
  });

  it("takes an http or https origin without path, query or credentials", () => {
    expect(parseEnv({ APP_ORIGIN: "http://127.0.0.1:3000" }).appOrigin).toBe(
      "http://127.0.0.1:3000",
    );
    expect(() => parseEnv({ APP_ORIGIN: "https://share.example.com/?x=1" })).toThrow(
      'APP_ORIGIN must be a scheme and host only, such as https://share.example.com (got "https://share.example.com/?x=1").',
    );
    expect(() => parseEnv({ APP_ORIGIN: "https://:pw@share.example.com" })).toThrow(
      /APP_ORIGIN must be a scheme and host only/,
    );
    expect(() => parseEnv({ APP_ORIGIN: "https://share.example.com/#top" })).toThrow(
      /APP_ORIGIN must be a scheme and host only/,
    );
  });
});
