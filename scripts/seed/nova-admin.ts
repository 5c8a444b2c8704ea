// The few Nova admin calls the seed needs (flavors, every project's servers). The
// dashboard never administers Nova, so these stay out of lib/openstack.
import { z } from "zod";

import { openstackRequest } from "@/lib/openstack/http";
import { microversionOf, type NovaTarget } from "@/lib/openstack/nova";

export class NovaAdmin {
  constructor(private readonly target: NovaTarget) {}

  private async call<T>(
    method: "GET" | "POST" | "DELETE",
    path: string,
    schema?: z.ZodType<T>,
    body?: unknown,
  ) {
    const res = await openstackRequest({
      service: "nova",
      method,
      url: `${this.target.endpoint}${path}`,
      token: this.target.token,
      headers: { "OpenStack-API-Version": `compute ${await microversionOf(this.target)}` },
      body,
      schema,
    });
    return res.data;
  }

  async ensureFlavor(flavor: { name: string; vcpus: number; ram: number; disk: number }) {
    const { flavors } = await this.call(
      "GET",
      "/flavors?is_public=None",
      z.object({ flavors: z.array(z.object({ id: z.string(), name: z.string() })) }),
    );
    if (flavors.some((f) => f.name === flavor.name)) return;
    await this.call("POST", "/flavors", undefined, { flavor: { ...flavor, id: flavor.name } });
  }

  /** Every project's servers: id and project. */
  async allServers() {
    const { servers } = await this.call(
      "GET",
      "/servers/detail?all_tenants=1&limit=1000",
      z.object({
        servers: z.array(z.object({ id: z.string(), name: z.string(), status: z.string() })),
      }),
    );
    return servers;
  }

  deleteServer(id: string) {
    return this.call("DELETE", `/servers/${id}`);
  }

  /** The compute hosts Nova can schedule on that report themselves up. */
  async computesUp() {
    const { services } = await this.call(
      "GET",
      "/os-services?binary=nova-compute",
      z.object({ services: z.array(z.object({ host: z.string(), state: z.string() })) }),
    );
    return services.filter((s) => s.state === "up").length;
  }
}
