/**
 * `npm run cli -- copy-to-postgres postgres://…`: copies the SQLite database named by DATABASE_URL
 * (default data/gopy.db) into an empty PostgreSQL database (db/copy-to-postgres.ts), then says what
 * the server secret must be on the PostgreSQL deployment.
 *
 * Exit codes: 0 copied; 2 usage; 3 the SQLite database is open in another process (stop the portal);
 * 4 the PostgreSQL database already has rows. Nothing is written to PostgreSQL unless it ends with 0.
 */
import fs from "node:fs";
import { databaseFileFromUrl } from "#db/client.server";
import { copyToPostgres, SourceInUseError, TargetNotEmptyError } from "#db/copy-to-postgres";
import { dialectOfUrl } from "#db/dialect";
import { KEY_PREFIX, MIN_SECRET_LENGTH } from "~/security/secret.server";

const USAGE = "usage: DATABASE_URL=data/gopy.db npm run cli -- copy-to-postgres postgres://user:password@host:5432/database";

/** The URL without its password, for messages. */
function shown(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "****";
    return parsed.toString();
  } catch {
    return "the PostgreSQL database";
  }
}

export async function copyToPostgresCommand(args: string[]): Promise<number> {
  const target = args.find((a) => !a.startsWith("--"));
  if (!target || dialectOfUrl(target) !== "pg") {
    console.error(USAGE);
    return 2;
  }
  if (dialectOfUrl(process.env.DATABASE_URL) === "pg") {
    console.error("DATABASE_URL names the SQLite database to copy from (a path or file: URL; default data/gopy.db), not a PostgreSQL one.");
    console.error(USAGE);
    return 2;
  }
  const source = databaseFileFromUrl(process.env.DATABASE_URL);
  console.log(`Copying ${source} into ${shown(target)}…`);
  try {
    const counts = await copyToPostgres(source, target, {
      onTable: ({ name, rows }) => console.log(`  ${name.padEnd(18)} ${String(rows).padStart(9)} ${rows === 1 ? "row" : "rows"}`),
    });
    const total = counts.reduce((sum, t) => sum + t.rows, 0);
    console.log(`Copied ${total} rows in ${counts.length} tables; every count matches, ids kept, sequences moved past them.`);
  } catch (error) {
    if (error instanceof SourceInUseError || error instanceof TargetNotEmptyError) {
      console.error(`Not copied: ${error.message}`);
      return error instanceof SourceInUseError ? 3 : 4;
    }
    throw error;
  }
  printSecretInstruction(source);
  return 0;
}

/**
 * Invitation links are derived from the server secret (app/invitations/token.server.ts): links already
 * sent open with any secret (the database keeps their hashes), but the drafter's pages and reminders
 * print them again from the secret, so the PostgreSQL deployment needs the same one in APP_SECRET.
 * The key itself is printed only to a terminal, never into a file or a pipe that may be a log.
 */
function printSecretInstruction(databaseFile: string): void {
  console.log("");
  const fromEnv = process.env.APP_SECRET;
  if (fromEnv && (fromEnv.startsWith(KEY_PREFIX) || fromEnv.length >= MIN_SECRET_LENGTH)) {
    console.log("The server secret: this portal takes it from APP_SECRET. Set APP_SECRET to the same value on every");
    console.log("app node of the PostgreSQL deployment, or the links printed on the drafters' pages will not open.");
    return;
  }
  const keyFile = `${databaseFile}.secret`;
  if (!fs.existsSync(keyFile)) {
    console.log(`The server secret: there is no key file at ${keyFile} (and APP_SECRET is not set), so no invitation link`);
    console.log("was derived from one here. Set a new APP_SECRET on every app node of the PostgreSQL deployment, e.g.");
    console.log("  APP_SECRET=$(openssl rand -base64 48)");
    return;
  }
  const key = fs.readFileSync(keyFile, "utf8").trim();
  console.log("The server secret: this portal keeps it in a key file beside the database. On PostgreSQL it must");
  console.log("come from APP_SECRET, the same on every app node, or the links printed on the drafters' pages will not open.");
  if (process.stdout.isTTY) {
    console.log("Put this in the environment of every app node (keep it as secret as the database itself):");
    console.log("");
    console.log(`  APP_SECRET=${KEY_PREFIX}${key}`);
    console.log("");
  } else {
    // Output going to a file or a pipe: the key stays out of it.
    console.log("Its value is not printed here because this output is not a terminal. Set, on every app node:");
  }
  console.log(`  APP_SECRET="${KEY_PREFIX}$(cat ${keyFile})"   (the key file's content after "${KEY_PREFIX}")`);
}
