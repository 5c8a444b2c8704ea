// Helpers for tests and benchmarks that run against the local cloud.
import { createImage, deleteImage, type GlanceTarget, type NewImage } from "@/lib/openstack/glance";
import { authenticateWithPassword, type KeystoneToken } from "@/lib/openstack/keystone";
import type { NovaTarget } from "@/lib/openstack/nova";

import { readCloudFile } from "../seed/cloud-file";

export const cloud = readCloudFile();

/** The seeded id of a project (alpha, beta, gamma, partner). */
export const projectId = (name: string) => {
  const project = cloud.projects[name];
  if (!project) throw new Error(`no seeded project ${name}`);
  return project.id;
};

/** A project-scoped token for a seeded user. */
export function loginAs(user: string, project: string): Promise<KeystoneToken> {
  const u = cloud.users[user];
  if (!u) throw new Error(`no seeded user ${user}`);
  return authenticateWithPassword(
    cloud.authUrl,
    { user: { id: u.id }, password: u.password },
    { id: projectId(project) },
  );
}

/** Where to call Glance in one region with a token. */
export function glanceIn(token: KeystoneToken, region = "RegionOne"): GlanceTarget {
  const endpoint = token.imageEndpoints.find((e) => e.region === region);
  if (!endpoint) throw new Error(`no image endpoint in ${region}`);
  return { endpoint: endpoint.url, token: token.token };
}

/** Where to call Nova in one region with a token. */
export function novaIn(token: KeystoneToken, region = "RegionOne"): NovaTarget {
  const endpoint = token.computeEndpoints.find((e) => e.region === region);
  if (!endpoint) throw new Error(`no compute endpoint in ${region}`);
  return { endpoint: endpoint.url, token: token.token };
}

/** Creates throwaway images and deletes them all at the end of a test file. */
export function imageJanitor() {
  const made: { target: GlanceTarget; id: string }[] = [];
  return {
    async create(target: GlanceTarget, image: Partial<NewImage> & { name: string }) {
      const created = await createImage(target, {
        diskFormat: "raw",
        containerFormat: "bare",
        ...image,
      });
      made.push({ target, id: created.id });
      return created;
    },
    /** Deletes an image made some other way at the end too. */
    track(target: GlanceTarget, id: string) {
      made.push({ target, id });
    },
    async cleanup() {
      await Promise.allSettled(made.splice(0).map((m) => deleteImage(m.target, m.id)));
    },
  };
}
