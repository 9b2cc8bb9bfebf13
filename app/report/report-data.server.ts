/** Gathers what the report needs from the database and builds its model (see app/domain/report). */
import { getDb } from "#db/client.server";
import { triageRows } from "#db/queries/answers";
import { findConsultation } from "#db/queries/consultations";
import { boardRows } from "#db/queries/invitations";
import { versionsInOrder } from "#db/queries/lineage";
import { findVersion } from "#db/queries/versions";
import { capitalizeFirst, clauseRef } from "~/domain/clause-ref";
import { buildReport, type ReportAppendixRow, type ReportModel } from "~/domain/report/build-report";
import { LOCALES, translator, type Lang } from "~/i18n";
import { buildComparison } from "~/versions/compare.server";

/** The place of the date line, read from the draft's own "Sóc Trăng, ngày … tháng …" line. */
function placeOf(frontMatter: string[]): string {
  for (const line of frontMatter) {
    const m = /^([^,]{2,40}),\s*ngày\b/u.exec(line);
    if (m) return m[1]!.trim();
  }
  return "";
}

export function reportModel(consultationId: number, lang: Lang, now = Date.now()): ReportModel | null {
  const db = getDb();
  const found = findConsultation(db, consultationId);
  if (!found) return null;
  const { consultation, draftingAgencyName } = found;
  const t = translator(lang);
  const comments = triageRows(db, consultationId, {}, { limit: 1_000_000, offset: 0 });
  const invitations = boardRows(db, consultationId, { limit: 100_000, offset: 0 }).filter((r) => r.revokedAt === null);
  const versions = versionsInOrder(db, consultationId).filter((v) => v.publishedAt !== null);
  const commented = versions.find((v) => comments.some((c) => c.versionLabel === v.label)) ?? versions[0] ?? null;
  const latest = versions.at(-1) ?? null;

  const appendix: ReportAppendixRow[] = [];
  if (commented && latest && commented.id !== latest.id) {
    const answerOf = new Map(comments.filter((c) => c.answerText).map((c) => [c.commentId, c.answerText!]));
    const comparison = buildComparison(consultationId, commented.id, latest.id, { ignoreCase: false, showForm: false, only: "changed", page: 1 }, 100_000);
    for (const row of comparison.rows) {
      const text = (c: { heading: string; body: string } | null) => (c ? [c.heading, c.body].filter(Boolean).join("\n") : "");
      const reasons = [...new Set(row.comments.map((c) => answerOf.get(c.id)).filter((x): x is string => Boolean(x)))];
      const clause = row.new ?? row.old!;
      appendix.push({
        label: clause.label,
        clause: capitalizeFirst(clauseRef(clause)),
        oldText: [text(row.old), ...row.merged.map(text)].filter(Boolean).join("\n"),
        newText: text(row.new),
        reason: reasons.join("\n") || t(`lineage.${row.relation}`),
      });
    }
  }
  const front = latest ? (JSON.parse(findVersion(db, latest.id)?.frontMatter ?? "[]") as string[]) : [];
  return buildReport(
    {
      title: consultation.title,
      draftingAgencyName,
      letterRef: consultation.letterRef,
      versionLabel: commented?.label ?? "",
      nextVersionLabel: latest && commented && latest.id !== commented.id ? latest.label : null,
      sentAt: invitations.reduce<number | null>((min, r) => (r.sentAt !== null && (min === null || r.sentAt < min) ? r.sentAt : min), null),
      timeZone: consultation.timeZone,
      place: placeOf(front),
      now,
      invitations: invitations.map((r) => ({ agencyName: r.agencyName, answerKind: r.answerKind, late: r.late })),
      comments: comments.map((c) => ({
        commentId: c.commentId,
        clauseLabel: c.clauseLabel,
        clauseCitation: c.clauseCitation,
        clauseHeading: c.clauseHeading,
        versionLabel: c.versionLabel,
        agencyName: c.agencyName,
        text: c.text,
        proposedWording: c.proposedWording,
        answerId: c.answerId,
        decision: c.decision,
        answerText: c.answerText,
      })),
      appendix,
    },
    t,
    LOCALES[lang],
  );
}
