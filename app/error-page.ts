import type { MessageKey } from "~/i18n";

/**
 * The error page's title and lead for a status thrown by a loader or action (app/root.tsx). A 400 is
 * a bad page number (app/http/page-param.ts, status text "Bad page") or a damaged form.
 */
export function errorPageText(status: number, statusText: string): { title: MessageKey; lead: MessageKey | null } {
  switch (status) {
    case 404:
      return { title: "error.notFound", lead: null };
    case 403:
      return { title: "error.forbidden", lead: null };
    case 400:
      return { title: "body.badRequestTitle", lead: statusText === "Bad page" ? "body.badPage" : "body.malformed" };
    case 413:
      return { title: "body.tooLargeTitle", lead: null };
    case 503:
      return { title: "body.busyTitle", lead: null };
    default:
      return { title: "error.unexpected", lead: null };
  }
}
