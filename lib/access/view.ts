import { toCsv, type CsvSeparator } from "@/lib/csv";
import type { AccessRowDto } from "@/lib/schemas/access";
import { PROJECT_ID_PATTERN } from "@/lib/schemas/members";

// The access audit's view: flags, filters, totals and exports, all from the same rows.

export type AccessFlag =
  | "stale_pending"
  | "no_members"
  | "not_a_project_id"
  | "not_connected"
  | "old_version_only"
  | "hidden"
  | "servers_depend";

export const flagLabels: Record<AccessFlag, string> = {
  stale_pending: "pending for long",
  no_members: "shared, no members",
  not_a_project_id: "not a project id (typo?)",
  not_connected: "project not connected here",
  old_version_only: "on the old version only",
  hidden: "hidden from image lists",
  servers_depend: "servers run on it",
};

/** The member's servers on the image as a cell says them: never "none" where it cannot be told. */
export const memberServersText = (
  r: AccessRowDto,
  words: { cannotTell: string; none: string } = { cannotTell: "cannot tell", none: "none" },
): string =>
  r.memberId === null
    ? ""
    : r.memberServers === null
      ? words.cannotTell
      : r.memberServers.join(", ") || words.none;

/** A row with the newer version of its image (one whose predecessor it is), and the member's status there. */
export type AuditRow = AccessRowDto & {
  newerVersion?: {
    imageId: string;
    imageName: string | null;
    memberStatus: AccessRowDto["status"];
  } | null;
};

/**
 * Links each row to the image that names the row's image as its predecessor (same owner
 * and region): a chain v1 ← v2 ← v3 links v1 to v2 and v2 to v3. Should two images name
 * the same predecessor, the first one read is taken.
 */
export function linkVersions(rows: AccessRowDto[]): AuditRow[] {
  const newest = new Map<string, AccessRowDto>();
  const key = (ownerId: string, region: string, imageId: string) =>
    `${ownerId}|${region}|${imageId}`;
  for (const r of rows) {
    const k = r.predecessorId && key(r.ownerId, r.region, r.predecessorId);
    if (k && !newest.has(k)) newest.set(k, r);
  }
  const statusOn = new Map(
    rows.map((r) => [`${key(r.ownerId, r.region, r.imageId)}|${r.memberId}`, r.status]),
  );
  return rows.map((r) => {
    const next = newest.get(key(r.ownerId, r.region, r.imageId));
    if (!next) return r;
    return {
      ...r,
      newerVersion: {
        imageId: next.imageId,
        imageName: next.imageName,
        memberStatus:
          statusOn.get(`${key(next.ownerId, next.region, next.imageId)}|${r.memberId}`) ?? null,
      },
    };
  });
}

export interface AuditFilters {
  project: string;
  region: string;
  /** A member status, `none` for images without members, or "" for all. */
  status: string;
  q: string;
  /** Invitations pending longer than this are flagged. */
  staleDays: number;
  /** Only rows with this flag, or "" for all. */
  flag: AccessFlag | "";
}

export const defaultAuditFilters: AuditFilters = {
  project: "",
  region: "",
  status: "",
  q: "",
  staleDays: 30,
  flag: "",
};

export function flagsOf(row: AuditRow, staleDays: number, now = Date.now()): AccessFlag[] {
  const flags: AccessFlag[] = row.imageHidden ? ["hidden"] : [];
  if (row.memberId === null) return [...flags, "no_members"];
  // It uses this image and has not accepted the version that replaces it.
  if (row.status === "accepted" && row.newerVersion && row.newerVersion.memberStatus !== "accepted")
    flags.push("old_version_only");
  if (
    row.status === "pending" &&
    row.createdAt &&
    now - Date.parse(row.createdAt) > staleDays * 86_400_000
  )
    flags.push("stale_pending");
  // Removing this member, or making the image private, would take the image from servers.
  if (row.memberServers && row.memberServers.length > 0) flags.push("servers_depend");
  // Glance accepts any string as a member; one that cannot be a Keystone id is a typo.
  if (!PROJECT_ID_PATTERN.test(row.memberId)) flags.push("not_a_project_id");
  else if (row.memberName === null) flags.push("not_connected");
  return flags;
}

export function filterRows<T extends AuditRow>(rows: T[], f: AuditFilters, now = Date.now()): T[] {
  const q = f.q.trim().toLowerCase();
  return rows.filter(
    (r) =>
      (!f.project || r.ownerId === f.project || r.memberId === f.project) &&
      (!f.region || r.region === f.region) &&
      (!f.status || (f.status === "none" ? r.memberId === null : r.status === f.status)) &&
      (!q || (r.imageName ?? "").toLowerCase().includes(q) || r.imageId === q) &&
      (!f.flag || flagsOf(r, f.staleDays, now).includes(f.flag)),
  );
}

export function totals(rows: AccessRowDto[]) {
  const t = { accepted: 0, pending: 0, rejected: 0, none: 0 };
  for (const r of rows) t[r.status ?? "none"]++;
  return t;
}

/** Sorted as an auditor reads: owner, image, region, then member. */
export function sortRows<T extends AccessRowDto>(rows: T[]): T[] {
  const key = (r: AccessRowDto) => [
    r.ownerName,
    r.imageName ?? "",
    r.region,
    r.memberName ?? r.memberId ?? "",
  ];
  return [...rows].sort((a, b) => {
    const [x, y] = [key(a), key(b)];
    for (let i = 0; i < x.length; i++) {
      const c = x[i]!.localeCompare(y[i]!);
      if (c !== 0) return c;
    }
    return 0;
  });
}

/** The columns shown on screen, and exported, in this order. */
export const auditColumns: {
  header: string;
  value: (r: AuditRow, flags: AccessFlag[]) => string;
}[] = [
  { header: "Image", value: (r) => r.imageName ?? "" },
  { header: "Image ID", value: (r) => r.imageId },
  { header: "New version of", value: (r) => r.predecessorId ?? "" },
  { header: "Newer version", value: (r) => r.newerVersion?.imageId ?? "" },
  { header: "Region", value: (r) => r.region },
  { header: "Owner", value: (r) => r.ownerName },
  { header: "Owner ID", value: (r) => r.ownerId },
  { header: "Member", value: (r) => r.memberName ?? "" },
  { header: "Member ID", value: (r) => r.memberId ?? "" },
  { header: "Status", value: (r) => r.status ?? "no members" },
  { header: "Member's servers", value: (r) => memberServersText(r) },
  { header: "Created", value: (r) => r.createdAt ?? "" },
  { header: "Updated", value: (r) => r.updatedAt ?? "" },
  { header: "Flags", value: (_, flags) => flags.map((f) => flagLabels[f]).join("; ") },
];

/** CSV of the rows as shown: same columns, same order. */
export function auditCsv(
  rows: AuditRow[],
  staleDays: number,
  separator: CsvSeparator = ",",
  now = Date.now(),
): string {
  return toCsv(
    rows,
    auditColumns.map((c) => ({
      header: c.header,
      value: (r: AuditRow) => c.value(r, flagsOf(r, staleDays, now)),
    })),
    separator,
  );
}

/** The same rows as JSON objects keyed by the column headers. */
export function auditJson(rows: AuditRow[], staleDays: number, now = Date.now()): string {
  return JSON.stringify(
    rows.map((r) =>
      Object.fromEntries(
        auditColumns.map((c) => [c.header, c.value(r, flagsOf(r, staleDays, now))]),
      ),
    ),
    null,
    2,
  );
}
