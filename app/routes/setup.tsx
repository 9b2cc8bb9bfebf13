import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData } from "@remix-run/react";
import { z } from "zod";
import { verifyCsrf } from "~/auth/csrf.server";
import { hashPassword } from "~/auth/password.server";
import { requestMeta } from "~/auth/request-meta.server";
import { startSession } from "~/auth/session.server";
import { needsSetup } from "~/auth/setup.server";
import { CsrfInput, Field, FormError, LanguageSwitch, SubmitButton } from "~/components/forms";
import { parseForm } from "~/forms";
import { useT } from "~/i18n/use-t";
import { CONTENT_LANG } from "~/components/content-lang";
import { getDb } from "#db/client.server";
import { insertFirstAdmin } from "#db/queries/users";
import { newPasswordFields } from "~/auth/password-rules";
import { pageTitle } from "~/i18n/page-title";

const SetupSchema = z
  .object({
    name: z.string().trim().min(1, "error.required").max(200, "error.tooLong"),
    email: z.string().trim().min(1, "error.required").email("error.email"),
    ...newPasswordFields,
  })
  .refine((v) => v.password === v.passwordConfirm, {
    message: "error.passwordMismatch",
    path: ["passwordConfirm"],
  });

/** Nobody reaches set-up once an administrator exists. */
async function ensureSetupOpen() {
  if (!(await needsSetup())) throw redirect("/signin");
}


export const meta: MetaFunction = ({ matches }) => [pageTitle(matches, "setup.title")];
export async function loader(_: LoaderFunctionArgs) {
  await ensureSetupOpen();
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  await ensureSetupOpen();
  const form = await request.formData();
  await verifyCsrf(request, form);
  const parsed = parseForm(SetupSchema, form);
  if (!parsed.ok) return data({ errors: parsed.errors, values: parsed.values }, { status: 400 });
  const meta = requestMeta(request, context);
  // The administrator and its "setup.admin_created" event are written together.
  const id = await insertFirstAdmin(
    await getDb(),
    { email: parsed.data.email, name: parsed.data.name, passwordHash: await hashPassword(parsed.data.password) },
    { ip: meta.ip },
  );
  if (id === null) throw redirect("/signin");
  return redirect("/staff", { headers: { "Set-Cookie": await startSession(id, meta) } });
}

export default function Setup() {
  const t = useT();
  const result = useActionData<typeof action>();
  const errors = result?.errors;
  const values = result?.values ?? {};
  return (
    <main id="main" className="page narrow auth-page">
      <div className="auth-top">
        <span className="brand" lang={CONTENT_LANG}>{t("app.name")}</span>
        <LanguageSwitch />
      </div>
      <h1>{t("setup.title")}</h1>
      <p className="lead">{t("setup.lead")}</p>
      <Form method="post" className="stack" noValidate>
        <CsrfInput />
        <FormError errors={errors} />
        <Field name="name" label="field.fullName" errors={errors}>
          {(p) => <input {...p} autoComplete="name" defaultValue={values.name ?? ""} required />}
        </Field>
        <Field name="email" label="field.email" errors={errors}>
          {(p) => <input {...p} type="email" autoComplete="username" defaultValue={values.email ?? ""} required />}
        </Field>
        <Field name="password" label="field.newPassword" errors={errors} hint="hint.password">
          {(p) => <input {...p} type="password" autoComplete="new-password" required />}
        </Field>
        <Field name="passwordConfirm" label="field.passwordConfirm" errors={errors}>
          {(p) => <input {...p} type="password" autoComplete="new-password" required />}
        </Field>
        <SubmitButton label="setup.submit" pendingLabel="common.working" />
      </Form>
    </main>
  );
}
