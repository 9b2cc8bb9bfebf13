/**
 * Ids of stored rows are 32-bit integers (PostgreSQL `integer`). A number from a URL or a form beyond
 * that range names no row: it is treated as unknown (404/400), never sent to the database, where
 * PostgreSQL would refuse it as out of range (a 500) while SQLite would simply find nothing.
 */
export const MAX_ROW_ID = 2_147_483_647;

export function isRowId(n: number): boolean {
  return Number.isInteger(n) && n > 0 && n <= MAX_ROW_ID;
}
