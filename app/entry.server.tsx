import { PassThrough } from "node:stream";
import type { AppLoadContext, EntryContext } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";
import { getDb } from "#db/client.server";
import { fillAgencySortKeys } from "#db/queries/agencies";
import { bootstrapAdminFromEnv } from "~/auth/setup.server";
import { NonceContext } from "~/components/nonce";
import { stripNulBytes } from "~/http/strip-nul.server";
import { startScheduler, stopScheduler } from "~/invitations/scheduler.server";
import { serverSecret } from "~/security/secret.server";

const ABORT_DELAY = 5_000;

// The body policy runs in server.js in front of Remix; it lives here so it shares the app's catalogs.
export { bodyPolicy, fetchRequestOf, receivedBody, requestStartedAt, sendFetchResponse } from "~/http/body-policy.server";

/** Called by server.js before it listens: opens and migrates the database, seeds ADMIN_EMAIL. */
export async function prepare(): Promise<void> {
  // A missing secret fails the start, not the first invitation (on PostgreSQL APP_SECRET is required).
  serverSecret();
  await fillAgencySortKeys(await getDb());
  await bootstrapAdminFromEnv();
  startScheduler();
}

/** Called by server.js when it is told to stop: gives up the scheduler's lease for another process. */
export async function shutdown(): Promise<void> {
  await stopScheduler();
}

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const nonce = loadContext.cspNonce ?? "";
  const waitForAll = isbot(request.headers.get("user-agent") ?? "");
  return new Promise((resolve, reject) => {
    let shellRendered = false;
    const { pipe, abort } = renderToPipeableStream(
      <NonceContext.Provider value={nonce}>
        <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
      </NonceContext.Provider>,
      {
        nonce,
        [waitForAll ? "onAllReady" : "onShellReady"]() {
          shellRendered = true;
          const body = new PassThrough();
          responseHeaders.set("Content-Type", "text/html; charset=utf-8");
          resolve(
            new Response(createReadableStreamFromReadable(body.pipe(stripNulBytes())), {
              headers: responseHeaders,
              status: responseStatusCode,
            }),
          );
          pipe(body);
        },
        onShellError(error: unknown) {
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          if (shellRendered) console.error(error);
        },
      },
    );
    setTimeout(abort, ABORT_DELAY);
  });
}
