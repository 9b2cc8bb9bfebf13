/**
 * The language switch's race on the invitee page (issue 15, noted in tests/browser/06-answers-published):
 * a click on EN while the page sends its "opened" beacon was sometimes lost. The cause, shown here on
 * Remix's router with the portal's routes reduced to what matters: a fetcher action (the beacon, or an
 * autosave sent as the click blurs a box) that finishes while a *navigation* POST to /lang is in flight
 * makes the router revalidate at the navigation's location, /lang, whose loader redirects to "/"; the
 * router follows that redirect and drops the language's. Posted as a fetcher (what LanguageSwitch in
 * app/components/forms.tsx does, navigate={false}), the switch leaves the navigation idle and lands.
 */
import { createMemoryHistory, createRouter, redirect, type AgnosticDataRouteObject, type Router } from "@remix-run/router";
import { afterEach, describe, expect, it } from "vitest";

function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

const browserWindow = {
  document: { createElement: () => ({}) },
  location: { origin: "http://localhost", href: "http://localhost/" },
  addEventListener: () => {},
  removeEventListener: () => {},
  sessionStorage: { getItem: () => null, setItem: () => {} },
} as unknown as Window;

/** The portal reduced: a root whose loader reads the language, the invitee page, /lang and "/". */
function portal() {
  let lang = "vi";
  const beacon = gate();
  const langAction = gate();
  const routes: AgnosticDataRouteObject[] = [
    {
      id: "root",
      path: "/",
      loader: () => ({ lang }),
      children: [
        { id: "home", index: true, loader: () => redirect("/signin") },
        { id: "signin", path: "signin", loader: () => "sign in" },
        {
          id: "invitee",
          path: "i/:token",
          loader: () => "the draft",
          action: async () => {
            await beacon.opened;
            return { errors: {} };
          },
          // As the invitee route: the beacon reloads nothing of its own.
          shouldRevalidate: ({ formData, defaultShouldRevalidate }) => (formData?.get("intent") === "opened" ? false : defaultShouldRevalidate),
        },
        {
          id: "lang",
          path: "lang",
          loader: () => redirect("/"),
          action: async ({ request }) => {
            const form = await request.formData();
            await langAction.opened;
            lang = String(form.get("lang"));
            return redirect(String(form.get("redirectTo")));
          },
        },
      ],
    },
  ];
  const router = createRouter({
    routes,
    history: createMemoryHistory({ initialEntries: ["/i/abc"] }),
    hydrationData: { loaderData: { root: { lang: "vi" }, invitee: "the draft" } },
    // What the router asks of a browser window here (fetchers are refused without one).
    window: browserWindow,
  }).initialize();
  return { router, beacon, langAction };
}

const form = (entries: Record<string, string>) => {
  const body = new FormData();
  for (const [k, v] of Object.entries(entries)) body.set(k, v);
  return body;
};

/** Resolves once the router is idle: no navigation and no fetcher under way. */
function settled(router: Router): Promise<void> {
  const idle = () => router.state.navigation.state === "idle" && [...router.state.fetchers.values()].every((f) => f.state === "idle");
  return new Promise((resolve) => {
    const check = () => {
      if (idle()) {
        unsubscribe();
        resolve();
      }
    };
    const unsubscribe = router.subscribe(check);
    setTimeout(check, 0);
  });
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 10));

let current: Router | null = null;
afterEach(() => current?.dispose());

describe("the language switch while the page's beacon is in flight", () => {
  it("as a navigation POST (the old switch) the click is lost: the router follows /lang's loader to the sign-in page", async () => {
    const { router, beacon, langAction } = portal();
    current = router;
    const visited: string[] = [];
    router.subscribe((state) => visited.push(state.location.pathname));
    router.fetch("opened-beacon", "invitee", "/i/abc?index", { formMethod: "post", formData: form({ intent: "opened" }) });
    await tick();
    void router.navigate("/lang", { formMethod: "post", formData: form({ lang: "en", redirectTo: "/i/abc" }) });
    await tick();
    // The beacon's answer arrives while /lang is still being posted: its revalidation runs at /lang.
    beacon.open();
    await tick();
    expect(router.state.location.pathname).toBe("/signin");
    expect(router.state.loaderData.root).toEqual({ lang: "vi" });
    // In a browser that navigation aborted the POST to /lang; here its late answer leaves a broken state.
    langAction.open();
    await tick();
    expect(visited).toContain("/signin");
  });

  it("as a fetcher POST (LanguageSwitch, navigate={false}) the page comes back in the chosen language", async () => {
    const { router, beacon, langAction } = portal();
    current = router;
    router.fetch("opened-beacon", "invitee", "/i/abc?index", { formMethod: "post", formData: form({ intent: "opened" }) });
    await tick();
    router.fetch("lang-switch", "invitee", "/lang", { formMethod: "post", formData: form({ lang: "en", redirectTo: "/i/abc" }) });
    await tick();
    beacon.open();
    await tick();
    langAction.open();
    await tick();
    await settled(router);
    expect(router.state.location.pathname).toBe("/i/abc");
    expect(router.state.loaderData.root).toEqual({ lang: "en" });
    expect(router.state.loaderData.invitee).toBe("the draft");
  });

  it("as a fetcher POST it also lands when the language's answer comes first", async () => {
    const { router, beacon, langAction } = portal();
    current = router;
    router.fetch("opened-beacon", "invitee", "/i/abc?index", { formMethod: "post", formData: form({ intent: "opened" }) });
    router.fetch("lang-switch", "invitee", "/lang", { formMethod: "post", formData: form({ lang: "en", redirectTo: "/i/abc" }) });
    await tick();
    langAction.open();
    await tick();
    beacon.open();
    await tick();
    await settled(router);
    expect(router.state.location.pathname).toBe("/i/abc");
    expect(router.state.loaderData.root).toEqual({ lang: "en" });
  });
});
