/**
 * Opens the database as the portal does (db/client.server.ts) and keeps it open. Each line on stdin
 * is stored as an agency (as the portal would acknowledge a submission) and answered "ack NAME";
 * "quit" closes the database and ends the process.
 */
import readline from "node:readline";
import { closeDb, getDb } from "#db/client.server";
import { insertAgency } from "#db/queries/agencies";

const db = getDb();
process.stdout.write("ready\n");
const lines = readline.createInterface({ input: process.stdin });
lines.on("line", (line) => {
  if (line === "quit") {
    closeDb();
    lines.close();
    return;
  }
  insertAgency(db, { name: line, shortName: "", emails: [] });
  process.stdout.write(`ack ${line}\n`);
});
