/**
 * Opens the database as the portal does (db/client.server.ts) and keeps it open. Each line on stdin
 * is stored as an agency (as the portal would acknowledge a submission) and answered "ack NAME";
 * "quit" closes the database and ends the process.
 */
import readline from "node:readline";
import { closeDb, getDb } from "#db/client.server";
import { insertAgency } from "#db/queries/agencies";

const db = await getDb();
process.stdout.write("ready\n");
const lines = readline.createInterface({ input: process.stdin });
// One line at a time, in order: a line is acknowledged only once its agency is written.
let done: Promise<void> = Promise.resolve();
lines.on("line", (line) => {
  done = done.then(async () => {
    if (line === "quit") {
      await closeDb();
      lines.close();
      return;
    }
    await insertAgency(db, { name: line, shortName: "", emails: [] });
    process.stdout.write(`ack ${line}\n`);
  });
  done.catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
});
