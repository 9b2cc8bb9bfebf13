/**
 * Databases for the tests of the load bench (tests/load): a seed (bench/load/seed.ts) and copies of it,
 * one per server, as the bench makes them: a SQLite file copied, or on the PostgreSQL pass a database
 * made from the seed as its template. Everything is removed after the file's tests.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll } from "vitest";
import { copyDatabase } from "../../bench/load/scenario";
import { seedLoadDatabase, type LoadFixture } from "../../bench/load/seed";
import { dialectOfUrl } from "#db/dialect";
import { createTestDatabase, dropTestDatabase } from "./pg-database";

export function loadSeeds(prefix: string) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const made: string[] = [];
  afterAll(async () => {
    for (const url of made.filter((u) => dialectOfUrl(u) === "pg")) await dropTestDatabase(url);
    fs.rmSync(dir, { recursive: true, force: true });
  });
  return {
    /** A seed with `invitations` invitations on the Sóc Trăng plan. */
    async seed(invitations: number): Promise<LoadFixture> {
      const fixture = await seedLoadDatabase(dir, invitations);
      made.push(fixture.dbFile);
      return fixture;
    },
    /** A copy of the seed for one server (`name` names the SQLite file). */
    async copy(fixture: LoadFixture, name: string): Promise<string> {
      if (dialectOfUrl(fixture.dbFile) === "pg") {
        const url = await createTestDatabase(fixture.dbFile);
        made.push(url);
        return url;
      }
      const file = path.join(dir, `${name}.db`);
      copyDatabase(fixture.dbFile, file);
      return file;
    },
  };
}
