/**
 * The reception and explanation report (báo cáo tiếp thu, giải trình ý kiến góp ý) as plain data,
 * built from the consultation, never typed: header, summary with counts, the table of comments and
 * answers (general comments first, then clause by clause; comments sharing one answer make one row
 * listing all their agencies), and the appendix comparing the two versions. The .docx, .xlsx, .csv
 * and print views only lay this out.
 */
import { capitalizeFirst, commentClauseRef } from "~/domain/clause-ref";
import type { Translate } from "~/i18n";
import { formatDateLine } from "./date-line";

export type Decision = "accepted" | "partly" | "explained" | "noted";

export interface ReportCommentInput {
  commentId: number;
  clauseLabel: string | null;
  /** How people cite the clause ("khoản 3 Điều 2"); "" for clauses stored before citations. */
  clauseCitation: string | null;
  clauseHeading: string | null;
  versionLabel: string;
  agencyName: string;
  text: string;
  proposedWording: string;
  answerId: number | null;
  decision: Decision | null;
  answerText: string | null;
}

export interface ReportInvitation {
  agencyName: string;
  answerKind: "comments" | "agree" | "decline" | null;
  late: boolean;
}

export interface ReportAppendixRow {
  label: string;
  /** The clause as people cite it, capitalised ("Khoản 3 Điều 2"). */
  clause: string;
  oldText: string;
  newText: string;
  reason: string;
}

export interface ReportInput {
  title: string;
  draftingAgencyName: string;
  letterRef: string;
  versionLabel: string;
  nextVersionLabel: string | null;
  sentAt: number | null;
  timeZone: string;
  place: string;
  now: number;
  invitations: ReportInvitation[];
  comments: ReportCommentInput[];
  appendix: ReportAppendixRow[];
}

export interface ReportRow {
  stt: number;
  /** "Khoản 3 Điều 2 (Dự thảo lần 1)", several joined by "; ", first letter capitalised: it starts a cell. */
  clause: string;
  agencies: string[];
  comments: { agency: string; text: string }[];
  answer: string;
}

export interface ReportModel {
  issuer: string;
  dateLine: string;
  title: string;
  subtitle: string;
  summary: string[];
  counts: { invited: number; answered: number; agreed: number; declined: number; silent: number; comments: number; answeredComments: number };
  silentAgencies: string[];
  columns: string[];
  rows: ReportRow[];
  appendixTitle: string;
  appendixColumns: string[];
  appendix: ReportAppendixRow[];
}

export function decisionLabel(t: Translate, decision: Decision | null): string {
  return decision ? t(`decision.${decision}`) : t("report.unanswered");
}

export function buildReport(input: ReportInput, t: Translate, locale: string): ReportModel {
  const answered = input.invitations.filter((i) => i.answerKind !== null);
  const agreed = answered.filter((i) => i.answerKind === "agree");
  const declined = answered.filter((i) => i.answerKind === "decline");
  const silent = input.invitations.filter((i) => i.answerKind === null).map((i) => i.agencyName);
  const counts = {
    invited: input.invitations.length,
    answered: answered.length,
    agreed: agreed.length,
    declined: declined.length,
    silent: silent.length,
    comments: input.comments.length,
    answeredComments: input.comments.filter((c) => c.answerId !== null).length,
  };

  // One row per answer group; unanswered comments one row each. Order: as the comments come
  // (general first, then document order), each group placed at its first comment.
  const rows: ReportRow[] = [];
  const rowOfAnswer = new Map<number, ReportRow>();
  // The clause references of each row as written mid-cell; the cell capitalises only its first one.
  const refsOfRow = new Map<ReportRow, string[]>();
  for (const c of input.comments) {
    const ref = commentClauseRef(c);
    const clause = ref !== null ? t("report.clauseRef", { clause: ref, version: c.versionLabel }) : t("report.general");
    const comment = { agency: c.agencyName, text: c.proposedWording ? `${c.text}\n${t("report.proposed")}: ${c.proposedWording}` : c.text };
    const existing = c.answerId !== null ? rowOfAnswer.get(c.answerId) : undefined;
    if (existing) {
      if (!existing.agencies.includes(c.agencyName)) existing.agencies.push(c.agencyName);
      const refs = refsOfRow.get(existing)!;
      if (!refs.includes(clause)) {
        refs.push(clause);
        existing.clause = capitalizeFirst(refs.join("; "));
      }
      existing.comments.push(comment);
      continue;
    }
    const row: ReportRow = {
      stt: rows.length + 1,
      clause: capitalizeFirst(clause),
      agencies: [c.agencyName],
      comments: [comment],
      answer: c.decision ? [decisionLabel(t, c.decision), c.answerText].filter(Boolean).join(". ") : t("report.unanswered"),
    };
    rows.push(row);
    refsOfRow.set(row, [clause]);
    if (c.answerId !== null) rowOfAnswer.set(c.answerId, row);
  }

  const summary = [
    t(input.sentAt ? "report.summarySent" : "report.summarySentNoDate", {
      drafter: input.draftingAgencyName,
      version: input.versionLabel,
      title: input.title,
      ref: input.letterRef || "—",
      date: input.sentAt ? formatDateLine(input.sentAt, input.timeZone, "", locale).trim() : "",
      invited: counts.invited,
    }),
    t("report.summaryAnswers", { answered: counts.answered, agreed: counts.agreed, declined: counts.declined, comments: counts.comments }),
    silent.length > 0 ? t("report.summarySilent", { n: silent.length, agencies: silent.join("; ") }) : t("report.summaryAllAnswered"),
    t("report.summaryAnswered", { answered: counts.answeredComments, total: counts.comments }),
  ];

  return {
    issuer: input.draftingAgencyName.toLocaleUpperCase(locale),
    dateLine: formatDateLine(input.now, input.timeZone, input.place, locale),
    title: t("report.title"),
    subtitle: t("report.subtitle", { title: input.title }),
    summary,
    counts,
    silentAgencies: silent,
    columns: [t("report.col.no"), t("report.col.clause"), t("report.col.agency"), t("report.col.comment"), t("report.col.answer")],
    rows,
    appendixTitle: input.nextVersionLabel
      ? t("report.appendixTitle", { old: input.versionLabel.toLocaleUpperCase(locale), new: input.nextVersionLabel.toLocaleUpperCase(locale) })
      : "",
    appendixColumns: input.nextVersionLabel ? [input.versionLabel, input.nextVersionLabel, t("report.col.reason")] : [],
    appendix: input.appendix,
  };
}
