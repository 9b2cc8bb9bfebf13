/**
 * Invitation link tokens. A token is HMAC(server secret, invitation id + random nonce): 256 bits,
 * unguessable, and never stored; the database keeps only its SHA-256 (to find the invitation) and the
 * nonce (so the drafter's pages can print the same link again). Re-issuing draws a new nonce.
 */
import crypto from "node:crypto";
import { hashInvitationToken, invitationTokenOf } from "#db/queries/invitations";
import { serverSecret } from "~/security/secret.server";

export function newNonce(): string {
  return crypto.randomBytes(16).toString("base64url");
}

// The formula is kept beside the query that stores new invitations with their hashes (db/queries/invitations.ts).
export function invitationToken(invitationId: number, nonce: string): string {
  return invitationTokenOf(serverSecret(), invitationId, nonce);
}

export function hashToken(token: string): string {
  return hashInvitationToken(token);
}

/** A token as it may arrive in a URL: 43 base64url characters, nothing else. */
export function isWellFormedToken(token: string | undefined): token is string {
  return typeof token === "string" && /^[A-Za-z0-9_-]{43}$/.test(token);
}

export function invitationPath(token: string): string {
  return `/i/${token}`;
}
