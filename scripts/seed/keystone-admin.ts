// The few Keystone admin calls the seed needs. The dashboard never administers
// Keystone, so these stay out of lib/openstack.
import { z } from "zod";

import { OpenStackError } from "@/lib/openstack/errors";
import { openstackRequest } from "@/lib/openstack/http";
import { authenticateWithPassword } from "@/lib/openstack/keystone";

const ref = z.object({ id: z.string() });

export class KeystoneAdmin {
  constructor(
    private readonly authUrl: string,
    private readonly token: string,
  ) {}

  private async call<T>(
    method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE",
    path: string,
    schema?: z.ZodType<T>,
    body?: unknown,
  ) {
    const res = await openstackRequest({
      service: "keystone",
      method,
      url: `${this.authUrl}${path}`,
      token: this.token,
      body,
      schema,
    });
    return res.data;
  }

  /** Finds by a query (exactly one match expected), or creates. */
  private async ensure(
    collection: string,
    key: string,
    query: Record<string, string>,
    create: Record<string, unknown>,
  ) {
    const found = await this.call(
      "GET",
      `/${collection}?${new URLSearchParams(query)}`,
      z.object({ [collection]: z.array(ref) }),
    );
    const existing = (found as Record<string, { id: string }[]>)[collection]?.[0];
    if (existing) return existing.id;
    const created = await this.call("POST", `/${collection}`, z.object({ [key]: ref }), {
      [key]: create,
    });
    return (created as Record<string, { id: string }>)[key]!.id;
  }

  ensureDomain(name: string) {
    return this.ensure("domains", "domain", { name }, { name, enabled: true });
  }

  ensureProject(name: string, domainId: string, description: string) {
    return this.ensure(
      "projects",
      "project",
      { name, domain_id: domainId },
      { name, domain_id: domainId, description, enabled: true },
    );
  }

  async ensureUser(name: string, domainId: string, password: string) {
    const id = await this.ensure(
      "users",
      "user",
      { name, domain_id: domainId },
      { name, domain_id: domainId, password, enabled: true },
    );
    // Keep the demo password true even if someone changed it by hand, but only then:
    // Keystone revokes every token of a user whose password is set, even to the same one
    // (a running Glance's own, with which it reads quotas, included).
    const works = await authenticateWithPassword(this.authUrl, { user: { id }, password }).then(
      () => true,
      () => false,
    );
    if (!works) await this.call("PATCH", `/users/${id}`, undefined, { user: { password } });
    return id;
  }

  roleId(name: string) {
    return this.ensure("roles", "role", { name }, { name });
  }

  async grant(projectId: string, userId: string, roleId: string) {
    await this.call("PUT", `/projects/${projectId}/users/${userId}/roles/${roleId}`);
  }

  async ensureRegion(id: string) {
    try {
      await this.call("GET", `/regions/${id}`, z.object({ region: ref }));
    } catch (err) {
      if (!(err instanceof OpenStackError && err.upstreamStatus === 404)) throw err;
      await this.call("POST", "/regions", undefined, { region: { id } });
    }
  }

  ensureService(type: string, name: string) {
    return this.ensure("services", "service", { type }, { type, name, enabled: true });
  }

  /** A role on the whole system (not a project): what a service reads limits with. */
  async grantSystem(userId: string, roleId: string) {
    await this.call("PUT", `/system/users/${userId}/roles/${roleId}`);
  }

  /** A unified limit's default for every project of one service in one region (kept as given). */
  async ensureRegisteredLimit(
    serviceId: string,
    regionId: string,
    resourceName: string,
    defaultLimit: number,
  ) {
    const limitSchema = z.object({ id: z.string(), default_limit: z.number() });
    const found = await this.call(
      "GET",
      `/registered_limits?${new URLSearchParams({ service_id: serviceId, region_id: regionId, resource_name: resourceName })}`,
      z.object({ registered_limits: z.array(limitSchema) }),
    );
    const existing = found.registered_limits[0];
    if (!existing) {
      await this.call("POST", "/registered_limits", undefined, {
        registered_limits: [
          {
            service_id: serviceId,
            region_id: regionId,
            resource_name: resourceName,
            default_limit: defaultLimit,
          },
        ],
      });
    } else if (existing.default_limit !== defaultLimit) {
      await this.call("PATCH", `/registered_limits/${existing.id}`, undefined, {
        registered_limit: { default_limit: defaultLimit },
      });
    }
  }

  /** The endpoint's id (created, or its URL brought up to date). */
  async ensureEndpoint(
    serviceId: string,
    iface: string,
    regionId: string,
    url: string,
  ): Promise<string> {
    const endpointSchema = z.object({ id: z.string(), url: z.string() });
    const found = await this.call(
      "GET",
      `/endpoints?${new URLSearchParams({ service_id: serviceId, interface: iface, region_id: regionId })}`,
      z.object({ endpoints: z.array(endpointSchema) }),
    );
    const existing = found.endpoints[0];
    if (!existing) {
      const created = await this.call(
        "POST",
        "/endpoints",
        z.object({ endpoint: endpointSchema }),
        {
          endpoint: {
            service_id: serviceId,
            interface: iface,
            region_id: regionId,
            url,
            enabled: true,
          },
        },
      );
      return created.endpoint.id;
    }
    if (existing.url !== url)
      await this.call("PATCH", `/endpoints/${existing.id}`, undefined, { endpoint: { url } });
    return existing.id;
  }
}

/** Creates an application credential as its own user (deleting an older one of that name). */
export async function recreateApplicationCredential(
  authUrl: string,
  userToken: string,
  userId: string,
  name: string,
) {
  const base = `${authUrl}/users/${userId}/application_credentials`;
  const list = await openstackRequest({
    service: "keystone",
    url: `${base}?name=${encodeURIComponent(name)}`,
    token: userToken,
    schema: z.object({ application_credentials: z.array(ref) }),
  });
  for (const old of list.data.application_credentials) {
    await openstackRequest({
      service: "keystone",
      method: "DELETE",
      url: `${base}/${old.id}`,
      token: userToken,
    });
  }
  const res = await openstackRequest({
    service: "keystone",
    method: "POST",
    url: base,
    token: userToken,
    body: { application_credential: { name, description: "Glance Share demo login" } },
    schema: z.object({ application_credential: z.object({ id: z.string(), secret: z.string() }) }),
  });
  return res.data.application_credential;
}
