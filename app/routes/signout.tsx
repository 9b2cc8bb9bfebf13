import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { verifyCsrf } from "~/auth/csrf.server";
import { endSession } from "~/auth/session.server";

export async function action({ request }: ActionFunctionArgs) {
  await verifyCsrf(request, await request.formData());
  return redirect("/signin", { headers: { "Set-Cookie": await endSession(request) } });
}

export function loader() {
  return redirect("/staff");
}
