/**
 * The short count of an agency's answered comments, as the mail and the agency's link page say it:
 * "3 ý kiến: 2 tiếp thu, 1 giải trình". Decisions in the order the triage form offers them.
 */
import type { Translate } from "~/i18n";
import { DECISIONS } from "./decisions";

export type Decision = (typeof DECISIONS)[number];
export type DecisionCounts = Partial<Record<Decision | "unanswered", number>>;

export function countsOf(decisions: (Decision | null)[]): DecisionCounts {
  const counts: DecisionCounts = {};
  for (const d of decisions) counts[d ?? "unanswered"] = (counts[d ?? "unanswered"] ?? 0) + 1;
  return counts;
}

export function countLine(t: Translate, counts: DecisionCounts): string {
  const total = Object.values(counts).reduce((a, b) => a + (b ?? 0), 0);
  const parts = [...DECISIONS, "unanswered" as const]
    .filter((d) => (counts[d] ?? 0) > 0)
    .map((d) => t(`publishedAnswers.count.${d}`, { n: counts[d]! }));
  return t("publishedAnswers.count", { n: total, parts: parts.join(", ") });
}
