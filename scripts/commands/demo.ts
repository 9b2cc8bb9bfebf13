/** `npm run demo`: loads the Sóc Trăng example into the database named by DATABASE_URL. */
import { closeDb, databaseFileFromUrl } from "#db/client.server";
import { needsSetup } from "~/auth/setup.server";
import { loadDemo, DEMO_TITLE } from "~/demo/load-demo.server";

export async function demoCommand(): Promise<number> {
  const result = await loadDemo(null);
  const file = databaseFileFromUrl(process.env.DATABASE_URL);
  console.log(
    result.created
      ? `Loaded the example "${DEMO_TITLE}" (consultation ${result.consultationId}) into ${file}.`
      : `The example is already there (consultation ${result.consultationId}) in ${file}.`,
  );
  console.log(
    (await needsSetup())
      ? "No administrator yet: start the portal (npm start) and open http://localhost:3000 to create one."
      : `Open http://localhost:3000/staff/consultations/${result.consultationId} after signing in.`,
  );
  await closeDb();
  return 0;
}
