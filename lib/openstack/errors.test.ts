import { describe, expect, it } from "vitest";

import { AppError } from "@/lib/errors";
import { say } from "@/lib/i18n/sentence";
import { write } from "@/lib/i18n/write";

import {
  cleanUpstreamMessage,
  codeForStatus,
  describeMemberQuota,
  describePolicyDenial,
  isPassingFault,
  OpenStackError,
} from "./errors";
import { upstreamMessage } from "./http";

describe("cleanUpstreamMessage", () => {
  it("removes Glance's <br /> residue and trailing newlines", () => {
    expect(cleanUpstreamMessage("Only shared images have members.<br /><br />\n\n\n")).toBe(
      "Only shared images have members.",
    );
  });

  it("turns an HTML error page into its text", () => {
    const page =
      "<html><head><title>403 Forbidden</title></head><body><h1>403 Forbidden</h1>Not allowed &amp; logged.<br /></body></html>";
    expect(cleanUpstreamMessage(page)).toBe("403 Forbidden Not allowed & logged.");
  });
});

describe("cleanUpstreamMessage on hostile bodies", () => {
  it("keeps the text around a script block, and drops an unclosed one to the end", () => {
    expect(cleanUpstreamMessage("Denied.<script>alert(1)</script> Ask the owner.")).toBe(
      "Denied. Ask the owner.",
    );
    expect(cleanUpstreamMessage("Denied.<style>p{}</style><script src=x>")).toBe("Denied.");
  });

  it("stays fast on hostile bodies (280 KB of unclosed tags) and reads only their start", () => {
    for (const hostile of [
      "<script".repeat(40_000),
      "<".repeat(280_000),
      "<head ".repeat(40_000),
    ]) {
      const started = performance.now();
      cleanUpstreamMessage(hostile);
      expect(performance.now() - started).toBeLessThan(200);
    }
    expect(cleanUpstreamMessage(`${"a".repeat(20_000)} end`)).toHaveLength(16 * 1024);
  });
});

describe("upstreamMessage", () => {
  it("reads Glance's JSON error body", () => {
    const body = JSON.stringify({
      message: "Only shared images have members.<br /><br />\n\n\n",
      code: "403 Forbidden",
      title: "Forbidden",
    });
    expect(upstreamMessage(body)).toBe("Only shared images have members.");
  });

  it("reads Keystone's JSON error body", () => {
    const body = JSON.stringify({
      error: {
        code: 401,
        message: "The request you have made requires authentication.",
        title: "Unauthorized",
      },
    });
    expect(upstreamMessage(body)).toBe("The request you have made requires authentication.");
  });

  it("drops the status heading of an HTML page but keeps the sentence", () => {
    expect(
      upstreamMessage("<h1>404 Not Found</h1>\n\nThe resource could not be found.<br /><br />"),
    ).toBe("The resource could not be found.");
    expect(upstreamMessage("413 Request Entity Too Large\n\nMember quota exceeded")).toBe(
      "Member quota exceeded",
    );
  });

  it("is empty for an empty body, so the caller can fall back to the status line", () => {
    expect(upstreamMessage("")).toBe("");
  });
});

describe("codeForStatus", () => {
  it.each([
    [400, "bad_request"],
    [401, "token_expired"],
    [403, "forbidden"],
    [404, "not_found"],
    [409, "conflict"],
    [413, "member_quota"],
    [429, "rate_limited"],
    [503, "upstream_unavailable"],
  ] as const)("maps %i to %s", (status, code) => {
    expect(codeForStatus(status)).toBe(code);
  });
});

describe("describePolicyDenial", () => {
  const denial = (message: string, locale: "en" | "fr" = "en") =>
    write(describePolicyDenial(message, "Glance"), locale);

  it("says who may do what instead of naming a policy, in each language", () => {
    expect(denial("You are not authorized to complete add_member action.")).toBe(
      "Only a member of the image's owner project may invite other projects to it.",
    );
    expect(denial("You are not authorized to complete add_member action.", "fr")).toBe(
      "Seul un membre du projet propriétaire de l’image peut y inviter d’autres projets.",
    );
    expect(denial("You are not authorized to complete publicize_image action.")).toMatch(
      /cloud administrator/,
    );
  });

  it("leaves other messages as the service said them, quoted in French", () => {
    expect(denial("Only shared images have members.")).toBe("Only shared images have members.");
    expect(denial("Only shared images have members.", "fr")).toBe(
      "Le service a répondu\u202f: «\u202fOnly shared images have members.\u202f»",
    );
    expect(denial("You are not authorized to complete mystery_action action.")).toMatch(
      /mystery_action/,
    );
  });
});

describe("describeMemberQuota", () => {
  it("names the limit Glance gives and what counts toward it", () => {
    const glance =
      "Image member limit exceeded for image 5d9c: The limit has been exceeded on the number of allowed image members for this image. Attempted: 4, Maximum: 3:";
    expect(write(describeMemberQuota(glance), "en")).toMatch(
      /^The image's member quota is full: this cloud's Glance allows at most 3 members per image/,
    );
    expect(write(describeMemberQuota(glance), "en")).toMatch(
      /pending and rejected members count too/,
    );
    expect(write(describeMemberQuota(glance), "fr")).toMatch(/au plus 3 membres par image/);
  });

  it("still explains the quota when Glance gives no number", () => {
    expect(write(describeMemberQuota("Request Entity Too Large"), "en")).toMatch(
      /allows a limited number of members per image/,
    );
  });
});

describe("isPassingFault", () => {
  const glance = (code: ConstructorParameters<typeof OpenStackError>[0], status: number) =>
    new OpenStackError(
      code,
      say("upstream.timeout", { service: "Glance", seconds: 1 }),
      "glance",
      status,
    );

  it("takes no answer and a 5xx as a fault another try may not meet", () => {
    expect(isPassingFault(glance("upstream_unavailable", 0))).toBe(true);
    expect(isPassingFault(glance("timeout", 0))).toBe(true);
    expect(isPassingFault(glance("upstream_unavailable", 503))).toBe(true);
    expect(isPassingFault(glance("upstream_unavailable", 500))).toBe(true);
  });

  it("takes a refusal, a cancel, a wrong answer or any other error as final", () => {
    expect(isPassingFault(glance("too_large", 413))).toBe(false);
    expect(isPassingFault(glance("token_expired", 401))).toBe(false);
    expect(isPassingFault(glance("conflict", 409))).toBe(false);
    expect(isPassingFault(glance("cancelled", 0))).toBe(false);
    expect(isPassingFault(glance("invalid_response", 200))).toBe(false);
    expect(isPassingFault(glance("upstream_unavailable", 499))).toBe(false);
    expect(isPassingFault(new AppError("upstream_unavailable", say("jobs.leaseLost")))).toBe(false);
    expect(isPassingFault(new Error("socket hang up"))).toBe(false);
  });
});
