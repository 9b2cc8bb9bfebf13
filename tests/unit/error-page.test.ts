import { describe, expect, it } from "vitest";
import { errorPageText } from "~/error-page";

describe("the error page's words for a status", () => {
  it("tells a bad page number from other 400s, and a busy server from an unexpected error", () => {
    expect(errorPageText(503, "Service Unavailable")).toEqual({ title: "body.busyTitle", lead: null });
    expect(errorPageText(400, "Bad page")).toEqual({ title: "body.badRequestTitle", lead: "body.badPage" });
    expect(errorPageText(400, "")).toEqual({ title: "body.badRequestTitle", lead: "body.malformed" });
    expect(errorPageText(404, "")).toEqual({ title: "error.notFound", lead: null });
    expect(errorPageText(403, "")).toEqual({ title: "error.forbidden", lead: null });
    expect(errorPageText(413, "")).toEqual({ title: "body.tooLargeTitle", lead: null });
    expect(errorPageText(500, "")).toEqual({ title: "error.unexpected", lead: null });
  });
});
