/**
 * The body policy is chosen on the path Remix will route (app/http/body-policy.server.ts routedPath),
 * or an agency link's policy (no body on the Request) lands on a route that reads request.formData(),
 * or a small route gets a larger limit. Each raw path here is one Node's HTTP parser lets through; the
 * route is the one @remix-run/router matches on the Fetch URL fetchRequestOf builds.
 */
import { describe, expect, it } from "vitest";
import { policyFor, routedPath } from "~/http/body-policy.server";

const policy = (raw: string) => policyFor(routedPath(raw));

describe("the body policy of a raw path is its route's", () => {
  it("a backslash is a slash in the Fetch URL: /i/x\\..\\..\\signin is the sign-in, not an agency's link", () => {
    expect(new URL(`http://h${"/i/x\\..\\..\\signin"}`).pathname).toBe("/signin");
    expect(policy("/i/x\\..\\..\\signin")).toBe("small");
    expect(policy("/i\\..\\signin.data")).toBe("small");
    expect(policy("/i/x\\..\\..\\staff\\consultations\\3\\answers")).toBe("staff");
    expect(policy("/i\\abc")).toBe("invitee");
  });
  it("routes match whatever the case, as Remix's do", () => {
    expect(policy("/SIGNIN")).toBe("small");
    expect(policy("/Lang.data")).toBe("small");
    expect(policy("/I/abc")).toBe("invitee");
    expect(policy("/staff/consultations/3/versions/NEW")).toBe("upload");
  });
  it("segments are percent-decoded as Remix decodes them to match; an encoded slash stays in its segment", () => {
    expect(policy("/%73ignin")).toBe("small");
    expect(policy("/%2e%2e/%73ignin.data")).toBe("small");
    expect(policy("/%69/abc")).toBe("invitee");
    expect(policy("/staff/consultations/3/versions/%6eew")).toBe("upload");
    expect(policy("/i/x%2F..%2F..%2Fsignin")).toBe("invitee");
    expect(policy("/i/%zz/../../signin")).toBe("small");
  });
  it("a path that starts like a host is the Fetch URL's path, not a host's", () => {
    // "http://origin" + "/\\evil/signin" has the path "//evil/signin", which no route matches.
    expect(routedPath("/\\evil/signin")).toBe("//evil/signin");
    expect(routedPath("//./signin")).toBe("//signin");
  });
  it("paths of the routes are left as they are", () => {
    expect(routedPath("/i/abc.data")).toBe("/i/abc.data");
    expect(policy("/i/abc")).toBe("invitee");
    expect(policy("/signin")).toBe("small");
    expect(policy("/staff/consultations/3/answers")).toBe("staff");
  });
});
