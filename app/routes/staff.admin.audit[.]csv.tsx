import type { LoaderFunctionArgs } from "@remix-run/node";
import { stringify } from "csv-stringify/sync";
import { requireAdmin } from "~/auth/session.server";
import { getDb } from "#db/client.server";
import { listAudit } from "#db/queries/audit";
import { csvRow } from "~/report/safe-cell";

/** The whole audit log as CSV, for the administrator; a signer's name can't become a formula (safe-cell). */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  const rows = listAudit(getDb(), { limit: 1_000_000, offset: 0 });
  const csv = stringify(
    [["id", "at", "actor", "action", "subject", "details", "ip"], ...rows.map((r) => csvRow([r.id, new Date(r.at).toISOString(), r.actorEmail ?? r.actorLabel, r.action, `${r.subjectType}:${r.subjectId}`, r.details, r.ip]))],
    { bom: true },
  );
  return new Response(csv, {
    headers: { "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": 'attachment; filename="audit-log.csv"', "Cache-Control": "private, no-store" },
  });
}
