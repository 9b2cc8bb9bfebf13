import { getDb } from "#db/client.server";
import { countAdmins, insertFirstAdmin } from "#db/queries/users";
import { hashPassword } from "./password.server";

export async function needsSetup(): Promise<boolean> {
  return (await countAdmins(await getDb())) === 0;
}

/** ADMIN_EMAIL + ADMIN_PASSWORD create the first administrator at start, for unattended installs. */
export async function bootstrapAdminFromEnv(): Promise<void> {
  const email = process.env.ADMIN_EMAIL?.trim();
  const password = process.env.ADMIN_PASSWORD;
  if (!email || !password || !(await needsSetup())) return;
  if (password.length < 10) {
    console.warn("ADMIN_PASSWORD is shorter than 10 characters: no administrator was created.");
    return;
  }
  await insertFirstAdmin(await getDb(), {
    email,
    name: process.env.ADMIN_NAME?.trim() || email,
    passwordHash: await hashPassword(password),
  });
  console.log(`Created the first administrator ${email} from ADMIN_EMAIL.`);
}
