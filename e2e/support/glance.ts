import { cloud, openstackCli } from "./local-cloud";

/**
 * Glance called straight with a CLI identity's token (one `openstack token issue` per
 * identity and worker), for what a test sets up and cleans up. The `openstack` CLI stays
 * the outsider that checks results; starting it costs 1-2 s a call, an API call milliseconds.
 */
export type GlanceCall = (path: string, init?: RequestInit) => Promise<Response>;

const tokens = new Map<string, Promise<string>>();

export async function glanceAs(as: string, region = "RegionOne"): Promise<GlanceCall> {
  if (!tokens.has(as)) {
    const issued = openstackCli<{ id: string }>(as, ["token", "issue"]).then((t) => t.id);
    issued.catch(() => tokens.delete(as));
    tokens.set(as, issued);
  }
  const token = await tokens.get(as)!;
  const endpoint = cloud.regions.find((r) => r.id === region)!.imageUrl;
  return (path, init = {}) =>
    fetch(`${endpoint}${path}`, {
      ...init,
      headers: {
        "X-Auth-Token": token,
        "Content-Type": path.endsWith("/file")
          ? "application/octet-stream"
          : init.method === "PATCH"
            ? "application/openstack-images-v2.1-json-patch"
            : "application/json",
        ...init.headers,
      },
    });
}

async function expectOk(res: Response, what: string): Promise<Response> {
  if (!res.ok) throw new Error(`${what}: Glance answered ${res.status} ${await res.text()}`);
  return res;
}

/** Creates an image through Glance's API; returns its id. */
export async function createImage(
  as: string,
  image: Record<string, unknown> & { name: string },
  region = "RegionOne",
): Promise<string> {
  const glance = await glanceAs(as, region);
  const res = await glance("/v2/images", {
    method: "POST",
    body: JSON.stringify({ disk_format: "raw", container_format: "bare", ...image }),
  });
  await expectOk(res, `creating ${image.name} as ${as}`);
  return ((await res.json()) as { id: string }).id;
}

/** Deletes an image (protected ones too); one that is gone already is not an error. */
export async function deleteImage(as: string, id: string, region = "RegionOne"): Promise<void> {
  const glance = await glanceAs(as, region);
  const what = `deleting ${id} as ${as}`;
  let res = await glance(`/v2/images/${id}`, { method: "DELETE" });
  if (res.status === 403) {
    const unprotect = [{ op: "replace", path: "/protected", value: false }];
    await expectOk(
      await glance(`/v2/images/${id}`, { method: "PATCH", body: JSON.stringify(unprotect) }),
      what,
    );
    res = await glance(`/v2/images/${id}`, { method: "DELETE" });
  }
  if (res.status !== 404) await expectOk(res, what);
}

/** Uploads an image's data. */
export async function uploadData(as: string, id: string, data: Buffer, region = "RegionOne") {
  const glance = await glanceAs(as, region);
  await expectOk(
    await glance(`/v2/images/${id}/file`, { method: "PUT", body: new Uint8Array(data) }),
    `uploading ${id} as ${as}`,
  );
}

/** Invites a project to an image, as its owner (`openstack image add project`). */
export const addMember = (as: string, imageId: string, member: string, region = "RegionOne") =>
  send(
    as,
    region,
    "POST",
    `/v2/images/${imageId}/members`,
    { member },
    `inviting ${member} to ${imageId}`,
  );

/** Accepts or rejects an invitation, as the member (`openstack image set --accept`). */
export const answerInvitation = (
  as: string,
  imageId: string,
  member: string,
  status: "accepted" | "rejected" | "pending",
  region = "RegionOne",
) =>
  send(
    as,
    region,
    "PUT",
    `/v2/images/${imageId}/members/${member}`,
    { status },
    `answering ${status} to ${imageId}`,
  );

/** Sends a JSON body to a region's Glance as a seeded project, failing with `what` unless it succeeds. */
async function send(
  as: string,
  region: string,
  method: string,
  path: string,
  body: unknown,
  what: string,
) {
  const glance = await glanceAs(as, region);
  await expectOk(await glance(path, { method, body: JSON.stringify(body) }), `${what} as ${as}`);
}

/** Changes an image's fields and properties (`openstack image set`): replaced when present, added when not. */
export async function updateImage(
  as: string,
  id: string,
  values: Record<string, unknown>,
  region = "RegionOne",
) {
  const glance = await glanceAs(as, region);
  const current = (await (
    await expectOk(await glance(`/v2/images/${id}`), `reading ${id}`)
  ).json()) as Record<string, unknown>;
  const ops = Object.entries(values).map(([key, value]) => ({
    op: key in current ? "replace" : "add",
    path: `/${key}`,
    value,
  }));
  await expectOk(
    await glance(`/v2/images/${id}`, { method: "PATCH", body: JSON.stringify(ops) }),
    `updating ${id} as ${as}`,
  );
}
