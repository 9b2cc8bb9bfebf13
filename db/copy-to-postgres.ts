/**
 * Moving up: copies the embedded SQLite database into an empty PostgreSQL one, keeping every id, so
 * what points at a row from outside (invitation links by their token hash, sessions by theirs, receipt
 * numbers, the addresses of consultations and submissions) goes on working against the copy.
 *
 * The tables and columns come from the two schema modules themselves (not db/schema.ts, whose tables
 * are those of the dialect this process started on). The copy:
 * - brings both databases up to date first (the SQLite file as the portal would on start, the
 *   PostgreSQL one with db/migrations-pg, as an app node would);
 * - holds the SQLite file exclusively while it reads (refused if the portal or anything else has it
 *   open: a submission acknowledged during the copy would otherwise be left behind), so every table is
 *   read at one instant;
 * - locks the PostgreSQL tables and refuses if any of them has a row;
 * - copies the tables in foreign-key order, rows streamed from SQLite (`iterate()`) and sent in
 *   multi-row INSERTs of at most `batchRows` rows or about `batchBytes` bytes, all in one PostgreSQL
 *   transaction (a failure leaves the target as empty as it was);
 * - turns 0/1 into booleans and blobs into bytea; integers are read as bigint so none is rounded;
 * - moves each identity sequence past the largest id copied, so the next row numbered by PostgreSQL
 *   does not collide;
 * - compares the row counts of every table before it commits.
 */
import Database from "better-sqlite3";
import { is } from "drizzle-orm";
import { getTableConfig as pgTableConfig, PgTable, type PgColumn } from "drizzle-orm/pg-core";
import { getTableConfig as sqliteTableConfig, SQLiteTable } from "drizzle-orm/sqlite-core";
import fs from "node:fs";
import type pg from "pg";
import { openPg, openSqlite } from "./client.server";
import * as pgSchema from "./schema.pg";
import * as sqliteSchema from "./schema.sqlite";

/** How a SQLite value becomes a PostgreSQL parameter. */
type Conversion = "boolean" | "bytea" | "plain";

interface PlannedColumn {
  name: string;
  sqlType: string;
  conversion: Conversion;
  notNull: boolean;
}

export interface TablePlan {
  name: string;
  columns: PlannedColumn[];
  /** Columns that reference this same table (a clause's parent): a row may name one copied after it. */
  selfReferences: string[];
  /** Identity columns, whose sequences are moved past the copied ids. */
  identityColumns: string[];
  /** The table has an `id` column: rows are read in its order. */
  ordered: boolean;
}

export interface TableCount {
  name: string;
  rows: number;
}

export interface CopyOptions {
  /** Rows per INSERT (fewer when the columns would pass PostgreSQL's 65,535 parameters). */
  batchRows?: number;
  /** An INSERT is sent once its values reach about this many bytes (large drafts and letters). */
  batchBytes?: number;
  /** Called after each table is copied. */
  onTable?: (table: TableCount) => void;
}

/** The copy was refused because the PostgreSQL database already holds rows. Nothing was written. */
export class TargetNotEmptyError extends Error {
  constructor(readonly tables: TableCount[]) {
    super(
      `the PostgreSQL database is not empty (${tables.map((t) => `${t.name}: ${t.rows}`).join(", ")}). ` +
        "copy-to-postgres only fills an empty database: create a new one (createdb) and run it again; nothing was changed.",
    );
    this.name = "TargetNotEmptyError";
  }
}

/** The copy was refused because another process has the SQLite database open. */
export class SourceInUseError extends Error {
  constructor(readonly file: string) {
    super(
      `${file} is open in another process (is the portal running, or a backup?). Stop it and run copy-to-postgres again, ` +
        "so that nothing acknowledged after the copy is left behind (or copy a backup: DATABASE_URL=backup.db). Nothing was changed.",
    );
    this.name = "SourceInUseError";
  }
}

/** The tables of one schema module, by their SQL name, in declaration order. */
function tablesOf<T>(module: Record<string, unknown>, isTable: (value: unknown) => value is T, nameOf: (table: T) => string): Map<string, T> {
  const tables = new Map<string, T>();
  for (const value of Object.values(module)) if (isTable(value)) tables.set(nameOf(value), value);
  return tables;
}

function conversionOf(column: PgColumn): Conversion {
  const type = column.getSQLType();
  if (type === "boolean") return "boolean";
  if (type === "bytea") return "bytea";
  return "plain";
}

/**
 * The tables to copy, parents before children, with their columns. Fails when the SQLite schema has
 * a table or column PostgreSQL lacks (its data would be lost) or the foreign keys form a cycle.
 */
export function copyPlan(): TablePlan[] {
  const pgTables = tablesOf(pgSchema, (v): v is PgTable => is(v, PgTable), (t) => pgTableConfig(t).name);
  const sqliteTables = tablesOf(sqliteSchema, (v): v is SQLiteTable => is(v, SQLiteTable), (t) => sqliteTableConfig(t).name);

  const missing = [...sqliteTables.keys()].filter((name) => !pgTables.has(name));
  if (missing.length > 0) throw new Error(`db/schema.pg.ts lacks the tables ${missing.join(", ")} of db/schema.sqlite.ts`);

  const plans = new Map<string, TablePlan>();
  const parents = new Map<string, Set<string>>();
  for (const [name, table] of pgTables) {
    const config = pgTableConfig(table);
    const references = new Set<string>();
    const selfReferences: string[] = [];
    for (const fk of config.foreignKeys) {
      const ref = fk.reference();
      const target = pgTableConfig(ref.foreignTable).name;
      if (target === name) selfReferences.push(...ref.columns.map((c) => c.name));
      else references.add(target);
    }
    parents.set(name, references);
    const sqliteTable = sqliteTables.get(name);
    // A table only PostgreSQL has (state of the several-process deployment) starts empty.
    if (!sqliteTable) continue;
    const sqliteColumns = new Set(sqliteTableConfig(sqliteTable).columns.map((c) => c.name));
    const pgColumns = new Set(config.columns.map((c) => c.name));
    const lost = [...sqliteColumns].filter((c) => !pgColumns.has(c));
    if (lost.length > 0) throw new Error(`db/schema.pg.ts lacks the columns ${lost.join(", ")} of ${name}`);
    // Columns only PostgreSQL has take their defaults.
    const columns = config.columns
      .filter((c) => sqliteColumns.has(c.name))
      .map((c) => ({ name: c.name, sqlType: c.getSQLType(), conversion: conversionOf(c), notNull: c.notNull }));
    plans.set(name, {
      name,
      columns,
      selfReferences,
      identityColumns: config.columns.filter((c) => c.generatedIdentity !== undefined).map((c) => c.name),
      ordered: sqliteColumns.has("id"),
    });
  }

  // Parents first (Kahn's algorithm, ties in declaration order so the order is stable).
  const ordered: TablePlan[] = [];
  const done = new Set<string>();
  while (done.size < pgTables.size) {
    const next = [...pgTables.keys()].find((name) => !done.has(name) && [...parents.get(name)!].every((p) => done.has(p)));
    if (!next) {
      const left = [...pgTables.keys()].filter((name) => !done.has(name));
      throw new Error(`the foreign keys of ${left.join(", ")} form a cycle: no order copies parents first`);
    }
    done.add(next);
    const plan = plans.get(next);
    if (plan) ordered.push(plan);
  }
  return ordered;
}

/** Every PostgreSQL table of the schema, copied or not (all must be empty, all are locked). */
function allPgTableNames(): string[] {
  return [...tablesOf(pgSchema, (v): v is PgTable => is(v, PgTable), (t) => pgTableConfig(t).name).keys()];
}

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && (code.startsWith("SQLITE_BUSY") || code.startsWith("SQLITE_LOCKED"));
}

function convert(value: unknown, conversion: Conversion): unknown {
  if (value === null || value === undefined) return null;
  if (conversion === "boolean") return typeof value === "bigint" ? value !== 0n : Boolean(Number(value));
  if (conversion === "bytea") return Buffer.isBuffer(value) ? value : Buffer.from(String(value), "utf8");
  return value;
}

/** A rough size of a value as sent, to keep one INSERT's parameters to a few megabytes. */
function sizeOf(value: unknown): number {
  if (typeof value === "string") return value.length;
  if (Buffer.isBuffer(value)) return value.byteLength;
  return 8;
}

/** PostgreSQL takes at most 65,535 parameters in one statement. */
const MAX_PARAMETERS = 65_535;

/**
 * Opens the SQLite file exclusively (after bringing its schema up to date): refused with
 * SourceInUseError while another connection has it open, and no one can open it until it is closed.
 */
function openSourceExclusively(file: string): Database.Database {
  // Migrates as the portal does on start, then lets go of the file before taking it alone.
  const opened = openSqlite(file);
  opened.reader.close();
  opened.writer.close();
  const source = new Database(file, { timeout: 0, fileMustExist: true });
  try {
    source.pragma("busy_timeout = 0");
    source.pragma("locking_mode = EXCLUSIVE");
    // Exclusive from the start (the same check as restore, db/backup.ts): every other connection to a
    // WAL database holds a lock on the file from its first read until it closes.
    source.exec("BEGIN EXCLUSIVE");
    return source;
  } catch (error) {
    source.close();
    if (isBusy(error)) throw new SourceInUseError(file);
    throw error;
  }
}

/** Copies one table; returns how many rows it sent. */
async function copyTable(
  source: Database.Database,
  client: pg.PoolClient,
  plan: TablePlan,
  options: { batchRows: number; batchBytes: number },
): Promise<number> {
  const columnList = plan.columns.map((c) => quote(c.name)).join(", ");
  const rowsPerInsert = Math.max(1, Math.min(options.batchRows, Math.floor(MAX_PARAMETERS / plan.columns.length)));
  const idIndex = plan.columns.findIndex((c) => c.name === "id");
  // A self-reference to a row not copied yet goes in as null and is filled in after the table (rows
  // are read in id order, so this only happens when a row names a parent with a larger id).
  const deferrable = plan.selfReferences
    .map((name) => plan.columns.findIndex((c) => c.name === name))
    .filter((i) => i >= 0 && idIndex >= 0 && !plan.columns[i]!.notNull);
  const deferred: { column: number; id: unknown; value: unknown }[] = [];

  let values: unknown[] = [];
  let rowsInBatch = 0;
  let bytesInBatch = 0;
  let copied = 0;
  const flush = async () => {
    if (rowsInBatch === 0) return;
    const width = plan.columns.length;
    const tuples: string[] = [];
    for (let r = 0; r < rowsInBatch; r++) {
      tuples.push(`(${plan.columns.map((_, c) => `$${r * width + c + 1}`).join(", ")})`);
    }
    await client.query(`insert into ${quote(plan.name)} (${columnList}) values ${tuples.join(", ")}`, values);
    copied += rowsInBatch;
    values = [];
    rowsInBatch = 0;
    bytesInBatch = 0;
  };

  const select = source
    .prepare(`select ${columnList} from ${quote(plan.name)}${plan.ordered ? ` order by ${quote("id")}` : ""}`)
    .raw(true)
    .safeIntegers(true);
  for (const row of select.iterate() as IterableIterator<unknown[]>) {
    for (const c of deferrable) {
      const ref = row[c];
      const id = row[idIndex];
      if (ref !== null && ref !== undefined && (ref as bigint) > (id as bigint)) {
        deferred.push({ column: c, id, value: ref });
        row[c] = null;
      }
    }
    for (let c = 0; c < plan.columns.length; c++) {
      const value = convert(row[c], plan.columns[c]!.conversion);
      values.push(value);
      bytesInBatch += sizeOf(value);
    }
    rowsInBatch++;
    if (rowsInBatch >= rowsPerInsert || bytesInBatch >= options.batchBytes) await flush();
  }
  await flush();

  for (let start = 0; start < deferred.length; start += 1000) {
    const part = deferred.slice(start, start + 1000);
    for (const c of new Set(part.map((d) => d.column))) {
      const column = plan.columns[c]!;
      const idType = plan.columns[idIndex]!.sqlType;
      const rows = part.filter((d) => d.column === c);
      const params = rows.flatMap((d) => [d.id, d.value]);
      const tuples = rows.map((_, i) => `($${2 * i + 1}::${idType}, $${2 * i + 2}::${column.sqlType})`).join(", ");
      await client.query(
        `update ${quote(plan.name)} as t set ${quote(column.name)} = v.value from (values ${tuples}) as v(id, value) where t.id = v.id`,
        params,
      );
    }
  }
  return copied;
}

/**
 * Copies the SQLite database in `sqliteFile` into the PostgreSQL database at `postgresUrl`, which must
 * have no rows in any of the portal's tables (it may have none of the tables yet: they are made).
 * Returns the rows of each table copied.
 */
export async function copyToPostgres(sqliteFile: string, postgresUrl: string, options: CopyOptions = {}): Promise<TableCount[]> {
  if (!fs.existsSync(sqliteFile)) throw new Error(`no SQLite database at ${sqliteFile}`);
  const batchRows = options.batchRows ?? 500;
  const batchBytes = options.batchBytes ?? 8 * 1024 * 1024;
  const plan = copyPlan();

  const source = openSourceExclusively(sqliteFile);
  try {
    const target = await openPg(postgresUrl);
    try {
      const client = await target.pool.connect();
      try {
        await client.query("begin");
        try {
          // Nothing else writes while the copy runs (a portal already started on the new database
          // waits, then sees every row at once); reads go on.
          await client.query("set local lock_timeout = '30s'");
          await client.query(`lock table ${allPgTableNames().map(quote).join(", ")} in exclusive mode`);
          const filled: TableCount[] = [];
          for (const name of allPgTableNames()) {
            const { rows } = await client.query<{ n: number }>(`select count(*)::int as n from ${quote(name)}`);
            if (rows[0]!.n > 0) filled.push({ name, rows: rows[0]!.n });
          }
          if (filled.length > 0) throw new TargetNotEmptyError(filled);

          const counts: TableCount[] = [];
          for (const table of plan) {
            const rows = await copyTable(source, client, table, { batchRows, batchBytes });
            counts.push({ name: table.name, rows });
            options.onTable?.({ name: table.name, rows });
          }

          for (const table of plan) {
            for (const column of table.identityColumns) {
              const t = quote(table.name);
              const c = quote(column);
              // is_called = false on an empty table: the first row numbered by PostgreSQL gets 1.
              await client.query(
                `select setval(pg_get_serial_sequence($1, $2), coalesce(max(${c}), 1), max(${c}) is not null) from ${t}`,
                [t, column],
              );
            }
          }

          for (const table of plan) {
            const expected = Number((source.prepare(`select count(*) as n from ${quote(table.name)}`).get() as { n: number }).n);
            const { rows } = await client.query<{ n: number }>(`select count(*)::int as n from ${quote(table.name)}`);
            if (rows[0]!.n !== expected) {
              throw new Error(`${table.name}: ${expected} rows in SQLite but ${rows[0]!.n} in PostgreSQL; nothing was kept`);
            }
          }
          await client.query("commit");
          return counts;
        } catch (error) {
          await client.query("rollback").catch(() => undefined);
          throw error;
        }
      } finally {
        client.release();
      }
    } finally {
      await target.pool.end();
    }
  } finally {
    if (source.inTransaction) source.exec("ROLLBACK");
    source.close();
  }
}
