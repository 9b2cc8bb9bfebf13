/**
 * Suggestions on a phrase (issue 16, part 1). On an invitee's clause card: the agency selects words in
 * the clause's text (mouse or touch) or clicks a point in it, and proposes other words, none (deletion)
 * or words to insert, with an optional reason; each suggestion is listed as a word diff with edit and
 * remove. Without script, or by keyboard, "Đề xuất sửa cụm từ" takes the words as they appear in the
 * clause and the new words; the server finds them. The list travels in the hidden field "ph:<clauseId>"
 * (JSON, see app/domain/phrases/phrases.ts). PhraseDiff shows one suggestion on any page.
 */
import { useCallback, useEffect, useId, useRef, useState } from "react";
import { flushSync } from "react-dom";
import { CONTENT_LANG, Sentence } from "~/components/content-lang";
import { wordDiff } from "~/domain/diff/word-diff";
import {
  byPosition,
  MAX_PHRASES_PER_CLAUSE,
  parsePhrases,
  phraseContext,
  phraseKind,
  resolveTyped,
  trimSelection,
  type Phrase,
  type PhraseError,
} from "~/domain/phrases/phrases";
import type { FieldErrors } from "~/forms";
import type { AnchorView } from "~/domain/anchors/anchors-now";
import { useT } from "~/i18n/use-t";
import { useHydrated } from "~/components/draft-nav";
import { CONTEXT as CONTEXT_CHARS } from "~/domain/anchors/reanchor";

/**
 * One suggestion as a change on its clause: a little context before and after, the old words struck
 * and the new ones marked (word by word), with a sentence for screen readers. Without the clause's text
 * (a general comment, a missing clause) only the words are shown.
 */
export function PhraseDiff({ body, start, quote, suggestion, lang = CONTENT_LANG, context = true, prefix, suffix }: { body: string | null; start: number | null; quote: string; suggestion: string; lang?: string; context?: boolean; prefix?: string; suffix?: string }) {
  const t = useT();
  const kind = phraseKind({ quote, replacement: suggestion });
  // The context from the clause's text, or from the anchor's own (cut at a word, "…" where it goes on).
  const around =
    context && body !== null && start !== null && body.slice(start, start + quote.length) === quote
      ? phraseContext(body, start, quote.length)
      : context && (prefix !== undefined || suffix !== undefined)
        ? anchorContext(prefix ?? "", suffix ?? "", start === 0)
        : { before: "", after: "" };
  const parts = kind === "replace" ? wordDiff(quote, suggestion) : kind === "delete" ? [{ op: "removed" as const, text: quote }] : [{ op: "added" as const, text: suggestion }];
  return (
    <span className="phrase-diff" data-testid="phrase-diff" data-quote={quote} data-suggestion={suggestion}>
      <span className="visually-hidden"><Sentence t={t} k={`phrase.describe.${kind}`} params={{ old: quote, new: suggestion }} marked={["old", "new"]} lang={lang} /></span>
      <span aria-hidden="true" lang={lang}>
        {around.before ? <span className="phrase-context">{around.before}</span> : null}
        {parts.map((p, i) => (p.op === "same" ? <span key={i}>{p.text}</span> : p.op === "removed" ? <del key={i}>{p.text}</del> : <ins key={i}>{p.text}</ins>))}
        {around.after ? <span className="phrase-context">{around.after}</span> : null}
      </span>
    </span>
  );
}

/** An anchor's stored context as shown: cut at a word boundary, "…" where the clause goes on. */
function anchorContext(prefix: string, suffix: string, atStart: boolean): { before: string; after: string } {
  const full = prefix.length < CONTEXT_CHARS;
  const space = prefix.indexOf(" ");
  const before = full || atStart ? prefix : `…${space >= 0 ? prefix.slice(space + 1) : prefix}`;
  const end = suffix.lastIndexOf(" ");
  const after = suffix.length < CONTEXT_CHARS ? suffix : `${end > 0 ? suffix.slice(0, end) : suffix}…`;
  return { before, after };
}

/** Character offset of a DOM point inside an element's text. */
function offsetIn(el: HTMLElement, node: Node, offset: number): number {
  const before = document.createRange();
  before.selectNodeContents(el);
  before.setEnd(node, offset);
  return before.toString().length;
}

type Editing = { index: number | null; start: number; quote: string; replacement: string; reason: string };

/** The list with the editor's phrase in it, or why it cannot be added (the checks of "Lưu đề xuất"). */
function withEditor(current: Editing, phrases: Phrase[]): { ok: true; list: Phrase[] } | { ok: false; error: PhraseError } {
  const replacement = current.replacement.trim();
  if (current.quote === "" && replacement === "") return { ok: false, error: "phrase.emptyInsertion" };
  if (replacement === current.quote) return { ok: false, error: "phrase.unchanged" };
  if (current.index === null && phrases.length >= MAX_PHRASES_PER_CLAUSE) return { ok: false, error: "phrase.tooMany" };
  const phrase: Phrase = { start: current.start, quote: current.quote, replacement, reason: current.reason.trim() };
  return { ok: true, list: current.index === null ? [...phrases, phrase] : phrases.map((p, i) => (i === current.index ? phrase : p)) };
}

/** The clause's text, selectable, with the suggestions on it listed below and the editor. */
export function PhraseSuggestions({
  clauseKey,
  clauseRef,
  body,
  lang,
  initial,
  disabled,
  typed,
  errors,
  children,
}: {
  /** What the card shows between the suggestions and the keyboard path (the comment boxes). */
  children?: React.ReactNode;
  clauseKey: string;
  clauseRef: string;
  body: string;
  lang?: string;
  /** The list as JSON (a draft, or the refused form's field). */
  initial: string | undefined;
  disabled: boolean;
  /** The keyboard path's fields as posted (a refused form), by field name. */
  typed?: Record<string, string>;
  errors?: FieldErrors;
}) {
  const t = useT();
  const id = useId();
  const hydrated = useHydrated();
  const [list, setList] = useState<Phrase[]>(() => parsePhrases(initial).sort(byPosition));
  const [editing, setEditing] = useState<Editing | null>(null);
  const [point, setPoint] = useState<number | null>(null);
  const [typedError, setTypedError] = useState<PhraseError | null>(null);
  const [editorError, setEditorError] = useState<PhraseError | null>(null);
  const bodyRef = useRef<HTMLDivElement>(null);
  const hiddenRef = useRef<HTMLInputElement>(null);
  const newWordsRef = useRef<HTMLTextAreaElement>(null);
  const typedRefs = useRef<Record<string, HTMLInputElement | HTMLTextAreaElement | null>>({});
  const changed = useRef(false);
  const editingRef = useRef(editing);
  editingRef.current = editing;

  // The form's autosave listens to input events: the hidden list says it changed like a box does.
  useEffect(() => {
    if (!changed.current) return;
    changed.current = false;
    hiddenRef.current?.dispatchEvent(new Event("input", { bubbles: true }));
  }, [list]);
  const update = useCallback((next: Phrase[]) => {
    changed.current = true;
    setList([...next].sort(byPosition));
  }, []);

  /** The selection, if it is in this clause's text: words to replace or delete, or a point. */
  const capture = useCallback(() => {
    const el = bodyRef.current;
    const sel = typeof document === "undefined" ? null : document.getSelection();
    if (disabled || !el || !sel || sel.rangeCount === 0) return;
    const range = sel.getRangeAt(0);
    const inStart = el.contains(range.startContainer);
    const inEnd = el.contains(range.endContainer);
    if (!inStart && !inEnd) return;
    const raw = { start: inStart ? offsetIn(el, range.startContainer, range.startOffset) : 0, end: inEnd ? offsetIn(el, range.endContainer, range.endOffset) : body.length };
    const { start, end } = trimSelection(body, raw.start, raw.end);
    if (end > start) {
      setPoint(null);
      // A new selection replaces an editor not yet typed in; one being typed in stays.
      const current = editingRef.current;
      if (current && (current.replacement !== "" || current.reason !== "") ) return;
      setEditing({ index: null, start, quote: body.slice(start, end), replacement: "", reason: "" });
    } else if (!editingRef.current) {
      setPoint(start);
    }
  }, [body, disabled]);

  useEffect(() => {
    if (disabled) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const onChange = () => {
      clearTimeout(timer);
      timer = setTimeout(capture, 250);
    };
    document.addEventListener("selectionchange", onChange);
    return () => {
      clearTimeout(timer);
      document.removeEventListener("selectionchange", onChange);
    };
  }, [capture, disabled]);

  const save = () => {
    if (!editing) return;
    const added = withEditor(editing, list);
    if (!added.ok) return setEditorError(added.error);
    update(added.list);
    setEditing(null);
    setEditorError(null);
    document.getSelection()?.removeAllRanges();
  };

  // The form sent (submit or save) while an editor holds typed words: they are what the agency meant
  // to propose, so they go into the list first (or, if they cannot, the form waits and says why)
  // instead of being lost with the editor. A capture listener on the form runs before the router reads it.
  const listRef = useRef(list);
  listRef.current = list;
  useEffect(() => {
    const form = hiddenRef.current?.form;
    if (!form || disabled) return;
    const onSubmit = (event: Event) => {
      const current = editingRef.current;
      if (!current || (current.replacement.trim() === "" && current.reason.trim() === "")) return;
      const added = withEditor(current, listRef.current);
      if (!added.ok) {
        event.preventDefault();
        event.stopImmediatePropagation();
        setEditorError(added.error);
        newWordsRef.current?.focus();
        return;
      }
      flushSync(() => {
        update(added.list);
        setEditing(null);
        setEditorError(null);
      });
    };
    form.addEventListener("submit", onSubmit, true);
    return () => form.removeEventListener("submit", onSubmit, true);
  }, [disabled, update]);

  /** The keyboard path with script: found here, added to the list, the boxes emptied. */
  const addTyped = (event: React.MouseEvent) => {
    event.preventDefault();
    const value = (f: string) => typedRefs.current[f]?.value ?? "";
    const resolved = resolveTyped(body, { words: value("phq"), occurrence: value("pho"), replacement: value("phn"), reason: value("phr") });
    if (!resolved.ok) return setTypedError(resolved.error);
    if (list.length >= MAX_PHRASES_PER_CLAUSE) return setTypedError("phrase.tooMany");
    update([...list, resolved.phrase]);
    setTypedError(null);
    for (const f of ["phq", "pho", "phn", "phr"]) {
      const el = typedRefs.current[f];
      if (el) el.value = "";
    }
  };

  const listError = errors?.[`ph:${clauseKey}`];
  const typedServerError = errors?.[`phq:${clauseKey}`];
  const shownTypedError = typedError ?? typedServerError;
  const editorId = `${id}-editor`;
  return (
    <div className="phrase-suggestions" data-testid="phrase-suggestions" data-clause={clauseKey}>
      <div
        ref={bodyRef}
        className={disabled ? "clause-body" : "clause-body selectable"}
        lang={lang}
        data-testid="clause-body"
        onMouseUp={capture}
        onTouchEnd={capture}
        onKeyUp={capture}
      >
        {body}
      </div>
      <input ref={hiddenRef} type="hidden" name={`ph:${clauseKey}`} value={JSON.stringify(list)} />
      {listError ? <p className="error" id={`ph-${clauseKey}-error`} role="alert">{t(listError)}</p> : null}
      {list.length > 0 ? (
        <div className="phrase-list-box">
          <h4 className="small" id={`${id}-list`}>{t("phrase.listTitle", { n: list.length })}</h4>
          <ul className="phrase-list" aria-labelledby={`${id}-list`}>
            {list.map((p, i) => (
              <li key={`${p.start}-${p.quote}-${i}`} className="phrase-item" data-testid="phrase-item">
                <PhraseDiff body={body} start={p.start} quote={p.quote} suggestion={p.replacement} lang={lang} />
                {p.reason ? <p className="small prewrap phrase-reason"><span className="muted">{t("phrase.reason")}: </span><span lang={CONTENT_LANG}>{p.reason}</span></p> : null}
                {disabled ? null : (
                  <span className="phrase-actions">
                    <button type="button" className="button small" aria-label={t("phrase.editOne", { words: p.quote || p.replacement })} onClick={() => { setPoint(null); setEditorError(null); setEditing({ index: i, start: p.start, quote: p.quote, replacement: p.replacement, reason: p.reason }); }}>
                      {t("phrase.edit")}
                    </button>{" "}
                    <button type="button" className="button small" aria-label={t("phrase.removeOne", { words: p.quote || p.replacement })} onClick={() => update(list.filter((_, j) => j !== i))}>
                      {t("phrase.remove")}
                    </button>
                  </span>
                )}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {disabled ? children : (
        <>
          {point !== null && !editing ? (
            <p className="phrase-point small">
              <button type="button" className="button small" onClick={() => { setEditing({ index: null, start: point, quote: "", replacement: "", reason: "" }); setPoint(null); }}>
                {t("phrase.insertHere")}
              </button>
            </p>
          ) : null}
          {editing ? (
            <div className="phrase-editor card" role="group" aria-labelledby={`${editorId}-h`} data-testid="phrase-editor">
              <p id={`${editorId}-h`} className="small">
                <strong>{editing.quote === "" ? t("phrase.insertAt") : t("phrase.selected")}</strong>{" "}
                <PhraseDiff body={body} start={editing.start} quote={editing.quote} suggestion={editing.quote === "" ? "…" : editing.quote} lang={lang} />
              </p>
              <label htmlFor={`${editorId}-new`} className="small">{editing.quote === "" ? t("phrase.wordsToInsert") : t("phrase.newWords")}</label>
              <textarea ref={newWordsRef} id={`${editorId}-new`} rows={2} lang={CONTENT_LANG} value={editing.replacement} onChange={(e) => setEditing({ ...editing, replacement: e.target.value })} aria-describedby={`${editorId}-hint`} />
              <p className="hint small" id={`${editorId}-hint`}>{editing.quote === "" ? t("phrase.insertHint") : t("phrase.deleteHint")}</p>
              <label htmlFor={`${editorId}-reason`} className="small">{t("phrase.reasonOptional")}</label>
              <textarea id={`${editorId}-reason`} rows={2} lang={CONTENT_LANG} value={editing.reason} onChange={(e) => setEditing({ ...editing, reason: e.target.value })} />
              {editorError ? <p className="error" role="alert">{t(editorError)}</p> : null}
              <div className="actions">
                <button type="button" className="button primary small" onClick={save}>{t("phrase.save")}</button>{" "}
                <button type="button" className="button small" onClick={() => { setEditing(null); setEditorError(null); }}>{t("phrase.cancel")}</button>
              </div>
            </div>
          ) : null}
          {children}
          <details className="phrase-typed" open={!!typedServerError || Object.values(typed ?? {}).some((v) => v !== "") || undefined}>
            <summary>{t("phrase.typedTitle")}</summary>
            <p className="hint small"><Sentence t={t} k="phrase.typedHint" params={{ ref: clauseRef }} marked={["ref"]} /></p>
            <div className="field">
              <label htmlFor={`phq-${clauseKey}`} className="small">{t("phrase.typedWords")}</label>
              <input ref={(el) => { typedRefs.current.phq = el; }} id={`phq-${clauseKey}`} name={`phq:${clauseKey}`} lang={CONTENT_LANG} defaultValue={typed?.[`phq:${clauseKey}`] ?? ""} aria-invalid={shownTypedError ? true : undefined} aria-describedby={shownTypedError ? `phq-${clauseKey}-error` : undefined} />
            </div>
            <div className="field">
              <label htmlFor={`pho-${clauseKey}`} className="small">{t("phrase.typedOccurrence")}</label>
              <input ref={(el) => { typedRefs.current.pho = el; }} id={`pho-${clauseKey}`} name={`pho:${clauseKey}`} inputMode="numeric" size={3} defaultValue={typed?.[`pho:${clauseKey}`] ?? ""} />
            </div>
            <div className="field">
              <label htmlFor={`phn-${clauseKey}`} className="small">{t("phrase.newWords")}</label>
              <input ref={(el) => { typedRefs.current.phn = el; }} id={`phn-${clauseKey}`} name={`phn:${clauseKey}`} lang={CONTENT_LANG} defaultValue={typed?.[`phn:${clauseKey}`] ?? ""} aria-describedby={`phn-${clauseKey}-hint`} />
              <p className="hint small" id={`phn-${clauseKey}-hint`}>{t("phrase.deleteHint")}</p>
            </div>
            <div className="field">
              <label htmlFor={`phr-${clauseKey}`} className="small">{t("phrase.reasonOptional")}</label>
              <textarea ref={(el) => { typedRefs.current.phr = el; }} id={`phr-${clauseKey}`} name={`phr:${clauseKey}`} rows={2} lang={CONTENT_LANG} defaultValue={typed?.[`phr:${clauseKey}`] ?? ""} />
            </div>
            {shownTypedError ? <p className="error" id={`phq-${clauseKey}-error`}>{t(shownTypedError)}</p> : null}
            {/* Never a submit button: the form's default button (Enter in a field) must stay "Gửi góp ý".
                Without script the typed words are added by whichever button sends the form. */}
            {hydrated ? (
              <button type="button" className="button small" onClick={addTyped}>{t("phrase.add")}</button>
            ) : (
              <p className="hint small">{t("phrase.typedNoScript")}</p>
            )}
          </details>
        </>
      )}
    </div>
  );
}

/** A submitted comment's suggestion on a phrase, on a receipt or a drafter's page (nothing for a whole-clause comment). */
export function SuggestionOnPhrase({ c, lang }: { c: { clauseBody?: string | null; anchorStart: number | null; anchorQuote: string | null; anchorPrefix?: string; anchorSuffix?: string; suggestion: string | null }; lang?: string }) {
  const t = useT();
  if (c.anchorQuote === null || c.anchorStart === null) return null;
  return (
    <p className="phrase-line" data-testid="phrase-suggestion">
      <span className="muted small">{t("phrase.onPhrase")}: </span>
      <PhraseDiff body={c.clauseBody ?? null} start={c.anchorStart} quote={c.anchorQuote} suggestion={c.suggestion ?? ""} lang={lang} prefix={c.anchorPrefix} suffix={c.anchorSuffix} />
    </p>
  );
}

/**
 * Where a comment's phrase stands in the newest version, honestly: in place, moved (to which clause),
 * the words changed (old and new shown), the clause removed, or not found.
 */
export function AnchorStateLine({ view, quote, lang = CONTENT_LANG }: { view: AnchorView | undefined; quote: string | null; lang?: string }) {
  const t = useT();
  if (!view || quote === null) return null;
  const where = view.state === "moved" ? t("anchor.state.moved", { version: view.versionLabel, ref: view.clauseRef ?? "" }) : t(`anchor.state.${view.state}`, { version: view.versionLabel });
  return (
    <div className={`phrase-state anchor-${view.state}`} data-testid="anchor-state" data-state={view.state}>
      <p className="small"><strong>{where}</strong></p>
      {view.state === "changed" ? (
        <p className="small phrase-diff" lang={lang}>
          <span className="muted">{t("anchor.was")} </span><del>{quote}</del>{" "}
          <span className="muted">{t("anchor.now")} </span><span className="phrase-context">{view.before}</span><ins>{view.nowText}</ins><span className="phrase-context">{view.after}</span>
        </p>
      ) : view.state === "moved" && view.nowText !== null ? (
        <p className="small phrase-diff" lang={lang}>
          <span className="phrase-context">{view.before}</span><mark>{view.nowText}</mark><span className="phrase-context">{view.after}</span>
        </p>
      ) : null}
    </div>
  );
}
