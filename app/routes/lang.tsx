import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { verifyCsrf } from "~/auth/csrf.server";
import { safeRedirect } from "~/auth/redirect";
import { isLang } from "~/i18n";
import { langCookie } from "~/i18n/lang.server";

export async function action({ request }: ActionFunctionArgs) {
  const form = await request.formData();
  await verifyCsrf(request, form);
  const lang = form.get("lang");
  const to = safeRedirect(form.get("redirectTo"), "/");
  if (!isLang(lang)) return redirect(to);
  return redirect(to, { headers: { "Set-Cookie": await langCookie.serialize(lang) } });
}

export function loader() {
  return redirect("/");
}
