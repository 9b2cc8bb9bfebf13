import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { hashToken, invitationPath, invitationToken, isWellFormedToken, newNonce } from "~/invitations/token.server";
import { forgetServerSecret, serverSecret } from "~/security/secret.server";

const SECRET_A = "a".repeat(16) + "-first-server-secret-0123456789";
const SECRET_B = "b".repeat(16) + "-other-server-secret-0123456789";
const saved = { secret: process.env.APP_SECRET, db: process.env.DATABASE_URL };
const cwd = process.cwd();

function withSecret<T>(secret: string, fn: () => T): T {
  process.env.APP_SECRET = secret;
  forgetServerSecret();
  try {
    return fn();
  } finally {
    forgetServerSecret();
  }
}

beforeEach(() => forgetServerSecret());
afterEach(() => {
  if (saved.secret === undefined) delete process.env.APP_SECRET;
  else process.env.APP_SECRET = saved.secret;
  if (saved.db === undefined) delete process.env.DATABASE_URL;
  else process.env.DATABASE_URL = saved.db;
  forgetServerSecret();
});

/** How a link is checked: the database keeps hashToken(invitationToken(id, nonce)); a link matches when its hash does. */
const stored = (id: number, nonce: string) => hashToken(invitationToken(id, nonce));

describe("invitation tokens", () => {
  it("the same invitation, nonce and secret give the same link (it can be printed again)", () => {
    const nonce = newNonce();
    const [one, two] = withSecret(SECRET_A, () => [invitationToken(7, nonce), invitationToken(7, nonce)]);
    expect(one).toBe(two);
    expect(isWellFormedToken(one)).toBe(true);
    expect(one).toHaveLength(43); // 256 bits, base64url without padding
  });

  it("is the HMAC-SHA256 of the invitation and nonce under the server secret", () => {
    const token = withSecret(SECRET_A, () => invitationToken(7, "nonce-1"));
    expect(token).toBe(crypto.createHmac("sha256", SECRET_A).update("invitation:7:nonce-1").digest("base64url"));
  });

  it("verifies only with the right secret, nonce and invitation", () => {
    const nonce = newNonce();
    const { good, otherNonce, otherId, hash } = withSecret(SECRET_A, () => ({
      good: invitationToken(7, nonce),
      otherNonce: invitationToken(7, newNonce()), // re-issued: the old link stops matching
      otherId: invitationToken(8, nonce),
      hash: stored(7, nonce),
    }));
    const otherSecret = withSecret(SECRET_B, () => invitationToken(7, nonce)); // a copy of the database alone cannot make links
    expect(hashToken(good)).toBe(hash);
    for (const wrong of [otherNonce, otherId, otherSecret]) expect(hashToken(wrong)).not.toBe(hash);
    // Ids and nonces cannot be shuffled into each other ("1" + "1:x" vs "11" + ":x").
    expect(withSecret(SECRET_A, () => invitationToken(1, "1:x"))).not.toBe(withSecret(SECRET_A, () => invitationToken(11, ":x")));
  });

  it("a secret shorter than 32 characters is not used; the key file beside the database is, made once (0600) and kept", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gopy-secret-"));
    try {
      process.env.DATABASE_URL = path.join(dir, "portal.db");
      process.env.APP_SECRET = "too short";
      forgetServerSecret();
      const first = invitationToken(1, "n");
      const keyFile = path.join(dir, "portal.db.secret");
      expect(fs.existsSync(keyFile)).toBe(true);
      expect(fs.statSync(keyFile).mode & 0o777).toBe(0o600);
      forgetServerSecret();
      expect(invitationToken(1, "n")).toBe(first); // read back, not made again
      expect(first).not.toBe(withSecret("too short".padEnd(32, "!"), () => invitationToken(1, "n")));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("on PostgreSQL there is no file for the key: a missing or short APP_SECRET is refused, saying what to set", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gopy-secret-"));
    try {
      process.chdir(dir); // a key file made by mistake would land here, where the check below sees it
      process.env.DATABASE_URL = "postgres://gopy@127.0.0.1:5432/gopy";
      for (const secret of [undefined, "too short"]) {
        if (secret === undefined) delete process.env.APP_SECRET;
        else process.env.APP_SECRET = secret;
        forgetServerSecret();
        expect(() => serverSecret()).toThrow(/APP_SECRET .*on PostgreSQL it must be set to at least 32 characters/);
      }
      expect(fs.readdirSync(dir)).toEqual([]);
      expect(withSecret(SECRET_A, () => invitationToken(7, "n"))).toBe(crypto.createHmac("sha256", SECRET_A).update("invitation:7:n").digest("base64url"));
    } finally {
      process.chdir(cwd);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("hashes are SHA-256 hex; only 43 base64url characters look like a token", () => {
    expect(hashToken("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    const token = "A".repeat(42) + "_";
    expect(isWellFormedToken(token)).toBe(true);
    for (const bad of [undefined, "", "A".repeat(42), "A".repeat(44), "A".repeat(42) + "=", "A".repeat(42) + "/", "A".repeat(42) + ".", `${"A".repeat(42)}\n`]) {
      expect(isWellFormedToken(bad), String(bad)).toBe(false);
    }
    expect(invitationPath(token)).toBe(`/i/${token}`);
  });

  it("nonces are fresh and 128 bits", () => {
    const nonces = new Set(Array.from({ length: 1000 }, newNonce));
    expect(nonces.size).toBe(1000);
    for (const n of nonces) expect(Buffer.from(n, "base64url")).toHaveLength(16);
  });
});
