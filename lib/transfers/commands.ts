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

/** The guide's way: save the source to disk, then create each copy from the file (a move ends with the delete). */
export function transferCommands(source: CopySource, from: CliPlace, targets: CliPlace[], { name, move = false }: { name?: string; move?: boolean } = {}): string[] {
  const definition = copyDefinition(source, name);
  const file = `${definition.name.replace(/[^A-Za-z0-9_.-]+/g, "_")}.${definition.diskFormat}`;
  const at = (p: CliPlace) => `openstack --os-cloud ${shellWord(p.cloud)} --os-region-name ${shellWord(p.region)}`;
  const lines = [`${at(from)} image save --file ${shellWord(file)} ${source.id}`];
  const flags = [
    `--disk-format ${shellWord(definition.diskFormat)}`,
    `--container-format ${shellWord(definition.containerFormat)}`,
    ...(definition.minDisk ? [`--min-disk ${definition.minDisk}`] : []),
    ...(definition.minRam ? [`--min-ram ${definition.minRam}`] : []),
    ...definition.tags.map((t) => `--tag ${shellWord(t)}`),
    ...Object.entries(definition.properties).map(([k, v]) => `--property ${shellWord(`${k}=${v}`)}`),
  ].join(" ");
  for (const target of targets) lines.push(`${at(target)} image create ${flags} --file ${shellWord(file)} ${shellWord(definition.name)}`);
  if (move) lines.push(`${at(from)} image delete ${source.id}`);
  return lines;
}
