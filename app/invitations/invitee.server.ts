/**
 * What an invitation link opens. An unknown, malformed or revoked token gets a clear page (a thrown
 * 404/410 rendered by the route's error boundary), never a stack trace, and no hint of what exists.
 */
import crypto from "node:crypto";
import { getDb } from "#db/client.server";
import { findInvitationByTokenHash, markOpened } from "#db/queries/invitations";
import { latestPublishedVersion } from "#db/queries/versions";
import { answerWindow } from "~/domain/cutoff";
import { hashToken, isWellFormedToken } from "./token.server";
import { linkGuesses } from "~/security/rate-limit.server";

export function linkProblem(kind: "unknown" | "revoked"): Response {
  return new Response(kind, { status: kind === "revoked" ? 410 : 404 });
}

export function loadInvitee(token: string | undefined, now: number, opts: { touch: boolean; ip?: string }) {
  const ip = opts.ip ?? "";
  // An address that keeps trying unknown links is guessing: stop answering it for a while.
  if (ip && linkGuesses.blocked(`ip:${ip}`, now)) throw new Response("Too many requests", { status: 429 });
  const unknown = () => {
    if (ip) linkGuesses.take(`ip:${ip}`, now);
    return linkProblem("unknown");
  };
  if (!isWellFormedToken(token)) throw unknown();
  const db = getDb();
  const found = findInvitationByTokenHash(db, hashToken(token));
  if (!found) throw unknown();
  if (found.invitation.revokedAt !== null) throw linkProblem("revoked");
  if (opts.touch) markOpened(db, found.invitation.id, now);
  const version = latestPublishedVersion(db, found.consultation.id);
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
