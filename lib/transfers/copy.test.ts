import { describe, expect, it } from "vitest";

import type { Sentence } from "@/lib/i18n/sentence";
import { write } from "@/lib/i18n/write";

import {
  copiesProperty,
  copyDefinition,
  copyDifferences,
  keyRefusal,
  leftBehind,
  PROVENANCE,
  recordDifferences,
  type CopySource,
} from "./copy";

/** What a copy takes as the source has it. */
const kept = {
  diskFormat: "qcow2",
  containerFormat: "bare",
  minDisk: 10,
  minRam: 512,
  tags: ["golden"],
};
const source: CopySource = {
  id: "src-id",
  name: "ubuntu-22.04",
  region: "RegionOne",
  owner: "a".repeat(32),
  ...kept,
  properties: {
    hw_disk_bus: "scsi",
    os_distro: "ubuntu",
    os_glance_importing_to_stores: "",
    os_glance_failed_import: "",
    stores: "file",
    predecessor_id: "older",
    glance_share_source_image: "grandparent",
    owner_specified_team: "infra",
  },
  size: 3,
  checksum: "md5-of-abc",
  hashAlgo: "sha512",
  hashValue: "sha512-of-abc",
};

describe("copyDefinition", () => {
  it("keeps formats, limits, tags and every property but Glance's own and source-bound ones, and records the source", () => {
    expect(copyDefinition(source)).toEqual({
      name: "ubuntu-22.04",
      ...kept,
      properties: {
        hw_disk_bus: "scsi",
        os_distro: "ubuntu",
        owner_specified_team: "infra",
        [PROVENANCE.image]: "src-id",
        [PROVENANCE.region]: "RegionOne",
        [PROVENANCE.project]: "a".repeat(32),
        [PROVENANCE.hash]: "sha512:sha512-of-abc",
      },
    });
  });

  it("takes a new name, but not a blank one", () => {
    expect(copyDefinition(source, "ubuntu-copy").name).toBe("ubuntu-copy");
    expect(copyDefinition(source, "   ").name).toBe("ubuntu-22.04");
  });

  it("refuses a source without formats, which Glance could not hold data for", () => {
    expect(() => copyDefinition({ ...source, diskFormat: null })).toThrow(
      /no disk or container format/,
    );
  });

  it("leaves Glance's reserved keys out", () => {
    expect(
      ["os_glance_import_task", "stores", "direct_url", "locations", "os_hidden"].filter(
        copiesProperty,
      ),
    ).toEqual([]);
    expect(
      ["hw_firmware_type", "os_type", "description", "os_admin_user"].every(copiesProperty),
    ).toBe(true);
  });

  it("leaves the keys to the source's secrets behind, and says why for each", () => {
    const properties = {
      ...source.properties,
      cinder_encryption_key_id: "5a1f0e2c",
      cinder_encryption_key_deletion_policy: "on_image_deletion",
      img_signature: "c2lnbmF0dXJl",
      img_signature_hash_method: "SHA-256",
      img_signature_key_type: "RSA-PSS",
      img_signature_certificate_uuid: "0c1d2e3f",
    };
    const copy = copyDefinition({ ...source, properties });
    expect(Object.keys(copy.properties).filter((k) => /^(cinder_|img_sig)/.test(k))).toEqual([]);
    expect(copy.properties.hw_disk_bus).toBe("scsi");
    const left = leftBehind(properties);
    expect(left.map((l) => l.key)).toEqual([
      "cinder_encryption_key_deletion_policy",
      "cinder_encryption_key_id",
      "img_signature",
      "img_signature_certificate_uuid",
      "img_signature_hash_method",
      "img_signature_key_type",
    ]);
    expect(left[0]!.reason).toBe("encryptionKey");
    expect(left[2]!.reason).toBe("signature");
    expect(leftBehind(source.properties)).toEqual([]);
  });
});

const en = (s: Sentence | null) => (s ? write(s, "en") : null);

describe("keyRefusal", () => {
  it("refuses to move an image made from an encrypted volume, naming its key", () => {
    expect(
      en(
        keyRefusal({
          cinder_encryption_key_id: "5a1f0e2c",
          cinder_encryption_key_deletion_policy: "on_image_deletion",
        }),
      ),
    ).toMatch(
      /encryption key \(5a1f0e2c\) is deleted with it: a moved copy could never be decrypted/,
    );
    expect(
      en(
        keyRefusal({
          cinder_encryption_key_id: "k",
          cinder_encryption_key_deletion_policy: "do_not_delete",
        }),
      ),
    ).toMatch(/belongs to its project alone/);
  });

  it("lets any other image move", () => {
    expect(keyRefusal({ hw_disk_bus: "scsi", img_signature: "x" })).toBeNull();
  });
});

describe("copyDifferences", () => {
  const relayed = { bytes: 3, sha512: "sha512-of-abc" };

  it("is empty when the bytes, the source and the copy agree", () => {
    expect(copyDifferences(relayed, source, { ...source })).toEqual([]);
  });

  it("names each disagreement and where it is", () => {
    expect(
      copyDifferences({ ...relayed, sha512: "other" }, source, {
        ...source,
        size: 4,
        hashValue: "other",
      }),
    ).toEqual([
      "SHA-512: other passed, the source records sha512-of-abc",
      "size: 3 passed, the copy records 4",
    ]);
  });

  it("holds the copy to the MD5 its source records, which the target's Glance took of the bytes that passed", () => {
    expect(copyDifferences(relayed, source, { ...source, checksum: "md5-of-abd" })).toEqual([
      "MD5: the source records md5-of-abc, the copy records md5-of-abd",
    ]);
  });

  it("counts a record without a hash as unverified, not as a match", () => {
    expect(copyDifferences(relayed, { ...source, checksum: null }, source)).toEqual([
      "the source records no MD5",
    ]);
    expect(copyDifferences(relayed, source, { ...source, checksum: null })).toEqual([
      "the copy records no MD5",
    ]);
    expect(copyDifferences({ ...relayed, sha512: null }, source, source)).toEqual([
      "the bytes that passed were not hashed",
    ]);
    expect(
      copyDifferences(relayed, source, { ...source, hashAlgo: "sha256", hashValue: "x" }),
    ).toEqual(["the copy records a sha256 hash, not SHA-512"]);
  });
});

describe("recordDifferences", () => {
  const record = { size: 10, checksum: "m", hashAlgo: "sha512", hashValue: "s" };
  it("accepts a copy whose record agrees with its source's on size, MD5 and SHA-512", () => {
    expect(recordDifferences(record, { ...record })).toEqual([]);
  });
  it("names what differs, and refuses to vouch for a copy of a source that records no hashes", () => {
    expect(recordDifferences(record, { ...record, size: 11, hashValue: "t" })).toEqual([
      "size: 10 at the source, the copy records 11",
      "SHA-512: s at the source, the copy records t",
    ]);
    expect(recordDifferences({ ...record, hashValue: null }, record)).toEqual([
      "the source records no size, MD5 and SHA-512 to check the copy against",
    ]);
    expect(recordDifferences({ ...record, hashAlgo: "sha256" }, record)).toHaveLength(1);
  });
});
