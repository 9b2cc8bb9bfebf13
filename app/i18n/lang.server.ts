import { createCookie } from "@remix-run/node";
import { DEFAULT_LANG, isLang, type Lang } from "./index";

export const langCookie = createCookie("gopy_lang", {
  path: "/",
  sameSite: "lax",
  httpOnly: true,
  maxAge: 60 * 60 * 24 * 365,
});

/** The interface language: the visitor's choice if made, else Vietnamese. */
export async function getLang(request: Request): Promise<Lang> {
  const chosen: unknown = await langCookie.parse(request.headers.get("Cookie"));
  return isLang(chosen) ? chosen : DEFAULT_LANG;
}
