import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { getSessionUser } from "~/auth/session.server";
import { needsSetup } from "~/auth/setup.server";

export async function loader({ request }: LoaderFunctionArgs) {
  if (await needsSetup()) return redirect("/setup");
  return redirect((await getSessionUser(request)) ? "/staff" : "/signin");
}
