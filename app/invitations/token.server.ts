/**
 * Invitation link tokens. A token is HMAC(server secret, invitation id + random nonce): 256 bits,
 * unguessable, and never stored; the database keeps only its SHA-256 (to find the invitation) and the
 * nonce (so the drafter's pages can print the same link again). Re-issuing draws a new nonce.
 */
import crypto from "node:crypto";
import { serverSecret } from "~/security/secret.server";

export function newNonce(): string {
  return crypto.randomBytes(16).toString("base64url");
}

export function invitationToken(invitationId: number, nonce: string): string {
  return crypto.createHmac("sha256", serverSecret()).update(`invitation:${invitationId}:${nonce}`).digest("base64url");
}

export function hashToken(token: string): string {
  return crypto.createHash("sha256").update(token).digest("hex");
}

/** A token as it may arrive in a URL: 43 base64url characters, nothing else. */
export function isWellFormedToken(token: string | undefined): token is string {
  return typeof token === "string" && /^[A-Za-z0-9_-]{43}$/.test(token);
}

export function invitationPath(token: string): string {
  return `/i/${token}`;
}
