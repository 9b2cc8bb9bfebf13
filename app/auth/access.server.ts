/**
 * Who may see and change a consultation: administrators all of them, drafters those of their own
 * agency. Every staff loader and action that touches a consultation goes through here.
 */
import { getDb } from "#db/client.server";
import { isRowId } from "~/domain/row-id";
import { findConsultation } from "#db/queries/consultations";
import { findVersion } from "#db/queries/versions";
import type { SessionUser } from "./session.server";

export function canManage(user: SessionUser, draftingAgencyId: number): boolean {
  return user.role === "admin" || (user.agencyId !== null && user.agencyId === draftingAgencyId);
}

function notFound(): Response {
  return new Response("Not found", { status: 404 });
}

/** The consultation if it exists and the user may manage it; otherwise a 404 (no existence leak). */
export async function requireConsultation(user: SessionUser, id: number) {
  const found = isRowId(id) ? await findConsultation(await getDb(), id) : null;
  if (!found || !canManage(user, found.consultation.draftingAgencyId)) throw notFound();
  return found;
}

export async function requireVersion(user: SessionUser, versionId: number) {
  const version = isRowId(versionId) ? await findVersion(await getDb(), versionId) : null;
  if (!version) throw notFound();
  const found = await requireConsultation(user, version.consultationId);
  return { version, ...found };
}

export function parseId(raw: string | undefined): number {
  const n = Number(raw);
  if (!isRowId(n)) throw notFound();
  return n;
}
