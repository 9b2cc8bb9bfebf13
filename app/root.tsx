import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import type { ShouldRevalidateFunction } from "@remix-run/react";
import { data } from "@remix-run/node";
import {
  isRouteErrorResponse,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import type { ReactNode } from "react";
import { ensureCsrfToken } from "~/auth/csrf.server";
import { useNonce } from "~/components/nonce";
import { DEFAULT_LANG, messagesOf, type Lang } from "~/i18n";
import { getLang } from "~/i18n/lang.server";
import { pageTitle } from "~/i18n/page-title";
import { useT } from "~/i18n/use-t";
import { errorPageText } from "~/error-page";
import stylesHref from "~/styles.css?url";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesHref },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

/**
 * The page's language, that language's messages (the only catalog the browser gets: useT reads them,
 * see app/i18n/use-t.ts) and the CSRF token.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const lang = await getLang(request);
  const { token, setCookie } = await ensureCsrfToken(request);
  return data(
    { lang, messages: messagesOf(lang), csrf: token },
    setCookie ? { headers: { "Set-Cookie": setCookie } } : undefined,
  );
}

/**
 * The root's data depends on two cookies only: the language, which only the switch changes (it posts to
 * /lang), and the CSRF token, set once. So a form or an autosave posted anywhere else does not load it
 * again (it carries the page's messages, 40–60 kB), unless its token was refused (403). Navigations keep
 * Remix's default.
 */
export const shouldRevalidate: ShouldRevalidateFunction = ({ formAction, formMethod, actionStatus, currentUrl, defaultShouldRevalidate }) => {
  if (formAction && new URL(formAction, currentUrl).pathname === "/lang") return true;
  if (formMethod && formMethod.toUpperCase() !== "GET" && actionStatus !== 403) return false;
  return defaultShouldRevalidate;
};

export function Layout({ children }: { children: ReactNode }) {
  const root = useRouteLoaderData<typeof loader>("root");
  const lang: Lang = root?.lang ?? DEFAULT_LANG;
  const t = useT();
  const nonce = useNonce();
  return (
    <html lang={lang}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        {/* Every page's <main> is #main: the first Tab stop skips the header and the language switch. */}
        <a className="skip-link" href="#main">
          {t("nav.skip")}
        </a>
        {children}
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary() {
  const error = useRouteError();
  const t = useT();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const { title: key, lead } = errorPageText(status, isRouteErrorResponse(error) ? error.statusText : "");
  if (!isRouteErrorResponse(error)) console.error(error);
  return (
    <main id="main" className="page narrow">
      <h1>{t(key)}</h1>
      {lead ? <p>{t(lead)}</p> : null}
      <p>
        <a href="/">{t("nav.home")}</a>
      </p>
    </main>
  );
}

export const meta: MetaFunction = ({ matches }) => [pageTitle(matches, null)];
