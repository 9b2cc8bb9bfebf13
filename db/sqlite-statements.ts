/**
 * What drizzle is given in place of a better-sqlite3 connection (db/client.server.ts): the same
 * `prepare`, with two differences that the load profile asked for.
 *
 * - Compiled statements are kept by their SQL text. Drizzle prepares every query that was not prepared
 *   ahead (multi-row inserts, the audit insert, the rate limit's upsert…) each time it runs: compiling
 *   cost more than running several of them.
 * - A read handed to the read-only connection runs on the writer's connection when the writer is
 *   between transactions. Every commit empties the read-only connection's page cache (SQLite drops it
 *   when the file changed under it), so its next query read every page again: two reads per
 *   submission cost more than the submission's inserts. The writer's cache is warm, and outside a
 *   transaction it sees exactly what the reader would: the committed rows. Only statements that change
 *   nothing are moved; anything else runs where it was sent (a write through the read-only handle still
 *   fails as before).
 *
 * Each `prepare` gives a small object of its own around the kept statement, with its own raw mode
 * (drizzle switches it per query); a kept statement still being iterated is not shared (a fresh one is
 * compiled for that call).
 */
import type Database from "better-sqlite3";

type Native = Database.Statement<unknown[]>;

/** Statements about the connection itself (transactions, settings), never moved to another one. */
const CONNECTION_STATEMENT = /^\s*(begin|commit|end|rollback|savepoint|release|pragma|attach|detach|vacuum|analyze)\b/i;

/** Distinct SQL texts kept per connection (multi-row inserts make one text per row count). */
const KEPT = 500;

class Kept {
  private readonly statements = new Map<string, Native>();
  constructor(readonly connection: Database.Database) {}

  get(source: string): Native {
    const found = this.statements.get(source);
    if (found && !found.busy) {
      // Most recently used last: the least used text is the one let go.
      this.statements.delete(source);
      this.statements.set(source, found);
      return found;
    }
    const fresh = this.connection.prepare(source);
    if (found) return fresh; // the kept one is being iterated: this call gets its own
    this.statements.set(source, fresh);
    if (this.statements.size > KEPT) this.statements.delete(this.statements.keys().next().value!);
    return fresh;
  }
}

class Statement {
  private rawMode = false;
  constructor(
    private readonly kept: Kept,
    readonly source: string,
    private readonly own: Native,
    /** The writer, for statements that change nothing; null when this statement stays where it is. */
    private readonly writer: Kept | null,
  ) {}

  get reader(): boolean {
    return this.own.reader;
  }

  get readonly(): boolean {
    return this.own.readonly;
  }

  raw(on = true): this {
    this.rawMode = on;
    return this;
  }

  private native(): Native {
    // On the writer only while neither connection is in a transaction: not inside another request's
    // write, and not inside a read transaction opened on this connection (a snapshot stays one).
    const onWriter = this.writer !== null && !this.writer.connection.inTransaction && !this.kept.connection.inTransaction;
    const target = onWriter ? this.writer!.get(this.source) : this.kept.get(this.source);
    if (target.reader) target.raw(this.rawMode);
    return target;
  }

  run(...params: unknown[]) {
    return this.native().run(...params);
  }

  all(...params: unknown[]) {
    return this.native().all(...params);
  }

  get(...params: unknown[]) {
    return this.native().get(...params);
  }

  iterate(...params: unknown[]) {
    // An iteration spans other code: always on a statement of its own, on its own connection.
    const own = this.kept.connection.prepare(this.source);
    if (own.reader) own.raw(this.rawMode);
    return own.iterate(...params);
  }
}

/**
 * The connection drizzle is given. `readsOnWriter`: the writer whose idle moments take this
 * connection's reads (for the read-only connection).
 */
export function keptStatements(connection: Database.Database, readsOnWriter?: Database.Database): Database.Database {
  const kept = new Kept(connection);
  const writer = readsOnWriter ? new Kept(readsOnWriter) : null;
  const facade = {
    prepare(source: string) {
      const own = kept.get(source);
      // SQLite calls BEGIN, COMMIT, SAVEPOINT and PRAGMA read-only too: they belong to their connection.
      const movable = own.readonly && !CONNECTION_STATEMENT.test(source);
      return new Statement(kept, source, own, writer && movable ? writer : null);
    },
    transaction: connection.transaction.bind(connection),
  };
  return facade as unknown as Database.Database;
}
