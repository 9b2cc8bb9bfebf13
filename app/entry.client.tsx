import { RemixBrowser } from "@remix-run/react";
import { startTransition, StrictMode } from "react";
import { hydrateRoot } from "react-dom/client";

/**
 * Remix's default client entry, except that React starts hydrating only once the page's data (single
 * fetch's turbo-stream in the document) has been decoded.
 *
 * Why: until then <RemixBrowser> suspends, and a click during that time (the language switch on a slow
 * phone, say) makes React hydrate synchronously; a root that suspends in a synchronous render has no
 * boundary to wait in, so React throws "Root did not complete" and the page is left half-alive
 * (reproduced by tests/browser/13 under CPU throttling). Before hydrateRoot is called a click is an
 * ordinary click: a form posts natively, a link navigates.
 *
 * RemixBrowser starts the decoding on its first call and throws the pending promise, as any component
 * that suspends does; calling it once here, outside React, only starts that decoding early and waits for
 * it. Anything else it throws (a later Remix that no longer suspends here) is left to hydration.
 */
function dataDecoded(): Promise<unknown> {
  // Without single fetch there is nothing to decode (and calling RemixBrowser would build its router).
  if (!window.__remixContext.future.v3_singleFetch) return Promise.resolve();
  try {
    RemixBrowser({});
  } catch (thrown) {
    if (thrown instanceof Promise) return thrown.catch(() => undefined);
  }
  return Promise.resolve();
}

void dataDecoded().then(() => {
  startTransition(() => {
    hydrateRoot(
      document,
      <StrictMode>
        <RemixBrowser />
      </StrictMode>,
    );
  });
});
