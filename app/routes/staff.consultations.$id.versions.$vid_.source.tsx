import type { LoaderFunctionArgs } from "@remix-run/node";
import { parseId, requireConsultation } from "~/auth/access.server";
import { requireUser } from "~/auth/session.server";
import { getDb } from "#db/client.server";
import { findVersionSource } from "#db/queries/versions";

/** The original upload, byte for byte (or the pasted text), as an attachment. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const source = await findVersionSource(await getDb(), parseId(params.vid));
  if (!source) throw new Response("Not found", { status: 404 });
  const { consultation } = await requireConsultation(user, source.consultationId);
  if (consultation.id !== parseId(params.id)) throw new Response("Not found", { status: 404 });
  const isFile = source.sourceKind === "file" && source.sourceBlob;
  const filename = isFile ? (source.sourceFilename ?? "draft") : `du-thao-lan-${source.number}.txt`;
  const body = isFile ? new Uint8Array(source.sourceBlob!) : new TextEncoder().encode(source.text);
  return new Response(body, {
    headers: {
      "Content-Type": isFile ? (source.sourceMime ?? "application/octet-stream") : "text/plain; charset=utf-8",
      "Content-Disposition": `attachment; filename="${asciiName(filename)}"; filename*=UTF-8''${encodeURIComponent(filename)}`,
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}

function asciiName(name: string): string {
  return name.normalize("NFD").replace(/[^\x20-\x7e]/g, "").replace(/["\\]/g, "_") || "draft";
}
