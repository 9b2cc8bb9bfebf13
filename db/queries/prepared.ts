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
