/**
 * The invitee page's ways through a long draft (issue 15): a search over the clauses, the table of
 * contents (a sticky column on a wide screen, a collapsible jump list on a phone) and the agency's
 * comments not sent yet. Everything is plain links to the clause cards' anchors, so it works without
 * JavaScript; the search box needs the script and only appears once the page has it.
 */
import { useEffect, useId, useState } from "react";
import { useT } from "~/i18n/use-t";
import { GENERAL_ANCHOR, clauseAnchor, type NavClause, type TocEntry, type UnsentDraft } from "./draft-navigation";

/** True once the page's script runs (false in the server's HTML and without JavaScript). */
export function useHydrated(): boolean {
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  return hydrated;
}

function TocList({ entries, lang }: { entries: TocEntry[]; lang?: string }) {
  const t = useT();
  return (
    <ol className="toc-list">
      <li className="toc-level-0">
        <a href={`#${GENERAL_ANCHOR}`}>{t("invitee.general")}</a>
      </li>
      {entries.map((e) => (
        <li key={e.id} className={`toc-level-${e.level}`}>
          <a href={`#${e.anchor}`} lang={lang}>
            <span className="toc-ref">{e.ref}</span>
            {e.heading ? <> {e.heading}</> : null}
          </a>
        </li>
      ))}
    </ol>
  );
}

/**
 * The table of contents twice, one shown at a time by the screen's width (the other is display:none,
 * so out of the accessibility tree too): a sticky list at the side, a <details> jump list on a phone.
 */
export function DraftToc({ entries, lang }: { entries: TocEntry[]; lang?: string }) {
  const t = useT();
  const id = useId();
  return (
    <>
      <nav className="toc toc-side" aria-labelledby={`${id}-side`} data-testid="toc-side">
        <h2 id={`${id}-side`} className="toc-title">{t("invitee.toc.title")}</h2>
        <TocList entries={entries} lang={lang} />
      </nav>
      <nav className="toc toc-phone" aria-label={t("invitee.toc.title")} data-testid="toc-phone">
        <details>
          <summary>{t("invitee.toc.open")}</summary>
          <TocList entries={entries} lang={lang} />
        </details>
      </nav>
    </>
  );
}

/**
 * The search box over the clauses. The filtering itself is the page's (it hides the cards that do not
 * match); this shows the box, the count in a live region, and links to the matching clauses.
 */
export function ClauseSearch({ query, onQuery, matches, clauses, lang }: {
  query: string;
  onQuery: (query: string) => void;
  matches: Set<number> | null;
  clauses: readonly NavClause[];
  lang?: string;
}) {
  const t = useT();
  const hydrated = useHydrated();
  const id = useId();
  // The count is announced a moment after the typing stops, not at every key.
  const [announced, setAnnounced] = useState("");
  const count = matches?.size ?? null;
  useEffect(() => {
    const timer = setTimeout(() => setAnnounced(count === null ? "" : count === 0 ? t("invitee.search.none") : t("invitee.search.count", { count })), 400);
    return () => clearTimeout(timer);
  }, [count, t]);
  if (!hydrated) return null;
  const found = matches ? clauses.filter((c) => matches.has(c.id)) : [];
  return (
    <div role="search" className="clause-search" data-testid="clause-search">
      <label htmlFor={`${id}-q`}>{t("invitee.search.label")}</label>
      <input
        id={`${id}-q`}
        type="search"
        value={query}
        onChange={(e) => onQuery(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === "Escape" && query !== "") {
            e.preventDefault();
            onQuery("");
          }
        }}
        aria-describedby={`${id}-hint`}
        autoComplete="off"
        spellCheck={false}
      />
      <p className="hint small" id={`${id}-hint`}>{t("invitee.search.hint")}</p>
      <p className="search-count small" role="status" aria-live="polite" data-testid="search-count">{announced}</p>
      {found.length > 0 ? (
        <ol className="toc-list search-results" data-testid="search-results">
          {found.map((c) => (
            <li key={c.id}>
              <a href={`#${clauseAnchor(c.label)}`} lang={lang}>
                <span className="toc-ref">{c.ref}</span>
                {c.heading ? <> {c.heading}</> : null}
              </a>
            </li>
          ))}
        </ol>
      ) : null}
      {query !== "" ? (
        <button type="button" className="link-button" onClick={() => onQuery("")}>
          {t("invitee.search.clear")}
        </button>
      ) : null}
    </div>
  );
}

/** The agency's comments saved as drafts and not sent yet, each a link to its clause card. */
export function UnsentDraftList({ drafts, lang }: { drafts: UnsentDraft[]; lang?: string }) {
  const t = useT();
  const id = useId();
  if (drafts.length === 0) return null;
  return (
    <section className="unsent-drafts" aria-labelledby={`${id}-h`} data-testid="unsent-drafts">
      <h2 id={`${id}-h`} className="toc-title">{t("invitee.drafts.title")}</h2>
      <p className="muted small">{t("invitee.drafts.lead")}</p>
      <ul className="toc-list">
        {drafts.map((d) => (
          <li key={d.clauseKey}>
            <a href={`#${d.anchor}`}>
              {d.ref === null ? t("invitee.general") : <span className="toc-ref" lang={lang}>{d.ref}</span>}
            </a>
            <span className="muted small draft-excerpt"> {d.excerpt}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
