/**
 * Rows per multi-row INSERT and ids per `in (…)` list: far under both databases' limits on bound values
 * (SQLite 32,766, PostgreSQL 65,535) for the widest rows we write, and a mailing to 50,000 agencies is
 * a hundred statements, not one that the database refuses.
 */
export const ROWS_PER_STATEMENT = 500;

export function chunks<T>(items: readonly T[], size = ROWS_PER_STATEMENT): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
