import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { MAX_ROW_ID } from "~/domain/row-id";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { verifyCsrf } from "~/auth/csrf.server";
import { requestMeta } from "~/auth/request-meta.server";
import { requireAdmin } from "~/auth/session.server";
import { CsrfInput, Field, FormError, SubmitButton } from "~/components/forms";
import { parseForm, type FieldErrors } from "~/forms";
import { useT } from "~/i18n/use-t";
import { getDb } from "#db/client.server";
import { agencyEmails, findAgency, findAgencyByName, insertAgency, listAgencies, updateAgency } from "#db/queries/agencies";
import { pageTitle } from "~/i18n/page-title";
import { CONTENT_LANG, EXAMPLES } from "~/components/content-lang";

const AgencySchema = z.object({
  id: z.coerce.number().int().positive().max(MAX_ROW_ID).optional(),
  name: z.string().trim().min(1, "error.required").max(300, "error.tooLong"),
  shortName: z.string().trim().max(50, "error.tooLong").default(""),
  emails: z
    .string()
    .default("")
    .transform((s) => s.split(/[\s,;]+/).map((e) => e.trim()).filter(Boolean))
    .pipe(z.array(z.string().email("error.emailList")).max(20, "error.tooLong")),
  // Defaults of the documents it issues (Decree 30/2020), same limits as the report settings.
  symbol: z.string().trim().max(30, "error.tooLong").default("").transform(nfc),
  governingBody: z.string().trim().max(120, "error.tooLong").default("").transform(nfc),
  placeName: z.string().trim().max(60, "error.tooLong").default("").transform(nfc),
});

function nfc(s: string): string {
  return s.normalize("NFC");
}


export const meta: MetaFunction = ({ matches }) => [pageTitle(matches, "agency.title")];
export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  return { agencies: (await listAgencies(await getDb())).map((a) => ({ ...a, emailList: agencyEmails(a) })) };
}

type Result = { errors: FieldErrors; values: Record<string, string>; savedId?: undefined } | { savedId: number; errors?: undefined; values?: undefined };

export async function action({ request, context }: ActionFunctionArgs) {
  const admin = await requireAdmin(request);
  const form = await request.formData();
  await verifyCsrf(request, form);
  const parsed = parseForm(AgencySchema, form);
  if (!parsed.ok) return data<Result>({ errors: parsed.errors, values: parsed.values }, { status: 400 });
  const db = await getDb();
  const { id, ...input } = parsed.data;
  const sameName = await findAgencyByName(db, input.name);
  if (sameName && sameName.id !== id) {
    return data<Result>({ errors: { name: "agency.duplicate" }, values: Object.fromEntries([...form.entries()].filter(([k]) => k !== "csrf")) as Record<string, string> }, { status: 400 });
  }
  // Each change is written with its "agency.updated" / "agency.created" event (the document defaults as details).
  const actor = { actorUserId: admin.id, ip: requestMeta(request, context).ip };
  let savedId: number;
  if (id) {
    if (!(await findAgency(db, id))) throw new Response("Not found", { status: 404 });
    await updateAgency(db, id, input, actor);
    savedId = id;
  } else {
    savedId = await insertAgency(db, input, actor);
  }
  return data<Result>({ savedId });
}

export default function Agencies() {
  const { agencies } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const t = useT();
  const editId = Number(params.get("edit")) || null;
  const editing = agencies.find((a) => a.id === editId);
  const errors = result?.errors;
  const values = result?.values;
  return (
    <>
      <h1>{t("agency.title")}</h1>
      <p className="lead">{t("agency.lead")}</p>
      {result?.savedId ? <p className="notice success" role="status">{t("common.saved")}</p> : null}
      <div className="two-col">
        <div className="table-wrap">
          <table className="list">
            <thead>
              <tr>
                <th scope="col">{t("field.agencyName")}</th>
                <th scope="col">{t("field.shortName")}</th>
                <th scope="col">{t("field.emails")}</th>
                <th scope="col">{t("agency.documentDefaults")}</th>
                <th scope="col"><span className="visually-hidden">{t("common.edit")}</span></th>
              </tr>
            </thead>
            <tbody>
              {agencies.length === 0 ? (
                <tr><td colSpan={5} className="muted">{t("agency.none")}</td></tr>
              ) : null}
              {agencies.map((a) => (
                <tr key={a.id}>
                  <td data-label={t("field.agencyName")} lang={CONTENT_LANG}>{a.name}</td>
                  <td data-label={t("field.shortName")}><span lang={CONTENT_LANG}>{a.shortName}</span></td>
                  <td data-label={t("field.emails")} className="small">{a.emailList.join(", ")}</td>
                  <td data-label={t("agency.documentDefaults")} className="small" data-testid="agency-document-defaults">
                    {a.governingBody ? <div lang={CONTENT_LANG}>{a.governingBody}</div> : null}
                    {a.symbol ? <div>{t("agency.symbol")}: <span lang={CONTENT_LANG}>{a.symbol}</span></div> : null}
                    {a.placeName ? <div>{t("agency.placeName")}: <span lang={CONTENT_LANG}>{a.placeName}</span></div> : null}
                  </td>
                  <td><a href={`?edit=${a.id}#agency-form`}>{t("common.edit")}</a></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <section className="card" id="agency-form">
          <h2>{editing ? t("agency.editTitle") : t("agency.addTitle")}</h2>
          <Form method="post" className="stack" noValidate key={editing?.id ?? "new"} reloadDocument={false}>
            <CsrfInput />
            {editing ? <input type="hidden" name="id" value={editing.id} /> : null}
            <FormError errors={errors} />
            <Field name="name" label="field.agencyName" errors={errors}>
              {(p) => <input {...p} defaultValue={values?.name ?? editing?.name ?? ""} required lang={CONTENT_LANG} />}
            </Field>
            <Field name="shortName" label="field.shortName" errors={errors}>
              {(p) => <input {...p} defaultValue={values?.shortName ?? editing?.shortName ?? ""} lang={CONTENT_LANG} />}
            </Field>
            <Field name="emails" label="field.emails" errors={errors} hint="hint.emails">
              {(p) => <textarea {...p} rows={3} defaultValue={values?.emails ?? editing?.emailList.join("\n") ?? ""} />}
            </Field>
            <Field name="symbol" label="agency.symbol" errors={errors} hint="agency.symbolHint" hintExamples={{ symbol: EXAMPLES.symbol, code: EXAMPLES.code }}>
              {(p) => <input {...p} defaultValue={values?.symbol ?? editing?.symbol ?? ""} lang={CONTENT_LANG} />}
            </Field>
            <Field name="governingBody" label="agency.governingBody" errors={errors} hint="agency.governingBodyHint" hintExamples={{ example: EXAMPLES.governingBody }}>
              {(p) => <input {...p} defaultValue={values?.governingBody ?? editing?.governingBody ?? ""} lang={CONTENT_LANG} />}
            </Field>
            <Field name="placeName" label="agency.placeName" errors={errors} hint="agency.placeNameHint" hintExamples={{ place: EXAMPLES.place }}>
              {(p) => <input {...p} defaultValue={values?.placeName ?? editing?.placeName ?? ""} lang={CONTENT_LANG} />}
            </Field>
            <SubmitButton label={editing ? "common.save" : "agency.add"} pendingLabel="common.working" />
          </Form>
        </section>
      </div>
    </>
  );
}
