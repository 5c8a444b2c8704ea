// What a copy of an image takes from its source, and how a finished copy is checked.
// Pure: the server's transfer runs these; the review shows them.
import { say, type Sentence } from "@/lib/i18n/sentence";

/** The parts of an image a copy reads. */
export interface CopySource {
  id: string;
  name: string | null;
  region: string;
  /** The project that owns the source. */
  owner: string | null;
  diskFormat: string | null;
  containerFormat: string | null;
  minDisk: number;
  minRam: number;
  tags: string[];
  properties: Record<string, string>;
  size: number | null;
  checksum: string | null;
  hashAlgo: string | null;
  hashValue: string | null;
}

/** Where a copy came from, recorded on it as properties. */
export const PROVENANCE = {
  image: "glance_share_source_image",
  region: "glance_share_source_region",
  project: "glance_share_source_project",
  hash: "glance_share_source_hash",
} as const;

// Glance's own keys, and ours that only mean something where they were set.
const NOT_COPIED = [
  /^os_glance_/,
  /^stores$/,
  /^direct_url$/,
  /^locations$/,
  /^os_hidden$/,
  /^glance_share_source_/,
  /^predecessor_id$/,
];

// Keys that point to secrets of the source's project (Barbican): a copy must not claim them.
// Why (the review says it in words: copy.leftBehindReasons.*): a volume's encryption key,
// which Glance deletes with the source; a signature's certificate, which nobody where the
// copy goes could verify.
export type LeftBehindReason = "encryptionKey" | "signature";
const LEFT_BEHIND: { pattern: RegExp; reason: LeftBehindReason }[] = [
  { pattern: /^cinder_encryption_key_/, reason: "encryptionKey" },
  { pattern: /^img_signature/, reason: "signature" },
];

/** Whether a free-form property goes with a copy: everything but Glance's reserved keys, source-bound links and keys to the source's secrets. */
export const copiesProperty = (key: string) =>
  !NOT_COPIED.some((re) => re.test(key)) && !LEFT_BEHIND.some(({ pattern }) => pattern.test(key));

/** The source's properties a copy leaves behind on purpose, each with why, for the review. */
export function leftBehind(
  properties: Record<string, string>,
): { key: string; reason: LeftBehindReason }[] {
  return Object.keys(properties)
    .sort()
    .flatMap((key) => {
      const rule = LEFT_BEHIND.find(({ pattern }) => pattern.test(key));
      return rule ? [{ key, reason: rule.reason }] : [];
    });
}

/**
 * Why an image may not be moved for what its properties hold; null if they allow it. An
 * image made from an encrypted volume names its key: deleting the source may delete the key,
 * and no copy could be decrypted again.
 */
export function keyRefusal(properties: Record<string, string>): Sentence | null {
  if (!Object.keys(properties).some((key) => key.startsWith("cinder_encryption_key_"))) return null;
  const key = properties.cinder_encryption_key_id ?? say("plan.aSecret");
  return properties.cinder_encryption_key_deletion_policy === "do_not_delete"
    ? say("plan.encryptedKeepsKey", { key })
    : say("plan.encryptedDeletesKey", { key });
}

/** The new image a copy creates: the source's formats, limits, tags and properties, plus where it came from. */
export function copyDefinition(source: CopySource, name?: string) {
  if (!source.diskFormat || !source.containerFormat) {
    throw new Error(
      `${source.name ?? source.id} has no disk or container format: Glance cannot hold its data without them.`,
    );
  }
  const properties = Object.fromEntries(
    Object.entries(source.properties).filter(([key]) => copiesProperty(key)),
  );
  properties[PROVENANCE.image] = source.id;
  properties[PROVENANCE.region] = source.region;
  if (source.owner) properties[PROVENANCE.project] = source.owner;
  if (source.hashAlgo && source.hashValue)
    properties[PROVENANCE.hash] = `${source.hashAlgo}:${source.hashValue}`;
  return {
    name: name?.trim() || source.name || source.id,
    diskFormat: source.diskFormat,
    containerFormat: source.containerFormat,
    minDisk: source.minDisk,
    minRam: source.minRam,
    tags: [...source.tags],
    properties,
  };
}

/** What the bytes that passed through weighed and hashed to (null: not hashed). */
export interface RelayedData {
  bytes: number;
  sha512: string | null;
}

/** The size and hashes Glance records for an image. */
export type RecordedData = Pick<CopySource, "size" | "checksum" | "hashAlgo" | "hashValue">;

/**
 * Every way the copy differs from its source; empty means verified. The bytes that passed
 * must have the size and SHA-512 both records give. MD5 is checked between the records:
 * each Glance took it of the bytes it holds, which agreeing SHA-512s show to be the ones
 * that passed, so the relay does not hash them twice.
 */
export function copyDifferences(
  relayed: RelayedData,
  source: RecordedData,
  target: RecordedData,
  seen = "passed",
): string[] {
  const problems: string[] = [];
  if (relayed.sha512 === null) return ["the bytes that passed were not hashed"];
  const compare = (
    what: string,
    passed: string | number,
    recorded: string | number | null,
    where: string,
  ) => {
    if (recorded === null) problems.push(`${where} records no ${what}`);
    else if (recorded !== passed)
      problems.push(`${what}: ${passed} ${seen}, ${where} records ${recorded}`);
  };
  for (const [where, record] of [
    ["the source", source],
    ["the copy", target],
  ] as const) {
    compare("size", relayed.bytes, record.size, where);
    if (record.hashAlgo !== null && record.hashAlgo !== "sha512")
      problems.push(`${where} records a ${record.hashAlgo} hash, not SHA-512`);
    else compare("SHA-512", relayed.sha512, record.hashValue, where);
    if (record.checksum === null) problems.push(`${where} records no MD5`);
  }
  if (source.checksum !== null && target.checksum !== null && source.checksum !== target.checksum) {
    problems.push(
      `MD5: the source records ${source.checksum}, the copy records ${target.checksum}`,
    );
  }
  return problems;
}

/**
 * Every way a copy Glance made itself (glance-download: no byte passed here) differs from
 * its source: both records must hold a size, an MD5 and a SHA-512, and agree on all three.
 */
export function recordDifferences(source: RecordedData, target: RecordedData): string[] {
  if (
    source.size === null ||
    source.checksum === null ||
    source.hashAlgo !== "sha512" ||
    source.hashValue === null
  ) {
    return ["the source records no size, MD5 and SHA-512 to check the copy against"];
  }
  return copyDifferences(
    { bytes: source.size, sha512: source.hashValue },
    source,
    target,
    "at the source",
  );
}
