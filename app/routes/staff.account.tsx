import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { newPasswordFields } from "~/auth/password-rules";
import { hashPassword, verifyPassword } from "~/auth/password.server";
import { verifyCsrf } from "~/auth/csrf.server";
import { requestMeta } from "~/auth/request-meta.server";
import { requireUser, restartSessions } from "~/auth/session.server";
import { CsrfInput, Field, FormError, SubmitButton } from "~/components/forms";
import { parseForm, type FieldErrors } from "~/forms";
import { useT } from "~/i18n/use-t";
import { CONTENT_LANG } from "~/components/content-lang";
import { getDb } from "#db/client.server";
import { findUserById, updatePasswordHash } from "#db/queries/users";
import { pageTitle } from "~/i18n/page-title";

const ChangePasswordSchema = z
  .object({ currentPassword: z.string().min(1, "error.required"), ...newPasswordFields })
  .refine((v) => v.password === v.passwordConfirm, { message: "error.passwordMismatch", path: ["passwordConfirm"] });


export const meta: MetaFunction = ({ matches }) => [pageTitle(matches, "account.title")];
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return { user };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const form = await request.formData();
  await verifyCsrf(request, form);
  const parsed = parseForm(ChangePasswordSchema, form);
  if (!parsed.ok) return data({ errors: parsed.errors, done: false }, { status: 400 });
  const db = await getDb();
  const row = await findUserById(db, user.id);
  if (!row || !(await verifyPassword(row.passwordHash, parsed.data.currentPassword))) {
    return data({ errors: { currentPassword: "account.wrongPassword" } as FieldErrors, done: false }, { status: 400 });
  }
  const meta = requestMeta(request, context);
  // The new password and its "user.password_changed" event are written together.
  await updatePasswordHash(db, user.id, await hashPassword(parsed.data.password), { actorUserId: user.id, ip: meta.ip });
  // Other sessions (a forgotten browser elsewhere) end; this one continues under a new id.
  const cookie = await restartSessions(user.id, meta);
  return data({ errors: undefined, done: true }, { headers: { "Set-Cookie": cookie } });
}

export default function Account() {
  const { user } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const errors = result?.errors;
  return (
    <>
      <h1>{t("account.title")}</h1>
      <dl className="facts card">
        <div><dt>{t("field.fullName")}</dt><dd lang={CONTENT_LANG}>{user.name}</dd></div>
        <div><dt>{t("field.email")}</dt><dd>{user.email}</dd></div>
        <div><dt>{t("field.role")}</dt><dd>{t(`role.${user.role}`)}</dd></div>
        <div><dt>{t("field.agency")}</dt><dd lang={CONTENT_LANG}>{user.agencyName ?? "—"}</dd></div>
      </dl>
      <section className="card narrow-card">
        <h2>{t("account.changePassword")}</h2>
        {result?.done ? <p className="notice success" role="status">{t("account.passwordChanged")}</p> : null}
        <Form method="post" className="stack" noValidate>
          <CsrfInput />
          <FormError errors={errors} />
          <Field name="currentPassword" label="field.currentPassword" errors={errors}>
            {(p) => <input {...p} type="password" autoComplete="current-password" required />}
          </Field>
          <Field name="password" label="field.newPassword" errors={errors} hint="hint.password">
            {(p) => <input {...p} type="password" autoComplete="new-password" required />}
          </Field>
          <Field name="passwordConfirm" label="field.passwordConfirm" errors={errors}>
            {(p) => <input {...p} type="password" autoComplete="new-password" required />}
          </Field>
          <SubmitButton label="account.savePassword" pendingLabel="common.working" />
        </Form>
      </section>
    </>
  );
}
