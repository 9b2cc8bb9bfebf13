/**
 * The disagreements of a consultation (issue 16, part 4), as plain data: every comment of an agency
 * whose latest verdict is "disagree" that the drafter did not accept, grouped by agency, with the
 * drafter's explanation and the settlement after consultation. The rows come from
 * db/queries/disagreements.ts; the page and the exports (.docx, .xlsx) both read these groups.
 */
import { capitalizeFirst, commentClauseRef } from "~/domain/clause-ref";
import { commentText } from "~/domain/report/build-report";
import type { Translate } from "~/i18n";

export type Decision = "accepted" | "partly" | "explained" | "noted";

export interface DisagreementInput {
  commentId: number;
  invitationId: number;
  authorName: string;
  clauseLabel: string | null;
  clauseCitation: string | null;
  clauseHeading: string | null;
  versionLabel: string;
  text: string;
  proposedWording: string;
  objection: boolean;
  /** A suggestion on a phrase (issue 16): the words quoted ("" = an insertion point), null otherwise. */
  anchorQuote: string | null;
  anchorPrefix: string;
  anchorSuffix: string;
  anchorStart: number | null;
  /** The words proposed in place of the quote ("" = delete them). */
  suggestion: string | null;
  /** The text of the clause commented on, to show the phrase in. */
  clauseBody: string | null;
  decision: Decision | null;
  answerText: string | null;
  settledAt: number | null;
  settlementNote: string | null;
  settledByName: string | null;
}

export interface Disagreement {
  commentId: number;
  /** "Khoản 3 Điều 2", capitalised; null for a comment on the whole draft. */
  clauseRef: string | null;
  clauseHeading: string | null;
  versionLabel: string;
  text: string;
  proposedWording: string;
  /** The change proposed on a phrase of the clause, null for a comment without one. */
  phrase: { anchorQuote: string; anchorStart: number; anchorPrefix: string; anchorSuffix: string; suggestion: string; clauseBody: string | null } | null;
  /** The agency ticked "Không đồng ý với nội dung này" on this clause. */
  objection: boolean;
  decision: Decision | null;
  /** The drafter's explanation (the answer's text); "" when none. */
  explanation: string;
  settlement: { at: number; note: string; by: string | null } | null;
}

export interface DisagreementGroup {
  invitationId: number;
  authorName: string;
  items: Disagreement[];
}

export interface DisagreementSummary {
  groups: DisagreementGroup[];
  open: number;
  settled: number;
}

/** A settled disagreement is one with a settlement; an accepted comment is never a disagreement. */
export function isDisagreement(row: Pick<DisagreementInput, "decision">, verdict: string | null): boolean {
  return verdict === "disagree" && row.decision !== "accepted";
}

/** The rows (already in order: by author, then document order) grouped by invitation, with the counts. */
export function groupDisagreements(rows: readonly DisagreementInput[]): DisagreementSummary {
  const groups: DisagreementGroup[] = [];
  const byInvitation = new Map<number, DisagreementGroup>();
  let settled = 0;
  for (const r of rows) {
    if (r.decision === "accepted") continue;
    let group = byInvitation.get(r.invitationId);
    if (!group) {
      group = { invitationId: r.invitationId, authorName: r.authorName, items: [] };
      byInvitation.set(r.invitationId, group);
      groups.push(group);
    }
    const ref = commentClauseRef({ clauseLabel: r.clauseLabel, clauseCitation: r.clauseCitation });
    const settlement = r.settledAt !== null ? { at: r.settledAt, note: r.settlementNote ?? "", by: r.settledByName } : null;
    if (settlement) settled++;
    group.items.push({
      commentId: r.commentId,
      clauseRef: ref === null ? null : capitalizeFirst(ref),
      clauseHeading: r.clauseHeading,
      versionLabel: r.versionLabel,
      text: r.text,
      proposedWording: r.proposedWording.trim(),
      phrase:
        r.anchorQuote !== null && r.anchorStart !== null
          ? { anchorQuote: r.anchorQuote, anchorStart: r.anchorStart, anchorPrefix: r.anchorPrefix, anchorSuffix: r.anchorSuffix, suggestion: r.suggestion ?? "", clauseBody: r.clauseBody }
          : null,
      objection: r.objection,
      decision: r.decision,
      explanation: r.decision ? (r.answerText ?? "").trim() : "",
      settlement,
    });
  }
  const total = groups.reduce((s, g) => s + g.items.length, 0);
  return { groups, open: total - settled, settled };
}

/** The texts a table row needs, in the report's language (t gives the labels). */
export interface DisagreementTableRow {
  no: number;
  author: string;
  clause: string;
  comment: string;
  proposed: string;
  objection: boolean;
  decision: string;
  explanation: string;
  settlement: string;
}

/**
 * One row per disagreement for the exports, numbered in order. `labels` gives the words the rows use
 * (the general comment's name, each decision's name, "not answered"); `t` says a change proposed on a
 * phrase as the report does ("Đề nghị sửa “…” thành “…”", then the comment's own text).
 */
export function disagreementTable(
  summary: DisagreementSummary,
  labels: { general: string; unanswered: string; decision: (d: Decision) => string },
  t: Translate,
): DisagreementTableRow[] {
  const rows: DisagreementTableRow[] = [];
  for (const g of summary.groups) {
    for (const d of g.items) {
      rows.push({
        no: rows.length + 1,
        author: g.authorName,
        clause: d.clauseRef ? `${d.clauseRef} (${d.versionLabel})` : labels.general,
        comment: commentText({ text: d.text, anchorQuote: d.phrase?.anchorQuote ?? null, suggestion: d.phrase?.suggestion ?? null }, t),
        proposed: d.proposedWording,
        objection: d.objection,
        decision: d.decision ? labels.decision(d.decision) : labels.unanswered,
        explanation: d.explanation,
        settlement: d.settlement?.note ?? "",
      });
    }
  }
  return rows;
}
