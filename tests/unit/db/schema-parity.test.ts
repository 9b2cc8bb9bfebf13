/**
 * db/schema.pg.ts mirrors db/schema.sqlite.ts (issue 14): the queries are written once against the
 * SQLite declaration's types and run against either. This test holds the two together: same tables,
 * columns (order, nullability, defaults), keys, indexes and foreign keys, and, at the type level,
 * the same row types (that part fails `tsc`, not vitest).
 */
import { is, SQL, type Column } from "drizzle-orm";
import { getTableConfig as pgConfig, PgTable } from "drizzle-orm/pg-core";
import { getTableConfig as sqliteConfig, SQLiteTable } from "drizzle-orm/sqlite-core";
import { describe, expect, expectTypeOf, it } from "vitest";
import * as pg from "../../../db/schema.pg";
import * as sqlite from "../../../db/schema.sqlite";

// ---- type level: every table reads back as the same row type ---------------------------------------

type Rows<M> = { [K in keyof M]: M[K] extends { $inferSelect: infer R } ? R : never };
type SqliteRows = Rows<typeof sqlite>;
type PgRows = Rows<typeof pg>;

/** `true` only when A and B are assignable to each other; anything else breaks the assignments below. */
type Mutual<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type AllMutual = { [K in keyof SqliteRows]: K extends keyof PgRows ? Mutual<SqliteRows[K], PgRows[K]> : false };

// One line per table so a `tsc` error names the table that drifted.
const rowTypesMatch: { [K in keyof AllMutual]: AllMutual[K] } = {
  settings: true,
  agencies: true,
  people: true,
  bodies: true,
  bodyMembers: true,
  staffUsers: true,
  sessions: true,
  signinThrottle: true,
  rateLimits: true,
  leases: true,
  consultations: true,
  versions: true,
  clauses: true,
  auditEvents: true,
  invitations: true,
  commentDrafts: true,
  submissions: true,
  comments: true,
  outbox: true,
  reminders: true,
  clauseLinks: true,
  answers: true,
  commentAnswers: true,
  settlements: true,
  workingClauses: true,
  workingAccepts: true,
};
// …and no table exists on one side only.
const sameTableNames: Mutual<keyof typeof sqlite, keyof typeof pg> = true;

// ---- run time: the declarations themselves ---------------------------------------------------------

/**
 * The one deliberate difference: SQLite's `comment_id integer primary key` is a rowid alias, which
 * drizzle marks as having a default; in PostgreSQL it is a plain integer key (it names a comment).
 */
const HAS_DEFAULT_ONLY_IN_SQLITE = new Set(["comment_answers.comment_id", "settlements.comment_id"]);

type Shape = ReturnType<typeof describeTable>;

function describeColumn(table: string, c: Column) {
  return {
    name: c.name,
    notNull: c.notNull,
    hasDefault: HAS_DEFAULT_ONLY_IN_SQLITE.has(`${table}.${c.name}`) ? "(sqlite rowid alias)" : c.hasDefault,
    primary: c.primary,
    // A literal default must be the same value; an SQL default is written per dialect.
    default: is(c.default, SQL) ? "(sql)" : c.default,
    enumValues: c.enumValues ?? null,
    // Blobs are a custom bytea on the PostgreSQL side; every other kind must agree.
    dataType: c.dataType === "buffer" || c.dataType === "custom" ? "bytes" : c.dataType,
  };
}

function describeTable(config: ReturnType<typeof sqliteConfig> | ReturnType<typeof pgConfig>) {
  const columnName = (c: unknown) => (is(c, SQL) ? "(sql)" : (c as { name: string }).name);
  return {
    name: config.name,
    columns: (config.columns as Column[]).map((c) => describeColumn(config.name, c)),
    primaryKey: [
      ...(config.columns as Column[]).filter((c) => c.primary).map((c) => c.name),
      ...config.primaryKeys.flatMap((pk) => pk.columns.map((c) => c.name)),
    ],
    indexes: config.indexes
      .map((i) => ({
        name: i.config.name ?? "(unnamed)",
        unique: i.config.unique,
        columns: i.config.columns.map(columnName),
        partial: i.config.where !== undefined,
      }))
      .sort((a, b) => a.name.localeCompare(b.name)),
    uniqueConstraints: config.uniqueConstraints.map((u) => ({ name: u.getName(), columns: u.columns.map((c) => c.name) })),
    foreignKeys: config.foreignKeys
      .map((fk) => {
        const ref = fk.reference();
        return {
          columns: ref.columns.map((c) => c.name),
          foreignTable: ref.foreignTable === undefined ? null : (sqliteOrPgName(ref.foreignTable) ?? null),
          foreignColumns: ref.foreignColumns.map((c) => c.name),
          onDelete: fk.onDelete ?? "no action",
          onUpdate: fk.onUpdate ?? "no action",
        };
      })
      .sort((a, b) => a.columns.join().localeCompare(b.columns.join())),
  };
}

function sqliteOrPgName(table: unknown): string | undefined {
  if (is(table, SQLiteTable)) return sqliteConfig(table).name;
  if (is(table, PgTable)) return pgConfig(table).name;
  return undefined;
}

const sqliteTables = Object.entries(sqlite).filter(([, v]) => is(v, SQLiteTable)) as [string, SQLiteTable][];
const pgTables = Object.entries(pg).filter(([, v]) => is(v, PgTable)) as [string, PgTable][];

describe("db/schema.pg.ts mirrors db/schema.sqlite.ts", () => {
  it("exports the same table constants", () => {
    expect(rowTypesMatch).toBeTruthy();
    expect(sameTableNames).toBe(true);
    expect(sqliteTables.length).toBeGreaterThan(0);
    expect(pgTables.map(([k]) => k).sort()).toEqual(sqliteTables.map(([k]) => k).sort());
    // Every export of the PostgreSQL module is a table (no stray helpers the facade would pick up).
    expect(Object.keys(pg).sort()).toEqual(pgTables.map(([k]) => k).sort());
  });

  it.each(sqliteTables.map(([key]) => key))("%s: same table, columns, keys, indexes and foreign keys", (key) => {
    const lite: Shape = describeTable(sqliteConfig(sqlite[key as keyof typeof sqlite]));
    const post: Shape = describeTable(pgConfig(pg[key as keyof typeof pg]));
    expect(post.name).toBe(lite.name);
    expect(post.columns.map((c) => c.name)).toEqual(lite.columns.map((c) => c.name));
    expect(post.columns).toEqual(lite.columns);
    expect(post.primaryKey).toEqual(lite.primaryKey);
    expect(post.indexes).toEqual(lite.indexes);
    expect(post.uniqueConstraints).toEqual(lite.uniqueConstraints);
    expect(post.foreignKeys).toEqual(lite.foreignKeys);
  });

  it("stores epoch milliseconds as bigint and ids as integer", () => {
    for (const [key, table] of pgTables) {
      for (const c of pgConfig(table).columns) {
        const isTime = /(_at|_until)$/.test(c.name);
        if (c.dataType !== "number") continue;
        expect(`${key}.${c.name}: ${c.getSQLType()}`).toBe(`${key}.${c.name}: ${isTime ? "bigint" : "integer"}`);
      }
    }
  });

  it("keeps the row types identical (checked by tsc)", () => {
    expectTypeOf<PgRows>().toEqualTypeOf<SqliteRows>();
  });
});
