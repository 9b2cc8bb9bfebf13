import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { verifyCsrf } from "~/auth/csrf.server";
import { safeRedirect } from "~/auth/redirect";
import { requestMeta } from "~/auth/request-meta.server";
import { getSessionUser, startSession } from "~/auth/session.server";
import { needsSetup } from "~/auth/setup.server";
import { attemptSignin } from "~/auth/signin.server";
import { CsrfInput, Field, FormError, LanguageSwitch, SubmitButton } from "~/components/forms";
import { parseForm, type FieldErrors } from "~/forms";
import { useT } from "~/i18n/use-t";
import { CONTENT_LANG } from "~/components/content-lang";
import { pageTitle } from "~/i18n/page-title";

export const meta: MetaFunction = ({ matches }) => [pageTitle(matches, "signin.title")];

const SigninSchema = z.object({
  email: z.string().trim().min(1, "error.required").email("error.email"),
  password: z.string().min(1, "error.required"),
  redirectTo: z.string().optional(),
});

export async function loader({ request }: LoaderFunctionArgs) {
  if (await needsSetup()) throw redirect("/setup");
  if (await getSessionUser(request)) throw redirect("/staff");
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData();
  await verifyCsrf(request, form);
  const parsed = parseForm(SigninSchema, form);
  if (!parsed.ok) return data({ errors: parsed.errors, values: parsed.values }, { status: 400 });
  const meta = requestMeta(request, context);
  const result = await attemptSignin(parsed.data.email, parsed.data.password, meta.ip);
  if (!result.ok) {
    const errors: FieldErrors = {
      _form: result.reason === "throttled" ? "signin.throttled" : "signin.invalid",
    };
    const wait = result.reason === "throttled" ? result.waitSeconds : 0;
    return data(
      { errors, values: { email: parsed.data.email }, wait },
      { status: result.reason === "throttled" ? 429 : 400 },
    );
  }
  const cookie = await startSession(result.userId, meta);
  return redirect(safeRedirect(parsed.data.redirectTo, "/staff"), {
    headers: { "Set-Cookie": cookie },
  });
}

export default function Signin() {
  const t = useT();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const errors = result?.errors;
  const wait = result && "wait" in result ? result.wait : 0;
  return (
    <main id="main" className="page narrow auth-page">
      <div className="auth-top">
        <span className="brand" lang={CONTENT_LANG}>{t("app.name")}</span>
        <LanguageSwitch />
      </div>
      <h1>{t("signin.title")}</h1>
      <p className="lead">{t("signin.lead")}</p>
      <Form method="post" className="stack" noValidate>
        <CsrfInput />
        <input type="hidden" name="redirectTo" value={params.get("redirectTo") ?? ""} />
        <FormError errors={errors} />
        {wait ? <p className="hint">{t("signin.waitSeconds", { n: wait })}</p> : null}
        <Field name="email" label="field.email" errors={errors}>
          {(p) => (
            <input {...p} type="email" autoComplete="username" defaultValue={result?.values?.email ?? ""} required />
          )}
        </Field>
        <Field name="password" label="field.password" errors={errors}>
          {(p) => <input {...p} type="password" autoComplete="current-password" required />}
        </Field>
        <SubmitButton label="signin.submit" pendingLabel="common.working" />
      </Form>
    </main>
  );
}
