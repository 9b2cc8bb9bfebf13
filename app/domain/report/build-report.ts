/**
 * The reception and explanation report (báo cáo tiếp thu, giải trình ý kiến góp ý) as plain data,
 * built from the consultation, never typed, in the form of Decree 30/2020/NĐ-CP (Phụ lục I, báo cáo):
 * the header (governing and issuing body, number, national name and motto, place and date), the
 * title, the body paragraphs, the table of comments and answers (general comments first, then clause
 * by clause; comments sharing one answer make one row listing all their agencies), the recipients,
 * the signature block and the appendix comparing the versions word by word. The .docx, .xlsx, .csv
 * and print views only lay this out.
 *
 * The report is written in its own language (chosen on the export, not the interface's). A draft
 * report leaves the number and the day and month of its date blank: the clerk (văn thư) fills them
 * in when the report is signed and registered, as Vietnamese offices do; the year is printed.
 */
import { bodyAfterCount, personLabel } from "~/domain/author";
import { capitalizeFirst, commentClauseRef } from "~/domain/clause-ref";
import { wordDiff, type DiffPart } from "~/domain/diff/word-diff";
import type { Lang, PluralKey, Translate } from "~/i18n";
import { countVerdicts, VERDICTS, type VerdictCounts } from "~/domain/verdict";
import { formatCalendarDate, yearAt } from "./date-line";
import type { ReportSettings } from "./settings";

export type Decision = "accepted" | "partly" | "explained" | "noted";
export type Relation = "kept" | "changed" | "moved" | "split" | "merged" | "removed" | "new";

export interface ReportCommentInput {
  commentId: number;
  clauseLabel: string | null;
  /** How people cite the clause ("khoản 3 Điều 2"); "" for clauses stored before citations. */
  clauseCitation: string | null;
  clauseHeading: string | null;
  versionLabel: string;
  agencyName: string;
  /** A member's comment (issue 17): their name and position, and the body they were invited through. */
  personName?: string | null;
  personPosition?: string | null;
  bodyName?: string | null;
  text: string;
  proposedWording: string;
  /** A suggestion on a phrase (issue 16): the quoted words ("" an insertion point) and the words proposed. */
  anchorQuote?: string | null;
  suggestion?: string | null;
  answerId: number | null;
  decision: Decision | null;
  answerText: string | null;
}

/**
 * A comment's text as the report gives it: a suggestion on a phrase says the change readably
 * ("Đề nghị sửa “…” thành “…”"), then its reason.
 */
export function commentText(c: Pick<ReportCommentInput, "text" | "anchorQuote" | "suggestion">, t: Translate): string {
  if (c.anchorQuote === null || c.anchorQuote === undefined) return c.text;
  const suggestion = c.suggestion ?? "";
  const kind = c.anchorQuote === "" ? "insert" : suggestion === "" ? "delete" : "replace";
  const change = t(`phrase.describe.${kind}`, { old: c.anchorQuote, new: suggestion });
  return c.text.trim() ? `${change}. ${c.text.trim()}` : change;
}

export interface ReportInvitation {
  agencyName: string;
  /** A person invited in their own name (issue 17), with the body they were invited through (null: alone). */
  personName?: string | null;
  personPosition?: string | null;
  bodyId?: number | null;
  bodyName?: string | null;
  answerKind: "comments" | "agree" | "decline" | null;
  /** The latest answer's verdict (issue 16); null or absent on answers given before verdicts existed. */
  verdict?: string | null;
  late: boolean;
}

/** One clause that changed between the commented version and the latest, as the data gives it. */
export interface ReportAppendixInput {
  /** The clause as people cite it ("khoản 3 Mục III"). */
  clause: string;
  oldText: string;
  newText: string;
  relation: Relation;
  /** The comments written on this clause (in any earlier version) that have an answer. */
  answers: { answerId: number; agencyName: string; decision: Decision; text: string }[];
}

export interface ReportInput {
  lang: Lang;
  title: string;
  draftingAgencyName: string;
  /** The consultation's letter number, used when the settings name no request letter. */
  letterRef: string;
  /** Every published version that received comments, in order ("Dự thảo lần 1"). */
  commentedVersions: string[];
  /** The versions the appendix compares; null when there is nothing to compare. */
  appendixVersions: { old: string; new: string } | null;
  timeZone: string;
  now: number;
  /** The consultation's settings with the drafting agency's defaults already applied. */
  settings: ReportSettings;
  invitations: ReportInvitation[];
  comments: ReportCommentInput[];
  appendix: ReportAppendixInput[];
}

export interface ReportComment {
  /** The agency, or the member "name, position". */
  agency: string;
  text: string;
  proposed: string;
}

export interface ReportRow {
  stt: number;
  /** "Khoản 3 Điều 2 (Dự thảo lần 1)", several joined by "; ", first letter capitalised: it starts a cell. */
  clause: string;
  /** Who wrote the row's comments: agencies by name, members by "name, position". */
  agencies: string[];
  /** The same authors as the cell lays them out: agencies alone, members under their body's name. */
  authorGroups: ReportAuthorGroup[];
  comments: ReportComment[];
  /** "Tiếp thu", "Chưa giải trình"… */
  decision: string;
  explanation: string;
  /** decision and explanation as one text ("Tiếp thu. Đã sửa…"). */
  answer: string;
}

/** Authors in the table's cell: an agency (heading null, one name) or a body's members under its name. */
export interface ReportAuthorGroup {
  heading: string | null;
  names: string[];
}

export interface ReportAppendixRow {
  stt: number;
  /** The clause as people cite it, capitalised ("Khoản 3 Mục III"). */
  clause: string;
  oldText: string;
  newText: string;
  /** The new wording against the old, word by word: "added" is underlined, "removed" struck through. */
  changes: DiffPart[];
  reason: string;
}

export interface ReportHeader {
  /** "UBND TỈNH SÓC TRĂNG", or "" when the issuer answers to no one printed. */
  governingBody: string;
  /** "SỞ NỘI VỤ". */
  issuingBody: string;
  /** "Số:        /BC-SNV": the number is left for the clerk. */
  numberLine: string;
  nationalName: string;
  motto: string;
  /** "Sóc Trăng, ngày      tháng      năm 2026": day and month are left for the clerk. */
  dateLine: string;
}

export interface ReportSignature {
  /** "KT. GIÁM ĐỐC", or "" when the signer signs in their own right. */
  authority: string;
  /** "PHÓ GIÁM ĐỐC". */
  title: string;
  name: string;
}

export interface ReportModel {
  lang: Lang;
  header: ReportHeader;
  title: string;
  subtitle: string;
  /** The paragraphs before the table. */
  paragraphs: string[];
  /** The paragraph after the table ("Trên đây là…"). */
  closing: string;
  /**
   * invited, answered, silent…: every invitation (agencies and people); agencies…: agencies only;
   * members…: people invited in their own name (through bodies or alone); bodies: bodies invited.
   */
  counts: {
    invited: number;
    answered: number;
    withComments: number;
    agreed: number;
    declined: number;
    silent: number;
    comments: number;
    answeredComments: number;
    agenciesInvited: number;
    agenciesAnswered: number;
    bodies: number;
    membersInvited: number;
    membersAnswered: number;
    /** Answers by verdict (issue 16), older answers by their kind (see effectiveVerdict). */
    verdicts: VerdictCounts;
  };
  silentAgencies: string[];
  columns: string[];
  rows: ReportRow[];
  proposedLabel: string;
  recipientsLabel: string;
  recipients: string[];
  signature: ReportSignature;
  appendixTitle: string;
  appendixSubtitle: string;
  appendixNote: string;
  /** How the changes are marked ("Chữ gạch chân: nội dung bổ sung; …"). */
  appendixLegend: string;
  appendixColumns: string[];
  appendix: ReportAppendixRow[];
}

export function decisionLabel(t: Translate, decision: Decision | null): string {
  return decision ? t(`decision.${decision}`) : t("report.unanswered");
}

/** A count message: the language's plural rules pick its form (app/i18n/index.ts). */
function counted(t: Translate, key: PluralKey, n: number, params: Record<string, string | number> = {}): string {
  return t(key, { n, ...params });
}

/** "A", "A và B", "A, B và C" in the report's language. */
export function joinList(t: Translate, items: string[]): string {
  if (items.length <= 1) return items[0] ?? "";
  return `${items.slice(0, -1).join(", ")}${t("reportDoc.and")}${items.at(-1)!}`;
}

/** Names listed in a sentence: separated by semicolons when one of them holds a comma. */
function names(items: string[]): string {
  return items.join(items.some((n) => n.includes(",")) ? "; " : ", ");
}

const AUTHORITY_KEYS = { "TM.": "TM", "KT.": "KT", "Q.": "Q", "TL.": "TL", "TUQ.": "TUQ", "PP.": "PP" } as const;

/** The header block (also the comparison table's, app/domain/comparison-table). */
export function header(input: Pick<ReportInput, "settings" | "now" | "timeZone" | "draftingAgencyName">, t: Translate): ReportHeader {
  const s = input.settings;
  const year = yearAt(input.now, input.timeZone);
  const issuing = s.issuingBody || input.draftingAgencyName.toLocaleUpperCase("vi");
  return {
    governingBody: s.governingBody.toLocaleUpperCase("vi"),
    issuingBody: issuing.toLocaleUpperCase("vi"),
    numberLine: t("reportDoc.numberLine", { symbol: s.symbol || "……" }),
    nationalName: t("reportDoc.nationalName"),
    motto: t("reportDoc.motto"),
    dateLine: s.placeName ? t("reportDoc.dateLine", { place: s.placeName, year }) : t("reportDoc.dateLineNoPlace", { year }),
  };
}

function introParagraph(input: ReportInput, t: Translate): string {
  const s = input.settings;
  const number = s.requestNumber || input.letterRef;
  const drafter = input.draftingAgencyName;
  if (!number && !s.requestSender) return t("reportDoc.introNoLetter", { drafter, title: input.title });
  const letter = number
    ? s.requestDate
      ? t("reportDoc.letter", { number, date: formatCalendarDate(s.requestDate, input.lang) })
      : t("reportDoc.letterNoDate", { number })
    : t("reportDoc.letterUnnumbered");
  return s.requestSender
    ? t("reportDoc.intro", { letter, sender: s.requestSender, drafter, title: input.title })
    : t("reportDoc.introNoSender", { letter, drafter, title: input.title });
}

export function signature(s: ReportSettings, t: Translate): ReportSignature {
  const caps = (text: string) => text.toLocaleUpperCase("vi");
  const prefix = s.signerAuthority ? t(`reportDoc.authority.${AUTHORITY_KEYS[s.signerAuthority]}`) : "";
  return {
    authority: prefix ? [prefix, caps(s.signerAuthorityTitle)].filter(Boolean).join(" ") : "",
    title: caps(s.signerTitle),
    name: s.signerName,
  };
}

function appendixReason(row: ReportAppendixInput, t: Translate): string {
  // One sentence per answer: its decision, the agencies whose comments it answers, its explanation.
  const byAnswer = new Map<number, { agencies: string[]; decision: Decision; text: string }>();
  for (const a of row.answers) {
    const entry = byAnswer.get(a.answerId) ?? { agencies: [], decision: a.decision, text: a.text.trim() };
    if (!entry.agencies.includes(a.agencyName)) entry.agencies.push(a.agencyName);
    byAnswer.set(a.answerId, entry);
  }
  const reasons = [...byAnswer.values()].map((a) =>
    t(a.text ? `reportDoc.reason.${a.decision}` : `reportDoc.reasonShort.${a.decision}`, { agencies: joinList(t, a.agencies), text: a.text }),
  );
  return reasons.length > 0 ? reasons.join("\n") : t(`reportDoc.reasonOwn.${row.relation}`);
}

/** People invited in their own name, by the body they were invited through (null: alone), in the input's order. */
interface MemberGroup {
  bodyName: string | null;
  members: ReportInvitation[];
}

function memberGroups(invitations: ReportInvitation[]): MemberGroup[] {
  const groups = new Map<string, MemberGroup>();
  for (const i of invitations) {
    if (!i.personName) continue;
    const key = i.bodyId != null ? `b${i.bodyId}` : i.bodyName ? `n${i.bodyName}` : "";
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { bodyName: i.bodyName ?? null, members: [] }));
    group.members.push(i);
  }
  // People invited alone after the bodies.
  return [...groups.entries()].sort(([a], [b]) => Number(a === "") - Number(b === "")).map(([, g]) => g);
}

/** "15 thành viên Ủy ban nhân dân tỉnh Sóc Trăng", or "2 cá nhân" for people invited alone. */
function groupCount(t: Translate, group: MemberGroup, n: number): string {
  return group.bodyName ? counted(t, "report.members.ofBody", n, { body: bodyAfterCount(group.bodyName) }) : counted(t, "report.members.individuals", n);
}

const memberLabel = (m: ReportInvitation) => personLabel({ agencyName: m.agencyName, personName: m.personName ?? null, personPosition: m.personPosition ?? null });

/**
 * A body's paragraph, its members under its name ("Thành viên Ủy ban nhân dân tỉnh Sóc Trăng: 2 người
 * có ý kiến góp ý (Nguyễn Văn A, Phó Chủ tịch UBND tỉnh; …); 13 người chưa có ý kiến (…)."), as a
 * reception report lists the members of a committee.
 */
function groupParagraph(t: Translate, group: MemberGroup): string {
  const of = (kind: ReportInvitation["answerKind"]) => group.members.filter((m) => m.answerKind === kind).map(memberLabel);
  const parts = (
    [
      ["report.members.partComments", of("comments")],
      ["report.members.partAgreed", of("agree")],
      ["report.members.partDeclined", of("decline")],
      ["report.members.partSilent", of(null)],
    ] as const
  )
    .filter(([, people]) => people.length > 0)
    .map(([key, people]) => counted(t, key, people.length, { names: people.join("; ") }));
  return t("report.members.heading", { body: group.bodyName ?? t("report.members.alone"), parts: parts.join("; ") });
}

export function buildReport(input: ReportInput, t: Translate): ReportModel {
  const answered = input.invitations.filter((i) => i.answerKind !== null);
  const agencies = input.invitations.filter((i) => !i.personName);
  const agenciesAnswered = agencies.filter((i) => i.answerKind !== null);
  const groups = memberGroups(input.invitations);
  // The agencies' own lists: a body's members are listed in its paragraph.
  const withComments = agenciesAnswered.filter((i) => i.answerKind === "comments").map((i) => i.agencyName);
  const agreed = agenciesAnswered.filter((i) => i.answerKind === "agree").map((i) => i.agencyName);
  const declined = agenciesAnswered.filter((i) => i.answerKind === "decline").map((i) => i.agencyName);
  const silent = agencies.filter((i) => i.answerKind === null).map((i) => i.agencyName);
  const counts = {
    invited: input.invitations.length,
    answered: answered.length,
    withComments: answered.filter((i) => i.answerKind === "comments").length,
    agreed: answered.filter((i) => i.answerKind === "agree").length,
    declined: answered.filter((i) => i.answerKind === "decline").length,
    silent: input.invitations.length - answered.length,
    comments: input.comments.length,
    answeredComments: input.comments.filter((c) => c.answerId !== null).length,
    agenciesInvited: agencies.length,
    agenciesAnswered: agenciesAnswered.length,
    bodies: groups.filter((g) => g.bodyName !== null).length,
    membersInvited: input.invitations.length - agencies.length,
    membersAnswered: answered.length - agenciesAnswered.length,
    verdicts: countVerdicts(answered.map((i) => ({ answerKind: i.answerKind, verdict: i.verdict ?? null }))),
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
    const author = personLabel({ agencyName: c.agencyName, personName: c.personName ?? null, personPosition: c.personPosition ?? null });
    const heading = c.personName ? (c.bodyName ?? null) : null;
    const comment: ReportComment = { agency: author, text: commentText(c, t), proposed: c.proposedWording.trim() };
    const existing = c.answerId !== null ? rowOfAnswer.get(c.answerId) : undefined;
    if (existing) {
      if (!existing.agencies.includes(author)) {
        existing.agencies.push(author);
        const group = heading !== null ? existing.authorGroups.find((g) => g.heading === heading) : undefined;
        if (group) group.names.push(author);
        else existing.authorGroups.push({ heading, names: [author] });
      }
      const refs = refsOfRow.get(existing)!;
      if (!refs.includes(clause)) {
        refs.push(clause);
        existing.clause = capitalizeFirst(refs.join("; "));
      }
      existing.comments.push(comment);
      continue;
    }
    const decision = decisionLabel(t, c.decision);
    const explanation = c.decision ? (c.answerText ?? "").trim() : "";
    const row: ReportRow = {
      stt: rows.length + 1,
      clause: capitalizeFirst(clause),
      agencies: [author],
      authorGroups: [{ heading, names: [author] }],
      comments: [comment],
      decision,
      explanation,
      answer: [decision, explanation].filter(Boolean).join(". "),
    };
    rows.push(row);
    refsOfRow.set(row, [clause]);
    if (c.answerId !== null) rowOfAnswer.set(c.answerId, row);
  }

  const drafter = input.draftingAgencyName;
  const paragraphs = [introParagraph(input, t)];
  const versions = joinList(t, input.commentedVersions);
  if (groups.length > 0) {
    // Bodies and people counted apart from agencies (issue 17), each body's members listed under it.
    const whom = (agencyCount: number, groupCounts: number[]) =>
      joinList(t, [agencyCount > 0 ? counted(t, "report.members.agencies", agencyCount) : "", ...groups.map((g, i) => (groupCounts[i]! > 0 ? groupCount(t, g, groupCounts[i]!) : ""))].filter(Boolean));
    paragraphs.push(t("report.members.sent", { versions: versions || t("reportDoc.theDraft"), whom: whom(agencies.length, groups.map((g) => g.members.length)) }));
    if (counts.answered > 0) {
      const parts = [
        withComments.length > 0 ? counted(t, "reportDoc.partComments", withComments.length, { names: names(withComments) }) : "",
        agreed.length > 0 ? counted(t, "reportDoc.partAgreed", agreed.length, { names: names(agreed) }) : "",
        declined.length > 0 ? counted(t, "reportDoc.partDeclined", declined.length, { names: names(declined) }) : "",
      ].filter(Boolean);
      const answeredWhom = whom(agenciesAnswered.length, groups.map((g) => g.members.filter((m) => m.answerKind !== null).length));
      paragraphs.push(t("report.members.received", { whom: answeredWhom, details: parts.length > 0 ? t("report.members.agencyDetails") + parts.join("; ") : "" }));
    } else {
      paragraphs.push(t("report.members.noneReceived"));
    }
    for (const group of groups) paragraphs.push(groupParagraph(t, group));
    if (silent.length > 0) paragraphs.push(counted(t, "reportDoc.silent", silent.length, { names: names(silent) }));
    else if (counts.answered > 0 && counts.silent === 0) paragraphs.push(t("reportDoc.allAnswered"));
  } else {
    if (counts.invited > 0) paragraphs.push(counted(t, "reportDoc.sent", counts.invited, { versions: versions || t("reportDoc.theDraft") }));
    if (counts.answered > 0) {
      // Only the groups that have someone in them: never "0 cơ quan…".
      const parts = [
        withComments.length > 0 ? counted(t, "reportDoc.partComments", withComments.length, { names: names(withComments) }) : "",
        agreed.length > 0 ? counted(t, "reportDoc.partAgreed", agreed.length, { names: names(agreed) }) : "",
        declined.length > 0 ? counted(t, "reportDoc.partDeclined", declined.length, { names: names(declined) }) : "",
      ].filter(Boolean);
      paragraphs.push(counted(t, "reportDoc.received", counts.answered, { details: t("reportDoc.detailsPrefix") + parts.join("; ") }));
    } else if (counts.invited > 0) {
      paragraphs.push(t("reportDoc.noneReceived"));
    }
    if (silent.length > 0) paragraphs.push(counted(t, "reportDoc.silent", silent.length, { names: names(silent) }));
    else if (counts.answered > 0) paragraphs.push(t("reportDoc.allAnswered"));
  }
  // The verdicts (issue 16): how many agreed, agreed with comments, disagreed.
  const verdictParts = VERDICTS.filter((v) => counts.verdicts[v] > 0).map((v) => counted(t, `verdict.count.${v}`, counts.verdicts[v]));
  if (verdictParts.length > 0) paragraphs.push(t("verdict.report.line", { parts: verdictParts.join(", ") }));
  if (counts.comments > 0) {
    const byDecision = (d: Decision) => input.comments.filter((c) => c.answerId !== null && c.decision === d).length;
    const unanswered = counts.comments - counts.answeredComments;
    const parts = (["accepted", "partly", "explained", "noted"] as const)
      .map((d) => [d, byDecision(d)] as const)
      .filter(([, n]) => n > 0)
      .map(([d, n]) => counted(t, `reportDoc.decided.${d}`, n));
    if (unanswered > 0) parts.push(counted(t, "reportDoc.decided.none", unanswered));
    paragraphs.push(counted(t, "reportDoc.total", counts.comments, { drafter, parts: parts.join(", ") }));
  } else if (counts.answered > 0) {
    paragraphs.push(t("reportDoc.noComments"));
  }

  const recipients = input.settings.recipients
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
  const appendixVersions = input.appendixVersions;
  return {
    lang: input.lang,
    header: header(input, t),
    title: t("report.title"),
    subtitle: t("report.subtitle", { title: input.title }),
    paragraphs,
    closing: t("reportDoc.closing", { drafter, title: input.title }),
    counts,
    silentAgencies: silent,
    columns: [t("report.col.no"), t("report.col.clause"), t("report.col.agency"), t("report.col.comment"), t("report.col.answer")],
    rows,
    proposedLabel: t("report.proposed"),
    recipientsLabel: t("reportDoc.recipients"),
    recipients: recipients.length > 0 ? recipients : [t("reportDoc.recipientsDefault")],
    signature: signature(input.settings, t),
    appendixTitle: appendixVersions && input.appendix.length > 0 ? t("reportDoc.appendixTitle") : "",
    appendixSubtitle: appendixVersions ? t("reportDoc.appendixSubtitle", { old: appendixVersions.old, new: appendixVersions.new }) : "",
    appendixNote: appendixVersions
      ? t("reportDoc.appendixNote", { symbol: input.settings.symbol || "……", drafter })
      : "",
    appendixLegend: appendixVersions ? t("reportDoc.appendixLegend") : "",
    appendixColumns: appendixVersions
      ? [t("report.col.no"), t("reportDoc.col.clause"), appendixVersions.old, appendixVersions.new, t("reportDoc.col.reason")]
      : [],
    appendix: appendixVersions
      ? input.appendix.map((a, i) => ({
          stt: i + 1,
          clause: capitalizeFirst(a.clause),
          oldText: a.oldText,
          newText: a.newText,
          changes: wordDiff(a.oldText, a.newText),
          reason: appendixReason(a, t),
        }))
      : [],
  };
}
