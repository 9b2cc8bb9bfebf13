import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { parseId, requireVersion } from "~/auth/access.server";
import { verifyCsrf } from "~/auth/csrf.server";
import { requestMeta } from "~/auth/request-meta.server";
import { requireUser } from "~/auth/session.server";
import { ClauseOutline } from "~/components/clause-outline";
import { CsrfInput, FormError, SubmitButton } from "~/components/forms";
import type { FieldErrors } from "~/forms";
import { useT } from "~/i18n/use-t";
import { LineageReview } from "~/components/lineage-review";
import { OutlineFixer } from "~/components/outline-fix";
import { correctOutlineFromForm, outlineForCorrection } from "~/versions/correct-outline.server";
import { correctLineage, versionLineage } from "~/versions/lineage.server";
import { reviewFilter } from "~/domain/lineage/review";
import { getDb } from "#db/client.server";
import type { AuditEntry } from "#db/queries/audit";
import { discardUnpublishedVersion, listClauses, publishVersion } from "#db/queries/versions";
import { pageTitle } from "~/i18n/page-title";
import { CONTENT_LANG } from "~/components/content-lang";

async function load(user: Awaited<ReturnType<typeof requireUser>>, params: { id?: string; vid?: string }) {
  const found = await requireVersion(user, parseId(params.vid));
  if (found.consultation.id !== parseId(params.id)) throw new Response("Not found", { status: 404 });
  return found;
}


export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [pageTitle(matches, data ? { text: data.version.label } : null, data?.consultation.title)];
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const { version, consultation } = await load(user, params);
  const url = new URL(request.url);
  // The lineage review and the correction mode read on their own: started together.
  const [rows, lineage, outlineFix] = await Promise.all([
    listClauses(await getDb(), version.id),
    // ?rows= narrows the lineage review to the rows to check (changed, merged, split, moved, low confidence).
    versionLineage(version.id, reviewFilter(url.searchParams.get("rows"))),
    // The correction mode (?fix=1) of a version not yet published: the outline re-parsed with its corrections.
    version.publishedAt === null && url.searchParams.get("fix") === "1" ? outlineForCorrection(version.id) : null,
  ]);
  const clauses = rows.map((c) => ({
    id: c.id,
    parentId: c.parentId,
    label: c.label,
    citation: c.citation,
    kind: c.kind,
    heading: c.heading,
    body: c.body,
    depth: c.depth,
  }));
  return {
    consultation: { id: consultation.id, title: consultation.title },
    version: {
      ...version,
      frontMatter: JSON.parse(version.frontMatter) as string[],
      backMatter: JSON.parse(version.backMatter) as string[],
    },
    clauses,
    lineage,
    outlineFix,
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const { version, consultation } = await load(user, params);
  const form = await request.formData();
  await verifyCsrf(request, form);
  const intent = form.get("intent");
  const db = await getDb();
  const actor = { actorUserId: user.id, ip: requestMeta(request, context).ip };
  // Each change is written with its event, in one transaction (the entry is handed to the write).
  const audit = (action: string): AuditEntry => ({
    ...actor,
    action,
    subjectType: "version",
    subjectId: version.id,
    details: { consultationId: consultation.id },
  });
  if (intent === "publish") {
    // A second click (or a second tab) finds it already published: nothing changes, no error, no event.
    await publishVersion(db, version.id, audit("version.published"));
    return redirect(`/staff/consultations/${consultation.id}`);
  }
  if (intent === "relink") {
    if (version.publishedAt !== null) {
      return data({ errors: { _form: "lineage.publishedFixed" } as FieldErrors }, { status: 409 });
    }
    const fields = [...form.entries()].filter((e): e is [string, string] => typeof e[1] === "string");
    const { unknown } = await correctLineage(version.id, fields, audit("version.lineage_corrected"));
    if (unknown.length > 0) {
      return data({ errors: { _form: "lineage.unknownLabel" } as FieldErrors, unknown: unknown as string[] }, { status: 400 });
    }
    return data({ errors: undefined, saved: true });
  }
  if (intent === "correct") {
    // Recorded as "version.outline_corrected" (step, corrections, clause count) with the change.
    const outcome = await correctOutlineFromForm(version.id, form, actor);
    if (!outcome.ok) return data({ errors: { _form: outcome.error } as FieldErrors }, { status: outcome.status });
    // Back to the correction mode, at the paragraph just corrected (wherever it went).
    const at = typeof outcome.step === "string" ? "" : `#para-${outcome.step.para}`;
    return redirect(`/staff/consultations/${consultation.id}/versions/${version.id}?fix=1${at}`);
  }
  if (intent === "discard") {
    if (!(await discardUnpublishedVersion(db, version.id, audit("version.discarded")))) {
      return data({ errors: { _form: "version.cannotDiscardPublished" } as FieldErrors }, { status: 409 });
    }
    return redirect(`/staff/consultations/${consultation.id}`);
  }
  return data({ errors: { _form: "error.invalid" } as FieldErrors }, { status: 400 });
}

export default function VersionPage() {
  const { consultation, version, clauses, lineage, outlineFix } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const published = version.publishedAt !== null;
  return (
    <>
      <p className="breadcrumb">
        <Link to={`/staff/consultations/${consultation.id}`}>← <span lang={CONTENT_LANG}>{consultation.title}</span></Link>
      </p>
      <div className="page-head">
        <div>
          <h1 lang={CONTENT_LANG}>{version.label}</h1>
          <p className="muted">
            {published ? t("version.published") : t("version.unpublished")} ·{" "}
            {t("outline.count", { n: version.clauseCount })}
            {version.title ? <> · <span lang={version.language}>{version.title}</span></> : null}
          </p>
        </div>
        <div className="actions">
          <a className="button" href={`/staff/consultations/${consultation.id}/versions/${version.id}/source`}>
            {version.sourceKind === "file" ? t("version.downloadOriginal") : t("version.downloadText")}
          </a>
          <a className="button" href={`/api/v1/versions/${version.id}/clauses`}>
            JSON
          </a>
        </div>
      </div>
      {outlineFix ? null : <FormError errors={result?.errors} />}
      {result && "unknown" in result && Array.isArray(result.unknown) ? <p className="error">{result.unknown.join(", ")}</p> : null}
      {result && "saved" in result && result.saved ? <p className="notice success" role="status">{t("common.saved")}</p> : null}
      {!published ? (
        <section className="card notice">
          <p>{t("version.reviewLead")}</p>
          <div className="actions">
            <Form method="post">
              <CsrfInput />
              <input type="hidden" name="intent" value="publish" />
              <SubmitButton label="version.publish" pendingLabel="common.working" />
            </Form>
            <Form method="post">
              <CsrfInput />
              <input type="hidden" name="intent" value="discard" />
              <SubmitButton label="version.discard" className="button danger" />
            </Form>
            {outlineFix ? (
              <Link className="button" to={`/staff/consultations/${consultation.id}/versions/${version.id}`}>
                {t("outlineFix.close")}
              </Link>
            ) : (
              <Link className="button" to="?fix=1">
                {t("outlineFix.open")}
              </Link>
            )}
          </div>
        </section>
      ) : (
        <p className="muted small">{t("version.immutable")}</p>
      )}
      {lineage ? (
        <LineageReview
          lineage={lineage}
          editable={!published}
          compareHref={`/staff/consultations/${consultation.id}/compare?from=${lineage.previous.id}&to=${version.id}`}
          lang={version.language}
        />
      ) : null}
      {outlineFix ? <OutlineFixer fix={outlineFix} errors={result?.errors} /> : null}
      {!outlineFix && version.frontMatter.length > 0 ? (
        <details className="card matter">
          <summary>{t("version.frontMatter")}</summary>
          <div className="prewrap" lang={version.language}>{version.frontMatter.join("\n")}</div>
        </details>
      ) : null}
      {outlineFix ? null : <ClauseOutline clauses={clauses} lang={version.language} />}
      {!outlineFix && version.backMatter.length > 0 ? (
        <details className="card matter">
          <summary>{t("version.backMatter")}</summary>
          <div className="prewrap" lang={version.language}>{version.backMatter.join("\n")}</div>
        </details>
      ) : null}
    </>
  );
}
