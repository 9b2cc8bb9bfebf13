import { describe, expect, it } from "vitest";
import { arrivalWindow, CUTOFF_GRACE_MS, type AnswerWindowInput } from "~/domain/cutoff";
import { MAX_COMMENT_CHARS, overLimitFields, readEntries } from "~/domain/answer-form";
import { pageParam } from "~/http/page-param";
import { policyFor, routedPath } from "~/http/body-policy.server";

const CUTOFF = Date.UTC(2024, 0, 1);
const open: AnswerWindowInput = { status: "open", cutoffAt: CUTOFF, cutoffOverrideAt: null, lateAllowed: false, revokedAt: null };

describe("the cutoff decided on arrival (issue 13, finding 6)", () => {
  it("headers 3 s before the cutoff, body 280 s after: refused", () => {
    expect(arrivalWindow(open, { startedAt: CUTOFF - 3_000, receivedAt: CUTOFF + 280_000 })).toMatchObject({ canSubmit: false, reason: "closed" });
  });
  it("begun before and finished within the 2-minute grace: on time", () => {
    expect(CUTOFF_GRACE_MS).toBe(120_000);
    expect(arrivalWindow(open, { startedAt: CUTOFF - 3_000, receivedAt: CUTOFF + 119_000 })).toMatchObject({ canSubmit: true, late: false });
  });
  it("begun after the cutoff: refused even if quick", () => {
    expect(arrivalWindow(open, { startedAt: CUTOFF + 1, receivedAt: CUTOFF + 2 })).toMatchObject({ canSubmit: false });
  });
  it("beyond the grace where late answers are allowed: accepted as late", () => {
    expect(arrivalWindow({ ...open, lateAllowed: true }, { startedAt: CUTOFF - 3_000, receivedAt: CUTOFF + 280_000 })).toMatchObject({ canSubmit: true, late: true });
  });
  it("an extension moves the cutoff the grace counts from; a consultation closed by hand gets no grace", () => {
    expect(arrivalWindow({ ...open, cutoffOverrideAt: CUTOFF + 60_000 }, { startedAt: CUTOFF + 59_000, receivedAt: CUTOFF + 170_000 })).toMatchObject({ canSubmit: true, late: false });
    expect(arrivalWindow({ ...open, status: "closed" }, { startedAt: CUTOFF - 3_000, receivedAt: CUTOFF + 1_000 })).toMatchObject({ canSubmit: false });
  });
});

describe("comments are never cut (finding 10)", () => {
  it("keeps a 25,000-character box whole and names it over the limit", () => {
    const long = "x".repeat(25_000);
    const entries = readEntries([["c:general", long], ["p:5", "ngắn"]], new Set([5]));
    expect(entries.find((e) => e.clauseKey === "general")!.text).toHaveLength(25_000);
    expect(overLimitFields(entries)).toEqual({ "c:general": "body.commentOverLimit" });
    expect(overLimitFields(readEntries([["c:general", "x".repeat(MAX_COMMENT_CHARS)]], new Set()))).toBeNull();
  });
});

describe("page numbers and route policies", () => {
  it("takes positive whole pages and refuses the rest with 400", () => {
    expect(pageParam(new URLSearchParams(""))).toBe(1);
    expect(pageParam(new URLSearchParams("page=3"))).toBe(3);
    for (const bad of ["1e300", "-1", "0", "1.5", "abc", "99999999999", " 2"]) {
      let status = 0;
      try {
        pageParam(new URLSearchParams({ page: bad }));
      } catch (thrown) {
        status = (thrown as Response).status;
      }
      expect(status, bad).toBe(400);
    }
  });
  it("gives each path its policy, single-fetch paths included", () => {
    expect(policyFor("/signin")).toBe("small");
    expect(policyFor("/signin.data")).toBe("small");
    expect(policyFor("/lang")).toBe("small");
    expect(policyFor("/signout")).toBe("small");
    expect(policyFor("/i/abc")).toBe("invitee");
    expect(policyFor("/i/abc.data")).toBe("invitee");
    expect(policyFor("/staff/consultations/3/versions/new")).toBe("upload");
    expect(policyFor("/staff/consultations/3/answers")).toBe("staff");
  });
  it("chooses the policy on the path as it will be routed: dot segments resolved as the Fetch URL resolves them", () => {
    expect(policyFor(routedPath("/i/../signin"))).toBe("small");
    expect(policyFor(routedPath("/i/%2e%2e/signin"))).toBe("small");
    expect(policyFor(routedPath("/i/%2E%2E/signin"))).toBe("small");
    expect(policyFor(routedPath("/./i/abc"))).toBe("invitee");
    expect(policyFor(routedPath("/staff/%2e/consultations/3/versions/new"))).toBe("upload");
    // Paths without such a segment are left as they are (single-fetch suffixes included).
    expect(routedPath("/i/abc.data")).toBe("/i/abc.data");
    expect(routedPath("/staff/consultations/3/answers")).toBe("/staff/consultations/3/answers");
  });
});
