import { readCloudFile } from "../../scripts/seed/cloud-file";

export { openstackCli, openstackCliQuiet } from "../../scripts/testing/openstack-cli";
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
