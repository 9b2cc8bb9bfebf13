import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import QRCode from "qrcode";
import { parseId, requireConsultation } from "~/auth/access.server";
import { requireUser } from "~/auth/session.server";
import { CutoffText } from "~/components/cutoff-text";
import { invitationLink, publicBaseUrl } from "~/invitations/invitations.server";
import { useT } from "~/i18n/use-t";
import { getDb } from "#db/client.server";
import { boardBodies, boardRows, type BoardRow } from "#db/queries/invitations";
import { pageTitle } from "~/i18n/page-title";
import { CONTENT_LANG, Sentence } from "~/components/content-lang";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [pageTitle(matches, "print.title", data?.consultation.title)];

/**
 * The list that goes with the official letter: each invited agency with its own link and QR code.
 * The QR codes are SVG made here from our own URLs and shown as images, never injected as HTML.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const { consultation, draftingAgencyName } = await requireConsultation(user, parseId(params.id));
  const base = publicBaseUrl(request);
  const db = await getDb();
  // Agencies and people invited alone, then each body with its members in the list's order.
  const rows = (await boardRows(db, consultation.id, { limit: 100_000, offset: 0, scope: "main" })).filter((r) => r.revokedAt === null);
  const bodies = await boardBodies(db, consultation.id);
  const entry = async (r: BoardRow) => {
    const link = invitationLink(base, { id: r.id, tokenNonce: r.tokenNonce });
    const svg = await QRCode.toString(link, { type: "svg", errorCorrectionLevel: "M", margin: 1 });
    // A person's line names them (and their position); their agency is the small text.
    const name = r.personId !== null ? [r.personName, r.personPosition].filter(Boolean).join(", ") : r.agencyName;
    return { id: r.id, name, agencyName: r.personId !== null ? r.agencyName : null, link, qr: `data:image/svg+xml;base64,${Buffer.from(svg).toString("base64")}` };
  };
  return {
    consultation: { id: consultation.id, title: consultation.title, letterRef: consultation.letterRef, cutoffAt: consultation.cutoffAt, timeZone: consultation.timeZone },
    draftingAgencyName,
    entries: await Promise.all(rows.map(entry)),
    bodies: await Promise.all(
      bodies.map(async (b) => ({ id: b.bodyId, name: b.bodyName, entries: await Promise.all(b.members.filter((m) => m.revokedAt === null).map(entry)) })),
    ),
  };
}

export default function PrintList() {
  const d = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <div className="print-list">
      <p className="breadcrumb no-print">
        <Link to={`/staff/consultations/${d.consultation.id}/invitations`}>← {t("board.title")}</Link>{" "}
        <button type="button" className="button primary" onClick={() => window.print()}>{t("common.print")}</button>
      </p>
      <h1>{t("print.title")}</h1>
      <p>
        <span lang={CONTENT_LANG}>{d.consultation.title}</span>
        {d.consultation.letterRef ? <> · <Sentence t={t} k="print.attachedTo" params={{ ref: d.consultation.letterRef }} marked={["ref"]} /></> : null}
      </p>
      <p className="muted">
        <Sentence t={t} k="print.lead" params={{ drafter: d.draftingAgencyName }} marked={["drafter"]} /> {t("field.cutoff")}: <CutoffText cutoffAt={d.consultation.cutoffAt} timeZone={d.consultation.timeZone} />.
      </p>
      {d.entries.length > 0 ? <PrintTable entries={d.entries} heading={d.entries.some((e) => e.agencyName !== null) ? t("members.colInvitee") : t("field.agency")} /> : null}
      {d.bodies.map((b) =>
        b.entries.length === 0 ? null : (
          <section key={b.id} className="print-body" data-testid="print-body">
            <h2>
              <span lang={CONTENT_LANG}>{b.name}</span> <span className="muted small">({t("members.memberCount", { n: b.entries.length })})</span>
            </h2>
            <PrintTable entries={b.entries} heading={t("members.colMember")} />
          </section>
        ),
      )}
      <p className="muted small">{t("print.private")}</p>
    </div>
  );
}

type Entry = ReturnType<typeof useLoaderData<typeof loader>>["entries"][number];

function PrintTable({ entries, heading }: { entries: Entry[]; heading: string }) {
  const t = useT();
  return (
    <table className="list print-table">
      <thead>
        <tr>
          <th scope="col">{t("print.no")}</th>
          <th scope="col">{heading}</th>
          <th scope="col">{t("board.link")}</th>
          <th scope="col">QR</th>
        </tr>
      </thead>
      <tbody>
        {entries.map((e, i) => (
          <tr key={e.id}>
            <td>{i + 1}</td>
            <td lang={CONTENT_LANG}>
              {e.name}
              {e.agencyName ? <div className="muted small">{e.agencyName}</div> : null}
            </td>
            <td className="mono small break">{e.link}</td>
            <td><img src={e.qr} alt={t("print.qrAlt", { agency: e.name })} width={110} height={110} /></td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
