import type { Db } from "../client.server";

/**
 * Statements built and prepared once per open database, for the paths that run on every request
 * under load (an agency opening its link, submitting its answer). Building a drizzle query and having
 * SQLite parse it again each time cost more than the query itself; see bench/load.bench.ts.
 * Keyed by the Db object, so a closed and reopened database gets fresh statements.
 */
export function preparedPerDatabase<T>(build: (db: Db) => T): (db: Db) => T {
  const cache = new WeakMap<Db, T>();
  return (db) => {
    let statements = cache.get(db);
    if (!statements) {
      statements = build(db);
      cache.set(db, statements);
    }
    return statements;
  };
}
