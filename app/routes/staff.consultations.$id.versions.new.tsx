import {
  data,
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { parseId, requireConsultation } from "~/auth/access.server";
import { verifyCsrf } from "~/auth/csrf.server";
import { requestMeta } from "~/auth/request-meta.server";
import { requireUser } from "~/auth/session.server";
import { CsrfInput, Field, FormError, SubmitButton } from "~/components/forms";
import { readPostedForm } from "~/documents/multipart.server";
import { readUpload } from "~/documents/read-upload.server";
import { ACCEPTED_EXTENSIONS, MAX_UPLOAD_BYTES } from "~/documents/upload-rules";
import { formValues, parseForm, type FieldErrors } from "~/forms";
import { useT } from "~/i18n/use-t";
import { storeVersion } from "~/versions/store-version.server";
import { getDb } from "#db/client.server";
import { defaultVersionLabel, listVersions } from "#db/queries/versions";
import { pageTitle } from "~/i18n/page-title";
import { CONTENT_LANG } from "~/components/content-lang";

const MAX_PASTED_CHARS = 5_000_000;

const VersionFormSchema = z.object({
  label: z.string().trim().max(100, "error.tooLong").optional(),
  text: z.string().max(MAX_PASTED_CHARS, "error.tooLong").optional(),
});


export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [pageTitle(matches, "version.addTitle", data?.consultation.title)];
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const { consultation } = await requireConsultation(user, parseId(params.id));
  const next = ((await listVersions(await getDb(), consultation.id))[0]?.number ?? 0) + 1;
  return { consultation: { id: consultation.id, title: consultation.title }, defaultLabel: defaultVersionLabel(next) };
}

type Failure = { errors: FieldErrors; values: Record<string, string> };

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const { consultation } = await requireConsultation(user, parseId(params.id));
  const form = await readPostedForm(request, MAX_UPLOAD_BYTES, {}, context?.receivedBody);
  if (form === "tooLarge") {
    return data<Failure>({ errors: { file: "upload.tooLarge" }, values: {} }, { status: 413 });
  }
  if (form === "malformed") return data<Failure>({ errors: { _form: "body.malformed" }, values: {} }, { status: 400 });
  await verifyCsrf(request, form);
  const parsed = parseForm(VersionFormSchema, form);
  if (!parsed.ok) return data<Failure>({ errors: parsed.errors, values: parsed.values }, { status: 400 });

  const file = form.get("file");
  const pasted = parsed.data.text?.trim() ?? "";
  let text: string;
  let source: Parameters<typeof storeVersion>[0]["source"];
  if (file instanceof File && file.size > 0) {
    const bytes = Buffer.from(await file.arrayBuffer());
    const upload = await readUpload(bytes, file.name);
    if (!upload.ok) return data<Failure>({ errors: { file: upload.error }, values: formValues(form) }, { status: 400 });
    text = upload.text;
    source = { kind: "file", filename: file.name.slice(0, 255), mime: upload.mime, bytes };
  } else if (pasted !== "") {
    text = parsed.data.text ?? "";
    source = { kind: "paste" };
  } else {
    return data<Failure>({ errors: { text: "version.textOrFile" }, values: formValues(form) }, { status: 400 });
  }
  if (text.trim() === "") {
    return data<Failure>({ errors: { file: "upload.empty" }, values: formValues(form) }, { status: 400 });
  }

  // Recorded as "version.added" (clause count, source) in the transaction that stores it.
  const { versionId } = await storeVersion({
    consultationId: consultation.id,
    text,
    label: parsed.data.label,
    source,
    createdBy: user.id,
    publish: false,
    audit: { actorUserId: user.id, ip: requestMeta(request, context).ip },
  });
  return redirect(`/staff/consultations/${consultation.id}/versions/${versionId}`);
}

export default function NewVersion() {
  const { consultation, defaultLabel } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const errors = result?.errors;
  const values = result?.values ?? {};
  return (
    <>
      <p className="breadcrumb">
        <Link to={`/staff/consultations/${consultation.id}`}>← <span lang={CONTENT_LANG}>{consultation.title}</span></Link>
      </p>
      <h1>{t("version.addTitle")}</h1>
      <p className="lead">{t("version.addLead")}</p>
      <Form method="post" encType="multipart/form-data" className="stack form-wide" noValidate>
        <CsrfInput />
        <FormError errors={errors} />
        <Field name="label" label="field.versionLabel" errors={errors}>
          {(p) => <input {...p} defaultValue={values.label ?? defaultLabel} maxLength={100} />}
        </Field>
        <Field name="file" label="field.file" errors={errors} hint="hint.file">
          {(p) => <input {...p} type="file" accept={ACCEPTED_EXTENSIONS.join(",")} />}
        </Field>
        <p className="or">{t("common.or")}</p>
        <Field name="text" label="field.pasteText" errors={errors}>
          {(p) => <textarea {...p} rows={16} defaultValue={values.text ?? ""} className="mono" />}
        </Field>
        <SubmitButton label="version.preview" pendingLabel="common.working" />
      </Form>
    </>
  );
}
