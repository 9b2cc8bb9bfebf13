/**
 * Collective bodies and their members (issue 17), for administrators: the bodies with their host
 * agency and size; a member list imported from a .csv/.xlsx (app/directory/member-list.server.ts),
 * saved whole or not at all; a body's members (?body=ID) with a form to add one person or to edit one
 * (&person=ID), and to take one out of the body (they stay in the directory).
 */
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { verifyCsrf } from "~/auth/csrf.server";
import { requestMeta } from "~/auth/request-meta.server";
import { requireAdmin } from "~/auth/session.server";
import { CONTENT_LANG, Sentence } from "~/components/content-lang";
import { ErrorSummary, type ErrorSummaryItem } from "~/components/error-summary";
import { CsrfInput, Field, SubmitButton } from "~/components/forms";
import { distinctEmails, LIST_EXTENSIONS, MAX_LIST_BYTES, MAX_LIST_ROWS, MAX_NAME, MAX_POSITION } from "~/directory/member-list-rules";
import { readMemberList, type ListProblem } from "~/directory/member-list.server";
import { readPostedForm } from "~/documents/multipart.server";
import { isRowId, MAX_ROW_ID } from "~/domain/row-id";
import { formValues, parseForm, type FieldErrors } from "~/forms";
import type { MessageKey } from "~/i18n";
import { pageTitle } from "~/i18n/page-title";
import { useT } from "~/i18n/use-t";
import { getDb } from "#db/client.server";
import { listAgencies } from "#db/queries/agencies";
import { findBody, listBodies, listPeople, membersOf, saveBodyList, updatePerson, type PersonInput } from "#db/queries/directory";

/** Row problems shown at most; the rest are counted. */
const SHOWN_PROBLEMS = 50;
const TEMPLATE_URL = "/member-list-template.csv";

const nfc = (s: string) => s.normalize("NFC").replace(/\s+/g, " ");
const rowId = (message: MessageKey) => z.coerce.number({ invalid_type_error: message }).int(message).positive(message).max(MAX_ROW_ID, message);

const ImportSchema = z.object({
  name: z.string({ required_error: "error.required" }).trim().min(1, "error.required").max(MAX_NAME, "error.tooLong").transform(nfc),
  agencyId: rowId("error.required"),
});

const PersonSchema = z.object({
  bodyId: rowId("error.invalid"),
  personId: z.union([z.literal(""), rowId("error.invalid")]).optional(),
  personName: z.string({ required_error: "error.required" }).trim().min(1, "error.required").max(MAX_NAME, "error.tooLong").transform(nfc),
  position: z.string().trim().max(MAX_POSITION, "error.tooLong").default("").transform(nfc),
  personAgencyId: rowId("error.required"),
  emails: z
    .string()
    .default("")
    .transform((s) => distinctEmails(s.split(/[\s,;]+/).filter(Boolean)))
    .pipe(z.array(z.string().email("error.emailList").max(254, "error.emailList")).max(20, "error.tooLong")),
});

const RemoveSchema = z.object({ bodyId: rowId("error.invalid"), personId: rowId("error.invalid") });

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [pageTitle(matches, "directory.title", data?.selected?.name)];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  const url = new URL(request.url);
  const db = await getDb();
  const bodies = await listBodies(db);
  const agencies = (await listAgencies(db)).map((a) => ({ id: a.id, name: a.name, shortName: a.shortName }));
  const raw = url.searchParams.get("body");
  let selected = null;
  if (raw !== null) {
    const id = Number(raw);
    const body = isRowId(id) ? await findBody(db, id) : null;
    if (!body) throw new Response("Not found", { status: 404 });
    const members = (await membersOf(db, [id])).get(id) ?? [];
    selected = {
      id: body.id,
      name: body.name,
      agencyId: body.agencyId,
      agencyName: agencies.find((a) => a.id === body.agencyId)?.name ?? "",
      members: members.map((m) => ({ ...m, emails: m.emails.split("\n").filter(Boolean) })),
    };
  }
  const personId = Number(url.searchParams.get("person"));
  const editing = selected?.members.find((m) => m.personId === personId) ?? null;
  return { bodies, agencies, selected, editing };
}

type ImportResult =
  | { intent: "import"; errors: FieldErrors; problems: ListProblem[]; more: number; values: Record<string, string>; saved?: undefined }
  | { intent: "import"; saved: { bodyId: number; name: string; created: number; updated: number; removed: number }; errors?: undefined; problems?: undefined; more?: undefined; values?: undefined };
type PersonResult =
  | { intent: "person"; errors: FieldErrors; values: Record<string, string>; done?: undefined; name?: undefined }
  | { intent: "person" | "remove"; done: "added" | "saved" | "removed"; name: string; errors?: undefined; values?: undefined };
type Result = ImportResult | PersonResult | { intent: "none"; errors: FieldErrors; values?: undefined; done?: undefined; saved?: undefined };

export async function action({ request, context }: ActionFunctionArgs) {
  const admin = await requireAdmin(request);
  // The list file and a few fields; the body policy (server.js) already bounded the whole post.
  const form = await readPostedForm(request, MAX_LIST_BYTES, { maxParts: 50, maxTotalBytes: MAX_LIST_BYTES + 64 * 1024 }, context?.receivedBody);
  if (form === "tooLarge") {
    return data<Result>({ intent: "import", errors: {}, problems: [{ key: "directory.import.tooLarge", params: { max: "2 MB" } }], more: 0, values: {} }, { status: 413 });
  }
  if (form === "malformed") return data<Result>({ intent: "none", errors: { _form: "body.malformed" } }, { status: 400 });
  await verifyCsrf(request, form);
  const actor = { actorUserId: admin.id, ip: requestMeta(request, context).ip };
  const db = await getDb();
  const agencies = await listAgencies(db);
  const intent = form.get("intent");

  if (intent === "import") {
    const values = formValues(form);
    const parsed = parseForm(ImportSchema, form);
    const errors: FieldErrors = parsed.ok ? {} : { ...parsed.errors };
    if (parsed.ok && !agencies.some((a) => a.id === parsed.data.agencyId)) errors.agencyId = "directory.unknownAgency";
    const file = form.get("file");
    if (!(file instanceof File) || file.size === 0 || file.name === "") errors.file = "directory.import.fileRequired";
    if (!parsed.ok || Object.keys(errors).length > 0 || !(file instanceof File)) {
      return data<Result>({ intent: "import", errors, problems: [], more: 0, values }, { status: 400 });
    }
    const read = await readMemberList(
      { bytes: new Uint8Array(await file.arrayBuffer()), filename: file.name },
      parsed.data,
      agencies.map((a) => ({ id: a.id, name: a.name, shortName: a.shortName })),
    );
    if (!read.ok) {
      const problems = read.problems.slice(0, SHOWN_PROBLEMS);
      return data<Result>({ intent: "import", errors: {}, problems, more: read.problems.length - problems.length, values }, { status: 400 });
    }
    // One transaction: the body, its people and its order, with its "body.list_saved" event.
    const outcome = await saveBodyList(db, read.list, actor);
    return data<Result>({ intent: "import", saved: { name: read.list.name, bodyId: outcome.bodyId, created: outcome.created, updated: outcome.updated, removed: outcome.removed } });
  }

  if (intent === "person") {
    const parsed = parseForm(PersonSchema, form);
    if (!parsed.ok) return data<Result>({ intent: "person", errors: parsed.errors, values: parsed.values }, { status: 400 });
    const { bodyId, personId, personName, position, personAgencyId, emails } = parsed.data;
    const body = await findBody(db, bodyId);
    if (!body) throw new Response("Not found", { status: 404 });
    const input: PersonInput = { name: personName, position, emails, agencyId: personAgencyId };
    if (!agencies.some((a) => a.id === personAgencyId)) {
      return data<Result>({ intent: "person", errors: { personAgencyId: "directory.unknownAgency" }, values: formValues(form) }, { status: 400 });
    }
    const members = (await membersOf(db, [bodyId])).get(bodyId) ?? [];
    if (personId) {
      // Editing a member: their e-mail addresses may not be another person's (they identify people on import).
      if (!members.some((m) => m.personId === personId)) {
        return data<Result>({ intent: "person", errors: { _form: "directory.person.notMember" }, values: formValues(form) }, { status: 400 });
      }
      const wanted = new Set(emails.map((e) => e.toLowerCase()));
      const taken = (await listPeople(db)).some((p) => p.id !== personId && p.emails.split("\n").some((e) => wanted.has(e.trim().toLowerCase())));
      if (taken) return data<Result>({ intent: "person", errors: { emails: "directory.person.emailTaken" }, values: formValues(form) }, { status: 400 });
      await updatePerson(db, personId, input, actor);
      return data<Result>({ intent: "person", done: "saved", name: personName });
    }
    if (members.length >= MAX_LIST_ROWS) {
      return data<Result>({ intent: "person", errors: { _form: "directory.bodyTooMany" }, values: formValues(form) }, { status: 400 });
    }
    // An address that is already someone else's (another name) would make the save below update that
    // person into this one: refused, as when editing.
    const wantedNew = new Set(emails.map((e) => e.toLowerCase()));
    const holder = (await listPeople(db)).find((p) => p.emails.split("\n").some((e) => wantedNew.has(e.trim().toLowerCase())));
    if (holder && holder.name.normalize("NFC").toLowerCase() !== personName.normalize("NFC").toLowerCase()) {
      return data<Result>({ intent: "person", errors: { emails: "directory.person.emailTaken" }, values: formValues(form) }, { status: 400 });
    }
    // Added as the list's last row: saved as a whole list, so a known person (same e-mail, or same name
    // and agency) is updated and added rather than duplicated, in the import's one transaction.
    await saveBodyList(db, { name: body.name, agencyId: body.agencyId, members: [...members.map(asInput), input] }, actor);
    return data<Result>({ intent: "person", done: "added", name: personName });
  }

  if (intent === "remove") {
    const parsed = parseForm(RemoveSchema, form);
    if (!parsed.ok) return data<Result>({ intent: "none", errors: { _form: "error.invalid" } }, { status: 400 });
    const { bodyId, personId } = parsed.data;
    const body = await findBody(db, bodyId);
    if (!body) throw new Response("Not found", { status: 404 });
    const members = (await membersOf(db, [bodyId])).get(bodyId) ?? [];
    const leaving = members.find((m) => m.personId === personId);
    if (!leaving) return data<Result>({ intent: "none", errors: { _form: "directory.person.notMember" } }, { status: 400 });
    await saveBodyList(db, { name: body.name, agencyId: body.agencyId, members: members.filter((m) => m !== leaving).map(asInput) }, actor);
    return data<Result>({ intent: "remove", done: "removed", name: leaving.name });
  }

  return data<Result>({ intent: "none", errors: { _form: "error.invalid" } }, { status: 400 });
}

function asInput(m: { name: string; position: string; emails: string; agencyId: number }): PersonInput {
  return { name: m.name, position: m.position, emails: m.emails.split("\n").filter(Boolean), agencyId: m.agencyId };
}

type Agencies = { id: number; name: string; shortName: string }[];

function AgencySelect(props: { id: string; name: string; "aria-invalid"?: boolean; "aria-describedby"?: string; agencies: Agencies; value: string }) {
  const t = useT();
  const { agencies, value, ...rest } = props;
  return (
    <select {...rest} defaultValue={value} required>
      <option value="">{t("common.choose")}</option>
      {agencies.map((a) => (
        <option key={a.id} value={a.id} lang={CONTENT_LANG}>
          {a.name}
        </option>
      ))}
    </select>
  );
}

export default function Bodies() {
  const { bodies, agencies, selected, editing } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as Result | undefined;
  const t = useT();
  const importResult = result?.intent === "import" ? result : undefined;
  const personResult = result?.intent === "person" || result?.intent === "remove" ? result : undefined;
  const importErrors = importResult?.errors;
  const personErrors = result?.intent === "person" ? result.errors : undefined;
  const formError = result?.intent === "none" ? result.errors._form : undefined;

  const summary: ErrorSummaryItem[] = [];
  if (formError) summary.push({ fieldId: null, field: null, message: t(formError) });
  if (importErrors) {
    for (const [name, label] of [["name", "directory.field.bodyName"], ["agencyId", "directory.field.hostAgency"], ["file", "directory.field.file"]] as const) {
      const message = importErrors[name];
      if (message) summary.push({ fieldId: `field-${name}`, field: t(label), message: t(message) });
    }
    for (const p of importResult?.problems ?? []) summary.push({ fieldId: "field-file", field: t("directory.field.file"), message: t(p.key, p.params) });
    if (importResult?.more) summary.push({ fieldId: null, field: null, message: t("directory.import.moreErrors", { n: importResult.more }) });
  }
  if (personErrors) {
    if (personErrors._form) summary.push({ fieldId: null, field: null, message: t(personErrors._form) });
    for (const [name, label] of [["personName", "directory.field.personName"], ["position", "directory.field.position"], ["personAgencyId", "directory.field.personAgency"], ["emails", "field.emails"]] as const) {
      const message = personErrors[name];
      if (message) summary.push({ fieldId: `field-${name}`, field: t(label), message: t(message) });
    }
  }

  const importValues = importResult?.values;
  const personValues = result?.intent === "person" ? result.values : undefined;
  const saved = importResult?.saved;
  const fileProblems = importResult?.problems ?? [];
  const fileError = importErrors?.file;
  const fileDescribedBy = ["field-file-hint", fileError || fileProblems.length ? "field-file-error" : null].filter(Boolean).join(" ");

  return (
    <>
      <h1>{t("directory.title")}</h1>
      <p className="lead">{t("directory.lead")}</p>
      <ErrorSummary items={summary} focusKey={result} />
      {saved ? (
        <div className="notice success" role="status" data-testid="import-saved">
          <p>
            <Sentence t={t} k="directory.import.saved" params={{ name: saved.name }} marked={["name"]} />
          </p>
          <ul>
            <li>{t("directory.import.created", { n: saved.created })}</li>
            <li>{t("directory.import.updated", { n: saved.updated })}</li>
            <li>{t("directory.import.removed", { n: saved.removed })}</li>
          </ul>
          <p>
            <Link to={`?body=${saved.bodyId}`}>
              <Sentence t={t} k="directory.open" params={{ name: saved.name }} marked={["name"]} />
            </Link>
          </p>
        </div>
      ) : null}
      {importResult && !saved && (fileProblems.length > 0 || importResult.more) ? (
        <p className="notice" role="status">{t("directory.import.nothingSaved")}</p>
      ) : null}
      {personResult?.done ? (
        <p className="notice success" role="status">
          <Sentence t={t} k={personResult.done === "added" ? "directory.person.added" : personResult.done === "saved" ? "directory.person.saved" : "directory.person.removed"} params={{ name: personResult.name }} marked={["name"]} />
        </p>
      ) : null}

      <div className="two-col">
        <div>
          {selected ? (
            <section aria-labelledby="members-h" data-testid="body-members">
              <p className="breadcrumb">
                <Link to="/staff/admin/bodies">← {t("directory.backToList")}</Link>
              </p>
              <h2 id="members-h" lang={CONTENT_LANG}>{selected.name}</h2>
              <p className="muted">
                {t("directory.col.host")}: <span lang={CONTENT_LANG}>{selected.agencyName}</span> · {t("directory.members", { n: selected.members.length })}
              </p>
              <div className="table-wrap">
                <table className="list">
                  <caption className="visually-hidden">{t("directory.list.title")}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t("directory.col.order")}</th>
                      <th scope="col">{t("directory.col.person")}</th>
                      <th scope="col">{t("directory.col.position")}</th>
                      <th scope="col">{t("directory.col.agency")}</th>
                      <th scope="col">{t("directory.col.emails")}</th>
                      <th scope="col"><span className="visually-hidden">{t("common.actions")}</span></th>
                    </tr>
                  </thead>
                  <tbody>
                    {selected.members.length === 0 ? (
                      <tr><td colSpan={6} className="muted">{t("directory.list.none")}</td></tr>
                    ) : null}
                    {selected.members.map((m, i) => (
                      <tr key={m.personId} data-testid="member-row">
                        <td data-label={t("directory.col.order")}>{i + 1}</td>
                        <td data-label={t("directory.col.person")} lang={CONTENT_LANG}>{m.name}</td>
                        <td data-label={t("directory.col.position")} lang={CONTENT_LANG}>{m.position}</td>
                        <td data-label={t("directory.col.agency")} lang={CONTENT_LANG}>{m.agencyName}</td>
                        <td data-label={t("directory.col.emails")} className="small">{m.emails.join(", ")}</td>
                        <td>
                          <a href={`?body=${selected.id}&person=${m.personId}#person-form`}>{t("common.edit")}</a>
                          <Form method="post">
                            <CsrfInput />
                            <input type="hidden" name="intent" value="remove" />
                            <input type="hidden" name="bodyId" value={selected.id} />
                            <input type="hidden" name="personId" value={m.personId} />
                            <button type="submit" className="link-button" aria-label={t("directory.person.removeLabel", { name: m.name })}>
                              {t("directory.person.remove")}
                            </button>
                          </Form>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </section>
          ) : (
            <div className="table-wrap">
              <table className="list" data-testid="bodies">
                <thead>
                  <tr>
                    <th scope="col">{t("directory.col.name")}</th>
                    <th scope="col">{t("directory.col.host")}</th>
                    <th scope="col">{t("directory.col.members")}</th>
                  </tr>
                </thead>
                <tbody>
                  {bodies.length === 0 ? (
                    <tr><td colSpan={3} className="muted">{t("directory.none")}</td></tr>
                  ) : null}
                  {bodies.map((b) => (
                    <tr key={b.id}>
                      <td data-label={t("directory.col.name")}>
                        <Link to={`?body=${b.id}`} lang={CONTENT_LANG}>{b.name}</Link>
                      </td>
                      <td data-label={t("directory.col.host")} lang={CONTENT_LANG}>{b.agencyName}</td>
                      <td data-label={t("directory.col.members")}>{t("directory.members", { n: b.members })}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </div>

        <div className="stack">
          {selected ? (
            <section className="card" id="person-form" aria-labelledby="person-form-h">
              <h2 id="person-form-h">{editing ? <Sentence t={t} k="directory.person.editTitle" params={{ name: editing.name }} marked={["name"]} /> : t("directory.person.addTitle")}</h2>
              {editing ? null : <p className="hint">{t("directory.person.addHint")}</p>}
              <Form method="post" className="stack" noValidate key={`${selected.id}-${editing?.personId ?? "new"}-${personResult?.done ?? ""}-${personResult?.name ?? ""}`}>
                <CsrfInput />
                <input type="hidden" name="intent" value="person" />
                <input type="hidden" name="bodyId" value={selected.id} />
                {editing ? <input type="hidden" name="personId" value={editing.personId} /> : null}
                <Field name="personName" label="directory.field.personName" errors={personErrors}>
                  {(p) => <input {...p} defaultValue={personValues?.personName ?? editing?.name ?? ""} maxLength={MAX_NAME} required />}
                </Field>
                <Field name="position" label="directory.field.position" errors={personErrors}>
                  {(p) => <input {...p} defaultValue={personValues?.position ?? editing?.position ?? ""} maxLength={MAX_POSITION} />}
                </Field>
                <Field name="personAgencyId" label="directory.field.personAgency" errors={personErrors}>
                  {(p) => <AgencySelect {...p} agencies={agencies} value={personValues?.personAgencyId ?? String(editing?.agencyId ?? selected.agencyId)} />}
                </Field>
                <Field name="emails" label="field.emails" errors={personErrors} hint="hint.emails">
                  {(p) => <textarea {...p} rows={2} defaultValue={personValues?.emails ?? editing?.emails.join("\n") ?? ""} />}
                </Field>
                <SubmitButton label={editing ? "common.save" : "directory.person.add"} pendingLabel="common.working" />
                {editing ? <Link to={`?body=${selected.id}`}>{t("directory.person.cancel")}</Link> : null}
              </Form>
            </section>
          ) : null}

          <section className="card" id="import-form" aria-labelledby="import-form-h">
            <h2 id="import-form-h">{t("directory.import.title")}</h2>
            <p className="hint">{t("directory.import.lead")}</p>
            <p>
              <a href={TEMPLATE_URL} download>{t("directory.template")}</a>
            </p>
            <Form method="post" encType="multipart/form-data" className="stack" noValidate key={`${selected?.id ?? "all"}-${saved?.bodyId ?? ""}`}>
              <CsrfInput />
              <input type="hidden" name="intent" value="import" />
              <Field name="name" label="directory.field.bodyName" errors={importErrors} hint="directory.field.bodyNameHint">
                {(p) => <input {...p} defaultValue={importValues?.name ?? selected?.name ?? ""} maxLength={MAX_NAME} required />}
              </Field>
              <Field name="agencyId" label="directory.field.hostAgency" errors={importErrors} hint="directory.field.hostAgencyHint">
                {(p) => <AgencySelect {...p} agencies={agencies} value={importValues?.agencyId ?? String(selected?.agencyId ?? "")} />}
              </Field>
              <div className={fileError || fileProblems.length ? "field has-error" : "field"}>
                <label htmlFor="field-file">{t("directory.field.file")}</label>
                <input
                  id="field-file"
                  name="file"
                  type="file"
                  accept={LIST_EXTENSIONS.join(",")}
                  required
                  aria-invalid={fileError || fileProblems.length ? true : undefined}
                  aria-describedby={fileDescribedBy}
                />
                <p className="hint" id="field-file-hint">{t("directory.field.fileHint")}</p>
                {fileError ? (
                  <p className="error" id="field-file-error">{t(fileError)}</p>
                ) : fileProblems.length ? (
                  <div className="error" id="field-file-error" data-testid="file-problems">
                    <p>{t("directory.import.rowErrors")}</p>
                    <ul>
                      {fileProblems.map((p, i) => (
                        <li key={i}>{t(p.key, p.params)}</li>
                      ))}
                      {importResult?.more ? <li>{t("directory.import.moreErrors", { n: importResult.more })}</li> : null}
                    </ul>
                  </div>
                ) : null}
              </div>
              <SubmitButton label="directory.import.submit" pendingLabel="common.working" />
            </Form>
          </section>
        </div>
      </div>
    </>
  );
}
