// The `openstack` commands that do what a transfer does, shown in its review so a person
// can see (and repeat) the steps. Pure.
import { copyDefinition, type CopySource } from "./copy";

/** A word the shell reads back as it is: quoted unless it is plainly safe. */
export function shellWord(word: string): string {
  return /^[A-Za-z0-9_./:=@%+,-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** Where the CLI acts: the project's clouds.yaml entry (named as the person connected it) and a region. */
export interface CliPlace {
  cloud: string;
  region: string;
}

const at = (p: CliPlace) =>
  `openstack --os-cloud ${shellWord(p.cloud)} --os-region-name ${shellWord(p.region)}`;

/** `image create` flags that give a copy its source's formats, limits, tags and properties (provenance included). */
function createFlags(definition: ReturnType<typeof copyDefinition>): string {
  return [
    `--disk-format ${shellWord(definition.diskFormat)}`,
    `--container-format ${shellWord(definition.containerFormat)}`,
    ...(definition.minDisk ? [`--min-disk ${definition.minDisk}`] : []),
    ...(definition.minRam ? [`--min-ram ${definition.minRam}`] : []),
    ...definition.tags.map((t) => `--tag ${shellWord(t)}`),
    ...Object.entries(definition.properties).map(
      ([k, v]) => `--property ${shellWord(`${k}=${v}`)}`,
    ),
  ].join(" ");
}

/** The guide's way: save the source to disk, then create each copy from the file (a move ends with the delete). */
export function transferCommands(
  source: CopySource,
  from: CliPlace,
  targets: CliPlace[],
  { name, move = false }: { name?: string; move?: boolean } = {},
): string[] {
  const definition = copyDefinition(source, name);
  const file = `${definition.name.replace(/[^A-Za-z0-9_.-]+/g, "_")}.${definition.diskFormat}`;
  const lines = [`${at(from)} image save --file ${shellWord(file)} ${source.id}`];
  const flags = createFlags(definition);
  for (const target of targets)
    lines.push(
      `${at(target)} image create ${flags} --file ${shellWord(file)} ${shellWord(definition.name)}`,
    );
  if (move) lines.push(`${at(from)} image delete ${source.id}`);
  return lines;
}

/**
 * Glance's own copy into a target of the same cloud (glance-download): a copy without data,
 * then Glance's import call, which has the target's Glance read the source's. Neither the
 * `openstack` client (6.0: no image import) nor the `glance` client (4.1: refuses its own
 * glance-download options) can make that call, so it is curl's, with the project's token
 * and its Glance from the catalog. A shared image is readable by the target project once it
 * is an accepted member: it is made one for the copy and removed after, as the dashboard does.
 */
export function glanceDownloadCommands(
  source: CopySource,
  from: CliPlace,
  target: CliPlace & { projectId: string },
  { name, temporaryMember = false }: { name?: string; temporaryMember?: boolean } = {},
): string[] {
  const definition = copyDefinition(source, name);
  const cloud = `openstack --os-cloud ${shellWord(target.cloud)}`;
  const body = {
    method: {
      name: "glance-download",
      glance_image_id: source.id,
      glance_region: from.region,
      glance_service_interface: "public",
    },
  };
  const status = `${at(target)} image show "$copy" -f value -c status`;
  return [
    ...(temporaryMember
      ? [
          `${at(from)} image add project ${source.id} ${shellWord(target.projectId)}`,
          `${at({ cloud: target.cloud, region: from.region })} image set --accept ${source.id}`,
        ]
      : []),
    `glance=$(${cloud} versions show --service image --region-name ${shellWord(target.region)} --interface public --status CURRENT -f value -c Endpoint)`,
    `token=$(${cloud} token issue -f value -c id)`,
    `copy=$(${at(target)} image create ${createFlags(definition)} --private -f value -c id ${shellWord(definition.name)})`,
    `curl -fsS -X POST "\${glance%/}/images/$copy/import" -H "X-Auth-Token: $token" -H 'Content-Type: application/json' -d ${shellWord(JSON.stringify(body))}`,
    `while [ "$(${status})" = importing ]; do sleep 2; done; ${status}`,
    ...(temporaryMember
      ? [`${at(from)} image remove project ${source.id} ${shellWord(target.projectId)}`]
      : []),
  ];
}
