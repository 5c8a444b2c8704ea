import "server-only";

import { mapSettled } from "@/lib/concurrency";
import { updateMemberStatus } from "@/lib/openstack/glance";
import type { InvitationResultDto, SetInvitationStatusInput } from "@/lib/schemas/invitations";
import { withGlance, type ProjectContext } from "@/lib/server/core/context";
import { errorOf, FAN_OUT } from "@/lib/server/core/fan-out";
import { journaled } from "@/lib/server/core/journal";

export { listSharedWith as listInvitations } from "@/lib/server/common/shared-with";

const statusAction = {
  accepted: "accepted",
  rejected: "rejected",
  pending: "reset_pending",
} as const;

/** Accepts, rejects or resets invitations as the invited projects, journaled; each item succeeds or fails on its own. */
export async function setInvitationStatus(
  projects: ProjectContext,
  input: SetInvitationStatusInput,
): Promise<InvitationResultDto[]> {
  const settled = await mapSettled(input.items, FAN_OUT, async (ref) =>
    withGlance(
      await projects.source(ref),
      (target, actor) =>
        journaled(
          {
            ...actor,
            region: ref.region,
            image: { id: ref.imageId, name: null },
            memberId: actor.project.id,
            action: statusAction[input.status],
          },
          () => updateMemberStatus(target, ref.imageId, actor.project.id, input.status),
        ),
      { write: true },
    ),
  );
  return settled.map((s, i): InvitationResultDto => {
    const ref = input.items[i]!;
    if (s.status === "fulfilled")
      return {
        ref,
        ok: true,
        status: s.value.value.status,
        error: null,
        journalError: s.value.journalError,
      };
    return { ref, ok: false, status: null, error: errorOf(s.reason), journalError: null };
  });
}
