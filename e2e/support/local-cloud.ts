import { readCloudFile } from "../../scripts/seed/cloud-file";
import { openstackCliQuiet } from "../../scripts/testing/openstack-cli";

export {
  faithfulCopyOf,
  openstackCli,
  openstackCliQuiet,
  type CliImage,
} from "../../scripts/testing/openstack-cli";
export {
  freezeGlance,
  imageBeingWritten,
  killGlance,
  startGlance,
} from "../../scripts/testing/glance-process";

/** The seeded ids and logins of the local cloud (scripts/local-cloud up). */
export const cloud = readCloudFile();
export const DEMO_PASSWORD = cloud.users["alpha-member"]!.password;
export const projectId = (name: string) => cloud.projects[name]!.id;

/**
 * Runs `during` while a Default-domain user has lost its member role on a project, which
 * makes Keystone revoke the user's tokens there; the role is given back after.
 */
export async function withoutMemberRole(
  user: string,
  project: string,
  during: () => Promise<void>,
) {
  const role = [
    "--user",
    user,
    "--user-domain",
    "Default",
    "--project",
    projectId(project),
    "member",
  ];
  await openstackCliQuiet("admin", ["role", "remove", ...role]);
  try {
    await during();
  } finally {
    await openstackCliQuiet("admin", ["role", "add", ...role]);
  }
}
