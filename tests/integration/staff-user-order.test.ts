/**
 * Issue 14: the staff accounts page lists users in Vietnamese dictionary order on both databases, the
 * order agencies are listed in (vietnameseSortKey). A raw `order by name` followed SQLite's bytes
 * (Ánh, Ăn and Đ after every unaccented letter) or the PostgreSQL cluster's locale.
 */
import { describe, expect, it } from "vitest";
import * as usersPage from "~/routes/staff.admin.users";
import { getDb } from "#db/client.server";
import { insertAgency, listAgencies } from "#db/queries/agencies";
import { insertUser } from "#db/queries/users";
import { ctx, getRequest, makeStaff, run, useTempDatabase } from "./harness";

useTempDatabase();

// Inserted in an order that is neither the dictionary's nor the bytes'.
const NAMES = ["Đặng Văn A", "Bùi", "Ánh", "Dương Thị B", "Ăn", "Anh", "dương thị a", "Âu Cơ", "Ba", "Bà", "Ba Ba", "Zô", "Ủy", "Uyên"];
const DICTIONARY = ["Anh", "Ánh", "Ăn", "Âu Cơ", "Ba", "Ba Ba", "Bà", "Bùi", "dương thị a", "Dương Thị B", "Đặng Văn A", "Ủy", "Uyên", "Zô"];

describe("staff users order", () => {
  it("is the Vietnamese dictionary order, the one agencies are listed in", async () => {
    const admin = await makeStaff({ role: "admin" });
    const db = await getDb();
    for (const [i, name] of NAMES.entries()) {
      await insertUser(db, { email: `order-${i}@example.test`, name, role: "drafter", agencyId: null, passwordHash: "x" });
      await insertAgency(db, { name, shortName: "", emails: [] });
    }
    const page = await run(() => usersPage.loader({ request: getRequest("/staff/admin/users", admin.cookie), params: {}, context: ctx }));
    expect(page.status).toBe(200);
    const users = (page.data as { users: { name: string; role: string; email: string }[] }).users;
    // Administrators first, then the drafters in dictionary order.
    expect(users[0]!.email).toBe(admin.email);
    expect(users.slice(1).map((u) => u.role)).toEqual(NAMES.map(() => "drafter"));
    expect(users.slice(1).map((u) => u.name)).toEqual(DICTIONARY);
    // The same order as the agencies' stored sort key gives.
    expect(users.slice(1).map((u) => u.name)).toEqual((await listAgencies(db)).map((a) => a.name));
  });
});
