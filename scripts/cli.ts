/**
 * The command line: `npm run cli -- <command> [args]`.
 *   parse FILE [--json]   how a .docx/.txt/.md draft splits into clauses (the outline, or the JSON tree)
 *   demo                  load the Sóc Trăng example into the database (also `npm run demo`)
 *   backup FILE           a consistent online copy of the database (the portal may keep running)
 *   restore FILE          put a backup back in place (refused while the portal has the database open)
 *   copy-to-postgres URL  copy the SQLite database into an empty PostgreSQL one (docs/deploy.md)
 */
import fs from "node:fs";
import path from "node:path";
import { extractText } from "~/documents/extract-text.server";
import { formatOutline, parseDocument } from "~/domain/clauses";
import { backupCommand, restoreCommand } from "./commands/backup";
import { copyToPostgresCommand } from "./commands/copy-to-postgres";
import { demoCommand } from "./commands/demo";

async function parseCommand(args: string[]): Promise<number> {
  const file = args.find((a) => !a.startsWith("--"));
  if (!file) {
    console.error("usage: npm run cli -- parse FILE [--json]");
    return 2;
  }
  const bytes = fs.readFileSync(file);
  const doc = parseDocument(await extractText(bytes, path.basename(file)));
  if (args.includes("--json")) {
    process.stdout.write(JSON.stringify(doc, null, 2) + "\n");
    return 0;
  }
  if (doc.title) console.log(doc.title + "\n");
  console.log(formatOutline(doc));
  console.log(
    `\n${doc.count} clauses · front matter: ${doc.frontMatter.length} paragraphs · back matter: ${doc.backMatter.length} paragraphs · language: ${doc.language}`,
  );
  return 0;
}

const commands: Record<string, (args: string[]) => Promise<number>> = {
  parse: parseCommand,
  demo: () => demoCommand(),
  backup: backupCommand,
  restore: restoreCommand,
  "copy-to-postgres": copyToPostgresCommand,
};

const [name, ...rest] = process.argv.slice(2);
const command = name ? commands[name] : undefined;
// The reader went away (`… | head`): nothing more can be written, so stop quietly, not with a stack trace.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code !== "EPIPE") throw error;
  process.exit();
});
// The exit status is set, never forced with process.exit(): that would end the process before a
// piped stdout is drained (`parse FILE --json | jq .` lost all but the first 64 KiB). Nothing here
// keeps the event loop alive, so the process ends by itself once the output has been written.
if (!command) {
  console.error(`usage: npm run cli -- <${Object.keys(commands).join("|")}> [args]`);
  process.exitCode = 2;
} else {
  command(rest).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exitCode = 1;
    },
  );
}
