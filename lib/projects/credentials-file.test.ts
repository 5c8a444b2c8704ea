import { describe, expect, it } from "vitest";

import {
  parseOpenrcVariables,
  prefillFromOpenrc,
  prefillsFromCloudsYaml,
  prefillsFromFile,
  sameAuthUrl,
} from "./credentials-file";

// The shape of OVHcloud's openrc.sh: OS_TENANT_*, defaults in ${...:-...}, a prompted password.
const ovhOpenrc = `#!/bin/bash
export OS_AUTH_URL=https://auth.cloud.ovh.net/v3
export OS_IDENTITY_API_VERSION=3
export OS_USER_DOMAIN_NAME=\${OS_USER_DOMAIN_NAME:-"Default"}
export OS_PROJECT_DOMAIN_NAME=\${OS_PROJECT_DOMAIN_NAME:-"Default"}
export OS_TENANT_ID=35c9ee22e5c84c1097a5652b0abcbab3
export OS_TENANT_NAME="8434567890123456"
export OS_USERNAME="user-AbCdEf123"
echo "Please enter your OpenStack Password: "
read -sr OS_PASSWORD_INPUT
export OS_PASSWORD=$OS_PASSWORD_INPUT
export OS_REGION_NAME="GRA11"
if [ -z "$OS_REGION_NAME" ]; then unset OS_REGION_NAME; fi
`;

describe("openrc.sh", () => {
  it("reads OVHcloud's variables, defaults included, and skips the prompted password", () => {
    expect(prefillFromOpenrc(ovhOpenrc)).toEqual({
      method: "password",
      authUrl: "https://auth.cloud.ovh.net/v3",
      username: "user-AbCdEf123",
      password: undefined,
      userDomain: "Default",
      project: "35c9ee22e5c84c1097a5652b0abcbab3",
      projectDomain: "Default",
      region: "GRA11",
      applicationCredentialId: undefined,
      applicationCredentialSecret: undefined,
      source: "openrc.sh",
    });
  });

  it("accepts PROJECT names as well as TENANT names, and a literal password", () => {
    const p = prefillFromOpenrc(
      "OS_AUTH_URL='http://127.0.0.1:5000/v3'\nOS_PROJECT_NAME=alpha\nOS_USERNAME=alpha-member\nOS_PASSWORD=s3cret # demo\n",
    );
    expect(p).toMatchObject({
      project: "alpha",
      username: "alpha-member",
      password: "s3cret",
      authUrl: "http://127.0.0.1:5000/v3",
    });
  });

  it("recognises an application credential", () => {
    const p = prefillFromOpenrc(
      "export OS_AUTH_TYPE=v3applicationcredential\nexport OS_AUTH_URL=https://k/v3\nexport OS_APPLICATION_CREDENTIAL_ID=abc\nexport OS_APPLICATION_CREDENTIAL_SECRET=xyz\n",
    );
    expect(p).toMatchObject({
      method: "application_credential",
      applicationCredentialId: "abc",
      applicationCredentialSecret: "xyz",
    });
  });

  it("refuses a file with no OpenStack variables", () => {
    expect(() => prefillFromOpenrc("echo hello\n")).toThrow(/No OpenStack variables/);
  });

  it("ignores lines that are not assignments", () => {
    expect(parseOpenrcVariables("read -sr OS_PASSWORD_INPUT\nexport OS_USERNAME=u\n")).toEqual({
      OS_USERNAME: "u",
    });
  });
});

describe("clouds.yaml", () => {
  const yaml = `clouds:
  ovh:
    auth:
      auth_url: https://auth.cloud.ovh.net/v3
      username: user-1
      password: pw
      project_name: "8434567890123456"
      user_domain_name: Default
      project_domain_name: Default
    region_name: GRA11
  lab:
    auth_type: v3applicationcredential
    auth:
      auth_url: http://127.0.0.1:5000/v3
      application_credential_id: f421
      application_credential_secret: sec
    regions: [RegionOne, RegionTwo]
`;

  it("reads every entry, password and application credential", () => {
    const [ovh, lab] = prefillsFromCloudsYaml(yaml);
    expect(ovh).toMatchObject({
      method: "password",
      username: "user-1",
      password: "pw",
      project: "8434567890123456",
      region: "GRA11",
      source: "clouds.yaml: ovh",
    });
    expect(lab).toMatchObject({
      method: "application_credential",
      applicationCredentialId: "f421",
      applicationCredentialSecret: "sec",
      region: "RegionOne",
    });
  });

  it("accepts a single entry pasted without the clouds: key", () => {
    const [p] = prefillsFromCloudsYaml(
      "auth:\n  auth_url: https://k/v3\n  username: u\n  project_id: 0123456789abcdef0123456789abcdef\n",
    );
    expect(p).toMatchObject({
      username: "u",
      project: "0123456789abcdef0123456789abcdef",
      source: "clouds.yaml: pasted",
    });
  });

  it("explains what is wrong with a file it cannot use", () => {
    expect(() => prefillsFromCloudsYaml("clouds: [")).toThrow(/not valid YAML/);
    expect(() => prefillsFromCloudsYaml("clouds:\n  x:\n    region_name: A\n")).toThrow(
      /No cloud with an `auth` section/,
    );
  });
});

describe("prefillsFromFile", () => {
  it("tells shell from YAML", () => {
    expect(prefillsFromFile(ovhOpenrc)[0]!.source).toBe("openrc.sh");
    expect(
      prefillsFromFile("clouds:\n  a:\n    auth:\n      auth_url: https://k\n")[0]!.source,
    ).toBe("clouds.yaml: a");
  });
});

describe("sameAuthUrl", () => {
  it("ignores a trailing slash, the /v3 suffix and case", () => {
    expect(sameAuthUrl("https://auth.cloud.ovh.net/v3/", "https://AUTH.cloud.ovh.net")).toBe(true);
    expect(sameAuthUrl("https://auth.cloud.ovh.net/v3", "https://auth.cloud.ovh.us/v3")).toBe(
      false,
    );
  });
});
