import { Form } from "@remix-run/react";
import type { FieldErrors } from "~/forms";
import { CONSULTATION_KINDS, CONSULTATION_STATUSES } from "~/domain/consultation-form";
import { useT } from "~/i18n/use-t";
import { CsrfInput, Field, FormError, SubmitButton } from "./forms";
import { CONTENT_LANG } from "./content-lang";

export interface ConsultationFormValues {
  title: string;
  kind: string;
  draftingAgencyId: string;
  letterRef: string;
  letterText: string;
  cutoff: string;
  timeZone: string;
  status: string;
}

interface Props {
  values: ConsultationFormValues;
  errors?: FieldErrors;
  agencies: { id: number; name: string }[];
  timeZones: string[];
  showStatus: boolean;
  submitLabel: "consultation.create" | "common.save";
}

export function ConsultationForm({ values, errors, agencies, timeZones, showStatus, submitLabel }: Props) {
  const t = useT();
  return (
    <Form method="post" className="stack form-wide" noValidate>
      <CsrfInput />
      <FormError errors={errors} />
      <Field name="title" label="field.title" errors={errors} hint="hint.title">
        {(p) => <input {...p} defaultValue={values.title} required maxLength={500} lang={CONTENT_LANG} />}
      </Field>
      <div className="row">
        <Field name="kind" label="field.kind" errors={errors}>
          {(p) => (
            <select {...p} defaultValue={values.kind}>
              {CONSULTATION_KINDS.map((k) => (
                <option key={k} value={k}>
                  {t(`kind.${k}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field name="draftingAgencyId" label="field.draftingAgency" errors={errors}>
          {(p) => (
            <select {...p} defaultValue={values.draftingAgencyId} disabled={agencies.length === 1 && values.draftingAgencyId !== ""}>
              {agencies.length !== 1 ? <option value="">{t("common.choose")}</option> : null}
              {agencies.map((a) => (
                <option key={a.id} value={a.id} lang={CONTENT_LANG}>
                  {a.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        {agencies.length === 1 ? <input type="hidden" name="draftingAgencyId" value={agencies[0]!.id} /> : null}
      </div>
      <Field name="letterRef" label="field.letterRef" errors={errors} hint="hint.letterRef">
        {(p) => <input {...p} defaultValue={values.letterRef} maxLength={100} lang={CONTENT_LANG} />}
      </Field>
      <Field name="letterText" label="field.letterText" errors={errors} hint="hint.letterText">
        {(p) => <textarea {...p} rows={10} defaultValue={values.letterText} lang={CONTENT_LANG} />}
      </Field>
      <div className="row">
        <Field name="cutoff" label="field.cutoff" errors={errors} hint="hint.cutoff">
          {(p) => <input {...p} type="datetime-local" defaultValue={values.cutoff} required />}
        </Field>
        <Field name="timeZone" label="field.timeZone" errors={errors}>
          {(p) => (
            <select {...p} defaultValue={values.timeZone}>
              {timeZones.map((z) => (
                <option key={z} value={z}>
                  {z}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      {showStatus ? (
        <Field name="status" label="field.status" errors={errors}>
          {(p) => (
            <select {...p} defaultValue={values.status}>
              {CONSULTATION_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {t(`status.${s}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
      ) : null}
      <SubmitButton label={submitLabel} pendingLabel="common.working" />
    </Form>
  );
}
