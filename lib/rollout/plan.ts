// What rolling out a new version of a shared image will do, worked out before anything
// is sent to Glance. Worked out from what Glance says now, so running it again after it
// finished plans nothing.

import { fitMemberQuota } from "@/lib/share/plan";

/** The image property by which a new version names the image it replaces. */
export const PREDECESSOR_PROPERTY = "predecessor_id";

export type MemberStatus = "pending" | "accepted" | "rejected";

export interface RolloutImage {
  id: string;
  name: string | null;
  region: string;
  visibility: "public" | "community" | "shared" | "private";
  hidden: boolean;
  createdAt: string;
  /** The image this one says it replaces (its predecessor property), if any. */
  predecessorId: string | null;
}

export interface RolloutMember {
  id: string;
  /** Known when that project is connected here. */
  name: string | null;
  status: MemberStatus;
  /** When it was invited to the image: the longest-standing members go first when the quota is short. */
  createdAt: string;
}

export interface RolloutOptions {
  /** Invite the projects that have not yet answered the old image's invitation too. */
  includePending: boolean;
  /** Hide the old image from image lists (os_hidden): it keeps working for those who use it. */
  hideOld: boolean;
  /** Remove each project from the old image once it has been invited to the new one. */
  removeOldMembers: boolean;
}

export type MemberAction =
  /** Invite it to the new version. */
  | "invite"
  /** Already a member of the new version: nothing to send. */
  | "already"
  /** Not invited: it rejected the old image, or its invitation is pending and pending ones were left out. */
  | "skip"
  /** Would be invited, but the new version's member quota is full: it keeps the old one. */
  | "over_quota";

export interface MemberStep {
  member: { id: string; name: string | null };
  onOld: MemberStatus;
  onNew: MemberStatus | null;
  action: MemberAction;
  /** Removed from the old image after its invitation to the new one succeeded. */
  removeFromOld: boolean;
}

export interface RolloutPlan {
  old: RolloutImage;
  next: RolloutImage;
  makeShared: boolean;
  setPredecessor: boolean;
  members: MemberStep[];
  hideOld: boolean;
  /** Set when not every invitation fits the new version's member quota. */
  quota: { quota: number; current: number; fit: number; wanted: number } | null;
  /** Nothing left to do: the rollout has been run already (or there is nothing to roll out). */
  done: boolean;
}

/**
 * The name without the version a person appended to it: "nginx-proxy-2024.06" and
 * "nginx-proxy-2024.09" share "nginx-proxy". Dates, numbers and v1.2.3 at the end go.
 */
export function nameStem(name: string | null): string {
  return (name ?? "")
    .toLowerCase()
    .replace(/([-_. ]+(v?\d+([._-]\d+)*|latest|new|old|next))+$/i, "")
    .trim();
}

/**
 * Images that could be the new version of `old`: another image of the same project and
 * region, made after it or in the same second (Glance's times stop at the second). Those
 * with the same name stem are suggested and come first; newest first within each group.
 */
export function successorCandidates<T extends RolloutImage>(
  old: RolloutImage,
  images: T[],
): { image: T; suggested: boolean }[] {
  const stem = nameStem(old.name);
  return images
    .filter(
      (i) =>
        i.id !== old.id &&
        i.region === old.region &&
        i.createdAt >= old.createdAt &&
        i.visibility !== "public" &&
        i.visibility !== "community",
    )
    .map((image) => ({ image, suggested: stem !== "" && nameStem(image.name) === stem }))
    .sort(
      (a, b) =>
        Number(b.suggested) - Number(a.suggested) ||
        b.image.createdAt.localeCompare(a.image.createdAt),
    );
}

/** Every step of the rollout, from both images and their members as Glance has them now. */
export function planRollout(
  old: RolloutImage,
  next: RolloutImage,
  oldMembers: RolloutMember[],
  newMembers: RolloutMember[],
  options: RolloutOptions,
  /** Members per image the cloud allows (null: unlimited); the new version's members count toward it. */
  memberQuota: number | null = null,
): RolloutPlan {
  const onNew = new Map(newMembers.map((m) => [m.id, m.status]));
  // Glance lists members in no set order: when not all fit, those invited longest ago go first (then by id), every time alike.
  const wanted = oldMembers
    .filter(
      (m) =>
        !onNew.has(m.id) &&
        (m.status === "accepted" || (m.status === "pending" && options.includePending)),
    )
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
  const fits = fitMemberQuota(wanted, {
    memberIds: newMembers.map((m) => m.id),
    quota: memberQuota,
  });
  const over = new Set(fits.over);
  const members = oldMembers.map((m): MemberStep => {
    const status = onNew.get(m.id) ?? null;
    const action: MemberAction = status
      ? "already"
      : over.has(m)
        ? "over_quota"
        : wanted.includes(m)
          ? "invite"
          : "skip";
    return {
      member: { id: m.id, name: m.name },
      onOld: m.status,
      onNew: status,
      action,
      removeFromOld: options.removeOldMembers && (action === "invite" || action === "already"),
    };
  });
  const plan = {
    old,
    next,
    makeShared: next.visibility === "private",
    setPredecessor: next.predecessorId !== old.id,
    members,
    hideOld: options.hideOld && !old.hidden,
    quota:
      over.size > 0 && memberQuota !== null
        ? { quota: memberQuota, current: fits.current, fit: fits.fit, wanted: fits.newCount }
        : null,
  };
  return {
    ...plan,
    done:
      !plan.makeShared &&
      !plan.setPredecessor &&
      !plan.hideOld &&
      members.every((m) => m.action !== "invite" && !m.removeFromOld),
  };
}

/** The `openstack` commands that do the same, for the record. */
export function rolloutCommands(plan: RolloutPlan): string[] {
  const os = `openstack --os-region-name ${plan.old.region}`;
  return [
    ...(plan.makeShared ? [`${os} image set --shared ${plan.next.id}`] : []),
    ...(plan.setPredecessor
      ? [`${os} image set --property ${PREDECESSOR_PROPERTY}=${plan.old.id} ${plan.next.id}`]
      : []),
    ...plan.members
      .filter((m) => m.action === "invite")
      .map((m) => `${os} image add project ${plan.next.id} ${m.member.id}`),
    ...plan.members
      .filter((m) => m.removeFromOld)
      .map((m) => `${os} image remove project ${plan.old.id} ${m.member.id}`),
    ...(plan.hideOld ? [`${os} image set --hidden ${plan.old.id}`] : []),
    `${os} image member list ${plan.next.id}`,
  ];
}
