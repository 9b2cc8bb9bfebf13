import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import QRCode from "qrcode";
import { parseId, requireConsultation } from "~/auth/access.server";
import { requireUser } from "~/auth/session.server";
import { CutoffText } from "~/components/cutoff-text";
import { invitationLink, publicBaseUrl } from "~/invitations/invitations.server";
import { useT } from "~/i18n/use-t";
import { getDb } from "#db/client.server";
import { boardRows } from "#db/queries/invitations";
import { pageTitle } from "~/i18n/page-title";
import { CONTENT_LANG } from "~/components/content-lang";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [pageTitle(matches, "print.title", data?.consultation.title)];

/**
 * The list that goes with the official letter: each invited agency with its own link and QR code.
 * The QR codes are SVG made here from our own URLs and shown as images, never injected as HTML.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const { consultation, draftingAgencyName } = await requireConsultation(user, parseId(params.id));
  const base = publicBaseUrl(request);
  const rows = (await boardRows(await getDb(), consultation.id, { limit: 100_000, offset: 0 })).filter((r) => r.revokedAt === null);
  const entries = await Promise.all(
    rows.map(async (r) => {
      const link = invitationLink(base, { id: r.id, tokenNonce: r.tokenNonce });
      const svg = await QRCode.toString(link, { type: "svg", errorCorrectionLevel: "M", margin: 1 });
      return { id: r.id, agencyName: r.agencyName, link, qr: `data:image/svg+xml;base64,${Buffer.from(svg).toString("base64")}` };
    }),
  );
  return {
    consultation: { id: consultation.id, title: consultation.title, letterRef: consultation.letterRef, cutoffAt: consultation.cutoffAt, timeZone: consultation.timeZone },
    draftingAgencyName,
    entries,
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
        {d.consultation.title}
        {d.consultation.letterRef ? ` · ${t("print.attachedTo", { ref: d.consultation.letterRef })}` : ""}
      </p>
      <p className="muted">
        {t("print.lead", { drafter: d.draftingAgencyName })} {t("field.cutoff")}: <CutoffText cutoffAt={d.consultation.cutoffAt} timeZone={d.consultation.timeZone} />.
      </p>
      <table className="list print-table">
        <thead>
          <tr>
            <th scope="col">{t("print.no")}</th>
            <th scope="col">{t("field.agency")}</th>
            <th scope="col">{t("board.link")}</th>
            <th scope="col">QR</th>
          </tr>
        </thead>
        <tbody>
          {d.entries.map((e, i) => (
            <tr key={e.id}>
              <td>{i + 1}</td>
              <td lang={CONTENT_LANG}>{e.agencyName}</td>
              <td className="mono small break">{e.link}</td>
              <td><img src={e.qr} alt={t("print.qrAlt", { agency: e.agencyName })} width={110} height={110} /></td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted small">{t("print.private")}</p>
    </div>
  );
}
