import type { AccessRowDto } from "@/lib/schemas/access";
import { toCsv } from "@/lib/csv";
import { PROJECT_ID_PATTERN } from "@/lib/schemas/members";

// The access audit's view: flags, filters, totals and exports, all from the same rows.

export type AccessFlag = "stale_pending" | "no_members" | "not_a_project_id" | "not_connected";

export const flagLabels: Record<AccessFlag, string> = {
  stale_pending: "pending for long",
  no_members: "shared, no members",
  not_a_project_id: "not a project id (typo?)",
  not_connected: "project not connected here",
};

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

export const defaultAuditFilters: AuditFilters = { project: "", region: "", status: "", q: "", staleDays: 30, flag: "" };

export function flagsOf(row: AccessRowDto, staleDays: number, now = Date.now()): AccessFlag[] {
  if (row.memberId === null) return ["no_members"];
  const flags: AccessFlag[] = [];
  if (row.status === "pending" && row.createdAt && now - Date.parse(row.createdAt) > staleDays * 86_400_000) flags.push("stale_pending");
  // Glance accepts any string as a member; one that cannot be a Keystone id is a typo.
  if (!PROJECT_ID_PATTERN.test(row.memberId)) flags.push("not_a_project_id");
  else if (row.memberName === null) flags.push("not_connected");
  return flags;
}

export function filterRows(rows: AccessRowDto[], f: AuditFilters, now = Date.now()): AccessRowDto[] {
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
export function sortRows(rows: AccessRowDto[]): AccessRowDto[] {
  const key = (r: AccessRowDto) => [r.ownerName, r.imageName ?? "", r.region, r.memberName ?? r.memberId ?? ""];
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
export const auditColumns: { header: string; value: (r: AccessRowDto, flags: AccessFlag[]) => string }[] = [
  { header: "Image", value: (r) => r.imageName ?? "" },
  { header: "Image ID", value: (r) => r.imageId },
  { header: "Region", value: (r) => r.region },
  { header: "Owner", value: (r) => r.ownerName },
  { header: "Owner ID", value: (r) => r.ownerId },
  { header: "Member", value: (r) => r.memberName ?? "" },
  { header: "Member ID", value: (r) => r.memberId ?? "" },
  { header: "Status", value: (r) => r.status ?? "no members" },
  { header: "Created", value: (r) => r.createdAt ?? "" },
  { header: "Updated", value: (r) => r.updatedAt ?? "" },
  { header: "Flags", value: (_, flags) => flags.map((f) => flagLabels[f]).join("; ") },
];

/** CSV of the rows as shown: same columns, same order. */
export function auditCsv(rows: AccessRowDto[], staleDays: number, now = Date.now()): string {
  return toCsv(
    rows,
    auditColumns.map((c) => ({ header: c.header, value: (r: AccessRowDto) => c.value(r, flagsOf(r, staleDays, now)) })),
  );
}

/** The same rows as JSON objects keyed by the column headers. */
export function auditJson(rows: AccessRowDto[], staleDays: number, now = Date.now()): string {
  return JSON.stringify(
    rows.map((r) => Object.fromEntries(auditColumns.map((c) => [c.header, c.value(r, flagsOf(r, staleDays, now))]))),
    null,
    2,
  );
}
