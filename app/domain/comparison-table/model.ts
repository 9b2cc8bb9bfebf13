/**
 * The comparison table as a document (bảng so sánh), in the official form of the reception report
 * (Decree 30/2020/NĐ-CP): the report's header block (governing and issuing body, national name and
 * motto, place and date), the title "BẢNG SO SÁNH …" with the two versions and the consultation's
 * title, the table, "Nơi nhận" and the signature block from the report settings. Written in the
 * report's language; the .docx and the print view only lay this out.
 */
import { capitalizeFirst } from "~/domain/clause-ref";
import type { DiffPart } from "~/domain/diff/word-diff";
import { header, joinList, signature, type ReportHeader, type ReportSignature } from "~/domain/report/build-report";
import type { ReportSettings } from "~/domain/report/settings";
import type { Lang, Translate } from "~/i18n";
import type { ComparisonRowData, RowReason } from "./rows";

export interface ComparisonTableRow {
  stt: number;
  clause: string;
  oldText: string;
  changes: DiffPart[];
  /** One paragraph per answer (and per suggestion quoted), or the drafter's own edit. */
  reason: string[];
  /** True when no comment is behind the change. */
  drafterEdit: boolean;
}

export interface ComparisonTableModel {
  lang: Lang;
  header: ReportHeader;
  title: string;
  subtitle: string;
  draftTitle: string;
  note: string;
  legend: string;
  columns: string[];
  rows: ComparisonTableRow[];
  /** Shown instead of the table when nothing changed. */
  empty: string;
  recipientsLabel: string;
  recipients: string[];
  signature: ReportSignature;
}

export interface ComparisonTableInput {
  lang: Lang;
  title: string;
  draftingAgencyName: string;
  oldLabel: string;
  newLabel: string;
  timeZone: string;
  now: number;
  /** The consultation's report settings with the drafting agency's defaults applied. */
  settings: ReportSettings;
  rows: ComparisonRowData[];
}

function reasonLines(reasons: RowReason[], t: Translate): string[] {
  return reasons.flatMap((r) => [
    t(r.text ? `reportDoc.reason.${r.decision}` : `reportDoc.reasonShort.${r.decision}`, { agencies: joinList(t, r.authors), text: r.text }),
    ...r.suggestions.map((s) =>
      s.quote === ""
        ? t("comparisonTable.suggestion.insert", { author: s.author, suggestion: s.suggestion })
        : s.suggestion === ""
          ? t("comparisonTable.suggestion.delete", { author: s.author, quote: s.quote })
          : t("comparisonTable.suggestion.replace", { author: s.author, quote: s.quote, suggestion: s.suggestion }),
    ),
  ]);
}

export function buildComparisonTable(input: ComparisonTableInput, t: Translate): ComparisonTableModel {
  const head = header(input, t);
  const recipients = input.settings.recipients
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
  return {
    lang: input.lang,
    // A table travels with the report or the submission (tờ trình): it carries no number of its own.
    header: { ...head, numberLine: "" },
    title: t("comparisonTable.docTitle"),
    subtitle: t("comparisonTable.docSubtitle", { old: input.oldLabel, new: input.newLabel }),
    draftTitle: input.title,
    note: t("comparisonTable.note", { drafter: input.draftingAgencyName }),
    legend: t("comparisonTable.legend"),
    columns: [t("comparisonTable.col.no"), t("comparisonTable.col.clause"), t("comparisonTable.col.old", { version: input.oldLabel }), t("comparisonTable.col.new", { version: input.newLabel }), t("comparisonTable.col.reason")],
    rows: input.rows.map((r, i) => ({
      stt: i + 1,
      clause: capitalizeFirst(r.citation),
      oldText: r.oldText,
      changes: r.changes,
      reason: r.reasons.length > 0 ? reasonLines(r.reasons, t) : [t("comparisonTable.drafterEdit")],
      drafterEdit: r.reasons.length === 0,
    })),
    empty: t("comparisonTable.empty"),
    recipientsLabel: t("reportDoc.recipients"),
    recipients: recipients.length > 0 ? recipients : [t("reportDoc.recipientsDefault")],
    signature: signature(input.settings, t),
  };
}
