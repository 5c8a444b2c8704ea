import { PROJECT_ID_PATTERN } from "@/lib/schemas/members";

// What the share wizard will do, worked out before anything is sent to Glance.

export interface PlanImage {
  id: string;
  name: string | null;
  region: string;
  visibility: "public" | "community" | "shared" | "private";
}

export interface PlanMember {
  id: string;
  /** Known when that project is connected here. */
  name: string | null;
}

export interface SharePlan {
  /** Private images that become shared first (their existing members, if any, regain access). */
  makeShared: PlanImage[];
  /** Public and community images: Glance gives them no members. */
  skipped: PlanImage[];
  pairs: { image: PlanImage; member: PlanMember }[];
  /** Invitations left out because the image would pass its cloud's member quota. */
  overQuota: { image: PlanImage; member: PlanMember }[];
  /** Images whose invitations do not all fit, with the count that made it so. */
  quotaNotes: QuotaNote[];
}

/** What Glance holds for an image now: its members (null while hidden, as a private image's are) and its cloud's quota. */
export interface ImageMembership {
  memberIds: string[] | null;
  /** Members per image the cloud allows; null when unlimited. */
  quota: number | null;
}

export interface QuotaNote {
  image: PlanImage;
  quota: number;
  /** Members the image has now (every status counts toward the quota). */
  current: number;
  /** New invitations that fit. */
  fit: number;
  wanted: number;
}

/**
 * Reads project ids typed or pasted (separated by spaces, commas or lines) and says what
 * is wrong with each one that cannot be a member: Glance would accept any string.
 */
export function parseProjectIds(
  text: string,
  ownerId: string,
): { ids: string[]; problems: string[] } {
  const ids: string[] = [];
  const problems: string[] = [];
  for (const raw of text.split(/[\s,;]+/).filter(Boolean)) {
    const id = raw.toLowerCase().replace(/-/g, "");
    if (!PROJECT_ID_PATTERN.test(id)) {
      problems.push(
        `“${raw}” is not a project id: a Keystone project id is 32 hexadecimal characters.`,
      );
    } else if (id === ownerId) {
      problems.push(`“${raw}” is the owner's own project: it has the image already.`);
    } else if (!ids.includes(id)) {
      ids.push(id);
    }
  }
  return { ids, problems };
}

/**
 * Splits the projects to invite to one image into those that fit its member quota and
 * those that do not. Projects already members take no new place; Glance counts every
 * member, pending and rejected too. Members it hides (a private image's) cannot be counted.
 */
export function fitMemberQuota<M extends { id: string }>(
  wanted: M[],
  membership: ImageMembership | undefined,
): { send: M[]; over: M[]; current: number; fit: number; newCount: number } {
  const present = new Set(membership?.memberIds ?? []);
  const fresh = wanted.filter((m) => !present.has(m.id));
  const quota = membership?.quota ?? null;
  const fit =
    quota === null ? fresh.length : Math.max(0, Math.min(fresh.length, quota - present.size));
  const over = new Set(fresh.slice(fit));
  return {
    send: wanted.filter((m) => !over.has(m)),
    over: [...over],
    current: present.size,
    fit,
    newCount: fresh.length,
  };
}

/** Every image × member pair to invite within each image's member quota, and the visibility changes needed first. */
export function planShare(
  images: PlanImage[],
  members: PlanMember[],
  memberships: Map<string, ImageMembership> = new Map(),
): SharePlan {
  const shareable = images.filter((i) => i.visibility === "private" || i.visibility === "shared");
  const plan: SharePlan = {
    makeShared: shareable.filter((i) => i.visibility === "private"),
    skipped: images.filter((i) => !shareable.includes(i)),
    pairs: [],
    overQuota: [],
    quotaNotes: [],
  };
  for (const image of shareable) {
    const membership = memberships.get(membershipKey(image));
    const { send, over, current, fit, newCount } = fitMemberQuota(members, membership);
    plan.pairs.push(...send.map((member) => ({ image, member })));
    plan.overQuota.push(...over.map((member) => ({ image, member })));
    if (over.length > 0 && membership?.quota != null)
      plan.quotaNotes.push({ image, quota: membership.quota, current, fit, wanted: newCount });
  }
  return plan;
}

/** The key of an image in a plan's memberships. */
export const membershipKey = (image: Pick<PlanImage, "region" | "id">) =>
  `${image.region}|${image.id}`;

/** The `openstack` commands that do the same, owner side then consumer side, for the record. */
export function cliCommands(plan: SharePlan): { owner: string[]; consumer: string[] } {
  const region = (i: PlanImage) => `--os-region-name ${i.region}`;
  return {
    owner: [
      ...plan.makeShared.map((i) => `openstack ${region(i)} image set --shared ${i.id}`),
      ...plan.pairs.map(
        (p) => `openstack ${region(p.image)} image add project ${p.image.id} ${p.member.id}`,
      ),
      ...[...new Map(plan.pairs.map((p) => [p.image.id, p.image])).values()].map(
        (i) => `openstack ${region(i)} image member list ${i.id}`,
      ),
    ],
    consumer: plan.pairs.map(
      (p) =>
        `openstack ${region(p.image)} image set --accept ${p.image.id}   # as ${p.member.name ?? p.member.id}`,
    ),
  };
}

/** The consumer's invitations page, opened on one invitation; works for whoever connects that project. */
export function invitationLink(origin: string, image: PlanImage, memberId: string): string {
  return `${origin}/invitations?${new URLSearchParams({ image: image.id, region: image.region, project: memberId })}`;
}
