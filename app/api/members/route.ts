import { addMembersSchema, type MemberAddEvent } from "@/lib/schemas/members";
import { apiRoute, ndjsonResponse, readJson } from "@/lib/server/api";
import { failedInvite } from "@/lib/server/common/members";
import { addImageMembers } from "@/lib/server/members/service";

// Invites image × project pairs; each result streams as one NDJSON line when it is known,
// so the share wizard's progress moves pair by pair.
export const POST = apiRoute(async (req, { projects }) => {
  const { items } = await readJson(req, addMembersSchema);
  return ndjsonResponse<MemberAddEvent>(
    async (emit) => {
      await addImageMembers(projects, items, (index, result) => emit({ index, result }));
    },
    // Items not answered yet fail with the reason, so none is left without a result.
    (err) => items.map((ref, index) => ({ index, result: failedInvite(ref, err) })),
  );
});
