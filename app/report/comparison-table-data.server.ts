/**
 * Gathers the comparison table (bảng so sánh) from the database: the versions chosen (?from=&to=
 * version ids, zod-checked; by default the two newest published versions), the stored links, the
 * clauses of both versions and the accepted answers: three queries however long the draft, then
 * the plain functions of app/domain/comparison-table.
 */
import { z } from "zod";
import { getDb } from "#db/client.server";
import { findAgency } from "#db/queries/agencies";
import { acceptedComments, clausesOfTwoVersions } from "#db/queries/comparison-table";
import { consultationLinks, versionsInOrder } from "#db/queries/lineage";
import { authorLabel } from "~/domain/author";
import { buildComparisonTable, type ComparisonTableModel } from "~/domain/comparison-table/model";
import { buildComparisonRows, pairLinks } from "~/domain/comparison-table/rows";
import { readReportSettings, withAgencyDefaults } from "~/domain/report/settings";
import { translator, type Lang } from "~/i18n";

const versionId = z
  .string()
  .regex(/^[1-9]\d{0,9}$/)
  .transform(Number)
  .optional();

/** The query's choice of versions: absent or empty means "the default". */
export const pairQuerySchema = z.object({ from: versionId, to: versionId });

export interface VersionOption {
  id: number;
  number: number;
  label: string;
  published: boolean;
}

export type ComparisonTableResult =
  /** The query names versions that cannot be compared (400). */
  | { kind: "bad"; versions: VersionOption[] }
  /** Fewer than two versions. */
  | { kind: "none"; versions: VersionOption[] }
  | { kind: "table"; versions: VersionOption[]; fromId: number; toId: number; model: ComparisonTableModel };

/** ?from=&to= as given ("" counts as absent); null when it is not a pair of ids at all. */
export function readPair(params: URLSearchParams): { from?: number; to?: number } | null {
  const raw = (name: string) => {
    const v = params.getAll(name);
    if (v.length > 1) return "x";
    return v[0] === "" ? undefined : v[0];
  };
  const parsed = pairQuerySchema.safeParse({ from: raw("from"), to: raw("to") });
  return parsed.success ? parsed.data : null;
}

export async function comparisonTable(
  found: { consultation: { id: number; title: string; timeZone: string; draftingAgencyId: number; reportSettings: string | null }; draftingAgencyName: string },
  params: URLSearchParams,
  lang: Lang,
  now = Date.now(),
): Promise<ComparisonTableResult> {
  const db = await getDb();
  const { consultation, draftingAgencyName } = found;
  const all = await versionsInOrder(db, consultation.id);
  const versions: VersionOption[] = all.map((v) => ({ id: v.id, number: v.number, label: v.label, published: v.publishedAt !== null }));
  const pair = readPair(params);
  if (!pair) return { kind: "bad", versions };
  const published = all.filter((v) => v.publishedAt !== null);
  const find = (id: number | undefined) => (id === undefined ? undefined : (all.find((v) => v.id === id) ?? null));
  const chosenTo = find(pair.to);
  const chosenFrom = find(pair.from);
  if (chosenTo === null || chosenFrom === null) return { kind: "bad", versions };
  const to = chosenTo ?? (chosenFrom ? (published.find((v) => v.number > chosenFrom.number) ?? all.find((v) => v.number > chosenFrom.number)) : published.at(-1));
  const from = chosenFrom ?? (to ? ([...published].reverse().find((v) => v.number < to.number) ?? [...all].reverse().find((v) => v.number < to.number)) : undefined);
  if (!from || !to) return pair.from !== undefined || pair.to !== undefined ? { kind: "bad", versions } : { kind: "none", versions };
  if (from.number >= to.number) return { kind: "bad", versions };

  const [edges, clauseRows, comments, agency] = await Promise.all([
    consultationLinks(db, consultation.id),
    clausesOfTwoVersions(db, from.id, to.id),
    acceptedComments(db, consultation.id),
    findAgency(db, consultation.draftingAgencyId),
  ]);
  const oldClauses = clauseRows.filter((c) => c.versionId === from.id);
  const newClauses = clauseRows.filter((c) => c.versionId === to.id);
  const rows = buildComparisonRows({
    oldClauses,
    newClauses,
    links: pairLinks(edges, from.id, to.id, oldClauses, newClauses),
    edges,
    comments: comments.map((c) => ({ ...c, author: authorLabel(c) })),
  });
  const settings = withAgencyDefaults(readReportSettings(consultation.reportSettings), {
    name: draftingAgencyName,
    symbol: agency?.symbol ?? "",
    governingBody: agency?.governingBody ?? "",
    placeName: agency?.placeName ?? "",
  });
  const model = buildComparisonTable(
    { lang, title: consultation.title, draftingAgencyName, oldLabel: from.label, newLabel: to.label, timeZone: consultation.timeZone, now, settings, rows },
    translator(lang),
  );
  return { kind: "table", versions, fromId: from.id, toId: to.id, model };
}
