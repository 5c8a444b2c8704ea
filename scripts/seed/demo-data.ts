// What the local demo cloud holds: every state a person meets when sharing images
// (owned, shared with members in each status, pending across domains, public).

export const DEMO_PASSWORD = "glance-share-demo";
export const ADMIN = { name: "admin", password: "admin-demo-password", project: "admin" } as const;

export const regions = [
  { id: "RegionOne", imageUrl: "http://127.0.0.1:9292", computeUrl: "http://127.0.0.1:8774/v2.1" },
  { id: "RegionTwo", imageUrl: "http://127.0.0.1:9293", computeUrl: "http://127.0.0.1:8784/v2.1" },
] as const;
/** One Placement and one Neutron serve both regions' Novas (scripts/cloud/compute.sh). */
export const sharedServices = [
  { type: "placement", name: "placement", url: "http://127.0.0.1:8778" },
  { type: "network", name: "neutron", url: "http://127.0.0.1:9696" },
] as const;
export type RegionId = (typeof regions)[number]["id"];

/** `Default` exists after bootstrap; `partner` stands for another customer's account. */
export const domains = ["Default", "partner"] as const;
export type DomainName = (typeof domains)[number];

export const projects = {
  alpha: { domain: "Default", description: "Web team production" },
  beta: { domain: "Default", description: "Web team staging" },
  gamma: { domain: "Default", description: "Data team" },
  partner: { domain: "partner", description: "A partner company's project, in another account" },
} as const satisfies Record<string, { domain: DomainName; description: string }>;
export type ProjectName = keyof typeof projects;

/** Ten more projects for one user, `lab-member`: enough to fill the dashboard's connection limit. */
export const labProjects = Array.from(
  { length: 10 },
  (_, i) => `lab-${String(i + 1).padStart(2, "0")}`,
);

export const users = {
  "alpha-member": { domain: "Default", roles: { alpha: "member" } },
  "beta-member": { domain: "Default", roles: { beta: "member" } },
  "gamma-member": { domain: "Default", roles: { gamma: "member" } },
  "partner-member": { domain: "partner", roles: { partner: "member" } },
  "multi-member": { domain: "Default", roles: { alpha: "member", beta: "member" } },
  "alpha-reader": { domain: "Default", roles: { alpha: "reader" } },
} as const satisfies Record<
  string,
  { domain: DomainName; roles: Partial<Record<ProjectName, "member" | "reader">> }
>;
export type UserName = keyof typeof users;

/** The user that acts for each project when seeding. */
export const projectUser: Record<ProjectName, UserName> = {
  alpha: "alpha-member",
  beta: "beta-member",
  gamma: "gamma-member",
  partner: "partner-member",
};

/** Application credentials made by the seed (their secret is shown only once, so it is saved). */
export const applicationCredentials = {
  beta: { user: "beta-member", name: "glance-share-demo" },
} as const;

export interface DemoImage {
  name: string;
  region: RegionId;
  /** A project, or "admin" for the cloud's public images. */
  owner: ProjectName | "admin";
  visibility: "private" | "shared" | "public";
  diskFormat: "qcow2" | "raw" | "iso";
  sizeKiB: number;
  minDisk?: number;
  minRam?: number;
  tags?: string[];
  properties?: Record<string, string>;
  members?: Partial<Record<ProjectName, "pending" | "accepted" | "rejected">>;
}

// The same backup kept in both regions.
const pfsenseBackup = {
  name: "pfsense-2.7.2-backup",
  owner: "alpha",
  visibility: "shared",
  diskFormat: "qcow2",
  sizeKiB: 96,
  minDisk: 8,
  minRam: 1024,
  tags: ["firewall", "backup"],
  // No os_type: Nova knows only linux and windows there, and refuses to boot anything else.
  properties: {
    os_distro: "pfsense",
    description: "Nightly backup of the edge firewall",
  },
} as const satisfies Omit<DemoImage, "region">;

export const images: DemoImage[] = [
  { ...pfsenseBackup, region: "RegionOne", members: { beta: "accepted", partner: "pending" } },
  {
    name: "ubuntu-22.04-snapshot",
    region: "RegionOne",
    owner: "alpha",
    visibility: "shared",
    diskFormat: "qcow2",
    sizeKiB: 128,
    minDisk: 10,
    minRam: 2048,
    tags: ["snapshot"],
    properties: {
      os_type: "linux",
      os_distro: "ubuntu",
      os_version: "22.04",
      image_type: "snapshot",
    },
    members: { beta: "pending", gamma: "accepted" },
  },
  {
    name: "debian-12-hardened",
    region: "RegionOne",
    owner: "alpha",
    visibility: "private",
    diskFormat: "qcow2",
    sizeKiB: 64,
    minDisk: 5,
    properties: { os_type: "linux", os_distro: "debian", os_version: "12", hw_disk_bus: "virtio" },
  },
  {
    name: "nginx-proxy-2024.06",
    region: "RegionOne",
    owner: "alpha",
    visibility: "shared",
    diskFormat: "raw",
    sizeKiB: 48,
    properties: { os_type: "linux", description: "Reverse proxy golden image" },
  },
  {
    name: "centos-stream-9-build",
    region: "RegionOne",
    owner: "beta",
    visibility: "shared",
    diskFormat: "qcow2",
    sizeKiB: 80,
    properties: { os_type: "linux", os_distro: "centos", os_version: "9" },
    members: { gamma: "rejected", alpha: "accepted" },
  },
  {
    name: "alpine-3.20-minimal",
    region: "RegionOne",
    owner: "gamma",
    visibility: "private",
    diskFormat: "raw",
    sizeKiB: 16,
    properties: { os_type: "linux", os_distro: "alpine", os_version: "3.20" },
  },
  {
    name: "partner-appliance-v3",
    region: "RegionOne",
    owner: "partner",
    visibility: "shared",
    diskFormat: "qcow2",
    sizeKiB: 112,
    minDisk: 20,
    minRam: 4096,
    properties: { os_type: "linux", description: "Vendor appliance offered to customers" },
    members: { alpha: "pending" },
  },
  {
    name: "cirros-0.6.2",
    region: "RegionOne",
    owner: "admin",
    visibility: "public",
    diskFormat: "qcow2",
    sizeKiB: 32,
    properties: { os_type: "linux", os_distro: "cirros", os_version: "0.6.2" },
  },
  {
    ...pfsenseBackup,
    region: "RegionTwo",
    properties: { ...pfsenseBackup.properties, description: "Replica of the edge firewall backup" },
    members: { beta: "accepted" },
  },
  {
    name: "windows-server-2022-golden",
    region: "RegionTwo",
    owner: "alpha",
    visibility: "private",
    diskFormat: "qcow2",
    sizeKiB: 160,
    minDisk: 40,
    minRam: 4096,
    properties: { os_type: "windows", os_distro: "windows", os_version: "2022" },
  },
  {
    name: "rocky-9-db-snapshot",
    region: "RegionTwo",
    owner: "beta",
    visibility: "shared",
    diskFormat: "raw",
    sizeKiB: 72,
    properties: { os_type: "linux", os_distro: "rocky", os_version: "9", image_type: "snapshot" },
    members: { alpha: "pending" },
  },
  {
    name: "cirros-0.6.2",
    region: "RegionTwo",
    owner: "admin",
    visibility: "public",
    diskFormat: "qcow2",
    sizeKiB: 32,
    properties: { os_type: "linux", os_distro: "cirros", os_version: "0.6.2" },
  },
];

/** Nova ships no flavors: these, in both regions (disk >= 1 GB: a zero-disk flavor needs admin to boot). */
export const flavors = [
  { name: "m1.tiny", vcpus: 1, ram: 512, disk: 1 },
  { name: "m1.small", vcpus: 1, ram: 2048, disk: 20 },
  { name: "m1.medium", vcpus: 2, ram: 4096, disk: 40 },
] as const;

export interface DemoServer {
  name: string;
  project: ProjectName;
  region: RegionId;
  /** A seeded image the project can see in that region. */
  image: string;
  flavor: (typeof flavors)[number]["name"];
  metadata?: Record<string, string>;
}

/** Servers for the instance pages and the warnings: one on alpha's own image, one on an image alpha shares. */
export const servers: DemoServer[] = [
  {
    name: "web-1",
    project: "alpha",
    region: "RegionOne",
    image: "debian-12-hardened",
    flavor: "m1.small",
    metadata: { role: "web" },
  },
  {
    name: "edge-fw",
    project: "beta",
    region: "RegionOne",
    image: "pfsense-2.7.2-backup",
    flavor: "m1.small",
    metadata: { role: "firewall" },
  },
];
