import type { LoaderFunctionArgs } from "@remix-run/node";
import { stringify } from "csv-stringify/sync";
import { requireAdmin } from "~/auth/session.server";
import { getDb } from "#db/client.server";
import { listAudit } from "#db/queries/audit";
import { csvRow } from "~/report/safe-cell";

const PAGE = 1_000;
const HEADER = ["id", "at", "actor", "action", "subject", "details", "ip"];

/**
 * The whole audit log as CSV, for the administrator; a signer's name can't become a formula (safe-cell).
 * The log only grows: it is read a page at a time as the download is pulled, never held whole.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  const db = await getDb();
  const encoder = new TextEncoder();
  let beforeId: number | undefined;
  let first = true;
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const rows = await listAudit(db, { limit: PAGE, beforeId });
      const lines = rows.map((r) =>
        csvRow([r.id, new Date(r.at).toISOString(), r.actorEmail ?? r.actorLabel, r.action, `${r.subjectType}:${r.subjectId}`, r.details, r.ip]),
      );
      if (first) lines.unshift(HEADER);
      controller.enqueue(encoder.encode(stringify(lines, { bom: first })));
      first = false;
      if (rows.length < PAGE) controller.close();
      else beforeId = rows[rows.length - 1]!.id;
    },
  });
  return new Response(body, {
    headers: { "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": 'attachment; filename="audit-log.csv"', "Cache-Control": "private, no-store" },
  });
}
