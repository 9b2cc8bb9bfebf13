import { describe, expect, it } from "vitest";
import { isRowId, MAX_ROW_ID } from "~/domain/row-id";
import { parseId } from "~/auth/access.server";

describe("row ids", () => {
  it("accepts 1 … 2^31-1 and nothing else", () => {
    expect([1, 42, MAX_ROW_ID].map(isRowId)).toEqual([true, true, true]);
    expect([0, -1, 1.5, MAX_ROW_ID + 1, 9_999_999_999, Number.NaN, Infinity].map(isRowId)).toEqual([false, false, false, false, false, false, false]);
  });

  it("an id beyond PostgreSQL's integer is a 404 before any query", () => {
    let thrown: unknown;
    try {
      parseId("9999999999");
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(Response);
    expect((thrown as Response).status).toBe(404);
  });
});
