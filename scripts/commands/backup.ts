/** `npm run cli -- backup FILE` and `npm run cli -- restore FILE` (see db/backup.ts). */
import { databaseFileFromUrl } from "#db/client.server";
import { backupDatabase, DatabaseInUseError, restoreDatabase } from "#db/backup";

export async function backupCommand(args: string[]): Promise<number> {
  const target = args[0];
  if (!target) {
    console.error("usage: npm run cli -- backup FILE");
    return 2;
  }
  const source = databaseFileFromUrl(process.env.DATABASE_URL);
  const { pages } = await backupDatabase(source, target);
  console.log(`Backed up ${source} to ${target} (${pages} pages), consistent as of now.`);
  return 0;
}

export async function restoreCommand(args: string[]): Promise<number> {
  const source = args[0];
  if (!source) {
    console.error("usage: npm run cli -- restore FILE   (stop the portal first)");
    return 2;
  }
  const target = databaseFileFromUrl(process.env.DATABASE_URL);
  try {
    const { pages } = await restoreDatabase(source, target);
    console.log(`Restored ${source} into ${target} (${pages} pages). Start the portal again.`);
    return 0;
  } catch (error) {
    // The portal (or another process) has the database open: restoring under it would lose whatever
    // it acknowledges afterwards. Refused before anything is written.
    if (error instanceof DatabaseInUseError) {
      console.error(`Not restored: ${error.message}`);
      return 3;
    }
    throw error;
  }
}
