import { everyPage } from "./support/pages";
import { expect, test } from "./support/test";

test("every page is served with a Content-Security-Policy of its own nonce, and the browser runs Next's scripts under it", async ({
  page,
}) => {
  const nonces = new Set<string>();
  for (const path of everyPage) {
    const res = await page.goto(path);
    const headers = res!.headers();
    const csp = headers["content-security-policy"] ?? "";
    expect(csp, path).toContain("frame-ancestors 'none'");
    expect(csp, path).toContain("object-src 'none'");
    expect(csp, path).not.toContain("unsafe-inline");
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce, path).toBeTruthy();
    nonces.add(nonce!);
    expect(headers["permissions-policy"], path).toContain("camera=()");
    expect(headers["x-content-type-options"], path).toBe("nosniff");
    // Every script the server sent carries this view's nonce. (Chunks those scripts insert
    // later carry none: 'strict-dynamic' lets them run, so the live DOM is not the check.)
    const scriptTags = (await res!.text()).match(/<script\b[^>]*>/g) ?? [];
    expect(scriptTags.length, path).toBeGreaterThan(0);
    expect(
      new Set(scriptTags.map((tag) => /\snonce="([^"]*)"/.exec(tag)?.[1] ?? "none")),
      path,
    ).toEqual(new Set([nonce]));
  }
  expect(nonces.size, "a nonce is never reused between page views").toBe(everyPage.length);

  // The scripts ran: the page is interactive (client-side navigation works).
  await page.goto("/");
  await page.getByRole("navigation").getByRole("link", { name: "Projects" }).click();
  await expect(page.getByRole("heading", { level: 1, name: /projects/i })).toBeVisible();
});

test("markup injected into a page cannot run script: the policy blocks it and the browser reports it", async ({
  page,
}) => {
  await page.goto("/projects");
  await page.evaluate(() => {
    document.body.insertAdjacentHTML(
      "beforeend",
      `<img src="/does-not-exist.png" onerror="window.__ran = true">`,
    );
    const s = document.createElement("div");
    s.innerHTML = "<script>window.__ran = true</script>";
    document.body.append(s);
  });
  await expect
    .poll(() => page.evaluate(() => window.__cspViolations?.length ?? 0))
    .toBeGreaterThan(0);
  expect(await page.evaluate(() => (window as { __ran?: boolean }).__ran)).toBeUndefined();
  const violations = await page.evaluate(() => window.__cspViolations!.splice(0));
  expect(violations.join("\n")).toMatch(/script-src/);
});

test("API answers are not pages: no policy of their own, but never framed or sniffed", async ({
  request,
}) => {
  const res = await request.get("/api/health");
  expect(res.headers()["x-frame-options"]).toBe("DENY");
  expect(res.headers()["x-content-type-options"]).toBe("nosniff");
});
