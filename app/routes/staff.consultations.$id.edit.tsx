import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { parseId, requireConsultation } from "~/auth/access.server";
import { verifyCsrf } from "~/auth/csrf.server";
import { requestMeta } from "~/auth/request-meta.server";
import { requireUser } from "~/auth/session.server";
import { ConsultationForm } from "~/components/consultation-form";
import { formOptions, readConsultationForm } from "~/consultations/consultation-form.server";
import { instantToZonedLocal } from "~/domain/zoned-time";
import { useT } from "~/i18n/use-t";
import { getDb } from "#db/client.server";
import { updateConsultation } from "#db/queries/consultations";
import { pageTitle } from "~/i18n/page-title";
import { CONTENT_LANG } from "~/components/content-lang";


export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [pageTitle(matches, "consultation.editTitle", data?.consultation.title)];
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const { consultation } = await requireConsultation(user, parseId(params.id));
  return { consultation, cutoffLocal: instantToZonedLocal(consultation.cutoffAt, consultation.timeZone), ...(await formOptions(user)) };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const { consultation } = await requireConsultation(user, parseId(params.id));
  const form = await request.formData();
  await verifyCsrf(request, form);
  const result = readConsultationForm(user, form);
  if (!result.ok) return result.response;
  // Recorded as "consultation.updated" (status, cutoff) in the same transaction.
  await updateConsultation(await getDb(), consultation.id, result.data, { actorUserId: user.id, ip: requestMeta(request, context).ip });
  return redirect(`/staff/consultations/${consultation.id}`);
}

export default function EditConsultation() {
  const { consultation: c, cutoffLocal, agencies, timeZones } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const v = result?.values ?? {};
  return (
    <>
      <p className="breadcrumb">
        <Link to={`/staff/consultations/${c.id}`}>← <span lang={CONTENT_LANG}>{c.title}</span></Link>
      </p>
      <h1>{t("consultation.editTitle")}</h1>
      <ConsultationForm
        values={{
          title: v.title ?? c.title,
          kind: v.kind ?? c.kind,
          draftingAgencyId: v.draftingAgencyId ?? String(c.draftingAgencyId),
          letterRef: v.letterRef ?? c.letterRef,
          letterText: v.letterText ?? c.letterText,
          cutoff: v.cutoff ?? cutoffLocal,
          timeZone: v.timeZone ?? c.timeZone,
          status: v.status ?? c.status,
        }}
        errors={result?.errors}
        agencies={agencies}
        timeZones={timeZones}
        showStatus
        submitLabel="common.save"
      />
    </>
  );
}
