import "server-only";

import { AppError } from "@/lib/errors";
import { say } from "@/lib/i18n/sentence";
import {
  getImage,
  setImageHidden,
  setImageProperty,
  setImageVisibility,
  type GlanceTarget,
  type Image,
} from "@/lib/openstack/glance";
import { PREDECESSOR_PROPERTY } from "@/lib/rollout/plan";
import type { ImageChange } from "@/lib/schemas/images";
import type { JournalAction } from "@/lib/schemas/journal";
import { withGlance, type Source } from "@/lib/server/core/context";
import { journaled, type Journaled } from "@/lib/server/core/journal";

/** One change to an owned image (visibility, hidden, predecessor), journaled. For the image page, share runs and rollouts. */
export function applyImageChange(
  source: Source,
  change: Omit<ImageChange, "connection" | "region">,
  imageId: string,
): Promise<Journaled<Image>> {
  return withGlance(
    source,
    async (target, actor) => {
      const { action, apply } = await changeOf(target, change, imageId, actor.project.id);
      return journaled(
        (changed: Image | null) => ({
          ...actor,
          region: source.region,
          image: { id: imageId, name: changed?.name ?? null },
          memberId: null,
          action,
        }),
        apply,
      );
    },
    { write: true },
  );
}

async function changeOf(
  target: GlanceTarget,
  change: Omit<ImageChange, "connection" | "region">,
  imageId: string,
  projectId: string,
): Promise<{ action: JournalAction; apply: () => Promise<Image> }> {
  if (change.visibility) {
    const visibility = change.visibility;
    return {
      action: visibility === "shared" ? "visibility_shared" : "visibility_private",
      apply: () => setImageVisibility(target, imageId, visibility),
    };
  }
  if (change.hidden !== undefined) {
    const hidden = change.hidden;
    return {
      action: hidden ? "hidden" : "unhidden",
      apply: () => setImageHidden(target, imageId, hidden),
    };
  }
  const predecessorId = change.predecessorId!;
  if (predecessorId === imageId) throw new AppError("validation", say("images.selfVersion"));
  const old = await getImage(target, predecessorId);
  if (old.owner !== projectId) throw new AppError("validation", say("images.versionOtherProject"));
  return {
    action: "predecessor_set",
    apply: () => setImageProperty(target, imageId, PREDECESSOR_PROPERTY, predecessorId),
  };
}
