import { afterEach, describe, expect, it } from "vitest";

import { hostileServer, json, listedImage } from "@/lib/server/testing/hostile-server";

import {
  getImage,
  listAllImages,
  listImportTasks,
  MAX_IMPORT_TASKS,
  MAX_LIST_PAGES,
  nextPageUrl,
} from "./glance";

describe("nextPageUrl", () => {
  const target = { endpoint: "https://image.compute.gra11.cloud.ovh.net" };

  it("follows Glance's own links on its image list", () => {
    expect(nextPageUrl(target, "/v2/images?marker=abc&limit=1000")).toBe(
      "https://image.compute.gra11.cloud.ovh.net/v2/images?marker=abc&limit=1000",
    );
    expect(
      nextPageUrl({ endpoint: "https://cloud.example/image" }, "/image/v2/images?marker=abc"),
    ).toBe("https://cloud.example/image/v2/images?marker=abc");
    // Glance behind a path prefix still writes its links from the root.
    expect(nextPageUrl({ endpoint: "https://cloud.example/image" }, "/v2/images?marker=abc")).toBe(
      "https://cloud.example/v2/images?marker=abc",
    );
    // A late source's first page, relative to the endpoint.
    expect(nextPageUrl({ endpoint: "https://cloud.example/image" }, "v2/images?limit=100")).toBe(
      "https://cloud.example/image/v2/images?limit=100",
    );
  });

  it("refuses a link to another host, another path, or with credentials: the token would follow it", () => {
    for (const next of [
      "//evil.example/v2/images?marker=x",
      "http://169.254.169.254/v2/images",
      "https://image.compute.gra11.cloud.ovh.net.evil.example/v2/images",
      "http://image.compute.gra11.cloud.ovh.net/v2/images",
      "/v2/images/../../latest/meta-data",
      "/v2/images/x/members",
      "https://user:pw@image.compute.gra11.cloud.ovh.net/v2/images",
    ]) {
      expect(() => nextPageUrl(target, next), next).toThrow(
        "Glance's link to the next page points outside its image list; it was not followed.",
      );
    }
  });
});

describe("listAllImages against a hostile upstream", () => {
  let close: (() => Promise<void>) | null = null;
  afterEach(async () => {
    await close?.();
    close = null;
  });

  it("stops when a next link repeats itself", async () => {
    const upstream = await hostileServer((_req, res) =>
      json(res, { images: [listedImage("a")], next: "/v2/images?marker=a" }),
    );
    close = upstream.close;
    await expect(
      listAllImages({ endpoint: upstream.url, token: "t" }, { visibility: "shared" }),
    ).rejects.toMatchObject({ code: "invalid_response" });
    expect(upstream.requests.length).toBeLessThanOrEqual(3);
  });

  it(`stops after ${MAX_LIST_PAGES} pages of ever-new links`, async () => {
    let n = 0;
    const upstream = await hostileServer((_req, res) => {
      n++;
      json(res, { images: [listedImage(`i${n}`)], next: `/v2/images?marker=i${n}` });
    });
    close = upstream.close;
    await expect(listAllImages({ endpoint: upstream.url, token: "t" }, {})).rejects.toMatchObject({
      code: "invalid_response",
    });
    expect(upstream.requests).toHaveLength(MAX_LIST_PAGES);
  });

  it("never sends the token to a host a next link names", async () => {
    const upstream = await hostileServer((_req, res) =>
      json(res, { images: [listedImage("a")], next: "http://127.0.0.2:9/v2/images?marker=a" }),
    );
    close = upstream.close;
    await expect(listAllImages({ endpoint: upstream.url, token: "t" }, {})).rejects.toMatchObject({
      code: "invalid_response",
    });
    expect(upstream.requests).toHaveLength(1);
  });
});

describe("image and member ids in Glance's paths", () => {
  it("calls an ordinary id's path, and never one that a dot segment would climb out of", async () => {
    const glance = await hostileServer((_req, res) =>
      json(res, listedImage("2b1c4c3a-9d0e-4f5a-8b7c-6d5e4f3a2b1c")),
    );
    try {
      const target = { endpoint: glance.url, token: "t" };
      await getImage(target, "2b1c4c3a-9d0e-4f5a-8b7c-6d5e4f3a2b1c");
      for (const id of ["..", ".", ""]) {
        await expect(getImage(target, id), id).rejects.toMatchObject({
          code: "bad_request",
          message: `"${id}" cannot name an image or a member.`,
        });
      }
      expect(glance.requests).toEqual(["GET /v2/images/2b1c4c3a-9d0e-4f5a-8b7c-6d5e4f3a2b1c"]);
    } finally {
      await glance.close();
    }
  });
});

describe("listImportTasks against a hostile upstream", () => {
  it("keeps the newest tasks, each bounded, and never a source's credentials or query", async () => {
    const task = (i: number) => ({
      id: `t${i}`,
      type: "api_image_import",
      status: i === 999 ? "failure" : "success",
      message: `<script>alert(1)</script><b>${"x".repeat(10_000)}</b>`,
      created_at: `2026-01-01T00:00:${String(i % 60).padStart(2, "0")}.${String(i).padStart(3, "0")}`,
      updated_at: "2026-01-01T00:00:00",
      input: {
        import_req: {
          method: {
            name: "web-download".repeat(20),
            uri: `https://user:pw@evil.example/${"p".repeat(1000)}?sig=secret#frag`,
          },
        },
      },
    });
    const upstream = await hostileServer((_req, res) =>
      json(res, { tasks: Array.from({ length: 1000 }, (_, i) => task(i)) }),
    );
    try {
      const tasks = await listImportTasks({ endpoint: upstream.url, token: "t" }, "img");
      expect(tasks).toHaveLength(MAX_IMPORT_TASKS);
      expect(tasks[0]!.createdAt >= tasks[1]!.createdAt).toBe(true);
      for (const t of tasks) {
        expect(t.message!.length).toBeLessThanOrEqual(500);
        expect(t.message).not.toMatch(/<|alert/);
        expect(t.method!.length).toBeLessThanOrEqual(40);
        expect(t.source!.length).toBeLessThanOrEqual(300);
        expect(t.source).toMatch(/^https:\/\/evil\.example\/p+$/);
      }
    } finally {
      await upstream.close();
    }
  });
});
