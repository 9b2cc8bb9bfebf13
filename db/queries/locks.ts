import { sql, type SQL } from "drizzle-orm";
import type { SQLiteColumn, SQLiteTable } from "drizzle-orm/sqlite-core";
import { DIALECT, rows, type Db } from "../client.server";

/**
 * Takes the row's lock for the rest of the transaction, so writers of the same parent queue up instead
 * of interleaving (two "replace all" writes that would both survive under READ COMMITTED, or two
 * writers locking the same rows in opposite orders). Every transaction that writes an invitation's
 * rows takes the invitation's lock first. On PostgreSQL `select … for update`; SQLite's write
 * transactions already run one at a time (BEGIN IMMEDIATE), so there it costs nothing.
 */
export async function lockRow(tx: Db, table: SQLiteTable, idColumn: SQLiteColumn, id: number): Promise<void> {
  if (DIALECT !== "pg") return;
  const statement: SQL = sql`select ${idColumn} from ${table} where ${idColumn} = ${id} for update`;
  await rows(tx, statement);
}
