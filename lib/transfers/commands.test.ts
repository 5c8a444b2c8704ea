import { describe, expect, it } from "vitest";

import { glanceDownloadCommands, shellWord, transferCommands } from "./commands";
import type { CopySource } from "./copy";

const source: CopySource = {
  id: "11111111-2222-3333-4444-555555555555",
  name: "Ubuntu 24.04 (golden)",
  region: "GRA11",
  owner: "p-alpha",
  diskFormat: "qcow2",
  containerFormat: "bare",
  minDisk: 10,
  minRam: 0,
  tags: ["golden"],
  properties: { os_distro: "ubuntu", description: "it's ours", os_glance_importing_to_stores: "" },
  size: 100,
  checksum: "c",
  hashAlgo: "sha512",
  hashValue: "h",
};

describe("shellWord", () => {
  it("leaves plain words alone and quotes the rest so the shell reads them back unchanged", () => {
    expect(shellWord("RegionOne")).toBe("RegionOne");
    expect(shellWord("a b")).toBe("'a b'");
    expect(shellWord("it's")).toBe(`'it'\\''s'`);
    expect(shellWord("$(rm -rf ~)")).toBe("'$(rm -rf ~)'");
  });
});

describe("transferCommands", () => {
  it("saves once, creates one copy per target with the same formats, limits, tags and properties plus provenance, and deletes last for a move", () => {
    const lines = transferCommands(
      source,
      { cloud: "alpha", region: "GRA11" },
      [
        { cloud: "beta", region: "GRA11" },
        { cloud: "partner", region: "BHS5" },
      ],
      { move: true },
    );
    expect(lines).toHaveLength(4);
    expect(lines[0]).toBe(
      `openstack --os-cloud alpha --os-region-name GRA11 image save --file Ubuntu_24.04_golden_.qcow2 ${source.id}`,
    );
    expect(lines[2]).toMatch(
      /^openstack --os-cloud partner --os-region-name BHS5 image create --disk-format qcow2 --container-format bare --min-disk 10 --tag golden /,
    );
    expect(lines[2]).toContain(`--property 'description=it'\\''s ours'`);
    expect(lines[2]).toContain(`--property glance_share_source_image=${source.id}`);
    expect(lines[2]).toContain("--property glance_share_source_hash=sha512:h");
    expect(lines[2]).not.toContain("os_glance_");
    expect(lines[2]).not.toContain("--min-ram");
    expect(lines[2]).toMatch(/--file Ubuntu_24.04_golden_.qcow2 'Ubuntu 24.04 \(golden\)'$/);
    expect(lines[3]).toBe(
      `openstack --os-cloud alpha --os-region-name GRA11 image delete ${source.id}`,
    );
  });

  it("names the copies as asked, and a copy is not followed by a delete", () => {
    const lines = transferCommands(
      source,
      { cloud: "alpha", region: "GRA11" },
      [{ cloud: "beta", region: "GRA11" }],
      { name: "base" },
    );
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/ --file base\.qcow2 base$/);
  });
});

describe("glanceDownloadCommands", () => {
  it("creates the copy without data and asks the target's Glance to import it from the source's region, then waits for the end", () => {
    const lines = glanceDownloadCommands(
      source,
      { cloud: "alpha", region: "GRA11" },
      { cloud: "alpha", region: "BHS5", projectId: "p-alpha" },
    );
    expect(lines).toHaveLength(5);
    expect(lines[0]).toBe(
      "glance=$(openstack --os-cloud alpha versions show --service image --region-name BHS5 --interface public --status CURRENT -f value -c Endpoint)",
    );
    expect(lines[1]).toBe("token=$(openstack --os-cloud alpha token issue -f value -c id)");
    expect(lines[2]).toMatch(
      /^copy=\$\(openstack --os-cloud alpha --os-region-name BHS5 image create --disk-format qcow2 --container-format bare --min-disk 10 --tag golden /,
    );
    expect(lines[2]).toContain(`--property glance_share_source_image=${source.id}`);
    expect(lines[2]).toMatch(/ --private -f value -c id 'Ubuntu 24\.04 \(golden\)'\)$/);
    expect(lines[2]).not.toContain("--file");
    expect(lines[3]).toBe(
      `curl -fsS -X POST "\${glance%/}/images/$copy/import" -H "X-Auth-Token: $token" -H 'Content-Type: application/json' -d '{"method":{"name":"glance-download","glance_image_id":"${source.id}","glance_region":"GRA11","glance_service_interface":"public"}}'`,
    );
    expect(lines[4]).toBe(
      `while [ "$(openstack --os-cloud alpha --os-region-name BHS5 image show "$copy" -f value -c status)" = importing ]; do sleep 2; done; openstack --os-cloud alpha --os-region-name BHS5 image show "$copy" -f value -c status`,
    );
  });

  it("makes the target project an accepted member of a shared image for the copy, and removes it after", () => {
    const lines = glanceDownloadCommands(
      source,
      { cloud: "alpha", region: "GRA11" },
      { cloud: "beta", region: "BHS5", projectId: "p-beta" },
      { temporaryMember: true, name: "base" },
    );
    expect(lines).toHaveLength(8);
    expect(lines[0]).toBe(
      `openstack --os-cloud alpha --os-region-name GRA11 image add project ${source.id} p-beta`,
    );
    // The membership lives in the source's region: beta accepts there.
    expect(lines[1]).toBe(
      `openstack --os-cloud beta --os-region-name GRA11 image set --accept ${source.id}`,
    );
    expect(lines[4]).toMatch(
      /^copy=\$\(openstack --os-cloud beta --os-region-name BHS5 image create .* -f value -c id base\)$/,
    );
    expect(lines[7]).toBe(
      `openstack --os-cloud alpha --os-region-name GRA11 image remove project ${source.id} p-beta`,
    );
  });
});
