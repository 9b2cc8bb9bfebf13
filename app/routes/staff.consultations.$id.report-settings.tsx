import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { parseId, requireConsultation } from "~/auth/access.server";
import { verifyCsrf } from "~/auth/csrf.server";
import { requestMeta } from "~/auth/request-meta.server";
import { requireUser } from "~/auth/session.server";
import { CsrfInput, Field, FormError, SubmitButton } from "~/components/forms";
import { ReportSettingsFormSchema } from "~/domain/report/settings-form";
import { REPORT_SETTINGS_FIELDS, SIGNER_AUTHORITIES, type SignerAuthority } from "~/domain/report/settings-fields";
import { withAgencyDefaults, type ReportSettings } from "~/domain/report/settings";
import { parseForm, type FieldErrors } from "~/forms";
import type { MessageKey } from "~/i18n";
import { useT } from "~/i18n/use-t";
import { getDb } from "#db/client.server";
import { findReportSettings, saveReportSettings } from "#db/queries/consultations";
import { pageTitle } from "~/i18n/page-title";
import { CONTENT_LANG, EXAMPLES, Sentence } from "~/components/content-lang";
import type { Params } from "~/i18n";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [pageTitle(matches, "reportSettings.title", data?.consultation.title)];

/** What the reception report needs to be signed (Decree 30/2020), edited by the consultation's drafter. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const { consultation } = await requireConsultation(user, parseId(params.id));
  const found = await findReportSettings(await getDb(), consultation.id);
  if (!found) throw new Response("Not found", { status: 404 });
  const { settings, agency } = found;
  return {
    consultation: { id: consultation.id, title: consultation.title, letterRef: consultation.letterRef },
    settings,
    /** What an empty field falls back to, shown as its placeholder. */
    defaults: withAgencyDefaults(ReportSettingsFormSchema.parse({}), agency),
    /** What the report will print with the saved settings. */
    printed: withAgencyDefaults(settings, agency),
  };
}

type Result = { ok: true; errors?: undefined; values?: undefined } | { ok: false; errors: FieldErrors; values: Record<string, string> };

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const { consultation } = await requireConsultation(user, parseId(params.id));
  const form = await request.formData();
  await verifyCsrf(request, form);
  const parsed = parseForm(ReportSettingsFormSchema, form);
  if (!parsed.ok) return data<Result>({ ok: false, errors: parsed.errors, values: parsed.values }, { status: 400 });
  await saveReportSettings(await getDb(), consultation.id, parsed.data, { actorUserId: user.id, ip: requestMeta(request, context).ip });
  return data<Result>({ ok: true });
}

const AUTHORITY_LABEL: Record<SignerAuthority, MessageKey> = {
  "": "reportSettings.authority.none",
  "TM.": "reportSettings.authority.TM",
  "KT.": "reportSettings.authority.KT",
  "Q.": "reportSettings.authority.Q",
  "TL.": "reportSettings.authority.TL",
  "TUQ.": "reportSettings.authority.TUQ",
  "PP.": "reportSettings.authority.PP",
};

type TextField = Exclude<(typeof REPORT_SETTINGS_FIELDS)[number], "signerAuthority" | "recipients" | "requestDate">;

/** The Vietnamese examples each field's label and hint quote (marked as content). */
const LABEL_EXAMPLES: Partial<Record<TextField, Params>> = { signerAuthorityTitle: { prefixes: EXAMPLES.authorityPrefixes } };
const HINT_EXAMPLES: Partial<Record<TextField, Params>> = {
  governingBody: { example: EXAMPLES.governingBody },
  issuingBody: { example: EXAMPLES.issuingBody },
  symbol: { symbol: EXAMPLES.symbol, code: EXAMPLES.code },
  placeName: { place: EXAMPLES.place },
  requestSender: { example: EXAMPLES.requestSender },
  signerAuthorityTitle: { title: EXAMPLES.authorityTitle, printed: EXAMPLES.printedAuthority },
  signerTitle: { example: EXAMPLES.signerTitle },
};

export default function ReportSettingsPage() {
  const { consultation: c, settings, defaults, printed } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const errors = result?.errors;
  const values = result?.values;
  const value = (name: keyof ReportSettings) => values?.[name] ?? settings[name];
  const text = (name: TextField, hint: MessageKey | undefined, withDefault: boolean) => (
    <Field name={name} label={`reportSettings.field.${name}`} errors={errors} hint={hint} labelExamples={LABEL_EXAMPLES[name]} hintExamples={HINT_EXAMPLES[name]}>
      {(p) => <input {...p} defaultValue={value(name)} placeholder={withDefault ? defaults[name] || undefined : undefined} lang={CONTENT_LANG} />}
    </Field>
  );
  const signerHead = [printed.signerAuthority, printed.signerAuthority ? printed.signerAuthorityTitle : ""].filter(Boolean).join(" ");
  return (
    <>
      <p className="breadcrumb">
        <Link to={`/staff/consultations/${c.id}`}>← <span lang={CONTENT_LANG}>{c.title}</span></Link>
      </p>
      <div className="page-head">
        <h1>{t("reportSettings.title")}</h1>
        <div className="actions">
          <Link className="button" to={`/staff/consultations/${c.id}/report`}>{t("answers.report")}</Link>
        </div>
      </div>
      <p className="lead">{t("reportSettings.lead")}</p>
      {result?.ok ? <p className="notice success" role="status">{t("reportSettings.saved")}</p> : null}
      <div className="two-col">
        <Form method="post" className="stack" noValidate key={result?.ok ? "saved" : "editing"}>
          <CsrfInput />
          <FormError errors={errors} />
          <fieldset className="settings-group">
            <legend>{t("reportSettings.issuer")}</legend>
            {text("governingBody", "reportSettings.hint.governingBody", true)}
            {text("issuingBody", "reportSettings.hint.issuingBody", true)}
            {text("symbol", "reportSettings.hint.symbol", true)}
            {text("placeName", "reportSettings.hint.placeName", true)}
          </fieldset>
          <fieldset className="settings-group">
            <legend>{t("reportSettings.request")}</legend>
            {text("requestSender", "reportSettings.hint.requestSender", false)}
            <Field name="requestNumber" label="reportSettings.field.requestNumber" errors={errors} hint="reportSettings.hint.requestNumber">
              {(p) => <input {...p} defaultValue={value("requestNumber")} placeholder={c.letterRef || undefined} lang={CONTENT_LANG} />}
            </Field>
            <Field name="requestDate" label="reportSettings.field.requestDate" errors={errors}>
              {(p) => <input {...p} type="date" defaultValue={value("requestDate")} />}
            </Field>
          </fieldset>
          <fieldset className="settings-group">
            <legend>{t("reportSettings.signer")}</legend>
            <Field name="signerAuthority" label="reportSettings.field.signerAuthority" errors={errors}>
              {(p) => (
                <select {...p} defaultValue={value("signerAuthority")}>
                  {SIGNER_AUTHORITIES.map((a) => (
                    <option key={a} value={a}>{t(AUTHORITY_LABEL[a])}</option>
                  ))}
                </select>
              )}
            </Field>
            {text("signerAuthorityTitle", "reportSettings.hint.signerAuthorityTitle", false)}
            {text("signerTitle", "reportSettings.hint.signerTitle", false)}
            {text("signerName", undefined, false)}
          </fieldset>
          <Field
            name="recipients"
            label="reportSettings.field.recipients"
            labelExamples={{ term: EXAMPLES.recipientsTerm }}
            errors={errors}
            hint="reportSettings.hint.recipients"
            hintExamples={{ first: EXAMPLES.firstRecipient, last: EXAMPLES.lastRecipient }}
          >
            {(p) => <textarea {...p} rows={5} defaultValue={value("recipients")} lang={CONTENT_LANG} />}
          </Field>
          <SubmitButton label="common.save" pendingLabel="common.working" />
        </Form>
        <section className="card" aria-labelledby="report-settings-preview">
          <h2 id="report-settings-preview">{t("reportSettings.preview")}</h2>
          <div className="settings-preview" data-testid="report-settings-preview">
            <p lang={CONTENT_LANG}>{printed.governingBody || "…"}</p>
            <p className="bold" lang={CONTENT_LANG}>{printed.issuingBody || "…"}</p>
            <p><Sentence t={t} k="reportSettings.preview.number" params={{ code: `BC-${printed.symbol || "…"}` }} marked={["code"]} /></p>
            <p className="italic"><Sentence t={t} k="reportSettings.preview.date" params={{ place: printed.placeName || "…" }} marked={["place"]} /></p>
            <p className="bold" lang={CONTENT_LANG}>{signerHead || printed.signerTitle || "…"}</p>
            {signerHead && printed.signerTitle ? <p className="bold" lang={CONTENT_LANG}>{printed.signerTitle}</p> : null}
            <p className="bold" lang={CONTENT_LANG}>{printed.signerName || "…"}</p>
          </div>
        </section>
      </div>
    </>
  );
}
