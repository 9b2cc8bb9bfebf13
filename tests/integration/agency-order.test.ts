/** Agencies come back in Vietnamese dictionary order on both databases (stored sort key, byte order). */
import { describe, expect, it } from "vitest";
import { getDb } from "#db/client.server";
import { insertAgency, listAgencies, updateAgency } from "#db/queries/agencies";
import { useTempDatabase } from "./harness";

useTempDatabase();

describe("agency order", () => {
  it("follows the Vietnamese alphabet, not the bytes of the names", async () => {
    const db = await getDb();
    // Byte order would put Đ and Ủ after every unaccented letter, and "an" before "ân".
    for (const name of ["Ủy ban MTTQ tỉnh", "Đài Phát thanh và Truyền hình", "Sở Tư pháp", "Công an tỉnh", "Ban Dân tộc", "Bộ Chỉ huy Quân sự", "Ấn phẩm Văn hóa"]) {
      await insertAgency(db, { name, shortName: "", emails: [] });
    }
    expect((await listAgencies(db)).map((a) => a.name)).toEqual([
      "Ấn phẩm Văn hóa",
      "Ban Dân tộc",
      "Bộ Chỉ huy Quân sự",
      "Công an tỉnh",
      "Đài Phát thanh và Truyền hình",
      "Sở Tư pháp",
      "Ủy ban MTTQ tỉnh",
    ]);
  });

  it("keeps the order when a name is changed", async () => {
    const db = await getDb();
    const id = await insertAgency(db, { name: "Zeta", shortName: "", emails: [] });
    await updateAgency(db, id, { name: "Cục Thống kê", shortName: "", emails: [] });
    const names = (await listAgencies(db)).map((a) => a.name);
    expect(names.indexOf("Cục Thống kê")).toBe(names.indexOf("Công an tỉnh") + 1);
  });
});
