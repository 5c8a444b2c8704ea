// Seeds the local cloud: `identity` (domains, projects, users, roles, the image
// service in two regions), `images` (the demo images and memberships), and
// `logins` (prints the demo logins).
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";

import { mapSettled } from "@/lib/concurrency";
import {
  addMember,
  createImage,
  listAllImages,
  updateMemberStatus,
  uploadImageData,
  type GlanceTarget,
} from "@/lib/openstack/glance";
import {
  authenticateWithApplicationCredential,
  authenticateWithPassword,
} from "@/lib/openstack/keystone";
import { createServer, deleteServer, getServer, type NovaTarget } from "@/lib/openstack/nova";

import {
  cloudFilePath,
  cloudFileSchema,
  cloudsYamlPath,
  readCloudFile,
  type CloudFile,
} from "./cloud-file";
import {
  ADMIN,
  applicationCredentials,
  DEMO_PASSWORD,
  domains,
  flavors,
  images,
  labProjects,
  projects,
  projectUser,
  regions,
  servers,
  sharedServices,
  users,
  type DemoImage,
  type DemoServer,
  type ProjectName,
} from "./demo-data";
import { KeystoneAdmin, recreateApplicationCredential } from "./keystone-admin";
import { NovaAdmin } from "./nova-admin";

const AUTH_URL = "http://127.0.0.1:5000/v3";
/** Every service's user (admin on `service`) has this password: scripts/local-cloud writes it into their configs. */
const SERVICE_PASSWORD = "glance-service-password";
const SERVICE_USERS = ["glance", "nova", "placement", "neutron"] as const;
/** Every project's image quotas in each region unless a test sets its own (sizes in MiB, as Glance counts them). */
const IMAGE_LIMITS = {
  image_size_total: 1_000_000,
  image_stage_total: 1_000_000,
  image_count_total: 100_000,
  image_count_uploading: 1_000,
};

const adminLogin = () =>
  authenticateWithPassword(
    AUTH_URL,
    { user: { name: ADMIN.name, domain: { id: "default" } }, password: ADMIN.password },
    { name: ADMIN.project, domain: { id: "default" } },
  );

async function seedIdentity() {
  const admin = new KeystoneAdmin(AUTH_URL, (await adminLogin()).token);

  const domainIds: Record<string, string> = { Default: "default" };
  for (const name of domains)
    if (name !== "Default") domainIds[name] = await admin.ensureDomain(name);

  const [memberRole, readerRole, adminRole] = await Promise.all(
    ["member", "reader", "admin"].map((r) => admin.roleId(r)),
  );
  const roleIds: Record<string, string> = {
    member: memberRole!,
    reader: readerRole!,
    admin: adminRole!,
  };

  // The services' own users, and their endpoints in each region: Glance and Nova per
  // region, one Placement and one Neutron for both.
  const serviceProject = await admin.ensureProject("service", "default", "OpenStack services");
  const serviceUsers: Record<string, string> = {};
  for (const name of SERVICE_USERS) {
    serviceUsers[name] = await admin.ensureUser(name, "default", SERVICE_PASSWORD);
    await admin.grant(serviceProject, serviceUsers[name]!, roleIds.admin!);
  }
  const glanceUser = serviceUsers.glance!;
  const imageService = await admin.ensureService("image", "glance");
  const computeService = await admin.ensureService("compute", "nova");
  const shared = await Promise.all(
    sharedServices.map(async (s) => ({ ...s, id: await admin.ensureService(s.type, s.name) })),
  );
  const endpointIds: Record<string, string> = {};
  for (const region of regions) {
    await admin.ensureRegion(region.id);
    for (const iface of ["public", "internal"]) {
      const id = await admin.ensureEndpoint(imageService, iface, region.id, region.imageUrl);
      if (iface === "public") endpointIds[region.id] = id;
      await admin.ensureEndpoint(computeService, iface, region.id, region.computeUrl);
      for (const s of shared) await admin.ensureEndpoint(s.id, iface, region.id, s.url);
    }
    // Image quotas as Keystone unified limits, which Glance enforces and reports at
    // /v2/info/usage: defaults far above what tests use; a test lowers one project's.
    for (const [resource, limit] of Object.entries(IMAGE_LIMITS))
      await admin.ensureRegisteredLimit(imageService, region.id, resource, limit);
  }
  // Glance reads the limits with its own user, on the system scope.
  await admin.grantSystem(glanceUser, roleIds.reader!);

  const cloud: CloudFile = {
    authUrl: AUTH_URL,
    regions: regions.map((r) => ({ ...r, imageEndpointId: endpointIds[r.id]! })),
    domains: Object.fromEntries(domains.map((d) => [d, { id: domainIds[d]!, name: d }])),
    projects: {},
    users: {},
    admin: { ...ADMIN },
    applicationCredentials: {},
  };
  for (const [name, p] of Object.entries(projects)) {
    const id = await admin.ensureProject(name, domainIds[p.domain]!, p.description);
    cloud.projects[name] = { id, name, domainId: domainIds[p.domain]!, domainName: p.domain };
  }
  const labMember = await admin.ensureUser("lab-member", "default", DEMO_PASSWORD);
  const labRoles: Record<string, string> = {};
  for (const name of labProjects) {
    const id = await admin.ensureProject(name, "default", "A lab project");
    cloud.projects[name] = { id, name, domainId: "default", domainName: "Default" };
    await admin.grant(id, labMember, roleIds.member!);
    labRoles[name] = "member";
  }
  cloud.users["lab-member"] = {
    id: labMember,
    name: "lab-member",
    domainName: "Default",
    password: DEMO_PASSWORD,
    roles: labRoles,
  };
  for (const [name, u] of Object.entries(users)) {
    const id = await admin.ensureUser(name, domainIds[u.domain]!, DEMO_PASSWORD);
    for (const [project, role] of Object.entries(u.roles))
      await admin.grant(cloud.projects[project]!.id, id, roleIds[role]!);
    cloud.users[name] = {
      id,
      name,
      domainName: u.domain,
      password: DEMO_PASSWORD,
      roles: { ...u.roles },
    };
  }

  // An application credential's secret is shown once: keep the saved one while it still works.
  const previous = previousCloudFile();
  for (const [project, spec] of Object.entries(applicationCredentials)) {
    const saved = previous?.applicationCredentials[project];
    if (
      saved &&
      (await authenticateWithApplicationCredential(AUTH_URL, saved).then(
        () => true,
        () => false,
      ))
    ) {
      cloud.applicationCredentials[project] = saved;
      continue;
    }
    const user = cloud.users[spec.user]!;
    const login = await authenticateWithPassword(
      AUTH_URL,
      { user: { id: user.id }, password: user.password },
      { id: cloud.projects[project]!.id },
    );
    const credential = await recreateApplicationCredential(
      AUTH_URL,
      login.token,
      user.id,
      spec.name,
    );
    cloud.applicationCredentials[project] = { ...credential, user: spec.user };
  }

  writeFileSync(cloudFilePath(), JSON.stringify(cloud, null, 2) + "\n", { mode: 0o600 });
  writeFileSync(cloudsYamlPath(), cloudsYaml(cloud), { mode: 0o600 });
}

function previousCloudFile(): CloudFile | null {
  try {
    return cloudFileSchema.parse(JSON.parse(readFileSync(cloudFilePath(), "utf8")));
  } catch {
    return null;
  }
}

/** clouds.yaml for the openstack CLI: one entry per project login, plus admin. */
function cloudsYaml(cloud: CloudFile): string {
  const entries: string[] = [];
  const add = (name: string, auth: Record<string, string>, authType?: string) => {
    const lines = [`  ${name}:`];
    if (authType) lines.push(`    auth_type: ${authType}`);
    lines.push("    auth:", `      auth_url: ${cloud.authUrl}`);
    for (const [k, v] of Object.entries(auth)) lines.push(`      ${k}: ${JSON.stringify(v)}`);
    lines.push(
      `    regions: [${cloud.regions.map((r) => r.id).join(", ")}]`,
      "    interface: public",
      "    identity_api_version: 3",
    );
    entries.push(lines.join("\n"));
  };
  const passwordAuth = (user: string, project: string) => ({
    username: user,
    password: cloud.users[user]!.password,
    user_domain_name: cloud.users[user]!.domainName,
    project_id: cloud.projects[project]!.id,
  });
  add("admin", {
    username: ADMIN.name,
    password: ADMIN.password,
    user_domain_name: "Default",
    project_name: ADMIN.project,
    project_domain_name: "Default",
  });
  for (const [project, user] of Object.entries(projectUser))
    add(project, passwordAuth(user, project));
  add("alpha-reader", passwordAuth("alpha-reader", "alpha"));
  add("multi-alpha", passwordAuth("multi-member", "alpha"));
  add("multi-beta", passwordAuth("multi-member", "beta"));
  for (const [project, cred] of Object.entries(cloud.applicationCredentials)) {
    add(
      `${project}-appcred`,
      { application_credential_id: cred.id, application_credential_secret: cred.secret },
      "v3applicationcredential",
    );
  }
  return `# Written by scripts/local-cloud: logins of the local demo cloud.\nclouds:\n${entries.join("\n")}\n`;
}

/** Deterministic bytes, so a re-seed gives the same checksums. */
function imageBytes(image: DemoImage): Uint8Array {
  const out = new Uint8Array(image.sizeKiB * 1024);
  let block = createHash("sha256").update(`${image.region}/${image.name}`).digest();
  for (let offset = 0; offset < out.length; offset += block.length) {
    out.set(block.subarray(0, Math.min(block.length, out.length - offset)), offset);
    block = createHash("sha256").update(block).digest();
  }
  return out;
}

async function seedImages(ifEmpty: boolean) {
  const cloud = readCloudFile();
  const tokenFor = projectTokens(cloud);
  const target = async (
    project: ProjectName | "admin",
    regionId: string,
  ): Promise<GlanceTarget> => ({
    endpoint: cloud.regions.find((r) => r.id === regionId)!.imageUrl,
    token: await tokenFor(project),
  });

  if (ifEmpty) {
    const counts = await Promise.all(
      cloud.regions.map(
        async (r) =>
          (await listAllImages(await target("admin", r.id), { visibility: "all" })).length,
      ),
    );
    if (counts.some((n) => n > 0)) {
      console.error(`[seed] images already present (${counts.join(" + ")}); left as they are`);
      return;
    }
  }

  // A few at a time: every call waits on the one Keystone thread (token checks, logins),
  // and all of them at once took 16 s each there, past the client's 15 s limit.
  const seeded = await mapSettled(images, 3, async (spec) => {
    const owner = await target(spec.owner, spec.region);
    const image = await createImage(owner, {
      name: spec.name,
      diskFormat: spec.diskFormat,
      containerFormat: "bare",
      visibility: spec.visibility,
      minDisk: spec.minDisk,
      minRam: spec.minRam,
      tags: spec.tags,
      properties: spec.properties,
    });
    await uploadImageData(owner, image.id, imageBytes(spec));
    for (const [project, status] of Object.entries(spec.members ?? {}) as [ProjectName, string][]) {
      const memberId = cloud.projects[project]!.id;
      await addMember(owner, image.id, memberId);
      if (status !== "pending") {
        await updateMemberStatus(
          await target(project, spec.region),
          image.id,
          memberId,
          status as "accepted" | "rejected",
        );
      }
    }
  });
  const failed = seeded.flatMap((r, i) =>
    r.status === "rejected"
      ? [
          `${images[i]!.name} (${images[i]!.region}): ${r.reason instanceof Error ? r.reason.message : String(r.reason)}`,
        ]
      : [],
  );
  if (failed.length > 0)
    throw new Error(`${failed.length} of ${images.length} images not seeded: ${failed.join("; ")}`);
  console.error(`[seed] ${images.length} images seeded in ${cloud.regions.length} regions`);
}

/** A login's token for each project, asked once. */
function projectTokens(cloud: CloudFile) {
  const tokens = new Map<string, Promise<string>>();
  return (project: ProjectName | "admin") => {
    if (!tokens.has(project)) {
      const login =
        project === "admin"
          ? adminLogin()
          : authenticateWithPassword(
              AUTH_URL,
              { user: { id: cloud.users[projectUser[project]]!.id }, password: DEMO_PASSWORD },
              { id: cloud.projects[project]!.id },
            );
      tokens.set(
        project,
        login.then((t) => t.token),
      );
    }
    return tokens.get(project)!;
  };
}

const computeUrl = (region: string) => regions.find((r) => r.id === region)!.computeUrl;
const imageUrl = (region: string) => regions.find((r) => r.id === region)!.imageUrl;

async function until<T>(what: string, seconds: number, read: () => Promise<T | null>): Promise<T> {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    const value = await read();
    if (value !== null) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${seconds} s`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

/**
 * Flavors in both regions, and the demo servers (every project's servers deleted first:
 * a reset gives new image ids, which old servers would not be booted from).
 */
async function seedCompute(ifEmpty: boolean) {
  const cloud = readCloudFile();
  const tokenFor = projectTokens(cloud);
  const admins = await Promise.all(
    regions.map(
      async (r) => new NovaAdmin({ endpoint: r.computeUrl, token: await tokenFor("admin") }),
    ),
  );
  await Promise.all(
    admins.map((admin, i) =>
      until(`a compute up in ${regions[i]!.id}`, 120, async () =>
        (await admin.computesUp()) > 0 ? true : null,
      ),
    ),
  );
  for (const admin of admins) for (const flavor of flavors) await admin.ensureFlavor(flavor);

  const existing = (await Promise.all(admins.map((a) => a.allServers()))).flat();
  // Left as they are only when every demo server runs: one a failed start left in ERROR
  // (a compute not yet mapped, say) is made again, with the others.
  const running = new Set(existing.filter((s) => s.status === "ACTIVE").map((s) => s.name));
  if (ifEmpty && existing.length > 0 && servers.every((s) => running.has(s.name))) {
    console.error(`[seed] servers already present (${existing.length}); left as they are`);
    return;
  }
  await Promise.all(
    admins.map(async (admin) => {
      const gone = await admin.allServers();
      await Promise.all(gone.map((s) => admin.deleteServer(s.id)));
      await until("the old servers deleted", 120, async () =>
        (await admin.allServers()).length === 0 ? true : null,
      );
    }),
  );
  await Promise.all(servers.map((spec) => bootDemoServer(spec, tokenFor)));
  console.error(`[seed] ${servers.length} servers seeded`);
}

/** Boots one demo server and waits for it; a compute the scheduler has not mapped yet is waited for. */
async function bootDemoServer(
  spec: DemoServer,
  tokenFor: (project: ProjectName | "admin") => Promise<string>,
) {
  const token = await tokenFor(spec.project);
  const [image] = await listAllImages(
    { endpoint: imageUrl(spec.region), token },
    { name: spec.image, visibility: "all" },
  );
  if (!image) throw new Error(`${spec.name}: no image ${spec.image} in ${spec.region}`);
  const nova: NovaTarget = { endpoint: computeUrl(spec.region), token };
  for (let attempt = 1; ; attempt++) {
    const id = await createServer(nova, {
      name: spec.name,
      imageId: image.id,
      flavorId: spec.flavor,
      metadata: spec.metadata,
    });
    const server = await until(`${spec.name} built`, 120, async () => {
      const s = await getServer(nova, id);
      return s.status === "BUILD" ? null : s;
    });
    if (server.status === "ACTIVE") return;
    // Both sentences mean the scheduler has not yet mapped the new compute to the cell.
    if (attempt === 5 || !/No valid host|not mapped to any cell/i.test(server.fault ?? ""))
      throw new Error(`${spec.name}: ${server.status}: ${server.fault ?? "no reason given"}`);
    await deleteServer(nova, id);
    await new Promise((r) => setTimeout(r, 3000));
  }
}

function printLogins() {
  const cloud = readCloudFile();
  const rows = Object.values(cloud.users).map((u) => {
    const roles = Object.entries(u.roles);
    const summary =
      roles.length > 4
        ? `${roles.length} projects ${roles[0]![0]} … ${roles.at(-1)![0]} (member)`
        : roles.map(([p, r]) => `${p} (${r})`).join(", ");
    return [u.name, u.domainName, summary];
  });
  const widths = [0, 1].map((i) => Math.max(...rows.map((r) => r[i]!.length)));
  console.log(`Keystone ${cloud.authUrl}, regions ${cloud.regions.map((r) => r.id).join(" and ")}`);
  console.log(`Demo logins (password for every user: ${DEMO_PASSWORD}):`);
  for (const r of rows)
    console.log(`  ${r[0]!.padEnd(widths[0]!)}  domain ${r[1]!.padEnd(widths[1]!)}  ${r[2]}`);
  console.log(`  ${cloud.admin.name} / ${cloud.admin.password}  (cloud admin)`);
  for (const [project, c] of Object.entries(cloud.applicationCredentials)) {
    console.log(`Application credential for ${project}: id ${c.id}`);
    console.log(`  secret ${c.secret}`);
  }
  console.log(
    `CLI: eval "$(scripts/local-cloud env alpha)" && openstack image list   (entries in ${cloudsYamlPath()})`,
  );
}

const [command, ...args] = process.argv.slice(2);
const run = {
  identity: seedIdentity,
  images: () => seedImages(args.includes("--if-empty")),
  compute: () => seedCompute(args.includes("--if-empty")),
  logins: async () => printLogins(),
}[command as "identity" | "images" | "compute" | "logins"];
if (!run) {
  console.error("usage: seed identity | images [--if-empty] | compute [--if-empty] | logins");
  process.exit(2);
}
run().catch((err: unknown) => {
  console.error(`[seed] ${command} failed:`, err instanceof Error ? err.message : err);
  process.exit(1);
});
