import type { LoaderFunctionArgs } from "@remix-run/node";
import { parseId, requireVersion } from "~/auth/access.server";
import { getSessionUser } from "~/auth/session.server";
import { versionClauseTree } from "~/versions/clause-tree.server";

/** The clause tree of a version as JSON (the same shape as `npm run cli -- parse FILE --json`). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await getSessionUser(request);
  if (!user) return Response.json({ error: "unauthorized" }, { status: 401 });
  const { version } = await requireVersion(user, parseId(params.id));
  return Response.json(await versionClauseTree(version), { headers: { "Cache-Control": "private, no-store" } });
}
