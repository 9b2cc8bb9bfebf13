import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { verifyCsrf } from "~/auth/csrf.server";
import { requestMeta } from "~/auth/request-meta.server";
import { requireUser } from "~/auth/session.server";
import { ConsultationForm } from "~/components/consultation-form";
import { formOptions, readConsultationForm } from "~/consultations/consultation-form.server";
import { DEFAULT_TIME_ZONE, instantToZonedLocal } from "~/domain/zoned-time";
import { useT } from "~/i18n/use-t";
import { getDb } from "#db/client.server";
import { insertConsultation } from "#db/queries/consultations";
import { pageTitle } from "~/i18n/page-title";


export const meta: MetaFunction = ({ matches }) => [pageTitle(matches, "consultation.newTitle")];
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const options = await formOptions(user);
  // A week from now at 17:00 is the usual shape of a cutoff.
  const inAWeek = instantToZonedLocal(Date.now() + 7 * 864e5, DEFAULT_TIME_ZONE).slice(0, 10) + "T17:00";
  return { ...options, defaultCutoff: inAWeek };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const form = await request.formData();
  await verifyCsrf(request, form);
  const result = readConsultationForm(user, form);
  if (!result.ok) return result.response;
  // Recorded as "consultation.created" in the same transaction.
  const id = await insertConsultation(await getDb(), { ...result.data, status: "preparing" }, user.id, {
    actorUserId: user.id,
    ip: requestMeta(request, context).ip,
  });
  return redirect(`/staff/consultations/${id}`);
}

export default function NewConsultation() {
  const { agencies, timeZones, defaultCutoff } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const v = result?.values ?? {};
  return (
    <>
      <h1>{t("consultation.newTitle")}</h1>
      {agencies.length === 0 ? <p className="notice">{t("consultation.noAgencies")}</p> : null}
      <ConsultationForm
        values={{
          title: v.title ?? "",
          kind: v.kind ?? "plan",
          draftingAgencyId: v.draftingAgencyId ?? (agencies.length === 1 ? String(agencies[0]!.id) : ""),
          letterRef: v.letterRef ?? "",
          letterText: v.letterText ?? "",
          cutoff: v.cutoff ?? defaultCutoff,
          timeZone: v.timeZone ?? DEFAULT_TIME_ZONE,
          status: "preparing",
        }}
        errors={result?.errors}
        agencies={agencies}
        timeZones={timeZones}
        showStatus={false}
        submitLabel="consultation.create"
      />
    </>
  );
}
