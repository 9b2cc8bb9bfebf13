import { Form } from "@remix-run/react";
import type { FieldErrors } from "~/forms";
import { useT } from "~/i18n/use-t";
import type { OutlineFix, OutlineFixClause } from "~/versions/correct-outline.server";
import { displayLabel } from "./clause-outline";
import { CsrfInput, FormError } from "./forms";

/** How the drafter names a clause: its citation ("khoản 2 Điều 3"), else its label as shown. */
function clauseName(c: Pick<OutlineFixClause, "citation" | "label">): string {
  return c.citation.trim() || displayLabel(c.label);
}

function snippet(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > 60 ? `${flat.slice(0, 57)}…` : flat;
}

/**
 * The outline of an unpublished version with a correction button beside every clause, body
 * paragraph and front or back matter line. One form holds them all (each button posts its own
 * "fix" value), so a long draft stays light and every button works without JavaScript.
 */
export function OutlineFixer({ fix, errors }: { fix: OutlineFix; errors?: FieldErrors }) {
  const t = useT();
  return (
    <section className="card outline-fix" aria-labelledby="outline-fix-h">
      <h2 id="outline-fix-h">{t("outlineFix.title")}</h2>
      <p className="muted small">{t("outlineFix.lead")}</p>
      {fix.stale ? <p className="notice small">{t("outlineFix.stale")}</p> : null}
      <Form method="post" preventScrollReset>
        <CsrfInput />
        <input type="hidden" name="intent" value="correct" />
        <div className="fix-bar">
          <p className="fix-count" role="status">
            {t("outlineFix.count", { n: fix.corrections })} · {t("outline.count", { n: fix.clauses.length })}
          </p>
          <button type="submit" name="fix" value="undo" className="button" disabled={fix.corrections === 0}>
            {t("outlineFix.undo")}
          </button>
          <button type="submit" name="fix" value="reset" className="button" disabled={fix.corrections === 0}>
            {t("outlineFix.reset")}
          </button>
          <FormError errors={errors} />
        </div>

        <MatterLines title={t("outlineFix.frontMatter")} lines={fix.frontMatter} id="fix-front" />

        <h3 className="fix-subhead">{t("outlineFix.clauses")}</h3>
        {fix.clauses.length === 0 ? <p className="muted">{t("outline.empty")}</p> : null}
        <ol className="fix-list">
          {fix.clauses.map((c) => (
            <FixClause key={c.label} clause={c} />
          ))}
        </ol>

        <MatterLines title={t("outlineFix.backMatter")} lines={fix.backMatter} id="fix-back" />
      </Form>
    </section>
  );
}

function FixClause({ clause: c }: { clause: OutlineFixClause }) {
  const t = useT();
  const name = clauseName(c);
  return (
    <li id={`para-${c.para}`} className="fix-clause" style={{ marginInlineStart: `${Math.min(c.depth, 8) * 1.4}rem` }}>
      <div className="fix-head">
        <span className="fix-text">
          <strong className="clause-label">{name.charAt(0).toUpperCase() + name.slice(1)}</strong>{" "}
          <span className={`clause-heading kind-${c.kind}`}>{c.heading}</span>
        </span>
        <span className="fix-tools" role="group" aria-label={t("outlineFix.actionsFor", { clause: name })}>
          <button type="submit" name="fix" value={`matter:${c.para}`} className="fix-btn" aria-label={t("outlineFix.matterOf", { clause: name })}>
            {t("outlineFix.matter")}
          </button>
          {c.canJoin ? (
            <button type="submit" name="fix" value={`join:${c.para}`} className="fix-btn" aria-label={t("outlineFix.joinOf", { clause: name })}>
              {t("outlineFix.join")}
            </button>
          ) : null}
          {c.canLevelOut ? (
            <button type="submit" name="fix" value={`level:${c.para}:-1`} className="fix-btn" aria-label={t("outlineFix.levelOutOf", { clause: name })}>
              {t("outlineFix.levelOut")}
            </button>
          ) : null}
          {c.canLevelIn ? (
            <button type="submit" name="fix" value={`level:${c.para}:1`} className="fix-btn" aria-label={t("outlineFix.levelInOf", { clause: name })}>
              {t("outlineFix.levelIn")}
            </button>
          ) : null}
        </span>
      </div>
      {c.body.length > 0 ? (
        <ul className="fix-body">
          {c.body.map((line, i) => (
            <li key={i} id={line.para === null ? undefined : `para-${line.para}`}>
              <span className="fix-text">{line.text}</span>
              {line.para === null ? null : (
                <button
                  type="submit"
                  name="fix"
                  value={`split:${line.para}`}
                  className="fix-btn"
                  aria-label={t("outlineFix.splitOf", { text: snippet(line.text), clause: name })}
                >
                  {t("outlineFix.split")}
                </button>
              )}
            </li>
          ))}
        </ul>
      ) : null}
    </li>
  );
}

function MatterLines({ title, lines, id }: { title: string; lines: OutlineFix["frontMatter"]; id: string }) {
  const t = useT();
  return (
    <>
      <h3 className="fix-subhead" id={id}>
        {title}
      </h3>
      {lines.length === 0 ? (
        <p className="muted small">{t("outlineFix.noMatter")}</p>
      ) : (
        <ul className="fix-matter" aria-labelledby={id}>
          {lines.map((line, i) => (
            <li key={i} id={line.para === null ? undefined : `para-${line.para}`}>
              <span className="fix-text">{line.text}</span>
              {line.para === null ? null : (
                <button
                  type="submit"
                  name="fix"
                  value={`commentable:${line.para}`}
                  className="fix-btn"
                  aria-label={t("outlineFix.commentableOf", { text: snippet(line.text) })}
                >
                  {t("outlineFix.commentable")}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
