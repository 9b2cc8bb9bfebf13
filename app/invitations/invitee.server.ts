/**
 * What an invitation link opens. An unknown, malformed or revoked token gets a clear page (a thrown
 * 404/410 rendered by the route's error boundary), never a stack trace, and no hint of what exists.
 */
import crypto from "node:crypto";
import { getDb } from "#db/client.server";
import { findInvitationByTokenHash, markOpened } from "#db/queries/invitations";
import { listVersions } from "#db/queries/versions";
import { answerWindow } from "~/domain/cutoff";
import { hashToken, isWellFormedToken } from "./token.server";

export function linkProblem(kind: "unknown" | "revoked"): Response {
  return new Response(kind, { status: kind === "revoked" ? 410 : 404 });
}

export function loadInvitee(token: string | undefined, now: number, opts: { touch: boolean }) {
  if (!isWellFormedToken(token)) throw linkProblem("unknown");
  const db = getDb();
  const found = findInvitationByTokenHash(db, hashToken(token));
  if (!found) throw linkProblem("unknown");
  if (found.invitation.revokedAt !== null) throw linkProblem("revoked");
  if (opts.touch) markOpened(db, found.invitation.id, now);
  const version = listVersions(db, found.consultation.id).find((v) => v.publishedAt !== null) ?? null;
  const window = answerWindow(
    {
      status: found.consultation.status,
      cutoffAt: found.consultation.cutoffAt,
      cutoffOverrideAt: found.invitation.cutoffOverrideAt,
      lateAllowed: found.invitation.lateAllowed,
      revokedAt: found.invitation.revokedAt,
    },
    now,
  );
  return { ...found, version, window };
}

/** A one-time key for a page's answer form (see submitAnswer: the same key is stored once). */
export function newRequestKey(): string {
  return crypto.randomBytes(18).toString("base64url");
}
