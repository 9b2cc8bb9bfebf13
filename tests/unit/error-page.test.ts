import { describe, expect, it } from "vitest";
import { errorPageText } from "~/error-page";
import { translator } from "~/i18n";
import { EXPORTS_BUSY } from "~/report/export-busy";

describe("the error page's words for a status", () => {
  it("tells an export refused as busy from other 503s and a bad page number from other 400s", () => {
    expect(errorPageText(503, EXPORTS_BUSY)).toEqual({ title: "body.busyTitle", lead: "report.exportsBusy" });
    expect(errorPageText(503, "Service Unavailable")).toEqual({ title: "body.busyTitle", lead: null });
    expect(errorPageText(400, "Bad page")).toEqual({ title: "body.badRequestTitle", lead: "body.badPage" });
    expect(errorPageText(400, "")).toEqual({ title: "body.badRequestTitle", lead: "body.malformed" });
    expect(errorPageText(404, "")).toEqual({ title: "error.notFound", lead: null });
    expect(errorPageText(403, "")).toEqual({ title: "error.forbidden", lead: null });
    expect(errorPageText(413, "")).toEqual({ title: "body.tooLargeTitle", lead: null });
    expect(errorPageText(500, "")).toEqual({ title: "error.unexpected", lead: null });
  });
  it("has the busy export's words in every language", () => {
    for (const lang of ["vi", "en", "ru"] as const) {
      const t = translator(lang);
      expect(t("report.exportsBusy"), lang).not.toBe("report.exportsBusy");
      expect(t("body.busyTitle"), lang).not.toBe("body.busyTitle");
    }
    expect(translator("vi")("report.exportsBusy")).toContain("thử lại");
  });
});
