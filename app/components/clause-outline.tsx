import { useMemo, useState } from "react";
import { capitalizeFirst, clauseRef } from "~/domain/clause-ref";
import { useT } from "~/i18n/use-t";
import { Sentence } from "~/components/content-lang";

export { displayLabel } from "~/domain/clause-ref";

export interface OutlineClause {
  id: number;
  parentId: number | null;
  label: string;
  /** How people cite it ("khoản 3 Điều 2"); "" for clauses stored before citations. */
  citation: string;
  kind: string;
  heading: string;
  body: string;
  depth: number;
}

interface Node extends OutlineClause {
  children: Node[];
}

function buildTree(rows: OutlineClause[]): Node[] {
  const byId = new Map<number, Node>();
  const roots: Node[] = [];
  for (const row of rows) {
    const node: Node = { ...row, children: [] };
    byId.set(row.id, node);
    const parent = row.parentId === null ? undefined : byId.get(row.parentId);
    (parent ? parent.children : roots).push(node);
  }
  return roots;
}

const ALL_LEVELS = 99;

/**
 * The clause tree of a version: every clause with its citation and an anchor by label (#clause-II.1.a),
 * collapsible one by one (native <details>, works without JavaScript) or all to a chosen level.
 */
interface CommentBadges {
  counts: Record<number, number>;
  href: (clauseId: number) => string;
}

/** `lang`: the draft's language (versions.language), for its clauses inside a page in another language. */
export function ClauseOutline({ clauses, badges, lang = "vi" }: { clauses: OutlineClause[]; badges?: CommentBadges; lang?: string }) {
  const t = useT();
  const tree = useMemo(() => buildTree(clauses), [clauses]);
  const maxDepth = useMemo(() => clauses.reduce((m, c) => Math.max(m, c.depth), 0), [clauses]);
  // Changing the level remounts the tree so every <details> takes the new default.
  const [level, setLevel] = useState(ALL_LEVELS);
  if (clauses.length === 0) return <p className="muted">{t("outline.empty")}</p>;
  return (
    <div className="outline">
      <div className="outline-tools" role="group" aria-label={t("outline.levels")}>
        <span className="muted small">{t("outline.show")}</span>
        {Array.from({ length: Math.min(maxDepth, 3) }, (_, i) => (
          <button key={i} type="button" className="chip" aria-pressed={level === i + 1} onClick={() => setLevel(i + 1)}>
            {t("outline.level", { n: i + 1 })}
          </button>
        ))}
        <button type="button" className="chip" aria-pressed={level === ALL_LEVELS} onClick={() => setLevel(ALL_LEVELS)}>
          {t("outline.all")}
        </button>
      </div>
      <ol className="outline-list" key={level}>
        {tree.map((node) => (
          <OutlineNode key={node.id} node={node} level={level} badges={badges} lang={lang} />
        ))}
      </ol>
    </div>
  );
}

function OutlineNode({ node, level, badges, lang }: { node: Node; level: number; badges?: CommentBadges; lang: string }) {
  const t = useT();
  const anchor = `clause-${node.label}`;
  const count = badges?.counts[node.id] ?? 0;
  const citation = capitalizeFirst(clauseRef(node));
  // The links stay outside <summary> (no control inside another); the toggle sits beside them.
  const head = (
    <div className="clause-head">
      <a className="clause-label" href={`#${anchor}`} title={t("outline.linkTitle")}>
        <span lang={lang}>{citation}</span>
      </a>{" "}
      <span className={`clause-heading kind-${node.kind}`} lang={lang}>{node.heading}</span>
      {count > 0 && badges ? (
        <a className="count-badge" href={badges.href(node.id)} title={t("outline.commentsTitle", { n: count })}>
          {t("outline.comments", { n: count })}
        </a>
      ) : null}
    </div>
  );
  const body = node.body ? <div className="clause-body" lang={lang}>{node.body}</div> : null;
  return (
    <li id={anchor} className={`clause depth-${Math.min(node.depth, 5)}${node.children.length > 0 ? " has-children" : ""}`}>
      {head}
      {node.children.length > 0 ? (
        <details open={node.depth + 1 < level}>
          <summary className="clause-toggle">
            <span className="visually-hidden">
              <Sentence t={t} k="outline.toggle" params={{ clause: citation }} marked={["clause"]} lang={lang} />
            </span>
          </summary>
          {body}
          <ol className="outline-list">
            {node.children.map((child) => (
              <OutlineNode key={child.id} node={child} level={level} badges={badges} lang={lang} />
            ))}
          </ol>
        </details>
      ) : (
        body
      )}
    </li>
  );
}
