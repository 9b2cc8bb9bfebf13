import { describe, expect, it } from "vitest";
import { safeRedirect } from "~/auth/redirect";

describe("safeRedirect", () => {
  it("keeps same-site paths", () => {
    expect(safeRedirect("/staff/consultations/3?x=1#a", "/")).toBe("/staff/consultations/3?x=1#a");
  });
  it("refuses other sites however they are written", () => {
    for (const bad of ["//evil.example", "/\\evil.example", "/\t/evil.example", "/\n/evil.example", "https://evil.example", "evil", "", null, undefined]) {
      expect(safeRedirect(bad, "/staff")).toBe("/staff");
    }
  });
});
