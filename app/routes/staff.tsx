import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, NavLink, Outlet, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/auth/session.server";
import { CsrfInput, LanguageSwitch } from "~/components/forms";
import { useT } from "~/i18n/use-t";
import { CONTENT_LANG } from "~/components/content-lang";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return { user: { name: user.name, role: user.role, agencyName: user.agencyName } };
}

export default function StaffLayout() {
  const { user } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <>
      <header className="topbar">
        <Link to="/staff" className="brand" lang={CONTENT_LANG}>
          {t("app.name")}
        </Link>
        <nav aria-label={t("nav.main")} className="topnav">
          <NavLink to="/staff" end>
            {t("nav.consultations")}
          </NavLink>
          {user.role === "admin" ? (
            <>
              <NavLink to="/staff/admin/agencies">{t("nav.agencies")}</NavLink>
              <NavLink to="/staff/admin/bodies">{t("nav.bodies")}</NavLink>
              <NavLink to="/staff/admin/users">{t("nav.users")}</NavLink>
              <NavLink to="/staff/admin/audit">{t("nav.audit")}</NavLink>
            </>
          ) : null}
          <NavLink to="/staff/account">{t("nav.account")}</NavLink>
        </nav>
        <div className="topbar-end">
          <span className="who" title={user.agencyName ?? ""} lang={CONTENT_LANG}>
            {user.name}
          </span>
          <LanguageSwitch />
          <Form method="post" action="/signout">
            <CsrfInput />
            <button type="submit" className="link-button">
              {t("nav.signout")}
            </button>
          </Form>
        </div>
      </header>
      <main id="main" className="page">
        <Outlet />
      </main>
    </>
  );
}
