import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { verifyCsrf } from "~/auth/csrf.server";
import { requestMeta } from "~/auth/request-meta.server";
import { requireUser } from "~/auth/session.server";
import { loadDemo } from "~/demo/load-demo.server";

/** The "load the demo" button of the empty staff home. */
export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request);
  await verifyCsrf(request, await request.formData());
  // "demo.loaded" commits with the load's last change (app/demo/load-demo.server.ts).
  const result = await loadDemo(user.id, { ip: requestMeta(request, context).ip });
  // A drafter of another agency would not see the demo consultation, so send them home instead.
  const visible = user.role === "admin" || user.agencyId === result.drafterAgencyId;
  return redirect(visible ? `/staff/consultations/${result.consultationId}` : "/staff");
}

export function loader() {
  return redirect("/staff");
}
