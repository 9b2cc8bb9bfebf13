import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { MAX_ROW_ID } from "~/domain/row-id";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { newPasswordFields } from "~/auth/password-rules";
import { hashPassword } from "~/auth/password.server";
import { verifyCsrf } from "~/auth/csrf.server";
import { requestMeta } from "~/auth/request-meta.server";
import { requireAdmin } from "~/auth/session.server";
import { CsrfInput, Field, FormError, SubmitButton } from "~/components/forms";
import { formValues, parseForm, type FieldErrors } from "~/forms";
import { useT } from "~/i18n/use-t";
import { CONTENT_LANG } from "~/components/content-lang";
import { getDb } from "#db/client.server";
import { findAgency, listAgencies } from "#db/queries/agencies";
import { findUserByEmail, insertUser, listUsers, toggleUserDisabled } from "#db/queries/users";
import { pageTitle } from "~/i18n/page-title";

const CreateUserSchema = z.object({
  intent: z.literal("create"),
  name: z.string().trim().min(1, "error.required").max(200, "error.tooLong"),
  email: z.string().trim().min(1, "error.required").email("error.email"),
  role: z.enum(["admin", "drafter"], { errorMap: () => ({ message: "error.invalid" }) }),
  agencyId: z.coerce.number().int().nonnegative().default(0),
  password: newPasswordFields.password,
});

const ToggleSchema = z.object({
  intent: z.enum(["disable", "enable"]),
  userId: z.coerce.number().int().positive().max(MAX_ROW_ID),
});


export const meta: MetaFunction = ({ matches }) => [pageTitle(matches, "user.title")];
export async function loader({ request }: LoaderFunctionArgs) {
  const admin = await requireAdmin(request);
  const db = await getDb();
  const [users, agencies] = await Promise.all([listUsers(db), listAgencies(db)]);
  return { users, agencies: agencies.map((a) => ({ id: a.id, name: a.name })), selfId: admin.id };
}

type Result = { errors?: FieldErrors; values?: Record<string, string>; saved?: boolean };

export async function action({ request, context }: ActionFunctionArgs) {
  const admin = await requireAdmin(request);
  const form = await request.formData();
  await verifyCsrf(request, form);
  const db = await getDb();
  const ip = requestMeta(request, context).ip;
  if (form.get("intent") === "disable" || form.get("intent") === "enable") {
    const parsed = parseForm(ToggleSchema, form);
    if (!parsed.ok || parsed.data.userId === admin.id) {
      return data<Result>({ errors: { _form: "user.cannotDisableSelf" } }, { status: 400 });
    }
    // Disabling also ends the user's sessions; the change and its audit event are one transaction.
    await toggleUserDisabled(db, parsed.data.userId, parsed.data.intent === "disable", { actorUserId: admin.id, ip });
    return data<Result>({ saved: true });
  }
  const parsed = parseForm(CreateUserSchema, form);
  if (!parsed.ok) return data<Result>({ errors: parsed.errors, values: parsed.values }, { status: 400 });
  const input = parsed.data;
  const agencyId = input.agencyId > 0 ? input.agencyId : null;
  if (input.role === "drafter" && (agencyId === null || !(await findAgency(db, agencyId)))) {
    return data<Result>({ errors: { agencyId: "user.agencyRequired" }, values: formValues(form) }, { status: 400 });
  }
  if (await findUserByEmail(db, input.email)) {
    return data<Result>({ errors: { email: "user.emailTaken" }, values: formValues(form) }, { status: 400 });
  }
  // The account and its "user.created" event are written together.
  await insertUser(
    db,
    { name: input.name, email: input.email, role: input.role, agencyId, passwordHash: await hashPassword(input.password) },
    { actorUserId: admin.id, ip },
  );
  return data<Result>({ saved: true });
}

export default function Users() {
  const { users, agencies, selfId } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const errors = result?.errors;
  const values = result?.values ?? {};
  return (
    <>
      <h1>{t("user.title")}</h1>
      {result?.saved ? <p className="notice success" role="status">{t("common.saved")}</p> : null}
      <FormError errors={errors && "_form" in errors ? errors : undefined} />
      <div className="two-col">
        <div className="table-wrap">
          <table className="list">
            <thead>
              <tr>
                <th scope="col">{t("field.fullName")}</th>
                <th scope="col">{t("field.email")}</th>
                <th scope="col">{t("field.role")}</th>
                <th scope="col">{t("field.agency")}</th>
                <th scope="col"><span className="visually-hidden">{t("common.actions")}</span></th>
              </tr>
            </thead>
            <tbody>
              {users.map((u) => (
                <tr key={u.id} className={u.disabledAt ? "disabled" : undefined}>
                  <td data-label={t("field.fullName")}><span lang={CONTENT_LANG}>{u.name}</span></td>
                  <td data-label={t("field.email")}>{u.email}</td>
                  <td data-label={t("field.role")}>{t(`role.${u.role}`)}</td>
                  <td data-label={t("field.agency")}><span lang={CONTENT_LANG}>{u.agencyName ?? "—"}</span></td>
                  <td>
                    {u.id === selfId ? null : (
                      <Form method="post">
                        <CsrfInput />
                        <input type="hidden" name="userId" value={u.id} />
                        <button type="submit" name="intent" value={u.disabledAt ? "enable" : "disable"} className="link-button">
                          {u.disabledAt ? t("user.enable") : t("user.disable")}
                        </button>
                      </Form>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <section className="card">
          <h2>{t("user.addTitle")}</h2>
          <Form method="post" className="stack" noValidate>
            <CsrfInput />
            <input type="hidden" name="intent" value="create" />
            <Field name="name" label="field.fullName" errors={errors}>
              {(p) => <input {...p} defaultValue={values.name ?? ""} required lang={CONTENT_LANG} />}
            </Field>
            <Field name="email" label="field.email" errors={errors}>
              {(p) => <input {...p} type="email" defaultValue={values.email ?? ""} required />}
            </Field>
            <Field name="role" label="field.role" errors={errors}>
              {(p) => (
                <select {...p} defaultValue={values.role ?? "drafter"}>
                  <option value="drafter">{t("role.drafter")}</option>
                  <option value="admin">{t("role.admin")}</option>
                </select>
              )}
            </Field>
            <Field name="agencyId" label="field.agency" errors={errors} hint="hint.userAgency">
              {(p) => (
                <select {...p} defaultValue={values.agencyId ?? ""}>
                  <option value="">{t("common.choose")}</option>
                  {agencies.map((a) => (
                    <option key={a.id} value={a.id} lang={CONTENT_LANG}>{a.name}</option>
                  ))}
                </select>
              )}
            </Field>
            <Field name="password" label="field.initialPassword" errors={errors} hint="hint.password">
              {(p) => <input {...p} type="password" autoComplete="new-password" required />}
            </Field>
            <SubmitButton label="user.add" pendingLabel="common.working" />
          </Form>
        </section>
      </div>
    </>
  );
}
