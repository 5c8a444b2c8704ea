import "server-only";

import { say, type Sentence } from "@/lib/i18n/sentence";
import { OpenStackError } from "@/lib/openstack/errors";
import { addMember, removeMember, updateMemberStatus, type Image } from "@/lib/openstack/glance";
import { withGlance, type Source } from "@/lib/server/core/context";
import type { JournalDb } from "@/lib/server/core/database";
import { journaled } from "@/lib/server/core/journal";

import { actorOf, failureSentence } from "./common";
import { recordMembership } from "./store";

/** Where a temporary membership lives: the source image in its region, and the member project. */
export interface MembershipKey {
  source_cloud: string;
  source_region: string;
  source_image_id: string;
  target_project_id: string;
}

const keyOf = (source: Source, image: Image, target: Source): MembershipKey => ({
  source_cloud: source.connection.stored.authUrl,
  source_region: source.region,
  source_image_id: image.id,
  target_project_id: target.connection.stored.project.id,
});

/** Temporary memberships glance-download copies are using, shared by every copy of one image into one project in this process. */
const memberships = new Map<string, { users: number; added: boolean; ready: Promise<void> }>();

/**
 * Runs a copy while the target project is an accepted member of the source image: the first
 * copy that needs it adds and accepts the membership, the last one to end removes it (all
 * journaled). The membership is recorded on the transfer before Glance is asked, so if this
 * server dies the janitor removes it. Copies of one image into one project's regions need
 * the same membership.
 */
export async function withTemporaryMembership<T>(
  db: JournalDb,
  transferId: string,
  { source, image, target }: { source: Source; image: Image; target: Source },
  work: () => Promise<T>,
  onLeft: (note: Sentence) => void,
): Promise<T> {
  const member = target.connection.stored.project;
  const key = keyOf(source, image, target);
  const mapKey = Object.values(key).join("|");
  await recordMembership(db, key, "added", [transferId]);
  let lease = memberships.get(mapKey);
  if (!lease) {
    const made: { users: number; added: boolean; ready: Promise<void> } = {
      users: 0,
      added: false,
      ready: Promise.resolve(),
    };
    made.ready = (async () => {
      const membership = {
        region: source.region,
        image: { id: image.id, name: image.name },
        memberId: member.id,
      };
      await journaled({ ...actorOf(source), ...membership, action: "member_added" }, () =>
        withGlance(source, (glance) => addMember(glance, image.id, member.id), { write: true }),
      );
      made.added = true;
      // The target project accepts in the source's region, where the membership lives.
      const asMember = await source.context.source({
        connection: target.connection.stored.id,
        region: source.region,
      });
      await journaled({ ...actorOf(target), ...membership, action: "accepted" }, () =>
        withGlance(
          asMember,
          (glance) => updateMemberStatus(glance, image.id, member.id, "accepted"),
          { write: true },
        ),
      );
    })();
    memberships.set(mapKey, (lease = made));
  }
  lease.users++;
  try {
    await lease.ready;
    return await work();
  } finally {
    if (--lease.users === 0) {
      memberships.delete(mapKey);
      // A membership this copy could not add was never its own to remove.
      await (
        lease.added
          ? removeTemporaryMembership(db, source, image, key)
          : recordMembership(db, key, "removed")
      ).catch((err: unknown) =>
        onLeft(
          say("transfers.memberStillAfterCopy", {
            member: member.name,
            image: image.name ?? image.id,
            reason: failureSentence(err),
            imageId: image.id,
            memberId: member.id,
          }),
        ),
      );
    }
  }
}

/** Removes a temporary membership (journaled; one already gone is what was wanted) and records it on every transfer that used it. */
export async function removeTemporaryMembership(
  db: JournalDb,
  source: Source,
  image: Pick<Image, "id" | "name">,
  key: MembershipKey,
): Promise<void> {
  await journaled(
    {
      ...actorOf(source),
      region: source.region,
      image: { id: image.id, name: image.name },
      memberId: key.target_project_id,
      action: "member_removed",
    },
    async () => {
      try {
        await withGlance(
          source,
          (glance) => removeMember(glance, image.id, key.target_project_id),
          {
            write: true,
          },
        );
      } catch (err) {
        if (!(err instanceof OpenStackError && err.code === "not_found")) throw err;
      }
    },
  );
  await recordMembership(db, key, "removed");
}
