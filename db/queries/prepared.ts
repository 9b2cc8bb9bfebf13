import { sql, type Placeholder } from "drizzle-orm";
import { isTransactionHandle, type Db } from "../client.server";

/**
 * Statements built and prepared once per database handle, for the paths that run on every request
 * under load (an agency opening its link, submitting its answer). Building a drizzle query and having
 * the database parse it again each time cost more than the query itself; see bench/load.bench.ts.
 * Keyed by the handle, so a closed and reopened database gets fresh statements. A PostgreSQL
 * transaction's handle lives for one transaction: its statements are built for it and not kept.
 * Run them with `.execute(values)`, the one method both drivers' prepared statements have.
 */
export function preparedPerDatabase<T>(build: (db: Db) => T): (db: Db) => T {
  const cache = new WeakMap<Db, T>();
  return (db) => {
    if (isTransactionHandle(db)) return build(db);
    let statements = cache.get(db);
    if (!statements) {
      statements = build(db);
      cache.set(db, statements);
    }
    return statements;
  };
}

/** The most rows a prepared multi-row insert has (a submission's comments and drafts are usually fewer). */
const PREPARED_ROWS = 8;

interface PreparedInsert {
  execute(values: Record<string, unknown>): unknown;
}

/**
 * A multi-row insert prepared once per row count, up to PREPARED_ROWS rows, on SQLite (a PostgreSQL
 * transaction's handle lives for one transaction, nothing would be kept). Building the insert of a
 * submission's comments and drafts was the costliest query building left on a submission
 * (bench/load/profile.ts). `build(db, rows)` prepares the insert of rows whose values are placeholders
 * named column + row index. The runner answers false when it has no statement for these rows (more
 * rows, or PostgreSQL): the caller builds the insert itself.
 */
export function preparedRowInserts<Row extends Record<string, unknown>>(
  dialect: string,
  columns: readonly (keyof Row & string)[],
  build: (db: Db, rows: Record<string, Placeholder<string>>[]) => PreparedInsert,
): (db: Db, rows: readonly Row[]) => Promise<boolean> {
  const perDatabase = preparedPerDatabase(() => new Map<number, PreparedInsert>());
  // The placeholders' names, row by row, made once: the values object is then built from the same
  // strings each time (new strings per call made building it cost as much as the insert's own work).
  const names = Array.from({ length: PREPARED_ROWS }, (_, i) => columns.map((k) => `${k}${i}`));
  return async (db, rows) => {
    if (dialect !== "sqlite" || rows.length === 0 || rows.length > PREPARED_ROWS) return false;
    const byCount = perDatabase(db);
    let prepared = byCount.get(rows.length);
    if (!prepared) {
      const placeholders = rows.map((_, i) => Object.fromEntries(columns.map((k, c) => [k, sql.placeholder(names[i]![c]!)])));
      byCount.set(rows.length, (prepared = build(db, placeholders)));
    }
    const values: Record<string, unknown> = {};
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i]!;
      const rowNames = names[i]!;
      for (let c = 0; c < columns.length; c++) values[rowNames[c]!] = row[columns[c]!];
    }
    await prepared.execute(values);
    return true;
  };
}
