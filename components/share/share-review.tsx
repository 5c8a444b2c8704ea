import { VisibilityBadge } from "@/components/common/badges";
import { CopyButton } from "@/components/ui/copy-button";
import { cliCommands, type PlanImage, type SharePlan } from "@/lib/share/plan";

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

interface ReviewProps {
  plan: SharePlan;
  /** The member quota is being counted. */
  counting: boolean;
  /** Images whose members could not be counted. */
  uncounted: PlanImage[];
}

/** Step 3: what will change, what can go wrong later, and the same in `openstack` commands. */
export function ShareReview({ plan, counting, uncounted }: ReviewProps) {
  const images = [
    ...new Map(plan.pairs.map((p) => [`${p.image.region}|${p.image.id}`, p.image])).values(),
  ];
  const members = [...new Map(plan.pairs.map((p) => [p.member.id, p.member])).values()];
  const commands = cliCommands(plan);
  const text = [
    ...commands.owner,
    "",
    "# then, with the consumer project's credentials:",
    ...commands.consumer,
  ].join("\n");
  return (
    <div className="space-y-5 text-sm">
      <div>
        <h3 className="font-semibold">What will change</h3>
        <ul className="mt-2 space-y-1">
          {images.map((image) => (
            <li key={`${image.region}|${image.id}`}>
              <span className="font-medium">{image.name ?? image.id}</span> ({image.region}):{" "}
              {image.visibility === "private" ? (
                <>
                  visibility goes <VisibilityBadge visibility="private" /> →{" "}
                  <VisibilityBadge visibility="shared" />, then
                </>
              ) : (
                "stays shared;"
              )}{" "}
              invite {members.map((m) => m.name ?? m.id).join(", ")}
            </li>
          ))}
          {plan.skipped.map((image) => (
            <li key={`${image.region}|${image.id}`} className="text-amber-900">
              <span className="font-medium">{image.name ?? image.id}</span> ({image.region}) is{" "}
              {image.visibility}: {image.visibility} images cannot take members, so it is left out.
              Every project{" "}
              {image.visibility === "public" ? "sees it already" : "can use it already by its id"}.
            </li>
          ))}
        </ul>
        <p className="mt-2">
          {plan.pairs.length} invitation{plan.pairs.length === 1 ? "" : "s"} ({images.length} image
          {images.length === 1 ? "" : "s"} × {members.length} project
          {members.length === 1 ? "" : "s"}). Each consumer project must accept before it can use an
          image.
        </p>
        <MemberQuota plan={plan} counting={counting} uncounted={uncounted} />
      </div>

      <div className="rounded-md border border-amber-200 bg-amber-50 p-3 text-amber-900">
        <h3 className="font-semibold">Before you share</h3>
        <ul className="mt-1 list-disc space-y-1 pl-5">
          <li>The image stays in your project: consumers use it, they do not get a copy.</li>
          <li>
            If you delete the image, make it private, remove a member, or your project is closed,
            the consumers&apos; instances built from it may fail to rebuild or migrate.
          </li>
          <li>
            A consumer that needs to keep the image for good should make its own copy (e.g. a
            snapshot of an instance).
          </li>
        </ul>
      </div>

      <div>
        <div className="flex items-center justify-between">
          <h3 className="font-semibold">The same with the openstack CLI</h3>
          <CopyButton text={text} label="Copy the openstack commands" />
        </div>
        <pre
          aria-label="openstack commands"
          className="mt-2 overflow-x-auto rounded-md bg-slate-900 p-3 text-xs text-slate-100"
        >
          {text}
        </pre>
      </div>
    </div>
  );
}

/** How each image's invitations fit its cloud's member quota, counted before anything is sent. */
function MemberQuota({ plan, counting, uncounted }: ReviewProps) {
  if (counting)
    return (
      <p className="mt-2 text-slate-600">
        Counting each image&apos;s members against the cloud&apos;s member quota…
      </p>
    );
  return (
    <>
      {plan.quotaNotes.map((note) => {
        const left = plan.overQuota
          .filter((p) => p.image === note.image)
          .map((p) => p.member.name ?? p.member.id);
        return (
          <p
            key={`${note.image.region}|${note.image.id}`}
            role="note"
            className="mt-2 rounded-md border border-amber-200 bg-amber-50 p-3 text-amber-900"
          >
            <span className="font-semibold">Member quota:</span> {note.image.name ?? note.image.id}{" "}
            ({note.image.region}) has room for {note.fit} of {plural(note.wanted, "new member")}:
            this cloud allows {note.quota} per image and it has {note.current} (pending and rejected
            ones count too). Not invited: {left.join(", ")}.
          </p>
        );
      })}
      {uncounted.length > 0 && (
        <p className="mt-2 text-slate-600">
          The members of {uncounted.map((i) => i.name ?? i.id).join(", ")} could not be counted:
          Glance refuses invitations past its member quota, and the results will say so.
        </p>
      )}
    </>
  );
}
