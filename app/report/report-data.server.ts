/** Gathers what the report needs from the database and builds its model (see app/domain/report). */
import { getDb } from "#db/client.server";
import { findAgency } from "#db/queries/agencies";
import { triageRows } from "#db/queries/answers";
import { findConsultation } from "#db/queries/consultations";
import { reportInvitations } from "#db/queries/authors";
import { versionsInOrder } from "#db/queries/lineage";
import { clauseRef } from "~/domain/clause-ref";
import { buildReport, type ReportAppendixInput, type ReportModel } from "~/domain/report/build-report";
import { readReportSettings, withAgencyDefaults } from "~/domain/report/settings";
import { translator, type Lang } from "~/i18n";
import { findVersion } from "#db/queries/versions";
import { buildComparison } from "~/versions/compare.server";

/** The place of the date line, read from the draft's own "Sóc Trăng, ngày … tháng …" line. */
function placeOf(frontMatter: string[]): string {
  for (const line of frontMatter) {
    const m = /^([^,]{2,40}),\s*ngày\b/u.exec(line);
    if (m) return m[1]!.trim();
  }
  return "";
}

/**
 * The report in `lang` (the report's own language, chosen on the export), with the consultation's
 * report settings and the drafting agency's defaults (symbol, governing body, place name).
 */
export async function reportModel(consultationId: number, lang: Lang, now = Date.now()): Promise<ReportModel | null> {
  const db = await getDb();
  const found = await findConsultation(db, consultationId);
  if (!found) return null;
  const { consultation, draftingAgencyName } = found;
  const agency = await findAgency(db, consultation.draftingAgencyId);
  const settings = withAgencyDefaults(readReportSettings(consultation.reportSettings), {
    name: draftingAgencyName,
    symbol: agency?.symbol ?? "",
    governingBody: agency?.governingBody ?? "",
    placeName: agency?.placeName ?? "",
  });
  const t = translator(lang);
  const comments = await triageRows(db, consultationId, {}, { limit: 1_000_000, offset: 0 });
  // Not revoked; agencies by name, a body's members in its list's order (issue 17).
  const invitations = await reportInvitations(db, consultationId);
  const versions = (await versionsInOrder(db, consultationId)).filter((v) => v.publishedAt !== null);
  const commentedLabels = new Set(comments.map((c) => c.versionLabel));
  const commentedVersions = versions.filter((v) => commentedLabels.has(v.label));
  const commented = commentedVersions[0] ?? versions[0] ?? null;
  const latest = versions.at(-1) ?? null;

  if (!settings.placeName && latest) {
    // No place set for the consultation or its agency: the draft's own date line names it.
    settings.placeName = placeOf(JSON.parse((await findVersion(db, latest.id))?.frontMatter ?? "[]") as string[]);
  }

  const appendix: ReportAppendixInput[] = [];
  if (commented && latest && commented.id !== latest.id) {
    const byId = new Map(comments.map((c) => [c.commentId, c]));
    const comparison = await buildComparison(consultationId, commented.id, latest.id, { ignoreCase: false, showForm: false, only: "changed", page: 1 }, 100_000);
    for (const row of comparison.rows) {
      const text = (c: { heading: string; body: string } | null) => (c ? [c.heading, c.body].filter(Boolean).join("\n") : "");
      const clause = row.new ?? row.old!;
      const answers = row.comments.flatMap((c) => {
        const current = byId.get(c.id);
        return current && current.answerId !== null && current.decision
          ? [{ answerId: current.answerId, agencyName: current.authorName, decision: current.decision, text: current.answerText ?? "" }]
          : [];
      });
      appendix.push({
        clause: clauseRef(clause),
        oldText: [text(row.old), ...row.merged.map(text)].filter(Boolean).join("\n"),
        newText: text(row.new),
        relation: row.relation,
        answers,
      });
    }
  }
  return buildReport(
    {
      lang,
      title: consultation.title,
      draftingAgencyName,
      letterRef: consultation.letterRef,
      commentedVersions: (commentedVersions.length > 0 ? commentedVersions : commented ? [commented] : []).map((v) => v.label),
      appendixVersions: latest && commented && latest.id !== commented.id ? { old: commented.label, new: latest.label } : null,
      timeZone: consultation.timeZone,
      now,
      settings,
      invitations: invitations.map((r) => ({
        agencyName: r.agencyName,
        personName: r.personName,
        personPosition: r.personPosition,
        bodyId: r.bodyId,
        bodyName: r.bodyName,
        answerKind: r.answerKind,
        verdict: r.verdict,
        late: r.late,
      })),
      comments: comments.map((c) => ({
        commentId: c.commentId,
        clauseLabel: c.clauseLabel,
        clauseCitation: c.clauseCitation,
        clauseHeading: c.clauseHeading,
        versionLabel: c.versionLabel,
        agencyName: c.agencyName,
        personName: c.personName,
        personPosition: c.personPosition,
        bodyName: c.bodyName,
        text: c.text,
        proposedWording: c.proposedWording,
        anchorQuote: c.anchorQuote,
        suggestion: c.suggestion,
        answerId: c.answerId,
        decision: c.decision,
        answerText: c.answerText,
      })),
      appendix,
    },
    t,
  );
}
