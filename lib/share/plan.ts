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
}

/**
 * Reads project ids typed or pasted (separated by spaces, commas or lines) and says what
 * is wrong with each one that cannot be a member: Glance would accept any string.
 */
export function parseProjectIds(text: string, ownerId: string): { ids: string[]; problems: string[] } {
  const ids: string[] = [];
  const problems: string[] = [];
  for (const raw of text.split(/[\s,;]+/).filter(Boolean)) {
    const id = raw.toLowerCase().replace(/-/g, "");
    if (!PROJECT_ID_PATTERN.test(id)) {
      problems.push(`“${raw}” is not a project id: a Keystone project id is 32 hexadecimal characters.`);
    } else if (id === ownerId) {
      problems.push(`“${raw}” is the owner's own project: it has the image already.`);
    } else if (!ids.includes(id)) {
      ids.push(id);
    }
  }
  return { ids, problems };
}

/** Every image × member pair to invite, and the visibility changes needed first. */
export function planShare(images: PlanImage[], members: PlanMember[]): SharePlan {
  const shareable = images.filter((i) => i.visibility === "private" || i.visibility === "shared");
  return {
    makeShared: shareable.filter((i) => i.visibility === "private"),
    skipped: images.filter((i) => !shareable.includes(i)),
    pairs: shareable.flatMap((image) => members.map((member) => ({ image, member }))),
  };
}

/** The `openstack` commands that do the same, owner side then consumer side, for the record. */
export function cliCommands(plan: SharePlan): { owner: string[]; consumer: string[] } {
  const region = (i: PlanImage) => `--os-region-name ${i.region}`;
  return {
    owner: [
      ...plan.makeShared.map((i) => `openstack ${region(i)} image set --shared ${i.id}`),
      ...plan.pairs.map((p) => `openstack ${region(p.image)} image add project ${p.image.id} ${p.member.id}`),
      ...[...new Map(plan.pairs.map((p) => [p.image.id, p.image])).values()].map(
        (i) => `openstack ${region(i)} image member list ${i.id}`,
      ),
    ],
    consumer: plan.pairs.map((p) => `openstack ${region(p.image)} image set --accept ${p.image.id}   # as ${p.member.name ?? p.member.id}`),
  };
}

/** The consumer's invitations page, opened on one invitation; works for whoever connects that project. */
export function invitationLink(origin: string, image: PlanImage, memberId: string): string {
  return `${origin}/invitations?${new URLSearchParams({ image: image.id, region: image.region, project: memberId })}`;
}
